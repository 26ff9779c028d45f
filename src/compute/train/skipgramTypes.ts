/** The skip-gram / CBOW trainer's options, progress and result (the trainer is skipgram.ts). */
import type { Steppable } from '../task';
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
  /**
   * Training examples so far: (context, word) pairs in skip-gram, positions in CBOW — the
   * count every speed figure per pair divides by (each pair has `negative` noise words).
   */
  examplesTrained(): number;
  /** IDs of W rows changed by the last step() (empty when frozen), in first-touch order. */
  lastTouched(): Int32Array;
  /** IDs of C rows changed by the last step(). */
  lastTouchedOutput(): Int32Array;
  stats(): TrainStats;
}
