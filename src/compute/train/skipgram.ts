/**
 * word2vec (skip-gram or CBOW with negative sampling) as a Steppable, so the lab can
 * watch the table W move batch by batch.
 *
 * Two tables: W (input, V×D: the embeddings we show) starts as small uniform noise
 * (−0.5/D, 0.5/D), C (output, "context" vectors) starts at zero — word2vec's choice, so
 * the first updates only move C and W follows once C carries signal. For each word in
 * a sentence and each neighbour within a randomly shrunk window, the neighbour's W row
 * is pulled toward the C row of the word (label 1) and pushed away from the C rows of
 * `negative` words drawn from the unigram^0.75 table (label 0). Words that share
 * neighbours get pulled toward the same C rows, so their W rows drift together.
 *
 * The kernel follows word2vec.c step for step (same window shrink, subsampling formula,
 * linear learning-rate decay, sigmoid table clipped at ±6) but is written for V8: flat
 * typed arrays, every field copied into a local before the loops, no allocation inside
 * them, an inline xorshift generator, and each pair's negatives drawn before any dot
 * product so the vector loops run uninterrupted.
 */
import { createRng } from '../random';
import type { Steppable } from '../task';
import type { EncodedCorpus } from './encode';
import { buildNoiseTable, keepProbabilities, UNK_ID, type Vocab } from './vocab';

export interface PretrainedVectors {
  readonly words: readonly string[];
  /** words.length × dim, row-major. */
  readonly vectors: Float32Array;
  readonly dim: number;
}

export interface SkipGramOptions {
  /** Embedding width D. Default 64. */
  dim?: number;
  /** Maximum distance to a context word; each position uses a random 1..window. Default 5. */
  window?: number;
  /** Noise words per positive pair. Default 5. */
  negative?: number;
  /** Sub-sampling threshold (word2vec -sample); 0 disables. Default 1e-3. */
  sample?: number;
  /** Starting learning rate, decayed linearly to lr·1e-4. Default 0.025 (skip-gram), 0.05 (CBOW). */
  lr?: number;
  /** Passes over the corpus. Default 5. */
  epochs?: number;
  seed?: number;
  /** Continuous bag of words: predict the word from the mean of its context. */
  cbow?: boolean;
  /** Corpus tokens per step unit: step(n) reads about n × batchWords tokens. Default 1000. */
  batchWords?: number;
  /** Keep W fixed; only C learns (probe a fixed embedding). */
  freeze?: boolean;
  /** Rows to copy into W for words both vocabularies share. */
  init?: PretrainedVectors;
  /** Entries in the noise table; a power of two. Default 2^20. */
  noiseTableSize?: number;
}

export interface TrainStats {
  /** step() calls so far. */
  step: number;
  /** Current epoch, 0-based (equals epochs when finished). */
  epoch: number;
  /** Corpus tokens read so far, summed over epochs (sub-sampled ones included, as word2vec counts). */
  wordsProcessed: number;
  /** Exponential moving average (per batch) of the loss per positive pair: −log σ(pos) − Σ log σ(−neg). NaN before any pair. */
  loss: number;
  /** Current learning rate. */
  lr: number;
}

export interface TrainSnapshot {
  /** Copy of W (V × dim). */
  readonly vectors: Float32Array;
  readonly stats: TrainStats;
}

export interface SkipGramResult {
  /** W itself (not a copy). */
  readonly vectors: Float32Array;
  /** C itself (not a copy). */
  readonly context: Float32Array;
  readonly dim: number;
  readonly stats: TrainStats;
}

export interface SkipGramTrainer extends Steppable<TrainSnapshot, SkipGramResult> {
  readonly vocab: Vocab;
  readonly dim: number;
  /** Live W (no copy): for tests and in-thread readers. */
  readonly input: Float32Array;
  /** Live C. */
  readonly output: Float32Array;
  /** Our IDs whose W rows were copied from `init`, ascending. */
  readonly initCopied: Int32Array;
  /** IDs of W rows changed by the last step() (empty when frozen), in first-touch order. */
  lastTouched(): Int32Array;
  /** IDs of C rows changed by the last step(). */
  lastTouchedOutput(): Int32Array;
  stats(): TrainStats;
}

const MAX_EXP = 6;
const EXP_TABLE_SIZE = 1000;
const MAX_SENTENCE = 1000;
const LOSS_EMA = 0.1;

// σ(x) and log σ(x) sampled on [−6, 6], as word2vec's expTable.
const SIGMOID = new Float64Array(EXP_TABLE_SIZE);
const LOG_SIG = new Float64Array(EXP_TABLE_SIZE);
const LOG_ONE_MINUS_SIG = new Float64Array(EXP_TABLE_SIZE);
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

export function createSkipGram(corpus: EncodedCorpus, vocab: Vocab, opts: SkipGramOptions = {}): SkipGramTrainer {
  return new SkipGram(corpus, vocab, opts);
}

class SkipGram implements SkipGramTrainer {
  readonly vocab: Vocab;
  readonly dim: number;
  readonly input: Float32Array;
  readonly output: Float32Array;
  readonly initCopied: Int32Array;

  private readonly ids: Int32Array;
  private readonly offsets: Int32Array;
  private readonly window: number;
  private readonly negative: number;
  private readonly lr0: number;
  private readonly epochs: number;
  private readonly cbow: boolean;
  private readonly freeze: boolean;
  private readonly batchWords: number;
  private readonly noise: Int32Array;
  private readonly keepThreshold: Float64Array;
  private readonly totalWords: number;

  // Scratch, allocated once.
  private readonly sen = new Int32Array(MAX_SENTENCE);
  private readonly neu1: Float64Array;
  private readonly neu1e: Float64Array;
  private readonly targets: Int32Array;

  // Touched-row bookkeeping for the UI flash.
  private readonly markIn: Uint8Array;
  private readonly markOut: Uint8Array;
  private readonly touchedIn: Int32Array;
  private readonly touchedOut: Int32Array;
  private nTouchedIn = 0;
  private nTouchedOut = 0;

  // Cursor and counters.
  private rand: number;
  private epoch = 0;
  private sentence = 0;
  private words = 0;
  private steps = 0;
  private lr: number;
  private loss = NaN;
  private lossSum = 0;
  private lossPairs = 0;

  constructor(corpus: EncodedCorpus, vocab: Vocab, opts: SkipGramOptions) {
    const V = vocab.words.length;
    const D = (this.dim = opts.dim ?? 64);
    if (!Number.isInteger(D) || D < 1) throw new Error(`dim must be a positive integer, got ${D}`);
    this.vocab = vocab;
    this.ids = corpus.ids;
    this.offsets = corpus.offsets;
    this.window = Math.max(1, opts.window ?? 5);
    this.negative = Math.max(0, opts.negative ?? 5);
    this.cbow = opts.cbow ?? false;
    this.lr0 = opts.lr ?? (this.cbow ? 0.05 : 0.025);
    this.lr = this.lr0;
    this.epochs = Math.max(1, opts.epochs ?? 5);
    this.freeze = opts.freeze ?? false;
    this.batchWords = Math.max(1, opts.batchWords ?? 1000);
    const tableSize = opts.noiseTableSize ?? 1 << 20;
    if ((tableSize & (tableSize - 1)) !== 0) throw new Error(`noiseTableSize must be a power of two, got ${tableSize}`);
    this.noise = buildNoiseTable(vocab.counts, 0.75, tableSize);

    // Keep probability as a threshold on a uint32 draw (no float divide per token).
    let known = 0;
    for (let i = 0; i < corpus.ids.length; i++) if (corpus.ids[i] !== UNK_ID) known++;
    this.totalWords = known;
    const keep = keepProbabilities(vocab.counts, vocab.total - vocab.counts[UNK_ID], opts.sample ?? 1e-3);
    this.keepThreshold = new Float64Array(V);
    for (let i = 0; i < V; i++) this.keepThreshold[i] = keep[i] * 4294967296;

    this.neu1 = new Float64Array(D);
    this.neu1e = new Float64Array(D);
    this.targets = new Int32Array(this.negative + 1);
    this.markIn = new Uint8Array(V);
    this.markOut = new Uint8Array(V);
    this.touchedIn = new Int32Array(V);
    this.touchedOut = new Int32Array(V);

    const seed = opts.seed ?? 1;
    const rng = createRng(seed);
    this.input = new Float32Array(V * D);
    for (let i = 0; i < V * D; i++) this.input[i] = (rng.next() - 0.5) / D;
    this.output = new Float32Array(V * D);
    this.rand = kernelSeed(seed);
    this.initCopied = opts.init ? this.copyInit(opts.init) : new Int32Array(0);
    if (this.totalWords === 0) this.epoch = this.epochs; // nothing to learn from
  }

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
      if (this.lossPairs > 0) {
        const batchLoss = this.lossSum / this.lossPairs;
        this.loss = Number.isNaN(this.loss) ? batchLoss : this.loss + LOSS_EMA * (batchLoss - this.loss);
      }
    }
    return this.epoch >= this.epochs;
  }

  /** Reads whole sentences until about batchWords corpus tokens are consumed. */
  private runBatch(): void {
    // Locals: V8 keeps these in registers; field loads in the inner loop would not be.
    const ids = this.ids, offsets = this.offsets, nSent = offsets.length - 1;
    const W = this.input, C = this.output, D = this.dim;
    const sen = this.sen, neu1 = this.neu1, neu1e = this.neu1e, targets = this.targets;
    const noise = this.noise, noiseMask = noise.length - 1, keepT = this.keepThreshold;
    const window = this.window, negative = this.negative, cbow = this.cbow, freeze = this.freeze;
    const markIn = this.markIn, markOut = this.markOut, touchedIn = this.touchedIn, touchedOut = this.touchedOut;
    let nIn = this.nTouchedIn, nOut = this.nTouchedOut;
    const lr0 = this.lr0, minLr = lr0 * 1e-4, trainTotal = this.epochs * this.totalWords + 1;
    let r = this.rand;
    let lossSum = 0, lossPairs = 0;
    let consumed = 0;
    let alpha = this.lr;

    while (consumed < this.batchWords && this.epoch < this.epochs) {
      const from = offsets[this.sentence], to = offsets[this.sentence + 1];
      let p = from;
      while (p < to) {
        // Load up to MAX_SENTENCE kept words (word2vec splits longer sentences the same way).
        let len = 0;
        for (; p < to && len < MAX_SENTENCE; p++) {
          const w = ids[p];
          if (w === UNK_ID) continue;
          consumed++;
          r ^= r << 13; r ^= r >>> 17; r ^= r << 5;
          if ((r >>> 0) < keepT[w]) sen[len++] = w;
        }
        alpha = lr0 * (1 - (this.words + consumed) / trainTotal);
        if (alpha < minLr) alpha = minLr;

        for (let pos = 0; pos < len; pos++) {
          const word = sen[pos];
          r ^= r << 13; r ^= r >>> 17; r ^= r << 5;
          const b = (r >>> 0) % window;
          const lo = pos - window + b < 0 ? 0 : pos - window + b;
          const hi = pos + window - b >= len ? len - 1 : pos + window - b;

          // Targets: the word itself, then its negatives, drawn up front so the vector
          // loops below run uninterrupted (a noise draw equal to the word is skipped, as
          // in word2vec). Inlined twice on purpose: a closure would capture `r` and
          // move it off the stack.
          targets[0] = word;
          let nt = 1;

          if (cbow) {
            let cw = 0;
            for (let c = 0; c < D; c++) neu1[c] = 0;
            for (let c = lo; c <= hi; c++) {
              if (c === pos) continue;
              const l1 = sen[c] * D;
              for (let k = 0; k < D; k++) neu1[k] += W[l1 + k];
              cw++;
            }
            if (cw === 0) continue;
            for (let k = 0; k < D; k++) {
              neu1[k] /= cw;
              neu1e[k] = 0;
            }
            nt = 1;
            for (let d = 0; d < negative; d++) {
              r ^= r << 13; r ^= r >>> 17; r ^= r << 5;
              const t = noise[r & noiseMask];
              if (t !== word) targets[nt++] = t;
            }
            for (let t = 0; t < nt; t++) {
              const target = targets[t];
              const l2 = target * D;
              let f = 0;
              for (let k = 0; k < D; k++) f += neu1[k] * C[l2 + k];
              const label = t === 0 ? 1 : 0;
              let g: number;
              if (f > MAX_EXP) {
                g = label - 1;
                lossSum += label ? 0 : f;
              } else if (f < -MAX_EXP) {
                g = label;
                lossSum += label ? -f : 0;
              } else {
                const idx = ((f + MAX_EXP) * (EXP_TABLE_SIZE / MAX_EXP / 2)) | 0;
                g = label - SIGMOID[idx];
                lossSum -= label ? LOG_SIG[idx] : LOG_ONE_MINUS_SIG[idx];
              }
              g *= alpha;
              for (let k = 0; k < D; k++) {
                neu1e[k] += g * C[l2 + k];
                C[l2 + k] += g * neu1[k];
              }
              if (markOut[target] === 0) { markOut[target] = 1; touchedOut[nOut++] = target; }
            }
            lossPairs++;
            if (!freeze) {
              for (let c = lo; c <= hi; c++) {
                if (c === pos) continue;
                const last = sen[c], l1 = last * D;
                for (let k = 0; k < D; k++) W[l1 + k] += neu1e[k];
                if (markIn[last] === 0) { markIn[last] = 1; touchedIn[nIn++] = last; }
              }
            }
            continue;
          }

          // Skip-gram: every context word's W row predicts `word` through C.
          for (let c = lo; c <= hi; c++) {
            if (c === pos) continue;
            const last = sen[c];
            const l1 = last * D;
            nt = 1;
            for (let d = 0; d < negative; d++) {
              r ^= r << 13; r ^= r >>> 17; r ^= r << 5;
              const t = noise[r & noiseMask];
              if (t !== word) targets[nt++] = t;
            }
            if (!freeze) for (let k = 0; k < D; k++) neu1e[k] = 0;
            for (let t = 0; t < nt; t++) {
              const target = targets[t];
              const l2 = target * D;
              let f0 = 0, f1 = 0, f2 = 0, f3 = 0, k = 0;
              for (; k + 3 < D; k += 4) {
                f0 += W[l1 + k] * C[l2 + k];
                f1 += W[l1 + k + 1] * C[l2 + k + 1];
                f2 += W[l1 + k + 2] * C[l2 + k + 2];
                f3 += W[l1 + k + 3] * C[l2 + k + 3];
              }
              for (; k < D; k++) f0 += W[l1 + k] * C[l2 + k];
              const f = f0 + f1 + f2 + f3;
              const label = t === 0 ? 1 : 0;
              let g: number;
              if (f > MAX_EXP) {
                g = label - 1;
                lossSum += label ? 0 : f;
              } else if (f < -MAX_EXP) {
                g = label;
                lossSum += label ? -f : 0;
              } else {
                const idx = ((f + MAX_EXP) * (EXP_TABLE_SIZE / MAX_EXP / 2)) | 0;
                g = label - SIGMOID[idx];
                lossSum -= label ? LOG_SIG[idx] : LOG_ONE_MINUS_SIG[idx];
              }
              g *= alpha;
              if (freeze) {
                for (let k = 0; k < D; k++) C[l2 + k] += g * W[l1 + k];
              } else {
                let k = 0;
                for (; k + 3 < D; k += 4) {
                  const c0 = C[l2 + k], c1 = C[l2 + k + 1], c2 = C[l2 + k + 2], c3 = C[l2 + k + 3];
                  C[l2 + k] = c0 + g * W[l1 + k];
                  C[l2 + k + 1] = c1 + g * W[l1 + k + 1];
                  C[l2 + k + 2] = c2 + g * W[l1 + k + 2];
                  C[l2 + k + 3] = c3 + g * W[l1 + k + 3];
                  neu1e[k] += g * c0;
                  neu1e[k + 1] += g * c1;
                  neu1e[k + 2] += g * c2;
                  neu1e[k + 3] += g * c3;
                }
                for (; k < D; k++) {
                  neu1e[k] += g * C[l2 + k];
                  C[l2 + k] += g * W[l1 + k];
                }
              }
              if (markOut[target] === 0) { markOut[target] = 1; touchedOut[nOut++] = target; }
            }
            lossPairs++;
            if (!freeze) {
              for (let k = 0; k < D; k++) W[l1 + k] += neu1e[k];
              if (markIn[last] === 0) { markIn[last] = 1; touchedIn[nIn++] = last; }
            }
          }
        }
      }
      this.sentence++;
      if (this.sentence >= nSent) {
        this.sentence = 0;
        this.epoch++;
      }
    }

    this.rand = r;
    this.words += consumed;
    this.lr = alpha;
    this.nTouchedIn = nIn;
    this.nTouchedOut = nOut;
    this.lossSum = lossSum;
    this.lossPairs = lossPairs;
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

  lastTouched(): Int32Array {
    return this.touchedIn.slice(0, this.nTouchedIn);
  }

  lastTouchedOutput(): Int32Array {
    return this.touchedOut.slice(0, this.nTouchedOut);
  }
}
