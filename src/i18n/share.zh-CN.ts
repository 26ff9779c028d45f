/** 简体中文：链接、已保存的会话与恢复（与 share.en.ts 的键相同）。 */
import type { Format } from './format';
import type { shareEn } from './share.en';

export const shareZhCN: { [K in keyof typeof shareEn]: (typeof shareEn)[K] } = {
  'share.link.problems': ({ list }: { list: string }) => `这个链接有部分内容无法使用——${list}。其余内容均已应用。`,
  'share.session.problems': ({ list }: { list: string }) => `已保存的会话有部分内容无法使用——${list}。其余内容均已恢复。`,
  'share.problem.unknownField': ({ field }: { field: string }) => `“${field}”不是 Sprout 链接中的参数（已忽略）`,
  'share.problem.unknownValue': ({ field, value, known }: { field: string; value: string; known: string }) => `${field}：“${value}”不在 ${known} 之中（改用默认值）`,
  'share.problem.range': ({ field, value, min, max }: { field: string; value: string; min: number; max: number }, f: Format) =>
    `${field}：“${value}”不是 ${f.num(min, 6)} 到 ${f.num(max, 6)} 之间的数（改用默认值）`,
  'share.problem.rangeInt': ({ field, value, min, max }: { field: string; value: string; min: number; max: number }, f: Format) =>
    `${field}：“${value}”不是 ${f.num(min, 6)} 到 ${f.num(max, 6)} 之间的整数（改用默认值）`,
  'share.problem.tooLong': ({ field, max }: { field: string; max: number }, f: Format) => `${field} 超过 ${f.int(max)} 个字符（已忽略）`,
  'share.problem.newer': ({ version }: { version: number }) => `它由更新版本的 Sprout 生成（链接版本 ${version}），只应用了本版本能理解的部分`,
  'share.problem.notInData': ({ field, value }: { field: string; value: string }) => `${field}：“${value}”在这份数据中不存在（已忽略）`,
  'share.problem.malformed': ({ field, value, expected }: { field: string; value: string; expected: string }) => `${field}：“${value}”不是${expected}（已忽略）`,
  'share.expected.file': '“<字节数>:<文件名>”形式的文件',
  'share.expected.url': 'http(s) 地址',
  'share.expected.sample': 'random:<数量>:<种子> 或 stratified:<数量>:<种子>:<列名>',
  'share.expected.camera': '<x>,<y>,<缩放>',
  'share.expected.polygon': '至少三个点的多边形',
  'share.expected.metadata-alone': '可单独使用的（旁边需要 data=<向量文件地址>）',
  'share.expected.corpus': 'teaching、sotu 或 file:<字节数>:<文件名>',
  'share.listSeparator': '；',

  'share.recomputing': ({ method, seed }: { method: string; seed: number }) => `正在用种子 ${seed} 重新计算 ${method}……（链接保存的是做法而不是坐标；相同的种子得到相同的布局）`,
  'share.restarting': ({ method, seed }: { method: string; seed: number }) => `页面关闭时 ${method} 尚未完成：正在用种子 ${seed} 重新运行……`,
  'share.fromLab': '这个视图来自训练实验室里训练出的表，链接无法携带它：现在显示默认数据。请从训练实验室重新打开那张表。',

  'share.storage.unavailable': '这个浏览器不允许 Sprout 在此保存任何内容（可能是无痕窗口）：刷新后你的工作将会丢失。链接仍然可用。',
  'share.storage.quota': ({ what }: { what: string }) => `浏览器拒绝为${what}提供存储空间：刷新后它将丢失。删除旧会话可以腾出空间。`,
  'share.storage.failed': ({ reason }: { reason: string }) => `保存会话失败：${reason}`,
  'share.what.file': ({ name }: { name: string }) => `“${name}”`,
  'share.what.layout': ({ method }: { method: string }) => `${method} 布局`,
  'share.what.lab': '训练过程',
  'share.what.view': '视图',
  'share.and': '和',

  'share.files.title': '这个视图需要你电脑上的一个文件',
  'share.files.body': '它由一个链接无法携带的文件生成。选择同一个文件即可看到同样的画面：',
  'share.files.item': ({ name, bytes }: { name: string; bytes: number }, f: Format) => `${name} — ${f.int(bytes)} 字节`,
  'share.files.choose': '选择文件',
  'share.files.cancel': '暂不（显示默认数据）',
  'share.files.mismatch': ({ expected, got }: { expected: string; got: string }) => `需要的是 ${expected}，得到的是 ${got}：仍然载入，但画面可能不同。`,

  'share.lab.resumed': ({ step }: { step: number }, f: Format) => `已从上次离开的地方继续：第 ${f.int(step)} 批（从种子重新训练，得到同一张表）。`,
  'share.lab.resumedDiffers': ({ step, diff }: { step: number; diff: number }, f: Format) =>
    `已从种子重新训练到第 ${f.int(step)} 批后继续；这个浏览器的计算内核与保存的表略有差异（最大差值 ${f.num(diff, 6)}）。`,

  'share.copyLink': '复制链接',
  'share.copyLink.hint': '复制指向当前视图的链接（数据、布局、选中项、套索、着色、视角）',
  'share.copied': '链接已复制',
  'share.sessions.button': '会话',
  'share.sessions.hint': '保存在这个浏览器中的会话',
  'share.sessions.title': '已保存的会话',
  'share.sessions.about': 'Sprout 会在你操作时把工作保存在这个浏览器里——载入的数据、完成的布局、选中项、套索、着色以及训练实验室的训练过程——刷新页面后会回到原来的地方。',
  'share.sessions.empty': '还没有保存任何内容。',
  'share.sessions.thisTab': '当前标签页',
  'share.sessions.open': '打开',
  'share.sessions.rename': '重命名',
  'share.sessions.delete': '删除',
  'share.sessions.save': '保存',
  'share.sessions.cancel': '取消',
  'share.sessions.new': '开始新会话',
  'share.sessions.close': '关闭',
  'share.sessions.name': '会话名称',
  'share.sessions.size': ({ bytes }: { bytes: number }, f: Format) => `占用 ${f.bytes(bytes)}`,
  'share.sessions.usage': ({ ours, used, quota }: { ours: number; used: number; quota: number }, f: Format) =>
    `会话占用 ${f.bytes(ours)}；本网站共占用 ${f.bytes(used)}，浏览器允许的上限为 ${f.bytes(quota)}。`,
  'share.sessions.usageOurs': ({ ours }: { ours: number }, f: Format) => `会话占用 ${f.bytes(ours)}。`,
  'share.sessions.unsaved': ({ what }: { what: string }) => `未保存（空间不足）：${what}。`,
  'share.sessions.unavailable': '会话功能已关闭：这个浏览器不允许 Sprout 在此保存任何内容（可能是无痕窗口）。',
  'share.sessions.defaultName': ({ dataset, method }: { dataset: string; method: string }) => `${dataset} · ${method}`,
  'share.sessions.noData': '没有数据',
};
