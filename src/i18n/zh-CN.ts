/** 简体中文. Same keys and parameters as en.ts (the compiler checks both). */
import type { Catalogue } from './en';
import { actZhCN } from './act.zh-CN';
import { viewsZhCN } from './views.zh-CN';
import { loadPanelZhCN } from './loadPanel.zh-CN';
import type { Format } from './format';
import { labZhCN } from './lab.zh-CN';
import { shareZhCN } from './share.zh-CN';

export const zhCN: Catalogue = {
  'app.name': 'Sprout',
  'app.language': '语言',
  'app.views': '视图',
  'app.view.explore': '探索',
  'app.view.explore.hint': '探索一张训练好的嵌入表',
  'app.view.compare': '对比',
  'app.view.compare.hint': '同一份数据的两种布局并排显示，彼此联动',
  'app.view.lab': '训练实验室',
  'app.view.lab.hint': '看一张嵌入表如何长出来',
  'app.loading.compare': '正在载入对比视图…',
  'app.loading.lab': '正在载入训练实验室…',

  'status.loading': '载入中…',
  'status.noData': '没有数据',
  'status.points': ({ n }: { n: number }, f: Format) => `${f.int(n)} 个点`,
  'status.dimensions': ({ n }: { n: number }, f: Format) => `${f.int(n)} 维`,
  'status.projecting': '正在投影…',
  'status.noVectors': '没有向量',
  'status.note.with-data': '随数据一起算好',
  'status.note.from-file': '来自文件',

  'dataset.label': '数据集',
  'dataset.large': ({ size }: { size: number }, f: Format) => `大文件，${f.bytes(size)}`,
  'dataset.glove-10k': 'GloVe 1 万词',
  'dataset.glove-10k.hint': '最常用的 10,000 个英文词，100 维 GloVe 向量',
  'dataset.glove-50k': 'GloVe 5 万词',
  'dataset.glove-50k.hint': '最常用的 50,000 个英文词，100 维 GloVe 向量',
  'dataset.glove-341k': 'GloVe 34.1 万词',
  'dataset.glove-341k.hint': 'GloVe 词表的全部 341,479 个词，100 维向量：下载量大，地图上有三十多万个点',
  'dataset.mnist-10k': 'MNIST 手写数字',
  'dataset.mnist-10k.hint': '10,000 个手写数字，每个 28×28 = 784 个像素',

  'intro.words': ({ n }: { n: number }, f: Format) => `${f.int(n)} 个英文词；离得近的词意思相近——点一个看看`,
  'intro.digits': ({ n }: { n: number }, f: Format) => `${f.int(n)} 个手写数字；写法相似的数字挨在一起——点一个看看`,
  'intro.rows': ({ n }: { n: number }, f: Format) => `${f.int(n)} 行数据；离得近的点向量相似——点一个看看`,
  'intro.layoutOnly': ({ n }: { n: number }, f: Format) => `${f.int(n)} 行数据，按文件自带的坐标摆放；文件里没有向量，所以没有原空间里的近邻——把鼠标移到点上看看`,
  'intro.dismiss': '隐藏这行说明',

  'layouts.title': '布局',
  'layouts.pca': 'PCA',
  'layouts.pcaWaiting': 'PCA（计算中…）',
  'layouts.note.with-data': '随数据一起算好',
  'layouts.note.from-file': '来自文件',
  'layouts.hint': '随数据附带的布局可以立即显示；其他布局由“投影”面板计算。',

  'legend.byCount': '按数量从多到少',
  'legend.range': ({ min, max }: { min: string; max: string }) => `从 ${min} 到 ${max}`,
  'legend.missingCount': ({ n }: { n: number }, f: Format) => `${f.int(n)} 个缺失`,

  'app.details.open': '详情',
  'app.details.close': '关闭',
  'app.details.label': '显示侧边面板',

  'selection.noVectors': '这个文件没有向量，所以没有原空间里的最近邻；地图显示的是文件给出的坐标。',
  'projection.noVectors': '这个文件只有坐标，没有向量：PCA、t-SNE 和 UMAP 都需要向量。“对比”视图可以并排显示文件里的所有布局。',
  'clusters.noVectors': '聚类是在原始向量上做的，而这个文件没有向量。',

  'load.sampling': '大文件',
  'load.sampling.fit': '内存放得下的行全部载入',
  'load.sampling.ask': '超过 100,000 行时提供抽样',
  'load.layoutColumns': '二维布局列',
  'load.layoutColumns.placeholder': '自动（x/y、umap_x/umap_y…）',
  'load.layoutColumns.hint': '存放预先算好的二维坐标的列：留空则按列名自动识别（x/y、umap_x/umap_y、projection_x/…），填“none”表示没有，或写出列名对：“umap_1, umap_2; tsne_a, tsne_b”。',
  'load.layoutColumns.invalid': '请写列名对，如“x, y; a, b”，或“none”。',

  'status.renderer.webgl': '用 WebGL 绘制',
  'status.renderer.cpu': '用 CPU 绘制',

  'plot.name': '散点图',
  'plot.ariaLabel': ({ label, n }: { label: string; n: number }, f: Format) => `${label}，共 ${f.int(n)} 个点`,
  'plot.roleDescription': '散点图',
  'plot.clickHelp': '点击一个点即可选中',
  'plot.help': ({ click }: { click: string }) =>
    `拖动以平移，滚动以缩放，${click}，按住 Shift 拖动可用套索圈选点（Esc 清除套索）。按键：加号和减号缩放，方向键平移，0 或 F 显示全部点。`,
  'plot.lasso': '套索',
  'plot.lasso.title': '套索：拖动圈住要选的点（或按住 Shift 拖动）',
  'plot.fit': '全部',
  'plot.fit.label': '显示全部点',
  'plot.fit.title': '显示全部点（0 或 F）',
  'plot.labels': '标签',
  'plot.labels.title': '在不重叠的前提下尽量多地标注点（放大可看到更多）',
  'plot.density': '密度',
  'plot.density.title': '在点的下方给点密集处着色（点彼此重叠时自动打开）',

  ...labZhCN,
  'project.threads': '线程',
  'project.threadCount': ({ n }: { n: number }, f: Format) => `${f.int(n)} 个线程`,
  'project.threadsHint.single': '单线程：页面没有跨源隔离，或这台机器只有两个或更少的核心',
  'project.threadsHint.umapThreads': '多线程的 UMAP 让每个线程移动自己的一份布局，再把各线程的移动相加：相同设置、相同线程数得到相同的布局；线程数不同时，布局质量相同',
  'search.regexInvalid': ({ detail }: { detail: string }) => `正则表达式无效：${detail}`,
  'search.regexUnsupported': ({ detail }: { detail: string }) => `不支持这个正则表达式：${detail}。搜索使用线性时间的引擎（RE2），不支持反向引用和前后查找。`,

  'load.budget': ({ bytes }: { bytes: number }, f: Format) => `一次载入可用的内存：${f.bytes(bytes)}`,
  'load.budget.device': '本设备报告内存的四分之一',
  'load.budget.default': '默认值：这个浏览器不提供设备内存大小',
  'load.stalled': ({ url, seconds }: { url: string; seconds: number }, f: Format) => `已经 ${f.int(seconds)} 秒没有收到来自 ${url} 的数据。`,
  'load.keepWaiting': '继续等待',
  'load.cancel': '取消',
  'load.embedding': '嵌入',
  'load.embeddings': ({ n }: { n: number }, f: Format) => `这个投影器配置包含 ${f.int(n)} 个嵌入。`,

  'loadError.inflatesPastBudget': ({ budget, layer }: { budget: number; layer: string }, f: Format) =>
    `这个文件${layer === 'gzip' || layer === 'zip' ? '解压后超过' : '大于'} ${f.bytes(budget)}，即本设备允许一次载入使用的内存；读取已在此停止。请换一个较小的文件，或只取部分行。`,
  'loadError.tableOverBudget': ({ budget }: { budget: number }, f: Format) =>
    `这张表需要超过 ${f.bytes(budget)} 的内存，超出本设备允许一次载入使用的量；读取已在此停止。请换一个较小的文件，或减少行数或维数。`,
  'loadError.htmlResponse': ({ status, contentType }: { status: number; contentType: string }) =>
    `服务器返回的是一个网页（HTTP ${status}，${contentType}），不是数据——路径对吗？`,
  'loadError.httpStatus': ({ status, statusText }: { status: number; statusText: string }) => `无法下载：HTTP ${status} ${statusText ?? ''}`.trim(),
  'loadError.network': ({ local }: { local: number }) =>
    '无法下载（网络错误）；地址对吗？服务器在运行吗？它允许跨源请求（CORS）吗？' +
    (local ? '本地服务器必须发送 Access-Control-Allow-Origin（python -m http.server 不发送；npx http-server --cors 会发送）。' : ''),
  'loadError.cspBlocked': '被本页面的安全策略拦截：只能打开 https 或 localhost 链接',
  'loadError.relativePath': '是一个相对路径，但配置本身没有地址（data: 链接），无法据此解析；请在配置中写完整的 https:// 地址',
  'loadError.fastTextModel':
    '这是一个 fastText 模型（.bin），不是向量表；请把向量导出为 .vec 文本文件——在 Python 中：from gensim.models.fasttext import load_facebook_vectors; load_facebook_vectors(path).save_word2vec_format("vectors.vec")——然后打开它',
  'loadError.pythonPickle':
    '这是一个 Python pickle 文件（例如用 .save() 保存的 gensim 模型），Sprout 不打开这类文件（pickle 可以执行代码）；请用 model.wv.save_word2vec_format("vectors.vec")（数组用 numpy.save）导出向量后再打开',
  'loadError.webPage': '这是一个网页（HTML），不是数据；如果它来自链接，路径对吗？',
  'loadError.metadataOnly': '这看起来是一个元数据文件（只有标签，没有向量）；请和它的向量文件一起载入',
  'loadError.metadataNeedsData': '?metadata= 需要同时给出 ?data=（向量）；投影器配置请用 ?config=',
  'loadError.noRows': '没有数字行：没有可以画的东西',
  'loadError.oneRow': '只有一行：一张图至少需要两个点',
  'loadError.oneDimension': '每行只有一个数（1 维）：没有东西可以摆到二维平面上。如果这是标签或元数据文件，请和它的向量文件一起载入。',
  'loadError.allRowsEqual': ({ n }: { n: number }, f: Format) => `全部 ${f.int(n)} 行都是同一个向量：所有的点都会画在同一个位置`,

  'loadNote.constantColumns': ({ count, dim }: { count: number; dim: number }, f: Format) => `${f.int(dim)} 维中有 ${f.int(count)} 维在每一行都相同，不携带任何信息`,
  'loadNote.zeroRows': ({ count }: { count: number }, f: Format) =>
    `有 ${f.int(count)} 行全是零：在余弦度量下它们与任何行的相似度都没有定义（记为 0），所以它们的近邻列表没有意义`,

  ...actZhCN,
  ...viewsZhCN,
  ...loadPanelZhCN,
  ...shareZhCN,
};
