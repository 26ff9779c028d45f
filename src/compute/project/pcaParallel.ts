/**
 * PCA's heavy products split across the kernel pool's threads (pcaProducts.ts drives
 * them): each panel of the covariance by blocks of its upper triangle, balanced by
 * multiply-adds, and the projection onto the basis by rows. Every output entry is
 * computed by one kernel call, as on one thread, so the result is the same bit for bit.
 */
import { shareOf } from '../parallel/share';
import type { KernelTask } from '../parallel/types';
import { attachDenseArena, type DenseArena } from '../simd/dense';

/**
 * Rows per covariance panel (f32 sums inside a panel, f64 between panels). 256 keeps a
 * tile's two micro-panels (8 KB each) in L1 while syrk8 runs over them.
 */
export const PANEL_ROWS = 256;
/** Columns per column block of a panel: 256 columns × 256 rows of f32 = 256 KB, half of L2, stay cached while every row block passes over them. */
const COL_BLOCK = 256;

/** Rounds up to a multiple of 8 (syrk8's micro-panels). */
export function padTo8(n: number): number {
  return (n + 7) & ~7;
}

/**
 * One panel's share of the covariance's upper triangle (D8 columns packed by pack8, C
 * D8 wide): column blocks of COL_BLOCK, 4-row blocks of the triangle above them — the
 * blocks whose running cost (multiply-adds per unit K) starts in [from, to), so threads
 * can split a panel by cost; each C entry comes from one block, so the sums are the
 * same however the panel is split. A share's blocks within a column block are
 * consecutive, so they go to syrk8 as one call (one a panel on one thread when D8 ≤
 * COL_BLOCK): with a call per 4-row block, this loop became hot only in the first
 * full-size run and V8 spent ~10 ms of a compiler thread on it there.
 */
export function panelProducts(arena: DenseArena, pPanel: number, pC: number, D8: number, K: number, from: number, to: number): void {
  let cost = 0;
  for (let b0 = 0; b0 < D8; b0 += COL_BLOCK) {
    const b1 = Math.min(D8, b0 + COL_BLOCK);
    let first = -1;
    let last = -1;
    for (let a0 = 0; a0 < b1; a0 += 4) {
      const here = cost;
      cost += 4 * (b1 - Math.max(b0, a0 & ~7));
      if (here < from || here >= to) continue;
      if (first < 0) first = a0;
      last = a0 + 4;
    }
    if (first >= 0) arena.syrk8(pPanel, K, first, last, b0, b1, pC, D8);
  }
}

/**
 * A whole panel on one thread: panelProducts(…, 0, Infinity) without its cost walk (each
 * column block's triangle is rows [0, b1)), so the same syrk8 calls and sums. Called
 * once a panel, hundreds of times in a run: the walk, not yet optimised in the first
 * full-size run, cost more than the calls.
 */
export function wholePanel(arena: DenseArena, pPanel: number, pC: number, D8: number, K: number): void {
  for (let b0 = 0; b0 < D8; b0 += COL_BLOCK) {
    const b1 = Math.min(D8, b0 + COL_BLOCK);
    arena.syrk8(pPanel, K, 0, b1, b0, b1, pC, D8);
  }
}

/** Multiply-adds per unit K of one panel's upper triangle (as panelProducts counts them). */
export function panelCost(D8: number): number {
  let cost = 0;
  for (let b0 = 0; b0 < D8; b0 += COL_BLOCK) {
    const b1 = Math.min(D8, b0 + COL_BLOCK);
    for (let a0 = 0; a0 < b1; a0 += 4) cost += 4 * (b1 - Math.max(b0, a0 & ~7));
  }
  return cost;
}

export interface PcaCtx {
  readonly arena: DenseArena;
}

/** args: pPanel, pC, D8, K — this thread's blocks of one panel. */
export const OP_COVARIANCE = 0;
/** args: pRows, ldp, rows, pV (the basis transposed, ldp × k4), k4, pS — this thread's rows of one chunk of scores. */
export const OP_PROJECT = 1;

export const pcaTask: KernelTask<{ memory: WebAssembly.Memory }, PcaCtx> = {
  name: 'pca-products',
  attach: ({ memory }) => ({ arena: attachDenseArena(memory) }),
  run({ arena }, op, args, thread, threads) {
    if (op === OP_COVARIANCE) {
      const [pPanel, pC, D8, K] = args;
      const [from, to] = shareOf(0, panelCost(D8), thread, threads);
      panelProducts(arena, pPanel, pC, D8, K, from, to);
    } else if (op === OP_PROJECT) {
      const [pRows, ldp, rows, pV, k4, pS] = args;
      // xw sums each score alone, in the same order wherever its row falls.
      const [r0, r1] = shareOf(0, rows, thread, threads);
      if (r1 > r0) arena.xw(pRows + r0 * ldp * 4, ldp, r1 - r0, pV, ldp, k4, pS + r0 * k4 * 4);
    }
  },
};
