/**
 * The lab's "watch one example" steps: train the next 1, 20, 100 or 500 examples of the
 * corpus one at a time (exampleWalker.ts), each with the model's own update rule
 * (oneExample.ts for skip-gram and CBOW, the tied model's full-softmax step), and say
 * exactly what was trained: which sentence, which words, which rows of which table,
 * and how each example's scores moved.
 *
 * Noise words come from the same unigram^0.75 distribution as the batch kernels (an
 * exact alias table), drawn with this session's seeded generator. The learning rate is
 * the one the batch trainer is at now, so an example step is a step of the same run.
 */
import { createRng, type Rng } from '../random';
import type { EncodedCorpus } from './encode';
import { ExampleWalker, findSentence, type WalkKind } from './exampleWalker';
import { negativeSamplingUpdate } from './oneExample';
import { tiedExampleUpdate, tiedNextToken } from './probe';
import type { TiedLmTrainer } from './tiedlm';
import { aliasDraw, fillAliasTable } from './wasm/aliasTable';
import type { Vocab } from './vocab';

/** Examples listed in a step's report (the rest are counted). */
export const EXAMPLES_LISTED = 12;
/** Words shown against the right one in a tied-model example (it has no noise words: its softmax pushes every row). */
const TIED_RIVALS = 4;

export interface LabTrainedExample {
  readonly sentence: number;
  /** Positions in the sentence (0-based): the example's own word, and the other words. */
  readonly at: number;
  readonly contextAt: readonly number[];
  /** The rows the example reads as input: skip-gram the centre word; CBOW and the tied model the context words. */
  readonly inputs: readonly number[];
  /** The output row it pulls: skip-gram the context word; CBOW the centre word; tied the next token. */
  readonly positive: number;
  /**
   * The output rows it pushes: skip-gram and CBOW the noise words drawn; the tied model
   * (whose softmax pushes every row) the words it ranked highest before the update.
   */
  readonly negatives: readonly number[];
  /**
   * The figure for [positive, ...negatives], before and after this example's update:
   * skip-gram / CBOW the score h·C[t] (h = the mean input row); tied p(t | context).
   */
  readonly before: readonly number[];
  readonly after: readonly number[];
  readonly loss: number;
}

export interface LabExampleSummary {
  /** Mean figure of the right words, and of the pushed ones, around each example's own update. */
  readonly positiveBefore: number;
  readonly positiveAfter: number;
  readonly negativeBefore: number;
  readonly negativeAfter: number;
}

export interface LabExampleReport {
  readonly kind: WalkKind;
  /** Examples trained. */
  readonly count: number;
  readonly examples: readonly LabTrainedExample[];
  readonly firstSentence: number;
  readonly lastSentence: number;
  /** The first example's sentence, as IDs. */
  readonly sentenceIds: Int32Array;
  /** Rows this step changed in the input table W (none when frozen; the tied model's one table), and in the output table C. */
  readonly touchedIn: Int32Array;
  readonly touchedOut: Int32Array;
  readonly summary: LabExampleSummary;
  readonly lr: number;
}

/** The model the examples train: skip-gram / CBOW tables, or the tied model. */
export type ExampleModel =
  | { readonly kind: 'pair' | 'window'; readonly W: Float32Array; readonly C: Float32Array; readonly negative: number; readonly freeze: boolean }
  | { readonly kind: 'next'; readonly lm: TiedLmTrainer };

export class ExampleTrainer {
  private readonly walker: ExampleWalker;
  private readonly rng: Rng;
  private alias: Uint32Array | null = null;
  private started = false;

  constructor(
    private readonly model: ExampleModel,
    private readonly corpus: EncodedCorpus,
    private readonly vocab: Vocab,
    private readonly dim: number,
    window: number,
    seed: number,
  ) {
    this.walker = new ExampleWalker(corpus, model.kind, window);
    this.rng = createRng(seed ^ 0x0e1a3b1e);
  }

  /**
   * Trains the next `count` examples at learning rate `lr`. The first call starts at the
   * first sentence that holds `startWords` in a row (the probe's "他 很 高兴"), if any.
   */
  train(count: number, lr: number, startWords: readonly number[]): LabExampleReport {
    if (!this.started) {
      this.started = true;
      const s = findSentence(this.corpus, startWords);
      if (s >= 0) this.walker.seek(s);
    }
    const listed: LabTrainedExample[] = [];
    const inRows = new Set<number>();
    const outRows = new Set<number>();
    const sums = [0, 0, 0, 0];
    let negatives = 0;
    let done = 0;
    let first = -1, last = -1;
    for (; done < count; done++) {
      const walked = this.walker.next();
      if (!walked) break;
      const ex = this.one(walked.sentence, walked.centre, walked.context, lr);
      if (first < 0) first = walked.sentence;
      last = walked.sentence;
      if (listed.length < EXAMPLES_LISTED) listed.push(ex);
      sums[0] += ex.before[0];
      sums[1] += ex.after[0];
      for (let i = 1; i < ex.before.length; i++) {
        sums[2] += ex.before[i];
        sums[3] += ex.after[i];
        negatives++;
      }
      this.recordRows(ex, inRows, outRows);
    }
    const { offsets, ids } = this.corpus;
    const sentenceIds = first >= 0 ? ids.slice(offsets[first], offsets[first + 1]) : new Int32Array(0);
    return {
      kind: this.model.kind,
      count: done,
      examples: listed,
      firstSentence: first,
      lastSentence: last,
      sentenceIds,
      touchedIn: Int32Array.from(inRows),
      touchedOut: Int32Array.from(outRows),
      summary: {
        positiveBefore: done ? sums[0] / done : NaN,
        positiveAfter: done ? sums[1] / done : NaN,
        negativeBefore: negatives ? sums[2] / negatives : NaN,
        negativeAfter: negatives ? sums[3] / negatives : NaN,
      },
      lr,
    };
  }

  /** Which rows the example changed, by table (the tied model has one table: all go to "in"). */
  private recordRows(ex: LabTrainedExample, inRows: Set<number>, outRows: Set<number>): void {
    const m = this.model;
    if (m.kind === 'next') {
      for (const r of ex.inputs) inRows.add(r);
      inRows.add(ex.positive);
      return;
    }
    if (!m.freeze) for (const r of ex.inputs) inRows.add(r);
    outRows.add(ex.positive);
    for (const r of ex.negatives) outRows.add(r);
  }

  private one(sentence: number, centre: number, context: readonly number[], lr: number): LabTrainedExample {
    const { ids, offsets } = this.corpus;
    const start = offsets[sentence];
    const at = centre - start;
    const contextAt = context.map((q) => q - start);
    const centreId = ids[centre];
    const contextIds = context.map((q) => ids[q]);
    const m = this.model;
    if (m.kind === 'next') return this.oneTied(m.lm, sentence, at, contextAt, contextIds, centreId, lr);
    // Skip-gram: the centre word's row predicts the context word. CBOW: the context's rows predict the centre.
    const inputs = m.kind === 'pair' ? [centreId] : contextIds;
    const positive = m.kind === 'pair' ? contextIds[0] : centreId;
    const noise = this.drawNoise(m.negative, positive);
    const u = negativeSamplingUpdate(m.W, m.C, this.dim, inputs, [positive, ...noise], [1, ...noise.map(() => 0)], lr, m.freeze);
    return { sentence, at, contextAt, inputs, positive, negatives: noise, before: Array.from(u.before), after: Array.from(u.after), loss: u.loss };
  }

  private oneTied(lm: TiedLmTrainer, sentence: number, at: number, contextAt: readonly number[], context: number[], target: number, lr: number): LabTrainedExample {
    const p0 = tiedNextToken((c) => lm.predict(c), context);
    const rivals = topOthers(p0, target, TIED_RIVALS);
    const shown = [target, ...rivals];
    const loss = tiedExampleUpdate(lm.params, { context, target, wrong: -1 }, lr);
    const p1 = tiedNextToken((c) => lm.predict(c), context);
    return { sentence, at, contextAt, inputs: context, positive: target, negatives: rivals, before: shown.map((w) => p0[w]), after: shown.map((w) => p1[w]), loss };
  }

  /** `n` noise words from counts^0.75 (never `<unk>`); a draw equal to the right word is skipped, as in word2vec. */
  private drawNoise(n: number, positive: number): number[] {
    if (n <= 0 || this.vocab.words.length < 3) return [];
    if (!this.alias) {
      this.alias = new Uint32Array(2 * (this.vocab.words.length - 1));
      fillAliasTable(this.alias, this.vocab.counts, 0.75);
    }
    const out: number[] = [];
    for (let d = 0; d < n; d++) {
      const w = aliasDraw(this.alias, this.rng.uint32());
      if (w !== positive) out.push(w);
    }
    return out;
  }
}

/** The `k` most probable IDs other than `except` and `<unk>`, best first. */
function topOthers(p: ArrayLike<number>, except: number, k: number): number[] {
  const out: number[] = [];
  for (let v = 1; v < p.length; v++) {
    if (v === except) continue;
    let i = out.length;
    if (i === k && !(p[v] > p[out[k - 1]])) continue;
    if (i === k) i = k - 1;
    out[i] = v;
    while (i > 0 && p[out[i - 1]] < p[v]) {
      out[i] = out[i - 1];
      out[i - 1] = v;
      i--;
    }
  }
  return out;
}
