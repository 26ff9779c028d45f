/** 简体中文. Same keys and parameters as en.ts (the compiler checks both). */
import type { Catalogue } from './en';
import { actZhCN } from './act.zh-CN';
import { viewsZhCN } from './views.zh-CN';
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
  'project.threadsHint.hogwild': '多线程的 UMAP 以 Hogwild 方式更新布局：相同设置得到质量相同的布局，但不是逐位相同',
  ...actZhCN,
  ...viewsZhCN,
  ...shareZhCN,
};
