/**
 * The teaching corpus: a small bilingual (Chinese/English) text we write ourselves from
 * templates, so we KNOW which words should end up together and can measure whether
 * training found them (group purity, translation hits).
 *
 * How meaning gets in: words of one group fill the same slots ("他很{w}" takes 高兴,
 * 开心, 快乐 …), so they share contexts and drift together. Each translation pair also
 * has its own sentences (red ↔ 红色 with apple/苹果 and fire/火), which is what lets a
 * word's nearest neighbour in the other language be its translation rather than just a
 * group mate. Chinese and English meet through code-switched sentences ("他很 happy")
 * and parallel lines ("他很高兴。 — He is very happy.") whose halves share one
 * training window. Synonym groups (the emotions) have no pair-specific sentences on
 * purpose: distribution alone cannot tell 开心 from 快乐, and the lab can show that.
 *
 * Everything is drawn from a seeded RNG: the same seed gives the same text.
 */
import { createRng, type Rng } from '../random';

export interface WordGroup {
  readonly name: string;
  /** Tokens as the tokenizer produces them (English lower-case). */
  readonly words: readonly string[];
}

export interface TranslationPair {
  readonly zh: string;
  readonly en: string;
  readonly group: string;
}

/** [Chinese template, English template]; {w} is the pair's word, {n} the next word in order. */
type Frame = readonly [zh: string, en: string];

interface PairSpec {
  readonly zh: string;
  readonly en: string;
  /** Sentences only this pair appears in (its "signature" contexts). */
  readonly own?: readonly Frame[];
}

/** The teaching corpus's word groups (the lab names them in the interface's language). */
export type TeachingGroupName = 'joy' | 'sorrow' | 'universities' | 'colours' | 'animals' | 'numbers' | 'cities' | 'weekdays';

interface GroupSpec {
  readonly name: TeachingGroupName;
  /** Capitalise the English word (names, weekdays). */
  readonly proper?: boolean;
  /** 'cyclic': {n} after the last word is the first (weekdays); 'linear': never past the end. */
  readonly order?: 'cyclic' | 'linear';
  readonly pairs: readonly PairSpec[];
  readonly frames: readonly Frame[];
}

const SPECS: readonly GroupSpec[] = [
  {
    name: 'joy',
    pairs: [
      { zh: '高兴', en: 'happy' },
      { zh: '开心', en: 'glad' },
      { zh: '快乐', en: 'joyful' },
    ],
    frames: [
      ['他很{w}。', 'He is very {w}.'],
      ['收到礼物，她很{w}。', 'She was {w} to get a gift.'],
      ['生日那天，我们都很{w}。', 'We were all {w} on the birthday.'],
      ['他笑着说他很{w}。', 'He smiled and said he was {w}.'],
      ['听到好消息，大家都很{w}。', 'Everyone was {w} to hear the good news.'],
      ['放假了，孩子们很{w}。', 'The children are {w} about the holiday.'],
    ],
  },
  {
    name: 'sorrow',
    pairs: [
      { zh: '伤心', en: 'sad' },
      { zh: '痛苦', en: 'painful' },
      { zh: '难过', en: 'upset' },
    ],
    frames: [
      ['他很{w}。', 'He is very {w}.'],
      ['他哭了，心里很{w}。', 'He cried and felt {w}.'],
      ['失去朋友，她很{w}。', 'She was {w} after losing a friend.'],
      ['看到眼泪，我也很{w}。', 'Seeing the tears made me {w} too.'],
      ['听到坏消息，大家都很{w}。', 'Everyone was {w} to hear the bad news.'],
      ['分别的时候，我们都很{w}。', 'We were all {w} when we said goodbye.'],
    ],
  },
  {
    name: 'universities',
    proper: true,
    pairs: [
      { zh: '清华', en: 'tsinghua', own: [['{w}在北京的西北边。', '{w} is in the northwest of Beijing.'], ['{w}的校园里有荷塘。', '{w} has a lotus pond on campus.']] },
      { zh: '哈佛', en: 'harvard', own: [['{w}在波士顿旁边。', '{w} is next to Boston.'], ['{w}有很多律师校友。', '{w} has many lawyers among its alumni.']] },
      { zh: '斯坦福', en: 'stanford', own: [['{w}在加州。', '{w} is in California.'], ['{w}培养了很多硅谷的创业者。', '{w} trained many founders in Silicon Valley.']] },
      { zh: '牛津', en: 'oxford', own: [['{w}的词典很有名。', 'The {w} dictionary is well known.'], ['{w}有很多古老的学院。', '{w} has many ancient colleges.']] },
      { zh: '剑桥', en: 'cambridge', own: [['牛顿曾经在{w}教书。', 'Newton once taught at {w}.'], ['在{w}可以在河上撑船。', 'At {w} you can go punting on the river.']] },
    ],
    frames: [
      ['他考上了{w}。', 'He got into {w}.'],
      ['{w}是一所大学。', '{w} is a university.'],
      ['她在{w}读书。', 'She studies at {w}.'],
      ['{w}的教授很出名。', 'The professors at {w} are famous.'],
      ['我的梦想是去{w}上学。', 'My dream is to study at {w}.'],
      ['{w}的学生很努力。', 'Students at {w} work hard.'],
    ],
  },
  {
    name: 'colours',
    pairs: [
      { zh: '红色', en: 'red', own: [['苹果是{w}的。', 'The apple is {w}.'], ['火是{w}的。', 'Fire is {w}.']] },
      { zh: '蓝色', en: 'blue', own: [['天空是{w}的。', 'The sky is {w}.'], ['大海是{w}的。', 'The sea is {w}.']] },
      { zh: '绿色', en: 'green', own: [['草是{w}的。', 'The grass is {w}.'], ['树叶是{w}的。', 'The leaves are {w}.']] },
      { zh: '黄色', en: 'yellow', own: [['香蕉是{w}的。', 'The banana is {w}.'], ['柠檬是{w}的。', 'The lemon is {w}.']] },
      { zh: '白色', en: 'white', own: [['雪是{w}的。', 'Snow is {w}.'], ['云是{w}的。', 'The clouds are {w}.']] },
      { zh: '黑色', en: 'black', own: [['夜晚是{w}的。', 'The night is {w}.'], ['煤是{w}的。', 'Coal is {w}.']] },
    ],
    frames: [
      ['她穿着{w}的衣服。', 'She wears {w} clothes.'],
      ['他的车是{w}的。', 'His car is {w}.'],
      ['这朵花是{w}的。', 'This flower is {w}.'],
      ['墙被刷成了{w}。', 'The wall was painted {w}.'],
      ['{w}是我最喜欢的颜色。', '{w} is my favourite colour.'],
      ['我买了一支{w}的笔。', 'I bought a {w} pen.'],
    ],
  },
  {
    name: 'animals',
    pairs: [
      { zh: '猫', en: 'cat', own: [['{w}抓老鼠。', 'The {w} catches mice.'], ['{w}喵喵叫。', 'The {w} says meow.']] },
      { zh: '狗', en: 'dog', own: [['{w}喜欢啃骨头。', 'The {w} likes to chew bones.'], ['{w}汪汪叫。', 'The {w} barks at night.']] },
      { zh: '马', en: 'horse', own: [['他骑着{w}。', 'He rides the {w}.'], ['{w}在草原上奔跑。', 'The {w} gallops across the plain.']] },
      { zh: '牛', en: 'cow', own: [['{w}给我们牛奶。', 'The {w} gives us milk.'], ['{w}哞哞叫。', 'The {w} says moo.']] },
      { zh: '羊', en: 'sheep', own: [['{w}身上有羊毛。', 'The {w} has thick wool.'], ['{w}咩咩叫。', 'The {w} says baa.']] },
      { zh: '鸟', en: 'bird', own: [['{w}在天上飞。', 'The {w} flies high.'], ['{w}在树上唱歌。', 'The {w} sings in the tree.']] },
    ],
    frames: [
      ['我们农场有{w}。', 'Our farm has a {w}.'],
      ['{w}是一种动物。', 'The {w} is an animal.'],
      ['孩子们给{w}喂食。', 'The children feed the {w}.'],
      ['那只{w}很可爱。', 'That {w} is cute.'],
      ['{w}在院子里睡觉。', 'The {w} sleeps in the yard.'],
      ['兽医给{w}看病。', 'The vet treats the {w}.'],
    ],
  },
  {
    name: 'numbers',
    order: 'linear',
    pairs: [
      { zh: '三', en: 'three' },
      { zh: '四', en: 'four' },
      { zh: '五', en: 'five' },
      { zh: '六', en: 'six' },
      { zh: '七', en: 'seven' },
      { zh: '八', en: 'eight' },
      { zh: '九', en: 'nine' },
    ],
    frames: [
      ['我数到{w}。', 'I counted to {w}.'],
      ['答案是{w}。', 'The answer is {w}.'],
      ['数字{w}写在黑板上。', 'The number {w} is on the board.'],
      ['{w}加上一等于{n}。', '{w} plus one equals {n}.'],
      ['{w}比{n}小。', '{w} is smaller than {n}.'],
      ['他把{w}写成了{n}。', 'He wrote {w} as {n}.'],
    ],
  },
  {
    name: 'cities',
    proper: true,
    pairs: [
      { zh: '北京', en: 'beijing', own: [['我在{w}参观了故宫。', 'In {w} I visited the Forbidden City.'], ['{w}烤鸭很好吃。', '{w} roast duck is delicious.']] },
      { zh: '上海', en: 'shanghai', own: [['我在{w}看了外滩。', 'In {w} I walked along the Bund.'], ['黄浦江流过{w}。', 'The Huangpu flows through {w}.']] },
      { zh: '伦敦', en: 'london', own: [['我在{w}听到了大本钟。', 'In {w} I heard Big Ben.'], ['泰晤士河流过{w}。', 'The Thames flows through {w}.']] },
      { zh: '巴黎', en: 'paris', own: [['我在{w}看到了埃菲尔铁塔。', 'In {w} I saw the Eiffel Tower.'], ['卢浮宫在{w}。', 'The Louvre is in {w}.']] },
      { zh: '东京', en: 'tokyo', own: [['从{w}可以看到富士山。', 'From {w} you can see Mount Fuji.'], ['{w}的寿司很新鲜。', 'The sushi in {w} is fresh.']] },
      { zh: '柏林', en: 'berlin', own: [['勃兰登堡门在{w}。', 'The Brandenburg Gate is in {w}.'], ['{w}的啤酒节很热闹。', 'The beer halls of {w} are lively.']] },
    ],
    frames: [
      ['我住在{w}。', 'I live in {w}.'],
      ['{w}是一个大城市。', '{w} is a big city.'],
      ['我们明天飞往{w}。', 'We fly to {w} tomorrow.'],
      ['{w}的冬天很冷。', 'Winter in {w} is cold.'],
      ['他在{w}工作。', 'He works in {w}.'],
      ['{w}的地铁很方便。', 'The subway in {w} is convenient.'],
    ],
  },
  {
    name: 'weekdays',
    proper: true,
    order: 'cyclic',
    pairs: [
      { zh: '星期一', en: 'monday', own: [['{w}又要上班了。', 'On {w} work starts again.']] },
      { zh: '星期二', en: 'tuesday' },
      { zh: '星期三', en: 'wednesday', own: [['{w}是一周的中间。', '{w} is the middle of the week.']] },
      { zh: '星期四', en: 'thursday' },
      { zh: '星期五', en: 'friday', own: [['{w}晚上我们看电影。', 'On {w} night we watch a movie.']] },
      { zh: '星期六', en: 'saturday', own: [['{w}我们睡懒觉。', 'On {w} we sleep late.']] },
      { zh: '星期日', en: 'sunday', own: [['{w}我们去公园。', 'On {w} we go to the park.']] },
    ],
    frames: [
      ['今天是{w}。', 'Today is {w}.'],
      ['我们{w}见面。', 'We meet on {w}.'],
      ['明天是{w}吗？', 'Is tomorrow {w}?'],
      ['{w}上午有课。', 'There is class on {w} morning.'],
      ['{w}之后是{n}。', 'After {w} comes {n}.'],
      ['{w}的第二天是{n}。', 'The day after {w} is {n}.'],
    ],
  },
];

/** The known groups, as the tokenizer spells their words (Chinese first, then English). */
export const TEACHING_GROUPS: readonly WordGroup[] = SPECS.map((g) => ({
  name: g.name,
  words: [...g.pairs.map((p) => p.zh), ...g.pairs.map((p) => p.en)],
}));

export const TEACHING_PAIRS: readonly TranslationPair[] = SPECS.flatMap((g) =>
  g.pairs.map((p) => ({ zh: p.zh, en: p.en, group: g.name })),
);

/**
 * Names in the corpus's sentences that Intl.Segmenter cuts into characters (勃兰登堡门 →
 * 勃 / 兰 / 登 / 堡 / 门): kept whole, like the group words.
 */
const FIXED_WORDS: readonly string[] = ['勃兰登堡门', '埃菲尔铁塔', '卢浮宫', '黄浦江', '外滩', '硅谷'];
/**
 * Segments Intl.Segmenter (ICU) returns as one word that are two in our sentences: the
 * adverbs 都 / 也 / 很 and the verbs 是 / 在 after a pronoun. "大家都很高兴" must give
 * 大家 / 都 / 很 / 高兴 so that 很 is the same row before every adjective.
 */
const FIXED_SPLITS: readonly string[] = ['都 很', '也 很', '我 也', '今天 是', '他 在', '她 在', '我 在'];

/**
 * The tokenizer's user dictionary for this corpus (see TokenizeOptions): the group words
 * and names the segmenter would split (清华 → 清 / 华), kept whole, and the segments it
 * merges, split. Pass it as `dictionary` whenever text meets a model trained here.
 */
export const TEACHING_DICTIONARY: readonly string[] = [
  ...TEACHING_PAIRS.map((p) => p.zh).filter((w) => w.length > 1),
  ...FIXED_WORDS,
  ...FIXED_SPLITS,
];

export interface TeachingCorpusOptions {
  seed?: number;
  /** Number of lines. Default 6000 (about 60k tokens). */
  sentences?: number;
  /** Share of sentences whose slot word is in the other language. Default 0.25. */
  codeSwitch?: number;
  /** Share of lines holding a sentence and its translation side by side. Default 0.15. */
  parallel?: number;
  /** Share of sentences drawn from a pair's own (signature) sentences, when it has some. Default 0.15. */
  own?: number;
}

export interface TeachingCorpus {
  /** One training unit per line (context windows never cross lines). */
  readonly sentences: readonly string[];
  /** For each line, the group words inserted into it (what the lab can highlight). */
  readonly slots: readonly (readonly string[])[];
  readonly groups: readonly WordGroup[];
  readonly pairs: readonly TranslationPair[];
  readonly dictionary: readonly string[];
}

function display(word: string, spec: GroupSpec): string {
  return spec.proper && /^[a-z]/.test(word) ? word[0].toUpperCase() + word.slice(1) : word;
}

function fill(template: string, w: string, n: string, atStartCap: boolean): string {
  let s = template.replace('{w}', w).replace('{n}', n);
  if (atStartCap && /^[a-z]/.test(s)) s = s[0].toUpperCase() + s.slice(1);
  return s;
}

export function teachingCorpus(opts: TeachingCorpusOptions = {}): TeachingCorpus {
  const rng: Rng = createRng(opts.seed ?? 1);
  const count = opts.sentences ?? 6000;
  const codeSwitch = opts.codeSwitch ?? 0.25;
  const parallel = opts.parallel ?? 0.15;
  const ownShare = opts.own ?? 0.15;
  const sentences: string[] = [];
  const slots: string[][] = [];

  for (let s = 0; s < count; s++) {
    const spec = SPECS[rng.int(SPECS.length)];
    const useOwn = rng.next() < ownShare;
    // Pick the pair first, then a frame it can fill.
    let pi = rng.int(spec.pairs.length);
    const pair = spec.pairs[pi];
    const pool = useOwn && pair.own?.length ? pair.own : spec.frames;
    const frame = pool[rng.int(pool.length)];
    const needsNext = frame[0].includes('{n}');
    if (needsNext && spec.order === 'linear' && pi === spec.pairs.length - 1) pi = rng.int(spec.pairs.length - 1);
    const w = spec.pairs[pi];
    const next = spec.pairs[(pi + 1) % spec.pairs.length];
    const zhW = w.zh;
    const enW = display(w.en, spec);
    const zhN = next.zh;
    const enN = display(next.en, spec);
    const used = needsNext ? [w, next] : [w];

    const r = rng.next();
    if (r < parallel) {
      sentences.push(`${fill(frame[0], zhW, zhN, false)} — ${fill(frame[1], enW, enN, true)}`);
      slots.push(used.flatMap((p) => [p.zh, p.en]));
      continue;
    }
    const zhFrame = rng.next() < 0.5;
    const switched = rng.next() < codeSwitch;
    // A code-switched sentence puts the other language's word in the slot: 他很 happy。
    const slotZh = zhFrame !== switched;
    const a = slotZh ? zhW : enW;
    const b = slotZh ? zhN : enN;
    const text = zhFrame ? fill(frame[0], switched ? ` ${a} ` : a, switched ? ` ${b} ` : b, false) : fill(frame[1], a, b, true);
    sentences.push(text.replace(/\s+/g, ' ').trim());
    slots.push(used.map((p) => (slotZh ? p.zh : p.en)));
  }
  return { sentences, slots, groups: TEACHING_GROUPS, pairs: TEACHING_PAIRS, dictionary: TEACHING_DICTIONARY };
}
