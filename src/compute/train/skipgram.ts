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
 * linear learning-rate decay, sigmoid table clipped at ±6), except that within one
 * (input, word) pair both kernels take every target's score before any of the pair's
 * updates, where word2vec moves C between targets: the same thing unless a noise word
 * is drawn twice for the pair (the WASM kernel's speed comes from that order). There are two: a WebAssembly
 * SIMD one (skipgramWasm.ts, wasm/sgns.wat: the whole batch loop in one call, f32x4 dot
 * products and updates) used wherever it can run, and the plain-JS one (skipgramJs.ts)
 * as the fallback. Both run skip-gram, CBOW and freeze and consume the same xorshift
 * stream (identical sub-sampling and windows), but the WASM kernel draws noise words
 * from an exact alias table rather than the JS kernel's 2^20-entry one and computes in
 * f32 where the JS one accumulates in f64, so their tables are equally good, not
 * bit-identical. Each is deterministic for a seed.
 * What they share (defaults, tables, W's start, bookkeeping) is in skipgramCommon.ts.
 */
import type { EncodedCorpus } from './encode';
import { JsSkipGram } from './skipgramJs';
import { createWasmSkipGram, WasmMemoryError, wasmKernelUnsupported } from './skipgramWasm';
import type { SkipGramOptions, SkipGramTrainer } from './skipgramTypes';
import type { Vocab } from './vocab';

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
