/**
 * NN-descent's first guess, as pynndescent makes it: random-projection trees split the
 * points by the hyperplane halfway between two random members until a leaf holds at
 * most leafSize points, and every pair inside a leaf seeds both heaps (through the
 * join's kernel block). Each tree draws from its own seeded stream, so trees can be
 * grown by any thread in any order, into one set of heaps (with pushMin the heaps'
 * contents do not depend on the order of offers). Yields its work in pairs so the
 * caller can slice it.
 */
import type { Rng } from '../random';
import type { DenseArena } from '../simd/dense';
import { pairBlock, type JoinScratch } from './nndescentJoin';
import { lockSpin, unlockSpin } from '../parallel/spinLock';
import { pushMin, type NNHeaps, type NNRows } from './nndescentState';

/** The tree's arrays in the dense kernels' memory: the permutation, a hyperplane normal, each point's side. */
export interface TreeScratch {
  readonly pPerm: number;
  readonly perm: Int32Array;
  readonly pNormal: number;
  readonly normal: Float32Array;
  readonly pSide: number;
  readonly side: Float32Array;
}

/** What growing trees needs: the rows in the kernels' memory, the heaps the leaves feed, scratch. */
export interface TreeGround {
  readonly arena: DenseArena;
  readonly pX: number;
  readonly rows: NNRows;
  readonly heaps: NNHeaps;
  /** A lock per row when several threads plant trees into `heaps` at once. */
  readonly locks: Int32Array | null;
  readonly join: JoinScratch;
  readonly tree: TreeScratch;
}

/**
 * All pairs of a leaf seed the heaps (one kernel block). pushMin, because another tree
 * may meet the same pair at a distance a rounding apart; under the row's lock when
 * threads share the heaps.
 */
function leafPairs(g: TreeGround, start: number, end: number): void {
  const m = end - start;
  for (let r = 0; r < m; r++) g.join.ids[r] = g.tree.perm[start + r];
  const { heaps: h, locks } = g;
  const offer = locks
    ? (p: number, q: number, d: number): void => {
        lockSpin(locks, p);
        pushMin(h, p, q, d, 1);
        unlockSpin(locks, p);
      }
    : (p: number, q: number, d: number): void => {
        pushMin(h, p, q, d, 1);
      };
  pairBlock(g.arena, g.pX, g.rows, h, g.join, m, m, (p, q, d) => {
    offer(p, q, d);
    offer(q, p, d);
  });
}

/**
 * Splits perm[start, end) by the hyperplane halfway between two random members
 * (through the origin for unit rows); returns the split point. Every member's side
 * comes from the kernel's `project` (one call per node).
 */
function split(g: TreeGround, rng: Rng, start: number, end: number): number {
  const { data, dim, ld } = g.rows;
  const { perm, normal, side } = g.tree;
  const size = end - start;
  const p = perm[start + rng.int(size)];
  let q = perm[start + rng.int(size - 1)];
  if (q === p) q = perm[end - 1];
  let offset = 0;
  const po = p * ld;
  const qo = q * ld;
  for (let c = 0; c < dim; c++) {
    normal[c] = data[po + c] - data[qo + c];
    offset -= (normal[c] * (data[po + c] + data[qo + c])) / 2;
  }
  g.arena.project(g.pX, ld, g.tree.pPerm + start * 4, size, g.tree.pNormal, offset, g.tree.pSide + start * 4);
  let lo = start;
  let hi = end - 1;
  while (lo <= hi) {
    const sd = side[lo];
    // Ties (e.g. duplicates) go either way at random so a split always makes progress.
    const left = sd === 0 ? rng.next() < 0.5 : sd < 0;
    if (left) lo++;
    else {
      const r = perm[lo];
      perm[lo] = perm[hi];
      perm[hi] = r;
      side[lo] = side[hi];
      side[hi] = sd;
      hi--;
    }
  }
  // A degenerate split (all on one side) falls back to halving.
  return lo === start || lo === end ? start + (size >> 1) : lo;
}

/** Builds one tree and seeds the heaps from its leaves; yields pairs (or points split) done. */
export function* plantTree(g: TreeGround, rng: Rng, leafSize: number, yieldEvery: number): Generator<number, void, void> {
  const perm = g.tree.perm;
  const n = g.rows.n;
  for (let i = 0; i < n; i++) perm[i] = i;
  const stack: number[] = [0, n];
  let pending = 0;
  while (stack.length) {
    const end = stack.pop() as number;
    const start = stack.pop() as number;
    if (end - start <= leafSize) {
      leafPairs(g, start, end);
      pending += ((end - start) * (end - start - 1)) / 2;
    } else {
      const mid = split(g, rng, start, end);
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
