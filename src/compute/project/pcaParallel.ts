/**
 * PCA's heavy products split across the kernel pool's threads (pcaProducts.ts drives
 * them): each panel of the covariance by blocks of its upper triangle, balanced by
 * multiply-adds, and the projection onto the basis by rows. Every output entry is
 * computed by one `dots` call, as on one thread, so the result is the same bit for bit.
 */
import { shareOf } from '../parallel/share';
import type { KernelTask } from '../parallel/types';
import { attachDenseArena, type DenseArena } from '../simd/dense';

/** Rows per covariance panel (f64 accumulation between panels; the transposed panel stays in L2 up to ~500 columns). */
export const PANEL_ROWS = 512;
/**
 * Rows of the triangle per `dots` call: each call computes a BLOCK × (D − a0) strip, so
 * the square below the diagonal inside a strip is wasted; 16 keeps that near 8/D.
 */
const BLOCK = 16;
/** Panel rows per column block of the covariance: 128 × 512 floats = 256 KB, half of L2. */
const COL_BLOCK = 128;

/**
 * One panel's share of the covariance's upper triangle: column blocks of COL_BLOCK panel
 * rows (they stay in L2 while every row block above the diagonal passes over them), row
 * blocks of BLOCK — the blocks whose running cost (multiply-adds) starts in [from, to),
 * so threads can split a panel by cost; each C entry comes from one block, so the sums
 * are the same however the panel is split.
 */
export function panelProducts(arena: DenseArena, pPanel: number, pC: number, D: number, K: number, from: number, to: number): void {
  const R = PANEL_ROWS;
  let cost = 0;
  for (let b0 = 0; b0 < D; b0 += COL_BLOCK) {
    const b1 = Math.min(D, b0 + COL_BLOCK);
    for (let a0 = 0; a0 < b1; a0 += BLOCK) {
      const a1 = Math.min(D, a0 + BLOCK);
      const c0 = Math.max(b0, a0);
      const here = cost;
      cost += (a1 - a0) * (b1 - c0);
      if (here < from || here >= to) continue;
      arena.dots(pPanel + a0 * R * 4, R, a1 - a0, pPanel + c0 * R * 4, R, b1 - c0, K, pC + (a0 * D + c0) * 8, D, 1);
    }
  }
}

/** Multiply-adds per unit K of one panel's upper triangle (as panelProducts counts them). */
export function panelCost(D: number): number {
  let cost = 0;
  for (let b0 = 0; b0 < D; b0 += COL_BLOCK) {
    const b1 = Math.min(D, b0 + COL_BLOCK);
    for (let a0 = 0; a0 < b1; a0 += BLOCK) cost += (Math.min(D, a0 + BLOCK) - a0) * (b1 - Math.max(b0, a0));
  }
  return cost;
}


export interface PcaCtx {
  readonly arena: DenseArena;
}

/** args: pPanel, pC, D, K — this thread's blocks of one panel. */
export const OP_COVARIANCE = 0;
/** args: pRows, ldp, rows, pV, k4, pS — this thread's rows of one chunk of scores. */
export const OP_PROJECT = 1;

export const pcaTask: KernelTask<{ memory: WebAssembly.Memory }, PcaCtx> = {
  name: 'pca-products',
  attach: ({ memory }) => ({ arena: attachDenseArena(memory) }),
  run({ arena }, op, args, thread, threads) {
    if (op === OP_COVARIANCE) {
      const [pPanel, pC, D, K] = args;
      const [from, to] = shareOf(0, panelCost(D), thread, threads);
      panelProducts(arena, pPanel, pC, D, K, from, to);
    } else if (op === OP_PROJECT) {
      const [pRows, ldp, rows, pV, k4, pS] = args;
      // Shares start on even rows: `dots` pairs rows in its register tile, and an odd
      // start would pair them differently from one thread (other roundings).
      const [p0, p1] = shareOf(0, Math.ceil(rows / 2), thread, threads);
      const r0 = 2 * p0;
      const r1 = Math.min(rows, 2 * p1);
      if (r1 > r0) arena.dots(pRows + r0 * ldp * 4, ldp, r1 - r0, pV, ldp, k4, ldp, pS + r0 * k4 * 4, k4, 0);
    }
  },
};
