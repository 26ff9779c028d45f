/** 简体中文. Same keys and parameters as en.ts (the compiler checks both). */
import type { Catalogue } from './en';
import { actZhCN } from './act.zh-CN';
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

  'project.threads': '线程',
  'project.threadCount': ({ n }: { n: number }, f: Format) => `${f.int(n)} 个线程`,
  'project.threadsHint.single': '单线程：页面没有跨源隔离，或这台机器只有两个或更少的核心',
  'project.threadsHint.hogwild': '多线程的 UMAP 以 Hogwild 方式更新布局：相同设置得到质量相同的布局，但不是逐位相同',
  ...actZhCN,
};
