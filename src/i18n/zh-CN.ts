/** 简体中文. Same keys and parameters as en.ts (the compiler checks both). */
import type { Catalogue } from './en';
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

  'search.regexInvalid': ({ detail }: { detail: string }) => `正则表达式无效：${detail}`,
  'search.regexUnsupported': ({ detail }: { detail: string }) => `不支持这个正则表达式：${detail}。搜索使用线性时间的引擎（RE2），不支持反向引用和前后查找。`,
};
