/**
 * The k-d order of the pruned kNN graph's rows (knnPrunedPlan.ts): rows near each other
 * in z (their projection onto the plan's axes) get positions near each other, so the
 * blocks of B consecutive positions are tight balls and most tiles between far blocks
 * can be skipped.
 */
import { B } from './knnPrunedBalls';

/** Rows a k-d node looks at (evenly spaced) to pick its widest coordinate. */
const KD_SPREAD_ROWS = 256;

/**
 * Positions → rows: a k-d split of z on its widest coordinate, halves aligned to B.
 * A node only needs which rows go left — the `left` first in the order (value, row) of
 * its coordinate — so it selects them (quickselect, linear) instead of sorting. A leaf
 * (≤ B rows) keeps the order a sort at its parent would have left: by the parent's
 * coordinate, then row (a leaf sorts its few rows so), which keeps the k-d order what a
 * sort at every node gave.
 */
export function kdOrder(Z: Float32Array, n: number, mz: number, m: number): Int32Array {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const key = new Float32Array(n);
  const min = new Float32Array(m + 1);
  const max = new Float32Array(m + 1);
  const split = (lo: number, hi: number, parent: number): void => {
    const size = hi - lo;
    if (size <= B) {
      if (parent >= 0) sortLeaf(perm, lo, hi, Z, mz, parent);
      return;
    }
    // Every coordinate's range in one pass over the node's rows (row by row: z rows are
    // contiguous) — every step-th row of a big node: the widest coordinate only steers
    // the order, and the top nodes' full passes were most of the k-d order's time.
    const step = Math.max(1, Math.floor(size / KD_SPREAD_ROWS));
    min.fill(Infinity);
    max.fill(-Infinity);
    for (let p = lo; p < hi; p += step) {
      const o = perm[p] * mz;
      for (let c = 0; c <= m; c++) {
        const v = Z[o + c];
        if (v < min[c]) min[c] = v;
        if (v > max[c]) max[c] = v;
      }
    }
    let best = 0;
    let bestSpread = -1;
    for (let c = 0; c <= m; c++) {
      if (max[c] - min[c] > bestSpread) {
        bestSpread = max[c] - min[c];
        best = c;
      }
    }
    for (let p = lo; p < hi; p++) key[perm[p]] = Z[perm[p] * mz + best];
    const left = B * Math.ceil(Math.floor(size / 2) / B);
    selectFirst(perm, lo, hi, lo + left, key);
    split(lo, lo + left, best);
    split(lo + left, hi, best);
  };
  split(0, n, -1);
  return perm;
}

/** Whether row a comes before row b in the order (key, row). */
function before(key: Float32Array, a: number, b: number): boolean {
  return key[a] < key[b] || (key[a] === key[b] && a < b);
}

/** Reorders perm[lo, hi) so that perm[lo, at) are its at − lo first rows in the order (key, row) (quickselect, median-of-three pivots). */
function selectFirst(perm: Int32Array, lo: number, hi: number, at: number, key: Float32Array): void {
  let l = lo;
  let r = hi - 1;
  while (r > l) {
    const mid = (l + r) >> 1;
    const [x, y, z] = [perm[l], perm[mid], perm[r]];
    const pivot = before(key, x, y) ? (before(key, y, z) ? y : before(key, x, z) ? z : x) : before(key, x, z) ? x : before(key, y, z) ? z : y;
    let i = l;
    let j = r;
    while (i <= j) {
      while (before(key, perm[i], pivot)) i++;
      while (before(key, pivot, perm[j])) j--;
      if (i <= j) {
        const t = perm[i];
        perm[i++] = perm[j];
        perm[j--] = t;
      }
    }
    // [l, j] ≤ pivot ≤ [i, r]; positions strictly between hold the pivot itself.
    if (at <= j) r = j;
    else if (at >= i) l = i;
    else return;
  }
}

/** Sorts the rows perm[lo, hi) (a leaf, ≤ B of them) by coordinate c of z, then row. */
function sortLeaf(perm: Int32Array, lo: number, hi: number, Z: Float32Array, mz: number, c: number): void {
  for (let a = lo + 1; a < hi; a++) {
    const row = perm[a];
    const v = Z[row * mz + c];
    let b = a - 1;
    while (b >= lo && (Z[perm[b] * mz + c] > v || (Z[perm[b] * mz + c] === v && perm[b] > row))) {
      perm[b + 1] = perm[b];
      b--;
    }
    perm[b + 1] = row;
  }
}
