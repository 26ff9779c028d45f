/**
 * "% of 128-bit SIMD peak" for skip-gram training: how close the kernel's measured
 * cycles per (context, word) pair come to the fewest cycles the pair's vector arithmetic
 * needs on this CPU at four f32x4 operations a cycle. The figure, step by step:
 *
 * 1. Vector ops per pair (skip-gram with negative sampling, width D, K noise words, so
 *    1 + K targets: the word and its noise words), counting f32x4 mul and add only
 *    (WebAssembly SIMD 128 has no fused multiply-add), with D/4 vectors a row:
 *      dot products   (1 + K) · D/4 · 2   f = W[ctx] · C[t]: one mul + one add per vector
 *      update of C    (1 + K) · D/4 · 2   C[t] += g · W[ctx]
 *      gradient of W  (1 + K) · D/4 · 2   neu1e += g · C[t]
 *      W += neu1e             D/4         one add per vector
 *    = (1 + K) · 6 · D/4 + D/4; D = 64, K = 5: 6 · 96 + 16 = 592 ops a pair. Sharing one
 *    draw of noise words over a window's pairs (pWord2Vec, as the kernel does) does not
 *    change this: every pair still has its 1 + K dot products and updates; only the
 *    draws are shared. Not counted: loads, stores, splats, the
 *    horizontal sums of the dot products, the σ lookups and the noise draws — overhead the
 *    count leaves to the kernel. A noise draw equal to the word is skipped, as in word2vec,
 *    so the count is slightly above the work done (by the share of such draws, ~1 %).
 * 2. Assumed peak: PEAK_OPS_PER_CYCLE = 4 f32x4 ops a cycle. The AMD EPYC hosts this VM
 *    has landed on (Zen 3, family 25; Zen 5, family 26) have two FP multiply pipes and
 *    two FP add pipes, each taking one 128-bit op a cycle (Zen 5's are wider, not more); our mix is half muls, half adds (288 muls, 304 adds a pair), so
 *    4 a cycle is the ceiling (152 cycles a pair if the adds are the bottleneck, 148 by
 *    the plain count; we use 148). Loads and stores (3 and 2 a cycle) are not the limit.
 * 3. Measured cycles per pair = CPU seconds of the training loop × clock (Hz) ÷ pairs
 *    trained (the trainer's examplesTrained()). The clock is /proc/cpuinfo's "cpu MHz"
 *    (2445 MHz here, the VM's nominal clock): a core that boosts above it does more
 *    cycles than we count, so the figure is an upper bound when turbo is on.
 * 4. % of peak = (ops per pair / PEAK_OPS_PER_CYCLE) ÷ measured cycles per pair.
 */
import { readFileSync } from 'node:fs';

export const PEAK_OPS_PER_CYCLE = 4;

/** f32x4 mul + add operations one skip-gram pair needs (step 1 above); dim a multiple of 4. */
export function vectorOpsPerPair(dim: number, negative: number): number {
  const v = dim / 4;
  return (1 + negative) * 6 * v + v;
}

/** The first core's "cpu MHz" from /proc/cpuinfo, or null where there is none (not Linux). */
export function cpuMHz(): number | null {
  try {
    const m = /cpu MHz\s*:\s*([\d.]+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

export interface PeakFigure {
  readonly opsPerPair: number;
  readonly mhz: number;
  readonly cyclesPerPair: number;
  /** Fraction of the peak, 0..1. */
  readonly ofPeak: number;
}

export function simdPeakFigure(cpuMs: number, pairs: number, dim: number, negative: number, mhz = cpuMHz()): PeakFigure | null {
  if (mhz === null || pairs <= 0 || cpuMs <= 0) return null;
  const opsPerPair = vectorOpsPerPair(dim, negative);
  const cyclesPerPair = (cpuMs / 1000) * mhz * 1e6 / pairs;
  return { opsPerPair, mhz, cyclesPerPair, ofPeak: opsPerPair / PEAK_OPS_PER_CYCLE / cyclesPerPair };
}
