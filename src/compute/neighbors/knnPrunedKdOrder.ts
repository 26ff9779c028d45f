/**
 * The k-d order of the pruned kNN graph's rows (knnPrunedPlan.ts): rows near each other
 * in z (their projection onto the plan's axes) get positions near each other, so the
 * blocks of B consecutive positions are tight balls and most tiles between far blocks
 * can be skipped.
 */
import { B } from './knnPrunedBalls';

/** Rows a k-d node looks at (evenly spaced) to pick its widest coordinate. */
const KD_SPREAD_ROWS = 256;

/** A k-d node: positions [lo, hi) of the order, and its parent's split coordinate (−1 at the root). */
export interface KdNode {
  readonly lo: number;
  readonly hi: number;
  readonly parent: number;
}

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
  const key = new Float32Array(n);
  for (const node of kdTop(Z, perm, key, n, mz, m, 1)) kdSubtree(Z, perm, key, mz, m, node);
  return perm;
}

/**
 * Starts the k-d order in perm (n rows; `key` is scratch, by row): splits the top nodes,
 * breadth first, until there are at least `parts` nodes or only leaves, and returns
 * them in order. Each node's subtree (kdSubtree) touches only its own positions of perm
 * and its own rows of key, so threads may finish different nodes at once, and the
 * order is the same however many parts there are.
 */
export function kdTop(Z: Float32Array, perm: Int32Array, key: Float32Array, n: number, mz: number, m: number, parts: number): KdNode[] {
  for (let i = 0; i < n; i++) perm[i] = i;
  const scratch = spreadScratch(m);
  let nodes: KdNode[] = [{ lo: 0, hi: n, parent: -1 }];
  while (nodes.length < parts && nodes.some((v) => v.hi - v.lo > B)) {
    nodes = nodes.flatMap((v) => (v.hi - v.lo > B ? splitNode(Z, perm, key, mz, m, v, scratch) : [v]));
  }
  return nodes;
}

/** Finishes a node from kdTop: its whole subtree, leaves sorted. */
export function kdSubtree(Z: Float32Array, perm: Int32Array, key: Float32Array, mz: number, m: number, node: KdNode): void {
  const scratch = spreadScratch(m);
  const visit = (v: KdNode): void => {
    if (v.hi - v.lo <= B) {
      if (v.parent >= 0) sortLeaf(perm, v.lo, v.hi, Z, mz, v.parent);
      return;
    }
    for (const child of splitNode(Z, perm, key, mz, m, v, scratch)) visit(child);
  };
  visit(node);
}

/** Per-coordinate minima and maxima of a node's rows. */
interface SpreadScratch {
  readonly min: Float32Array;
  readonly max: Float32Array;
}

function spreadScratch(m: number): SpreadScratch {
  return { min: new Float32Array(m + 1), max: new Float32Array(m + 1) };
}

/** Splits a node (> B rows) on its widest coordinate: its two children. */
function splitNode(Z: Float32Array, perm: Int32Array, key: Float32Array, mz: number, m: number, v: KdNode, { min, max }: SpreadScratch): [KdNode, KdNode] {
  const { lo, hi } = v;
  const size = hi - lo;
  // Every coordinate's range in one pass over the node's rows (row by row: z rows are
  // contiguous) — every step-th row of a big node: the widest coordinate only steers
  // the order, and the top nodes' full passes were most of the k-d order's time.
  const step = Math.max(1, Math.floor(size / KD_SPREAD_ROWS));
  min.fill(Infinity);
  max.fill(-Infinity);
  for (let p = lo; p < hi; p += step) {
    const o = perm[p] * mz;
    for (let c = 0; c <= m; c++) {
      const val = Z[o + c];
      if (val < min[c]) min[c] = val;
      if (val > max[c]) max[c] = val;
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
  return [
    { lo, hi: lo + left, parent: best },
    { lo: lo + left, hi, parent: best },
  ];
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
