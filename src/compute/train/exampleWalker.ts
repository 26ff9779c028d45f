/**
 * Walks the corpus one training example at a time, in reading order, for the lab's
 * "Next pair" step: the examples a batch would train, one by one, so each can be named.
 *
 *  - 'pair' (skip-gram): for each centre word, each word within `window` of it:
 *    (高兴, 他), (高兴, 很), … The batch kernels also shrink the window at random and
 *    drop some frequent words (sub-sampling); the walker shows every pair, so the order
 *    is the one a reader would write down.
 *  - 'window' (CBOW): each centre word with all its context words at once.
 *  - 'next' (the tied model): each token after the first of its sentence, predicted
 *    from the `window` tokens before it — the tied trainer's examples.
 * `<unk>` is never an example's word (the skip-gram kernels skip it too; the tied
 * trainer also predicts it, which teaches nothing worth showing). Positions index the
 * corpus's flat `ids`. After the last example it starts again at the first sentence.
 */
import type { EncodedCorpus } from './encode';
import { UNK_ID } from './vocab';

export type WalkKind = 'pair' | 'window' | 'next';

export interface WalkedExample {
  readonly sentence: number;
  /**
   * Position of the example's own word: the skip-gram centre (whose row predicts the
   * context word), the CBOW centre (predicted from its context), the tied model's next
   * token (predicted from the tokens before it).
   */
  readonly centre: number;
  /** Positions of the other words of the example (one for a skip-gram pair). */
  readonly context: readonly number[];
}

export class ExampleWalker {
  private sentence = 0;
  private pos = -1;
  /** Skip-gram: the next context offset to visit around `pos` (−window … window). */
  private offset = 0;

  constructor(
    private readonly corpus: EncodedCorpus,
    private readonly kind: WalkKind,
    private readonly window: number,
  ) {}

  /** Starts at the beginning of `sentence`. */
  seek(sentence: number): void {
    this.sentence = Math.max(0, Math.min(this.sentences() - 1, sentence));
    this.pos = -1;
    this.offset = 0;
  }

  /** The next example, or null when the corpus has none at all. */
  next(): WalkedExample | null {
    const n = this.sentences();
    // Each sentence is visited at most once per call (plus the one we are in).
    for (let visited = 0; visited <= n; ) {
      const ex = this.inSentence();
      if (ex) return ex;
      this.sentence = (this.sentence + 1) % Math.max(1, n);
      this.pos = -1;
      this.offset = 0;
      visited++;
    }
    return null;
  }

  private sentences(): number {
    return this.corpus.offsets.length - 1;
  }

  /** The next example in the current sentence, advancing the cursor; null when it has no more. */
  private inSentence(): WalkedExample | null {
    const { ids, offsets } = this.corpus;
    if (this.sentence >= this.sentences()) return null;
    const from = offsets[this.sentence], to = offsets[this.sentence + 1];
    const w = this.window;
    if (this.kind === 'next') {
      for (let p = this.pos < 0 ? from + 1 : this.pos + 1; p < to; p++) {
        this.pos = p;
        if (ids[p] === UNK_ID) continue;
        const context: number[] = [];
        for (let q = Math.max(from, p - w); q < p; q++) if (ids[q] !== UNK_ID) context.push(q);
        if (context.length) return { sentence: this.sentence, centre: p, context };
      }
      return null;
    }
    for (;;) {
      if (this.pos < 0 || (this.kind === 'pair' && this.offset > w) || this.kind === 'window') {
        // Move to the next known centre word.
        let p = this.pos < 0 ? from : this.pos + 1;
        while (p < to && ids[p] === UNK_ID) p++;
        if (p >= to) return null;
        this.pos = p;
        this.offset = -w;
        if (this.kind === 'window') {
          const context: number[] = [];
          for (let q = Math.max(from, p - w); q <= Math.min(to - 1, p + w); q++) if (q !== p && ids[q] !== UNK_ID) context.push(q);
          if (context.length) return { sentence: this.sentence, centre: p, context };
          continue;
        }
      }
      const q = this.pos + this.offset++;
      if (q === this.pos || q < from || q >= to || ids[q] === UNK_ID) continue;
      return { sentence: this.sentence, centre: this.pos, context: [q] };
    }
  }
}

/** The first sentence that is exactly `words` (IDs), else the first that holds them in a row, else -1. */
export function findSentence(corpus: EncodedCorpus, words: readonly number[]): number {
  const { ids, offsets } = corpus;
  if (words.length === 0 || words.some((w) => w <= UNK_ID)) return -1;
  const at = (p: number): boolean => words.every((w, k) => ids[p + k] === w);
  let holding = -1;
  for (let s = 0; s + 1 < offsets.length; s++) {
    const from = offsets[s], to = offsets[s + 1];
    if (to - from === words.length && at(from)) return s;
    if (holding < 0) for (let p = from; p + words.length <= to; p++) if (at(p)) holding = s;
  }
  return holding;
}
