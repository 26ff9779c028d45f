/**
 * Sentences → one flat Int32Array of IDs plus sentence offsets: the form every trainer
 * reads. Flat so a 1.8M-token corpus is one buffer (transferable to a worker), not a
 * million small arrays. Context windows never cross a sentence boundary.
 */
import { forEachToken, type TokenizeOptions } from './tokenize';
import { vocabFromCounts, UNK_ID, type Vocab } from './vocab';

export interface EncodedCorpus {
  /** Token IDs, sentence after sentence (0 = `<unk>`, skipped by trainers). */
  readonly ids: Int32Array;
  /** Sentence i is ids[offsets[i] .. offsets[i + 1]); length = sentences + 1. */
  readonly offsets: Int32Array;
}

export interface PrepareOptions extends TokenizeOptions {
  /** word2vec's -min-count: rarer words become `<unk>`. Default 1. */
  minCount?: number;
  /** Keep at most this many words (most frequent first). */
  maxVocab?: number;
}

export interface PreparedCorpus {
  readonly vocab: Vocab;
  readonly corpus: EncodedCorpus;
}

/** Tokenizes each sentence into strings (kept for the lab's token strip; not needed for training). */
export function tokenizeSentences(sentences: readonly string[], opts: TokenizeOptions = {}): string[][] {
  return sentences.map((s) => {
    const out: string[] = [];
    forEachToken(s, (t) => out.push(t), opts);
    return out;
  });
}

/** IDs for already-tokenized sentences under a given vocabulary. */
export function encodeSentences(tokenized: readonly (readonly string[])[], vocab: Vocab): EncodedCorpus {
  let n = 0;
  for (const s of tokenized) n += s.length;
  const ids = new Int32Array(n);
  const offsets = new Int32Array(tokenized.length + 1);
  let k = 0;
  tokenized.forEach((s, i) => {
    for (const t of s) ids[k++] = vocab.index.get(t) ?? UNK_ID;
    offsets[i + 1] = k;
  });
  return { ids, offsets };
}

/**
 * Tokenizes raw sentences once, builds the vocabulary from them and encodes them. Two
 * passes over the token strings but one tokenization: the segmenter is the slow part.
 */
export function prepareCorpus(sentences: readonly string[], opts: PrepareOptions = {}): PreparedCorpus {
  const tokenized = tokenizeSentences(sentences, opts);
  const counts = new Map<string, number>();
  let total = 0;
  for (const s of tokenized) {
    for (const t of s) counts.set(t, (counts.get(t) ?? 0) + 1);
    total += s.length;
  }
  const vocab = vocabFromCounts(counts, total, opts.minCount ?? 1, opts.maxVocab ?? Infinity);
  return { vocab, corpus: encodeSentences(tokenized, vocab) };
}

/** Number of tokens the trainers will actually see (known words only). */
export function knownTokens(corpus: EncodedCorpus): number {
  let n = 0;
  for (let i = 0; i < corpus.ids.length; i++) if (corpus.ids[i] !== UNK_ID) n++;
  return n;
}
