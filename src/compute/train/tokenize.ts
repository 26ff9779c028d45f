/**
 * Text → tokens, the first hop of the lab's story (token → ID → row).
 *
 * English (and any other space-separated script): runs of letters/digits, lower-cased,
 * keeping apostrophes *inside* a word ("don't", "nation's") and dropping them at the
 * edges. Curly apostrophes become straight ones so "it’s" and "it's" are one token.
 *
 * Chinese (and Japanese kana) has no spaces, so runs of those scripts go through
 * Intl.Segmenter's dictionary word breaker ("他很高兴" → 他 / 很 / 高兴). Where the
 * runtime lacks Intl.Segmenter, each character becomes a token (still usable, just
 * coarser meaning per row).
 *
 * Every token keeps its [start, end) UTF-16 offsets into the original text so the UI
 * can underline exactly what became each ID.
 */

export interface Token {
  /** Normalised form (lower-case, straight apostrophes): the key the vocabulary uses. */
  readonly text: string;
  /** Offset of the first UTF-16 unit in the original string. */
  readonly start: number;
  /** Offset one past the last UTF-16 unit. */
  readonly end: number;
}

// A CJK run (segmented by dictionary) or a word run of any other letters/digits with
// optional inner apostrophes. Han/kana are excluded from the word run so "I love北京"
// splits into "love" and "北京".
const CJK = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々〆`;
const WORD_CHAR = String.raw`[^\P{L}${CJK}]|[\p{N}\p{M}]`;
const TOKEN_RE = new RegExp(
  String.raw`([${CJK}]+)|((?:${WORD_CHAR})+(?:['’](?:${WORD_CHAR})+)*)`,
  'gu',
);

interface SegmenterLike {
  segment(input: string): Iterable<{ segment: string; index: number; isWordLike?: boolean }>;
}

let cachedSegmenter: SegmenterLike | null | undefined;

function getSegmenter(): SegmenterLike | null {
  if (cachedSegmenter === undefined) {
    const Seg = (Intl as unknown as { Segmenter?: new (locale: string, opts: { granularity: 'word' }) => SegmenterLike })
      .Segmenter;
    cachedSegmenter = Seg ? new Seg('zh', { granularity: 'word' }) : null;
  }
  return cachedSegmenter;
}

/** True when Chinese is split into dictionary words (false: one token per character). */
export function hasWordSegmenter(): boolean {
  return getSegmenter() !== null;
}

function normalise(word: string): string {
  return word.toLowerCase().replace(/’/g, "'");
}

/**
 * A user dictionary, as Chinese tokenizers such as jieba have one, for the places where
 * Intl.Segmenter's built-in dictionary is wrong for our text. Two kinds of entry:
 *  - a word without spaces is kept whole (清华, 勃兰登堡门, which ICU cuts into 清 / 华
 *    and five characters): within a Chinese run, the longest such word starting at each
 *    position is cut out first and only the text between matches goes to the segmenter.
 *    Keep these to multi-character words: a single character would be cut out of every
 *    longer word containing it.
 *  - an entry with spaces is a fixed split of one segment the segmenter returns ("都 很":
 *    ICU gives 大家 / 都很 / 高兴, we want 大家 / 都 / 很 / 高兴). It applies only when the
 *    segmenter returns exactly that segment, so it can never cut a longer word (首都很大
 *    stays 首都 / 很 / 大).
 */
export interface TokenizeOptions {
  readonly dictionary?: Iterable<string>;
}

export type TokenEmitter = (token: string, start: number, end: number) => void;

interface Dict {
  readonly words: ReadonlySet<string>;
  readonly maxLen: number;
  /** A segment the segmenter returns → the parts it is split into. */
  readonly splits: ReadonlyMap<string, readonly string[]>;
}

// Built dictionaries are cached per iterable so repeated calls with the same list cost nothing.
const dictCache = new WeakMap<object, Dict>();

function toDict(words: Iterable<string> | undefined): Dict | null {
  if (!words) return null;
  const cached = dictCache.get(words);
  if (cached) return cached;
  const set = new Set<string>();
  const splits = new Map<string, string[]>();
  let maxLen = 0;
  for (const w of words) {
    const parts = w.split(' ').filter((p) => p.length > 0);
    if (parts.length > 1) splits.set(parts.join(''), parts);
    else if (parts.length === 1) {
      set.add(parts[0]);
      maxLen = Math.max(maxLen, parts[0].length);
    }
  }
  const dict = { words: set, maxLen, splits };
  dictCache.set(words, dict);
  return dict;
}

function segmentPlain(run: string, offset: number, emit: TokenEmitter, splits: ReadonlyMap<string, readonly string[]> | null): void {
  if (run.length === 0) return;
  const seg = getSegmenter();
  if (seg) {
    // The run holds only CJK characters, so every segment is word-like.
    for (const s of seg.segment(run)) {
      const parts = splits?.get(s.segment);
      if (!parts) {
        emit(s.segment, offset + s.index, offset + s.index + s.segment.length);
        continue;
      }
      let at = offset + s.index;
      for (const p of parts) {
        emit(p, at, at + p.length);
        at += p.length;
      }
    }
    return;
  }
  for (let i = 0; i < run.length; ) {
    const len = (run.codePointAt(i) as number) > 0xffff ? 2 : 1;
    emit(run.slice(i, i + len), offset + i, offset + i + len);
    i += len;
  }
}

function segmentRun(run: string, offset: number, dict: Dict | null, emit: TokenEmitter): void {
  if (!dict || dict.maxLen === 0) return segmentPlain(run, offset, emit, dict?.splits ?? null);
  let pending = 0; // start of text not yet emitted
  for (let i = 0; i < run.length; ) {
    let hit = 0;
    for (let len = Math.min(dict.maxLen, run.length - i); len >= 1; len--) {
      if (dict.words.has(run.slice(i, i + len))) {
        hit = len;
        break;
      }
    }
    if (hit === 0) {
      i++;
      continue;
    }
    segmentPlain(run.slice(pending, i), offset + pending, emit, dict.splits);
    emit(run.slice(i, i + hit), offset + i, offset + i + hit);
    i += hit;
    pending = i;
  }
  segmentPlain(run.slice(pending), offset + pending, emit, dict.splits);
}

/**
 * Calls `emit(text, start, end)` for each token in order. The callback form is what the
 * corpus encoder uses: no Token objects are built for a 10 MB corpus.
 */
export function forEachToken(text: string, emit: TokenEmitter, opts: TokenizeOptions = {}): void {
  const dict = toDict(opts.dictionary);
  // A private regex per call: lastIndex is state, and emit may re-enter the tokenizer.
  const re = new RegExp(TOKEN_RE.source, TOKEN_RE.flags);
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[1] !== undefined) segmentRun(m[1], m.index, dict, emit);
    else emit(normalise(m[0]), m.index, m.index + m[0].length);
  }
}

/** Tokens with offsets, e.g. for the lab's "text → tokens → IDs" strip. */
export function tokenize(text: string, opts: TokenizeOptions = {}): Token[] {
  const out: Token[] = [];
  forEachToken(text, (t, start, end) => out.push({ text: t, start, end }), opts);
  return out;
}

/** Just the token strings. */
export function tokenizeWords(text: string, opts: TokenizeOptions = {}): string[] {
  const out: string[] = [];
  forEachToken(text, (t) => out.push(t), opts);
  return out;
}

/** True when the token is written in Han script (used to tell Chinese rows from English ones). */
export function isChinese(token: string): boolean {
  return /\p{Script=Han}/u.test(token);
}
