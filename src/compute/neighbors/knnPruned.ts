/**
 * The exact kNN graph of knn.ts with partial-distance pruning, for wide data (MNIST's
 * 784 pixels): the same graph, pair for pair, with most of the full-width dot products
 * skipped.
 *
 * Why it is exact. Rotate onto m orthonormal axes W (near the top principal axes of a row
 * sample: any orthonormal W is valid, good axes only prune more) and keep each row's
 * residual norm r = ‖(x − μ) − WᵀW(x − μ)‖. For two rows
 *     ‖x − y‖² = ‖W(x − y)‖² + ‖R(x − y)‖² ≥ ‖Wx − Wy‖² + (r_x − r_y)²,
 * which is the squared distance between the (m + 1)-vectors z = (W(x − μ), r). So one
 * pass of the brute-force tiles over z (32 floats a row instead of 784) gives a lower
 * bound for every pair, and keyTile lists only the pairs whose bound is within a row's
 * current worst kept key. Those pairs get their full key — the very f32 key the
 * brute-force tile computes (listDots sums like `dots`, the key formula is keyTile's) —
 * and go through the same heaps. A pair left out has a key above both rows' current
 * worst, so it could never have stayed in their heaps: every heap ends holding the same
 * k + KNN_SLACK best (key, index) as brute force's, and finishRow picks the same final k.
 *
 * The bound is computed in float32 from float32 projections, so it is lowered by a
 * margin c·(magnitudes of both rows) that covers every rounding involved (the full
 * key's K-term dot product, the projection, the residual) many times over; the margin
 * costs a little pruning, never a neighbour. Cosine ranks by 1 − cos, which on unit
 * rows is half the squared distance, so the bound is taken on the unit rows and
 * compared with twice the key (a zero row has key 1 to everything; its unit row is 0,
 * whose bound, at most 1, stays below 2).
 *
 * Pruning needs thresholds early: rows are put in the order of a k-d split of z
 * (leaves of B rows, so each tile pairs two compact groups) and the diagonal tiles —
 * each group with itself — run first, filling every heap with near rows.
 *
 * The pieces: knnPrunedPlan.ts (axes, z rows, k-d order, bound terms), knnPrunedBalls.ts
 * (blocks as balls, tile order, whole-tile skips), knnPrunedTiles.ts (the tile loop);
 * this file runs them on one thread, knnPrunedParallel.ts on the kernel pool.
 */
import type { Metric } from '../dataset';
import { rowNorms } from '../linalg';
import { createDenseArena } from '../simd/dense';
import type { Steppable } from '../task';
import { finishRow, finishScratch, KNN_SLACK, type KnnGraph } from './knnHeap';
import { B } from './knnPrunedBalls';
import { fillPruned, planPruned, type PlanOptions } from './knnPrunedPlan';
import { prunedState, pruneTiles, threadBlocks, type PrunedHeaps, type PrunedStats } from './knnPrunedTiles';

export type { PrunedStats } from './knnPrunedTiles';

export interface PrunedKnnOptions extends PlanOptions {
  norms?: Float32Array;
  /** Filled with how much the run pruned (for tests and benches). */
  stats?: PrunedStats;
}

/** Pruning pays when the full rows are much wider than the bound's m + 1. */
export function prunedKnnPays(n: number, dim: number): boolean {
  return dim >= 128 && n >= 1024;
}

/**
 * Steppable exact kNN graph by pruning (see the module comment). Budget units are
 * brute-force tiles' worth of multiply-adds (B·B·dim), as in knn.ts.
 */
export function createPrunedKnnGraph(
  vectors: Float32Array,
  n: number,
  dim: number,
  k: number,
  metric: Metric,
  opts: PrunedKnnOptions = {},
): Steppable<number, KnnGraph> {
  if (vectors.length !== n * dim) throw new Error(`knnGraph: expected ${n}×${dim} = ${n * dim} values, got ${vectors.length}`);
  const kk = Math.min(k, Math.max(0, n - 1));
  const kh = Math.min(kk + KNN_SLACK, Math.max(0, n - 1));
  const norms = opts.norms ?? rowNorms(vectors, n, dim);
  const indices = new Int32Array(n * kk);
  const distances = new Float32Array(n * kk);
  const stats: PrunedStats = opts.stats ?? { tiles: 0, skipped: 0, listed: 0 };
  let rowsDone = 0;
  let progress = 0;
  const work = kk > 0 ? prunedWork(vectors, n, dim, kk, kh, metric, norms, opts, indices, distances, stats) : null;
  if (!work) rowsDone = n;
  return {
    step(budget) {
      if (!work || rowsDone >= n) return true;
      const unit = B * B * dim;
      let spent = 0;
      while (spent < budget * unit) {
        const r = work.next();
        if (r.done) {
          rowsDone = n;
          progress = 1;
          return true;
        }
        spent += r.value.cost;
        progress = Math.max(progress, Math.min(0.99, r.value.progress));
      }
      return false;
    },
    progress: () => progress,
    snapshot: () => rowsDone,
    result() {
      if (rowsDone < n) throw new Error('knnGraph: result() called before the task finished');
      return { k: kk, indices, distances };
    },
  };
}

function* prunedWork(
  X: Float32Array,
  n: number,
  dim: number,
  kk: number,
  kh: number,
  metric: Metric,
  norms: Float32Array,
  opts: PrunedKnnOptions,
  indices: Int32Array,
  distances: Float32Array,
  stats: PrunedStats,
): Generator<{ cost: number; progress: number }, void, void> {
  const plan = yield* planPruned(X, n, dim, metric, norms, opts);
  const { ld, mz } = plan;
  const arena = createDenseArena([n * ld * 4, n * mz * 4, (n + 4) * 4, ...threadBlocks(n), kh * 4, kh * 8], opts.kernel ?? 'auto');
  const [pX, pZ, pQ, pTile, pList, pDots, pThrB, pIds, pOut] = arena.ptr;
  fillPruned(arena, plan, X, pX, pZ, pQ, pThrB);
  const s = prunedState({ arena, n, ld, mz, perm: plan.perm, pX, pZ, pQ, pThrB, pTile, pList, pDots, term: plan.term, scale: plan.scale });
  const h: PrunedHeaps = { key: new Float64Array(n * kh), idx: new Int32Array(n * kh), size: new Int32Array(n), thr: new Float32Array(n).fill(Infinity) };
  const totalTiles = plan.order.length / 2;
  const CHUNK_TILES = 64;
  for (let t0 = 0; t0 < totalTiles; t0 += CHUNK_TILES) {
    const before = stats.listed;
    const t1 = Math.min(totalTiles, t0 + CHUNK_TILES);
    pruneTiles(s, plan.order, plan.balls, t0, t1, 1, kh, h, stats);
    yield { cost: (t1 - t0) * B * B * (mz + 4) + (stats.listed - before) * dim, progress: 0.05 + (0.9 * t1) / totalTiles };
  }
  const pos = new Int32Array(n);
  plan.perm.forEach((row, p) => (pos[row] = p));
  const f = finishScratch(arena, pX, ld, pos, pIds, pOut, kh);
  // In k-d order: a row's candidates sit near it there, so their rows are mostly in cache.
  for (const i of plan.perm) finishRow(f, metric, norms, i, h.idx, i * kh, h.size[i], kk, indices, distances);
  yield { cost: n * kh * dim, progress: 1 };
}

