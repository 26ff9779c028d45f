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
 * linear learning-rate decay, sigmoid table clipped at ±6). There are two: a WebAssembly
 * SIMD one (skipgramWasm.ts, wasm/sgns.wat: the whole batch loop in one call, f32x4 dot
 * products and updates) used wherever it can run, and the plain-JS one (skipgramJs.ts)
 * as the fallback. Both run skip-gram, CBOW and freeze and consume the same xorshift
 * stream (identical sub-sampling and windows), but the WASM kernel draws noise words
 * from an exact alias table rather than the JS kernel's 2^20-entry one and computes in
 * f32 where the JS one accumulates in f64, so their tables are equally good, not
 * bit-identical. Each is deterministic for a seed.
 * What they share (defaults, tables, W's start, bookkeeping) is in skipgramCommon.ts.
 */
import type { Steppable } from '../task';
import type { EncodedCorpus } from './encode';
import { JsSkipGram } from './skipgramJs';
import { createWasmSkipGram, WasmMemoryError, wasmKernelUnsupported } from './skipgramWasm';
import type { Vocab } from './vocab';

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
  /** Entries in the JS kernel's noise table; a power of two. Default 2^20. (The WASM kernel's alias table is exact.) */
  noiseTableSize?: number;
  /**
   * 'wasm': the WebAssembly SIMD kernel (throws where it cannot run: no SIMD, dim not a
   * multiple of 4, tables over 2 GB); 'js': the plain-JS kernel; 'auto' (default): wasm
   * where it can run, else js.
   */
  kernel?: 'auto' | 'wasm' | 'js';
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
  /** Which kernel runs the batches. */
  readonly kernel: 'js' | 'wasm';
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

export function createSkipGram(corpus: EncodedCorpus, vocab: Vocab, opts: SkipGramOptions = {}): SkipGramTrainer {
  const kernel = opts.kernel ?? 'auto';
  if (kernel === 'js') return new JsSkipGram(corpus, vocab, opts);
  const why = wasmKernelUnsupported(corpus, vocab, opts);
  if (why !== null) {
    if (kernel === 'wasm') throw new Error(`the WebAssembly kernel cannot run here: ${why}`);
    return new JsSkipGram(corpus, vocab, opts);
  }
  try {
    return createWasmSkipGram(corpus, vocab, opts);
  } catch (e) {
    if (kernel === 'auto' && e instanceof WasmMemoryError) return new JsSkipGram(corpus, vocab, opts);
    throw e;
  }
}
