/**
 * A training corpus built from text that arrives in chunks (a user's .txt read with
 * File.stream(), the State of the Union file), without ever holding the whole text:
 * each complete line is split into sentences and tokenized at once, and only token IDs
 * are kept (4 bytes a token, against ~12 for the text as a JS string).
 *
 * IDs are provisional while streaming (first-seen order) because min-count and the
 * frequency order are only known at the end; finish() builds the vocabulary exactly as
 * prepareCorpus does and remaps the IDs in place.
 */
import type { EncodedCorpus, PreparedCorpus } from './encode';
import { splitSentences } from './corpora';
import { forEachToken, type TokenizeOptions } from './tokenize';
import { UNK_ID, vocabFromCounts } from './vocab';

export interface StreamCorpusOptions extends TokenizeOptions {
  /** Words seen fewer times become `<unk>`. Default 1. */
  minCount?: number;
  /** Keep at most this many words (most frequent). */
  maxVocab?: number;
  /** Stop reading after this many tokens (the memory budget). Default 40 million (160 MB of IDs). */
  maxTokens?: number;
  /** A line longer than this is cut at a space so one huge line cannot pile up. Default 1 MB of UTF-16 units. */
  maxLineChars?: number;
}

export interface StreamedCorpus extends PreparedCorpus {
  readonly sentences: number;
  readonly tokens: number;
  /** Tokens that fell below min-count (now `<unk>`). */
  readonly unkTokens: number;
  /** True when maxTokens was reached and the rest of the text ignored. */
  readonly truncated: boolean;
}

export interface StreamCorpusBuilder {
  /** Feeds the next piece of text (any split, even mid-line). */
  push(chunk: string): void;
  /** Tokens so far. */
  tokens(): number;
  truncated(): boolean;
  /** Processes the rest and returns the corpus; the builder cannot be used afterwards. */
  finish(): StreamedCorpus;
}

class GrowableInt32 {
  data: Int32Array;
  length = 0;
  constructor(initial = 1024) {
    this.data = new Int32Array(initial);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
  trimmed(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

export function createStreamCorpus(opts: StreamCorpusOptions = {}): StreamCorpusBuilder {
  const maxTokens = opts.maxTokens ?? 40_000_000;
  const maxLine = Math.max(16, opts.maxLineChars ?? 1 << 20);
  const tokenizeOpts: TokenizeOptions = { dictionary: opts.dictionary };
  // Provisional IDs in first-seen order (so vocabFromCounts breaks ties the same way).
  const provisional = new Map<string, number>();
  const counts: number[] = [];
  const words: string[] = [];
  const ids = new GrowableInt32(1 << 16);
  const offsets = new GrowableInt32(1024);
  offsets.push(0);
  let carry = '';
  let full = false;
  let finished = false;

  const emit = (t: string): void => {
    if (full) return;
    let id = provisional.get(t);
    if (id === undefined) {
      id = words.length;
      provisional.set(t, id);
      words.push(t);
      counts.push(0);
    }
    counts[id]++;
    ids.push(id);
    if (ids.length >= maxTokens) full = true;
  };

  const line = (text: string): void => {
    for (const sentence of splitSentences(text)) {
      if (full) return;
      const before = ids.length;
      forEachToken(sentence, emit, tokenizeOpts);
      if (ids.length > before) offsets.push(ids.length);
    }
  };

  return {
    push(chunk) {
      if (finished) throw new Error('createStreamCorpus: push() after finish()');
      if (full) return;
      let text = carry + chunk;
      const nl = text.lastIndexOf('\n');
      if (nl >= 0) {
        const complete = text.slice(0, nl);
        text = text.slice(nl + 1);
        for (const l of complete.split('\n')) line(l);
      }
      // A runaway line: cut at the last space (or anywhere) and treat the head as a line.
      while (text.length > maxLine && !full) {
        let cut = text.lastIndexOf(' ', maxLine);
        if (cut <= 0) cut = maxLine;
        line(text.slice(0, cut));
        text = text.slice(cut);
      }
      carry = full ? '' : text;
    },
    tokens: () => ids.length,
    truncated: () => full,
    finish() {
      if (finished) throw new Error('createStreamCorpus: finish() called twice');
      finished = true;
      if (carry) line(carry);
      carry = '';
      const countMap = new Map<string, number>();
      words.forEach((w, i) => countMap.set(w, counts[i]));
      const vocab = vocabFromCounts(countMap, ids.length, opts.minCount ?? 1, opts.maxVocab ?? Infinity);
      const remap = new Int32Array(words.length);
      words.forEach((w, i) => (remap[i] = vocab.index.get(w) ?? UNK_ID));
      const out = ids.trimmed();
      let unkTokens = 0;
      for (let i = 0; i < out.length; i++) {
        out[i] = remap[out[i]];
        if (out[i] === UNK_ID) unkTokens++;
      }
      const corpus: EncodedCorpus = { ids: out, offsets: offsets.trimmed() };
      return { vocab, corpus, sentences: offsets.length - 1, tokens: out.length, unkTokens, truncated: full };
    },
  };
}
