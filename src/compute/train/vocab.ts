/**
 * Token → ID. IDs are rows of the embedding table, so the vocabulary fixes the table's
 * height. ID 0 is `<unk>`: every token below the min count (or unseen later) maps there,
 * so the lab can always show an ID even for a word the model never learned. The rest
 * are ordered by descending count (ties: first appearance), as in word2vec, so low IDs
 * are frequent words and a "top N" cut is a prefix.
 */

export const UNK = '<unk>';
export const UNK_ID = 0;

export interface Vocab {
  /** id → word; words[0] is `<unk>`. */
  readonly words: readonly string[];
  /** id → corpus count; counts[0] is the number of tokens that fell back to `<unk>`. */
  readonly counts: Float64Array;
  /** word → id (without `<unk>` fallback; use `lookup`). */
  readonly index: ReadonlyMap<string, number>;
  /** Total tokens seen, including the ones mapped to `<unk>`. */
  readonly total: number;
}

export interface VocabOptions {
  /** Words seen fewer times go to `<unk>` (word2vec's -min-count). Default 1. */
  minCount?: number;
  /** Keep at most this many words besides `<unk>` (the most frequent). */
  maxSize?: number;
}

/** Counts tokens from any number of streams (sentences, documents) and assigns IDs. */
export function buildVocab(streams: Iterable<Iterable<string>>, opts: VocabOptions = {}): Vocab {
  const minCount = Math.max(1, opts.minCount ?? 1);
  const counts = new Map<string, number>();
  let total = 0;
  for (const stream of streams) {
    for (const w of stream) {
      counts.set(w, (counts.get(w) ?? 0) + 1);
      total++;
    }
  }
  return vocabFromCounts(counts, total, minCount, opts.maxSize);
}

/** Builds a vocabulary from ready counts (Map insertion order breaks ties). */
export function vocabFromCounts(
  counts: ReadonlyMap<string, number>,
  total: number,
  minCount = 1,
  maxSize = Infinity,
): Vocab {
  const kept: Array<[string, number, number]> = [];
  let order = 0;
  for (const [w, c] of counts) {
    if (c >= minCount && w !== UNK) kept.push([w, c, order]);
    order++;
  }
  kept.sort((a, b) => b[1] - a[1] || a[2] - b[2]);
  if (kept.length > maxSize) kept.length = maxSize;
  const words = [UNK, ...kept.map((k) => k[0])];
  const countArr = new Float64Array(words.length);
  const index = new Map<string, number>();
  let known = 0;
  kept.forEach(([w, c], i) => {
    countArr[i + 1] = c;
    index.set(w, i + 1);
    known += c;
  });
  countArr[0] = total - known;
  return { words, counts: countArr, index, total };
}

/** The ID of a word, or 0 (`<unk>`) when it is not in the vocabulary. */
export function lookup(vocab: Vocab, word: string): number {
  return vocab.index.get(word) ?? UNK_ID;
}

/** IDs for a token list (`<unk>` for unknown words). */
export function encode(vocab: Vocab, tokens: readonly string[]): Int32Array {
  const out = new Int32Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) out[i] = vocab.index.get(tokens[i]) ?? UNK_ID;
  return out;
}

/**
 * The negative-sampling table: each ID appears in proportion to count^power (word2vec's
 * 0.75 flattens the distribution so rare words get drawn more often than their share).
 * A uniform index into this table is one draw. `<unk>` never appears: it is not a word.
 * 2^20 entries (4 MB) sit in cache far better than word2vec's 1e8 and still resolve
 * probabilities down to 1e-6; a power-of-two size lets the trainer draw with a mask.
 */
export function buildNoiseTable(counts: Float64Array, power = 0.75, size = 1 << 20): Int32Array {
  const table = new Int32Array(size);
  let norm = 0;
  for (let i = 1; i < counts.length; i++) norm += Math.pow(counts[i], power);
  if (norm === 0) return table.fill(UNK_ID);
  let id = 1;
  let cum = Math.pow(counts[1], power) / norm;
  for (let a = 0; a < size; a++) {
    table[a] = id;
    if (a / size > cum && id < counts.length - 1) {
      id++;
      cum += Math.pow(counts[id], power) / norm;
    }
  }
  return table;
}

/**
 * Sub-sampling of frequent words: the probability of keeping each occurrence of an ID,
 * word2vec's formula (sqrt(f/t) + 1) · t/f with f = count/total and t = `sample`.
 * Words rarer than about t are always kept; "the" and "的" are mostly dropped, which
 * both speeds training and stops them dominating every context. sample ≤ 0 keeps all.
 */
export function keepProbabilities(counts: Float64Array, total: number, sample: number): Float32Array {
  const keep = new Float32Array(counts.length);
  for (let i = 0; i < counts.length; i++) {
    if (sample <= 0 || counts[i] === 0) {
      keep[i] = 1;
      continue;
    }
    const t = sample * total;
    keep[i] = Math.min(1, (Math.sqrt(counts[i] / t) + 1) * (t / counts[i]));
  }
  return keep;
}
