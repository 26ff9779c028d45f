/** 简体中文. Same keys and parameters as en.ts (the compiler checks both). */
import type { Catalogue } from './en';
import { actZhCN } from './act.zh-CN';
import { viewsZhCN } from './views.zh-CN';
import type { Format } from './format';

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

  ...actZhCN,
  ...viewsZhCN,
};
