/**
 * NN-descent's first guess, as pynndescent makes it: random-projection trees split the
 * points by the hyperplane halfway between two random members until a leaf holds at
 * most leafSize points, and every pair inside a leaf seeds both heaps (through the
 * join's kernel block). Yields its work in pairs so the driver can slice it.
 */
import { pairBlock, type JoinScratch } from './nndescentJoin';
import type { NNState } from './nndescentState';

/** All pairs of a leaf seed the heaps (one kernel block). */
function leafPairs(s: NNState, w: JoinScratch, perm: Int32Array, start: number, end: number): void {
  const m = end - start;
  for (let r = 0; r < m; r++) w.ids[r] = perm[start + r];
  pairBlock(s, w, m, m);
}

/**
 * Splits perm[start, end) by the hyperplane halfway between two random members
 * (through the origin for unit rows); returns the split point.
 */
function split(s: NNState, perm: Int32Array, normal: Float32Array, start: number, end: number): number {
  const { data, dim, ld, rng } = s;
  const size = end - start;
  const p = perm[start + rng.int(size)];
  let q = perm[start + rng.int(size - 1)];
  if (q === p) q = perm[end - 1];
  let offset = 0;
  const po = p * ld;
  const qo = q * ld;
  for (let t = 0; t < dim; t++) {
    normal[t] = data[po + t] - data[qo + t];
    offset -= (normal[t] * (data[po + t] + data[qo + t])) / 2;
  }
  let lo = start;
  let hi = end - 1;
  while (lo <= hi) {
    const r = perm[lo];
    const ro = r * ld;
    // Four sums in flight: one running sum waits ~4 cycles per add (latency-bound).
    let s0 = offset;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let t = 0;
    for (; t + 3 < dim; t += 4) {
      s0 += normal[t] * data[ro + t];
      s1 += normal[t + 1] * data[ro + t + 1];
      s2 += normal[t + 2] * data[ro + t + 2];
      s3 += normal[t + 3] * data[ro + t + 3];
    }
    for (; t < dim; t++) s0 += normal[t] * data[ro + t];
    const side = s0 + s1 + s2 + s3;
    // Ties (e.g. duplicates) go either way at random so a split always makes progress.
    const left = side === 0 ? rng.next() < 0.5 : side < 0;
    if (left) lo++;
    else {
      perm[lo] = perm[hi];
      perm[hi] = r;
      hi--;
    }
  }
  // A degenerate split (all on one side) falls back to halving.
  return lo === start || lo === end ? start + (size >> 1) : lo;
}

/** Builds one tree and seeds the heaps from its leaves; yields pairs (or points split) done. */
export function* plantTree(s: NNState, w: JoinScratch, leafSize: number, perm: Int32Array, normal: Float32Array, yieldEvery: number): Generator<number, void, void> {
  for (let i = 0; i < s.n; i++) perm[i] = i;
  const stack: number[] = [0, s.n];
  let pending = 0;
  while (stack.length) {
    const end = stack.pop() as number;
    const start = stack.pop() as number;
    if (end - start <= leafSize) {
      leafPairs(s, w, perm, start, end);
      pending += ((end - start) * (end - start - 1)) / 2;
    } else {
      const mid = split(s, perm, normal, start, end);
      stack.push(start, mid, mid, end);
      pending += end - start;
    }
    if (pending >= yieldEvery) {
      yield pending;
      pending = 0;
    }
  }
  yield pending;
}
