/**
 * What the two skip-gram kernels (plain JS in skipgramJs.ts, WebAssembly SIMD in
 * skipgramWasm.ts) share, so that they differ only in the batch loop: option
 * defaults and checks, the sub-sampling thresholds, W's starting values, the
 * pretrained-row copy, and the Steppable bookkeeping around runBatch() (steps, epochs,
 * loss EMA, touched rows, snapshots). A kernel only has to advance the cursor and fill
 * in the counters the same way.
 */
import { createRng } from '../random';
import type { EncodedCorpus } from './encode';
import type { PretrainedVectors, SkipGramOptions, SkipGramResult, SkipGramTrainer, TrainSnapshot, TrainStats } from './skipgramTypes';
import { keepProbabilities, UNK_ID, type Vocab } from './vocab';

export const MAX_EXP = 6;
export const EXP_TABLE_SIZE = 1000;
export const MAX_SENTENCE = 1000;
const LOSS_EMA = 0.1;

// σ(x) and log σ(x) sampled on [−6, 6], as word2vec's expTable.
export const SIGMOID = new Float64Array(EXP_TABLE_SIZE);
export const LOG_SIG = new Float64Array(EXP_TABLE_SIZE);
export const LOG_ONE_MINUS_SIG = new Float64Array(EXP_TABLE_SIZE);
for (let i = 0; i < EXP_TABLE_SIZE; i++) {
  const x = ((i / EXP_TABLE_SIZE) * 2 - 1) * MAX_EXP;
  const s = 1 / (1 + Math.exp(-x));
  SIGMOID[i] = s;
  LOG_SIG[i] = Math.log(s);
  LOG_ONE_MINUS_SIG[i] = Math.log(1 - s);
}

/** A nonzero 32-bit seed for the kernel's xorshift state. */
function kernelSeed(seed: number): number {
  const r = createRng(seed ^ 0x5eed5eed).uint32() | 0;
  return r === 0 ? 0x2545f491 : r;
}

/** Options resolved to their defaults and checked, plus the tables built from the vocabulary. */
export interface TrainingSetup {
  readonly V: number;
  readonly dim: number;
  readonly window: number;
  readonly negative: number;
  readonly lr0: number;
  readonly epochs: number;
  readonly cbow: boolean;
  readonly freeze: boolean;
  readonly batchWords: number;
  readonly seed: number;
  /** Entries in the JS kernel's unigram^0.75 table (a power of two; the WASM kernel draws from an exact alias table instead). */
  readonly noiseTableSize: number;
  /** Keep probability × 2^32, compared with a uint32 draw (no float divide per token). */
  readonly keepThreshold: Float64Array;
  /** Known (non-`<unk>`) tokens in one pass over the corpus. */
  readonly totalWords: number;
}

export function prepareTraining(corpus: EncodedCorpus, vocab: Vocab, opts: SkipGramOptions): TrainingSetup {
  const V = vocab.words.length;
  const dim = opts.dim ?? 64;
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`dim must be a positive integer, got ${dim}`);
  const cbow = opts.cbow ?? false;
  const tableSize = opts.noiseTableSize ?? 1 << 20;
  if ((tableSize & (tableSize - 1)) !== 0) throw new Error(`noiseTableSize must be a power of two, got ${tableSize}`);
  let known = 0;
  for (let i = 0; i < corpus.ids.length; i++) if (corpus.ids[i] !== UNK_ID) known++;
  const keep = keepProbabilities(vocab.counts, vocab.total - vocab.counts[UNK_ID], opts.sample ?? 1e-3);
  const keepThreshold = new Float64Array(V);
  for (let i = 0; i < V; i++) keepThreshold[i] = keep[i] * 4294967296;
  return {
    V,
    dim,
    window: Math.max(1, opts.window ?? 5),
    negative: Math.max(0, opts.negative ?? 5),
    lr0: opts.lr ?? (cbow ? 0.05 : 0.025),
    epochs: Math.max(1, opts.epochs ?? 5),
    cbow,
    freeze: opts.freeze ?? false,
    batchWords: Math.max(1, opts.batchWords ?? 1000),
    seed: opts.seed ?? 1,
    noiseTableSize: tableSize,
    keepThreshold,
    totalWords: known,
  };
}

/** Where a kernel keeps its tables: its own arrays (JS) or views on WebAssembly memory. */
export interface KernelTables {
  readonly input: Float32Array;
  readonly output: Float32Array;
  readonly markIn: Uint8Array;
  readonly markOut: Uint8Array;
  readonly touchedIn: Int32Array;
  readonly touchedOut: Int32Array;
}

export abstract class SkipGramBase implements SkipGramTrainer {
  abstract readonly kernel: 'js' | 'wasm';
  readonly vocab: Vocab;
  readonly dim: number;
  readonly input: Float32Array;
  readonly output: Float32Array;
  readonly initCopied: Int32Array;

  protected readonly epochs: number;
  protected readonly totalWords: number;

  // Touched-row bookkeeping for the UI flash.
  protected readonly markIn: Uint8Array;
  protected readonly markOut: Uint8Array;
  protected readonly touchedIn: Int32Array;
  protected readonly touchedOut: Int32Array;
  protected nTouchedIn = 0;
  protected nTouchedOut = 0;

  // Cursor and counters; runBatch() advances them and sets lossSum / lossPairs for its batch.
  protected rand: number;
  protected epoch = 0;
  protected sentence = 0;
  protected words = 0;
  protected lr: number;
  protected lossSum = 0;
  protected lossPairs = 0;
  private steps = 0;
  private loss = NaN;
  private examples = 0;

  constructor(vocab: Vocab, setup: TrainingSetup, tables: KernelTables, init: PretrainedVectors | undefined) {
    this.vocab = vocab;
    this.dim = setup.dim;
    this.epochs = setup.epochs;
    this.totalWords = setup.totalWords;
    this.lr = setup.lr0;
    ({ input: this.input, output: this.output } = tables);
    ({ markIn: this.markIn, markOut: this.markOut, touchedIn: this.touchedIn, touchedOut: this.touchedOut } = tables);

    const D = this.dim;
    const rng = createRng(setup.seed);
    for (let i = 0; i < setup.V * D; i++) this.input[i] = (rng.next() - 0.5) / D;
    this.output.fill(0);
    this.rand = kernelSeed(setup.seed);
    this.initCopied = init ? this.copyInit(init) : new Int32Array(0);
    if (this.totalWords === 0) this.epoch = this.epochs; // nothing to learn from
  }

  /** Reads whole sentences until about batchWords corpus tokens are consumed. */
  protected abstract runBatch(): void;

  private copyInit(init: PretrainedVectors): Int32Array {
    if (init.dim !== this.dim) throw new Error(`pretrained vectors have dim ${init.dim}, the model has ${this.dim}`);
    if (init.vectors.length !== init.words.length * init.dim) {
      throw new Error(`pretrained vectors: ${init.words.length} words need ${init.words.length * init.dim} values, got ${init.vectors.length}`);
    }
    const copied: number[] = [];
    const D = this.dim;
    init.words.forEach((w, j) => {
      const id = this.vocab.index.get(w);
      if (id === undefined || id === UNK_ID) return;
      this.input.set(init.vectors.subarray(j * D, (j + 1) * D), id * D);
      copied.push(id);
    });
    // A word listed twice in the pretrained file: the last row wins, reported once.
    return Int32Array.from(new Set(copied)).sort();
  }

  step(budget: number): boolean {
    this.steps++;
    for (let i = 0; i < this.nTouchedIn; i++) this.markIn[this.touchedIn[i]] = 0;
    for (let i = 0; i < this.nTouchedOut; i++) this.markOut[this.touchedOut[i]] = 0;
    this.nTouchedIn = this.nTouchedOut = 0;
    const batches = Math.max(1, Math.floor(budget));
    for (let b = 0; b < batches && this.epoch < this.epochs; b++) {
      this.lossSum = 0;
      this.lossPairs = 0;
      this.runBatch();
      this.examples += this.lossPairs;
      if (this.lossPairs > 0) {
        const batchLoss = this.lossSum / this.lossPairs;
        this.loss = Number.isNaN(this.loss) ? batchLoss : this.loss + LOSS_EMA * (batchLoss - this.loss);
      }
    }
    return this.epoch >= this.epochs;
  }

  progress(): number {
    return Math.min(1, this.words / (this.epochs * this.totalWords || 1));
  }

  stats(): TrainStats {
    return { step: this.steps, epoch: this.epoch, wordsProcessed: this.words, loss: this.loss, lr: this.lr };
  }

  snapshot(): TrainSnapshot {
    return { vectors: this.input.slice(), stats: this.stats() };
  }

  result(): SkipGramResult {
    return { vectors: this.input, context: this.output, dim: this.dim, stats: this.stats() };
  }

  examplesTrained(): number {
    return this.examples;
  }

  lastTouched(): Int32Array {
    return this.touchedIn.slice(0, this.nTouchedIn);
  }

  lastTouchedOutput(): Int32Array {
    return this.touchedOut.slice(0, this.nTouchedOut);
  }
}
