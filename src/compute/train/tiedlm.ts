/**
 * A tiny next-token model whose input and output share ONE embedding table E (V×D):
 * "weight tying". The lab uses it to show that the same row that *represents* a word
 * as context is also the row that *scores* it as the next word.
 *
 *   h0 = mean of E[c] over the previous k tokens (fewer at a sentence start)
 *   h  = h0, or tanh(A·h0 + a) with the optional D×D layer
 *   logits_v = E_v · h + b_v,  p = softmax(logits),  loss = −log p[target]
 *
 * Gradients reach E twice: every row through the softmax (E_v gets (p_v − y_v)·h) and
 * the context rows through h. Full softmax, so one token costs O(V·D); that part runs
 * in a WebAssembly SIMD kernel (tiedKernel.ts, ~0.1 ms a token at V = 12k, D = 32),
 * the rest — context mean, the D×D layer, the context rows — in JS.
 *
 * Training is plain SGD, one token at a time, with word2vec's linear learning-rate
 * decay. The trainer fuses gradient and update into two passes over E; the reference
 * `tiedLossAndGradient` computes the same gradient separately for the finite-difference
 * check and for the test that a step moves every parameter by −lr × gradient.
 */
import { createRng } from '../random';
import type { Steppable } from '../task';
import type { EncodedCorpus } from './encode';
import type { TrainSnapshot, TrainStats } from './skipgramTypes';
import { createTiedKernel, type TiedKernel } from './tiedKernel';
import type { Vocab } from './vocab';

export interface TiedLmOptions {
  /** Embedding width D. Default 32. */
  dim?: number;
  /** Previous tokens averaged into the context. Default 2. */
  context?: number;
  /**
   * Add the D×D layer + tanh between the context mean and the output. Default true:
   * without it h is the mean of the context rows themselves, so E_c·h contains |E_c|²
   * and the model mostly predicts a word it has just seen ("他很" → 很).
   */
  hidden?: boolean;
  /** Starting learning rate (linear decay to lr·1e-4). Default 0.1. */
  lr?: number;
  /** Default 5. */
  epochs?: number;
  seed?: number;
  /** Predicted tokens per step unit. Default 200. */
  batchWords?: number;
  /**
   * 'auto' (default): the WebAssembly SIMD kernel (tiedKernel.ts) for the O(V·D) work
   * where the engine has SIMD and dim is a multiple of 4, else the JS loop; 'js' forces it.
   */
  kernel?: 'auto' | 'js';
}

/** The model's parameters (live arrays). A and a are empty without the hidden layer. */
export interface TiedParams {
  readonly vocabSize: number;
  readonly dim: number;
  /** V × D, shared by input and output. */
  readonly E: Float32Array;
  /** Output bias, V. */
  readonly b: Float32Array;
  /** D × D, row-major (A[i*D + j] multiplies h0[j] into z[i]); empty without hidden layer. */
  readonly A: Float32Array;
  /** Hidden bias, D; empty without hidden layer. */
  readonly a: Float32Array;
}

export interface TiedGradient {
  readonly loss: number;
  readonly E: Float64Array;
  readonly b: Float64Array;
  readonly A: Float64Array;
  readonly a: Float64Array;
}

export interface TiedLmResult {
  readonly vectors: Float32Array;
  readonly dim: number;
  readonly params: TiedParams;
  readonly stats: TrainStats;
}

export interface TiedLmTrainer extends Steppable<TrainSnapshot, TiedLmResult> {
  readonly vocab: Vocab;
  readonly dim: number;
  readonly params: TiedParams;
  /** Next-token probabilities (length V) after the given context IDs (the last k are used). */
  predict(contextIds: ArrayLike<number>): Float32Array;
  /**
   * Rows used as context or target by the last step(). Every row also moves a little
   * through the softmax; these are the ones that moved for a reason you can name.
   */
  lastTouched(): Int32Array;
  stats(): TrainStats;
}

const LOSS_EMA = 0.1;

/** Forward pass shared by the reference gradient, the trainer and predict(). Fills h0, h, logits → p. */
function forward(
  P: TiedParams,
  ctx: ArrayLike<number>,
  h0: Float64Array,
  h: Float64Array,
  p: Float64Array,
): void {
  hidden(P, ctx, h0, h);
  const { E, b, vocabSize: V, dim: D } = P;
  let max = -Infinity;
  for (let v = 0; v < V; v++) {
    const o = v * D;
    let s = b[v];
    for (let k = 0; k < D; k++) s += E[o + k] * h[k];
    p[v] = s;
    if (s > max) max = s;
  }
  let sum = 0;
  for (let v = 0; v < V; v++) {
    const e = Math.exp(p[v] - max);
    p[v] = e;
    sum += e;
  }
  for (let v = 0; v < V; v++) p[v] /= sum;
}

/** h0 = mean of the context rows; h = tanh(A·h0 + a), or h0 without the hidden layer. */
function hidden(P: TiedParams, ctx: ArrayLike<number>, h0: Float64Array, h: Float64Array): void {
  const { E, A, a, dim: D } = P;
  h0.fill(0);
  const n = ctx.length;
  for (let j = 0; j < n; j++) {
    const o = ctx[j] * D;
    for (let k = 0; k < D; k++) h0[k] += E[o + k];
  }
  if (n > 0) for (let k = 0; k < D; k++) h0[k] /= n;
  if (A.length) {
    for (let i = 0; i < D; i++) {
      let z = a[i];
      for (let j = 0; j < D; j++) z += A[i * D + j] * h0[j];
      h[i] = Math.tanh(z);
    }
  } else {
    h.set(h0);
  }
}

/** Loss and full gradient for one (context, target) example, in float64 (the reference). */
export function tiedLossAndGradient(P: TiedParams, ctx: ArrayLike<number>, target: number): TiedGradient {
  const { E, A, vocabSize: V, dim: D } = P;
  const h0 = new Float64Array(D);
  const h = new Float64Array(D);
  const p = new Float64Array(V);
  forward(P, ctx, h0, h, p);
  const loss = -Math.log(p[target]);
  const gE = new Float64Array(V * D);
  const gb = new Float64Array(V);
  const gA = new Float64Array(A.length);
  const ga = new Float64Array(P.a.length);
  const dh = new Float64Array(D);
  for (let v = 0; v < V; v++) {
    const g = p[v] - (v === target ? 1 : 0);
    gb[v] = g;
    const o = v * D;
    for (let k = 0; k < D; k++) {
      gE[o + k] += g * h[k];
      dh[k] += g * E[o + k];
    }
  }
  let dh0 = dh;
  if (A.length) {
    dh0 = new Float64Array(D);
    for (let i = 0; i < D; i++) {
      const dz = dh[i] * (1 - h[i] * h[i]);
      ga[i] = dz;
      for (let j = 0; j < D; j++) {
        gA[i * D + j] = dz * h0[j];
        dh0[j] += A[i * D + j] * dz;
      }
    }
  }
  const n = ctx.length;
  for (let j = 0; j < n; j++) {
    const o = ctx[j] * D;
    for (let k = 0; k < D; k++) gE[o + k] += dh0[k] / n;
  }
  return { loss, E: gE, b: gb, A: gA, a: ga };
}

/** Fresh parameters: E uniform in ±0.5/√D (seeded), A = identity, biases zero. */
export function initTiedParams(vocabSize: number, dim: number, hidden: boolean, seed: number): TiedParams {
  const rng = createRng(seed);
  const E = new Float32Array(vocabSize * dim);
  const scale = 1 / Math.sqrt(dim);
  for (let i = 0; i < E.length; i++) E[i] = (rng.next() - 0.5) * scale;
  const A = new Float32Array(hidden ? dim * dim : 0);
  if (hidden) for (let i = 0; i < dim; i++) A[i * dim + i] = 1;
  return { vocabSize, dim, E, b: new Float32Array(vocabSize), A, a: new Float32Array(hidden ? dim : 0) };
}

export function createTiedLm(corpus: EncodedCorpus, vocab: Vocab, opts: TiedLmOptions = {}): TiedLmTrainer {
  return new TiedLm(corpus, vocab, opts);
}

class TiedLm implements TiedLmTrainer {
  readonly vocab: Vocab;
  readonly dim: number;
  readonly params: TiedParams;
  /** The SIMD kernel holding E and b, or null for the JS loop. */
  private readonly kernel: TiedKernel | null;
  private readonly ids: Int32Array;
  private readonly offsets: Int32Array;
  private readonly k: number;
  private readonly lr0: number;
  private readonly epochs: number;
  private readonly batchWords: number;
  private readonly totalPredictions: number;
  // Scratch.
  private readonly h0: Float64Array;
  private readonly h: Float64Array;
  private readonly p: Float64Array;
  private readonly dh: Float64Array;
  private readonly dh0: Float64Array;
  private readonly mark: Uint8Array;
  private readonly touched: Int32Array;
  private nTouched = 0;
  // Cursor: the next position to predict.
  private epoch = 0;
  private pos = 0;
  private done = 0;
  private steps = 0;
  private lr: number;
  private loss = NaN;

  constructor(corpus: EncodedCorpus, vocab: Vocab, opts: TiedLmOptions) {
    const V = vocab.words.length;
    const D = (this.dim = opts.dim ?? 32);
    this.vocab = vocab;
    this.ids = corpus.ids;
    this.offsets = corpus.offsets;
    this.k = Math.max(1, opts.context ?? 2);
    this.lr0 = opts.lr ?? 0.1;
    this.lr = this.lr0;
    this.epochs = Math.max(1, opts.epochs ?? 5);
    this.batchWords = Math.max(1, opts.batchWords ?? 200);
    const params = initTiedParams(V, D, opts.hidden ?? true, opts.seed ?? 1);
    this.kernel = opts.kernel === 'js' ? null : createTiedKernel(params.E, params.b, V, D);
    this.params = this.kernel ? { ...params, E: this.kernel.E, b: this.kernel.b } : params;
    // The first token of each sentence has no context and is not predicted.
    let n = 0;
    for (let s = 0; s + 1 < corpus.offsets.length; s++) n += Math.max(0, corpus.offsets[s + 1] - corpus.offsets[s] - 1);
    this.totalPredictions = n;
    this.h0 = new Float64Array(D);
    this.h = new Float64Array(D);
    this.p = new Float64Array(V);
    this.dh = new Float64Array(D);
    this.dh0 = new Float64Array(D);
    this.mark = new Uint8Array(V);
    this.touched = new Int32Array(V);
    if (n === 0) this.epoch = this.epochs;
  }

  /** Sentence start for position i (binary search over offsets). */
  private sentenceStart(i: number): number {
    const off = this.offsets;
    let lo = 0, hi = off.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (off[mid] <= i) lo = mid;
      else hi = mid;
    }
    return off[lo];
  }

  private touch(id: number): void {
    if (this.mark[id] === 0) {
      this.mark[id] = 1;
      this.touched[this.nTouched++] = id;
    }
  }

  /** One SGD step on one example: gradient and update fused, both from the old parameters. */
  private train(ctx: Int32Array, target: number, lr: number): number {
    const { E, A, a, dim: D } = this.params;
    const { h0, h, dh, dh0 } = this;
    let loss: number;
    if (this.kernel) {
      hidden(this.params, ctx, h0, h);
      const kh = this.kernel.h;
      for (let k = 0; k < D; k++) kh[k] = h[k];
      loss = this.kernel.step(target, lr);
      const kd = this.kernel.dh;
      for (let k = 0; k < D; k++) dh[k] = kd[k];
    } else {
      loss = this.outputStepJs(ctx, target, lr);
    }
    if (A.length) {
      dh0.fill(0);
      for (let i = 0; i < D; i++) {
        const dz = dh[i] * (1 - h[i] * h[i]);
        for (let j = 0; j < D; j++) {
          dh0[j] += A[i * D + j] * dz;
          A[i * D + j] -= lr * dz * h0[j];
        }
        a[i] -= lr * dz;
      }
    } else {
      dh0.set(dh);
    }
    const n = ctx.length;
    for (let j = 0; j < n; j++) {
      const o = ctx[j] * D;
      for (let k = 0; k < D; k++) E[o + k] -= (lr * dh0[k]) / n;
    }
    return loss;
  }

  /** The O(V·D) part in JS: softmax over every word, then every row and bias updated, dh from the old rows. */
  private outputStepJs(ctx: Int32Array, target: number, lr: number): number {
    const { E, b, vocabSize: V, dim: D } = this.params;
    const { h0, h, p, dh } = this;
    forward(this.params, ctx, h0, h, p);
    const loss = -Math.log(Math.max(p[target], 1e-30));
    dh.fill(0);
    for (let v = 0; v < V; v++) {
      const g = p[v] - (v === target ? 1 : 0);
      const o = v * D;
      for (let k = 0; k < D; k++) {
        const e = E[o + k];
        dh[k] += g * e;
        E[o + k] = e - lr * g * h[k];
      }
      b[v] -= lr * g;
    }
    return loss;
  }

  step(budget: number): boolean {
    this.steps++;
    for (let i = 0; i < this.nTouched; i++) this.mark[this.touched[i]] = 0;
    this.nTouched = 0;
    const batches = Math.max(1, Math.floor(budget));
    const ids = this.ids;
    const minLr = this.lr0 * 1e-4;
    const total = this.epochs * this.totalPredictions + 1;
    for (let bi = 0; bi < batches && this.epoch < this.epochs; bi++) {
      let sum = 0, count = 0;
      while (count < this.batchWords && this.epoch < this.epochs) {
        const i = this.pos;
        const start = this.sentenceStart(i);
        if (i > start) {
          const ctx = ids.subarray(Math.max(start, i - this.k), i);
          this.lr = Math.max(minLr, this.lr0 * (1 - this.done / total));
          sum += this.train(ctx, ids[i], this.lr);
          for (let j = 0; j < ctx.length; j++) this.touch(ctx[j]);
          this.touch(ids[i]);
          count++;
          this.done++;
        }
        this.pos++;
        if (this.pos >= ids.length) {
          this.pos = 0;
          this.epoch++;
        }
      }
      if (count > 0) {
        const batchLoss = sum / count;
        this.loss = Number.isNaN(this.loss) ? batchLoss : this.loss + LOSS_EMA * (batchLoss - this.loss);
      }
    }
    return this.epoch >= this.epochs;
  }

  predict(contextIds: ArrayLike<number>): Float32Array {
    const D = this.dim;
    const from = Math.max(0, contextIds.length - this.k);
    const ctx = Array.from({ length: contextIds.length - from }, (_, j) => contextIds[from + j]);
    const p = new Float64Array(this.params.vocabSize);
    forward(this.params, ctx, new Float64Array(D), new Float64Array(D), p);
    return Float32Array.from(p);
  }

  progress(): number {
    return Math.min(1, this.done / (this.epochs * this.totalPredictions || 1));
  }

  stats(): TrainStats {
    return { step: this.steps, epoch: this.epoch, wordsProcessed: this.done, loss: this.loss, lr: this.lr };
  }

  snapshot(): TrainSnapshot {
    return { vectors: this.params.E.slice(), stats: this.stats() };
  }

  result(): TiedLmResult {
    return { vectors: this.params.E, dim: this.dim, params: this.params, stats: this.stats() };
  }

  lastTouched(): Int32Array {
    return this.touched.slice(0, this.nTouched);
  }
}
