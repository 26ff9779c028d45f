/**
 * The pruned exact kNN graph (knnPruned.ts) on the kernel pool's threads, giving the
 * same graph bit for bit — by knnParallel.ts's argument: each thread visits its share
 * of the tiles with its OWN heaps, then each row's per-thread heaps merge into the kh
 * best of everything offered, which is brute force's heap, and finishRow re-ranks it
 * the same way.
 *
 * The thresholds are SHARED: a full heap's root bounds its row's final kh-th key
 * whichever thread holds that heap (the row's kh-th best overall is no worse than the
 * kh-th best of any subset of its offers), so every thread prunes with the lowest one
 * any thread has found. Threads write them without locks; a lost update leaves another
 * thread's valid, slightly higher threshold, so races cost pruning, never a neighbour.
 * A row's heaps on different threads hold disjoint pairs, so the kh-th best of their
 * union is a tighter threshold than either root: OP_PRUNED_TIGHTEN pools them after the
 * diagonal tiles and each time the tiles done double. (With per-thread thresholds,
 * two threads listed 22 % more pairs than one on MNIST 10k; shared, 8 %.)
 *
 * The plan's k-d order and tile order are made on the calling thread, but its costliest
 * parts are shared: the axes' power iterations (OP_PRUNED_AXES, each thread its own
 * rows: knnPrunedAxes.ts says why that gives the same axes), projecting every row onto
 * the axes (OP_PRUNED_PROJECT: the same chunks and kernels as on one thread, so the same
 * z rows), and putting the rows in k-d order (OP_PRUNED_FILL). The threads take tiles
 * in plan order, a few at a time, from a shared counter, so each meets near tiles first
 * and costlier tiles do not leave a thread idle at the barrier.
 */
import type { Metric } from '../dataset';
import { rowNorms } from '../linalg';
import { shareOf } from '../parallel/share';
import type { KernelJob, KernelPool, KernelTask } from '../parallel/types';
import { attachDenseArena, padTo4, type DenseArena } from '../simd/dense';
import type { Steppable } from '../task';
import { finishRow, finishScratch, KNN_SLACK, mergeThreadHeaps, type FinishScratch, type KnnGraph } from './knnHeap';
import type { PrunedKnnOptions } from './knnPruned';
import { B, type Balls } from './knnPrunedBalls';
import { axesShape, finishAxes, powerRows, sampleAxes } from './knnPrunedAxes';
import { CHUNK, finishPlan, loadAxes, planRows, projectChunk, euclideanTerms, type PlanRows, type PlanStart, type ProjectionPtrs } from './knnPrunedPlan';
import { layoutPrunedShared, type PrunedShared, type ThreadPtrs } from './knnPrunedShared';
import { pruneTiles, type PrunedHeaps, type PrunedState, type PrunedStats } from './knnPrunedTiles';

interface PrunedCtx {
  readonly sh: PrunedShared;
  /** This thread's blocks. */
  readonly mine: ThreadPtrs;
  readonly arena: DenseArena;
  readonly state: PrunedState;
  readonly proj: ProjectionPtrs;
  readonly order: Int32Array;
  readonly balls: Balls;
  readonly heaps: readonly PrunedHeaps[];
  readonly rows: Float32Array;
  readonly norms: Float32Array;
  readonly indices: Int32Array;
  readonly distances: Float32Array;
  readonly stats: PrunedStats;
  readonly next: Int32Array;
  readonly thrB: Float32Array;
  readonly sharedStats: Float64Array;
  readonly mKey: Float64Array;
  readonly mIdx: Int32Array;
  readonly mSize: Int32Array;
  /** The final re-rank's view of the rows in k-d order (made at the first merge, once the order is known). */
  finish: FinishScratch | null;
}

export const OP_PRUNED_TILES = 0;
export const OP_PRUNED_MERGE = 1;
export const OP_PRUNED_TIGHTEN = 2;
export const OP_PRUNED_PROJECT = 3;
export const OP_PRUNED_FILL = 4;
export const OP_PRUNED_AXES = 5;
/** Tiles a thread takes at once. */
const TAKE = 4;

export const knnPrunedTask: KernelTask<PrunedShared, PrunedCtx> = {
  name: 'knn-pruned',
  attach(sh, thread) {
    const arena: DenseArena = attachDenseArena(sh.memory);
    const mine = sh.perThread[thread];
    const ld = padTo4(sh.dim);
    const thr = arena.f32(sh.pThr, sh.n);
    const heaps = sh.perThread.map((p) => ({ key: arena.f64(p.pKey, sh.n * sh.kh), idx: arena.i32(p.pIdx, sh.n * sh.kh), size: arena.i32(p.pSize, sh.n), thr }));
    const state: PrunedState = {
      arena, n: sh.n, ld, mz: sh.mz, perm: arena.i32(sh.pPerm, sh.n), pX: sh.pX, pZ: sh.pZ, pQ: sh.pQ,
      pThrB: sh.pThrB, pTile: mine.pTile, pList: mine.pList, pDots: mine.pDots, term: arena.f32(sh.pTerm, sh.n), scale: sh.scale,
    };
    const balls: Balls = { centre: arena.f64(sh.pCentre, sh.blocks * sh.mz), radius: arena.f64(sh.pRadius, sh.blocks), margin: arena.f64(sh.pMargin, sh.blocks), mz: sh.mz, n: sh.n };
    return {
      sh, mine, arena, state, balls, heaps,
      proj: { pW: sh.pW, pWt: sh.pWt, pC: mine.pC, pY: mine.pY, pR: mine.pR },
      order: arena.i32(sh.pOrder, 2 * sh.tiles),
      rows: arena.f32(sh.pRows, sh.n * sh.dim),
      norms: arena.f32(sh.pNorms, sh.n),
      indices: arena.i32(sh.pIndices, sh.n * sh.k),
      distances: arena.f32(sh.pDistances, sh.n * sh.k),
      stats: { tiles: 0, skipped: 0, listed: 0 },
      next: arena.i32(sh.pNext, 1),
      thrB: arena.f32(sh.pThrB, sh.n),
      sharedStats: arena.f64(sh.pStats, 3 * sh.perThread.length),
      mKey: new Float64Array(sh.kh),
      mIdx: new Int32Array(sh.kh),
      mSize: new Int32Array(1),
      finish: null,
    };
  },
  run(c, op, args, thread, threads) {
    if (op === OP_PRUNED_TILES) {
      // Tiles [from, to) of the order, TAKE at a time from the shared counter (set to
      // `from` by the coordinator before the command): costs vary by tile, and taking
      // them in order keeps the near tiles first on every thread.
      const to = args[1];
      for (;;) {
        const t0 = Atomics.add(c.next, 0, TAKE);
        if (t0 >= to) break;
        pruneTiles(c.state, c.order, c.balls, t0, Math.min(to, t0 + TAKE), 1, c.sh.kh, c.heaps[thread], c.stats);
      }
      c.sharedStats.set([c.stats.tiles, c.stats.skipped, c.stats.listed], 3 * thread);
    } else if (op === OP_PRUNED_MERGE) {
      // Positions [from, to) of the k-d order: a row's candidates sit near it there, so their rows are mostly in cache.
      const [from, to] = shareOf(args[0], args[1], thread, threads);
      for (let p = from; p < to; p++) mergeRow(c, c.state.perm[p]);
    } else if (op === OP_PRUNED_TIGHTEN) {
      const [from, to] = shareOf(0, c.sh.n, thread, threads);
      for (let p = from; p < to; p++) tightenRow(c, p);
    } else if (op === OP_PRUNED_PROJECT) {
      // Chunks [from, to) of CHUNK rows: each thread a contiguous run of them.
      const [from, to] = shareOf(args[0], args[1], thread, threads);
      for (let ch = from; ch < to; ch++) projectOwn(c, ch * CHUNK);
    } else if (op === OP_PRUNED_FILL) {
      const [from, to] = shareOf(0, c.sh.n, thread, threads);
      fillRows(c, from, to);
    } else if (op === OP_PRUNED_AXES) {
      const [from, to] = shareOf(0, c.sh.axes.l, thread, threads);
      powerRows(c.arena, c.sh.axesPtrs, c.sh.axes, from, to);
    }
  },
};

/** Rows [r0, r0 + CHUNK) of the projection, through this thread's scratch. */
function projectOwn(c: PrunedCtx, r0: number): void {
  const { sh, arena } = c;
  const U = arena.f32(sh.pU, sh.n * sh.dim);
  const Z = arena.f32(sh.pZo, sh.n * sh.mz);
  const w = arena.f64(sh.pWo, sh.n);
  const rows = Math.min(CHUNK, sh.n - r0);
  const cosine = sh.metric === 'cosine';
  if (!cosine) euclideanTerms(U, sh.dim, r0, rows, c.norms, c.state.term); // left to the projection by the calling thread
  projectChunk(arena, c.proj, U, sh.dim, sh.m, arena.f32(sh.pMean, sh.dim), c.state.term, cosine, r0, rows, Z, w);
}

/** Positions [from, to) of the k-d order: their rows into pX (padded to ld). */
function fillRows(c: PrunedCtx, from: number, to: number): void {
  const { sh, arena } = c;
  const ld = padTo4(sh.dim);
  const x = arena.f32(sh.pX, sh.n * ld);
  const perm = c.state.perm;
  for (let p = from; p < to; p++) x.set(c.rows.subarray(perm[p] * sh.dim, (perm[p] + 1) * sh.dim), p * ld);
}

/**
 * The row at k-d position p: its threshold becomes the kh-th best key over every
 * thread's heap, when that is lower. The heaps hold disjoint pairs (each tile is visited
 * by one thread), so kh of them at or below it are known: the row's final kh-th key is
 * no higher. A thread alone only knows its own heap's kh-th, which is looser.
 */
function tightenRow(c: PrunedCtx, p: number): void {
  const { sh, mKey, mIdx, mSize } = c;
  const i = c.state.perm[p];
  if (mergeThreadHeaps(c.heaps, i, sh.kh, mKey, mIdx, mSize) < sh.kh) return;
  const thr = c.heaps[0].thr;
  if (mKey[0] < thr[i]) {
    thr[i] = mKey[0];
    c.thrB[p] = sh.scale * thr[i];
  }
}

/** Row i: the kh best of every thread's heap, then the k nearest re-ranked in f64. */
function mergeRow(c: PrunedCtx, i: number): void {
  const { sh, mKey, mIdx, mSize } = c;
  const held = mergeThreadHeaps(c.heaps, i, sh.kh, mKey, mIdx, mSize);
  finishRow(c.finish ?? (c.finish = kdFinishScratch(c)), sh.metric, c.norms, i, mIdx, 0, held, sh.k, c.indices, c.distances);
}

/** The rows in k-d order, where each original row is among them, and this thread's scratch. */
function kdFinishScratch(c: PrunedCtx): FinishScratch {
  const pos = new Int32Array(c.sh.n);
  c.state.perm.forEach((row, p) => (pos[row] = p));
  return finishScratch(c.arena, c.sh.pX, c.state.ld, pos, c.mine.pFIds, c.mine.pFOut, c.sh.kh);
}

/**
 * The pruned graph on every thread of `pool` (callers check that the pool has several
 * threads and that memory can be shared). Budget units are brute-force tiles' worth of
 * multiply-adds, as on one thread.
 */
export function createParallelPrunedKnnGraph(
  pool: KernelPool,
  vectors: Float32Array,
  n: number,
  dim: number,
  k: number,
  metric: Metric,
  opts: Pick<PrunedKnnOptions, 'axes' | 'sampleRows' | 'stats'> = {},
): Steppable<number, KnnGraph> {
  if (vectors.length !== n * dim) throw new Error(`knnGraph: expected ${n}×${dim} = ${n * dim} values, got ${vectors.length}`);
  const kk = Math.min(k, Math.max(0, n - 1));
  const kh = Math.min(kk + KNN_SLACK, Math.max(0, n - 1));
  const unit = B * B * dim;
  const chunks = Math.ceil(n / CHUNK);
  let job: KernelJob<PrunedCtx> | null = null;
  let rows: PlanRows | null = null;
  let start: PlanStart | null = null;
  let stage: 'start' | 'axes' | 'project' | 'plan' | 'tiles' | 'merge' = 'start';
  let chunksDone = 0;
  let tilesDone = 0;
  let tightenAt = 0;
  let rowsDone = 0;
  let progress = 0;
  let result: KnnGraph | null = null;
  return {
    step(budget) {
      if (result) return true;
      if (stage === 'start') {
        // Euclidean: the projection computes the norms, on every thread (projectOwn).
        const norms = metric === 'cosine' ? rowNorms(vectors, n, dim) : null;
        rows = planRows(vectors, n, dim, metric, norms);
        job = pool.attach(knnPrunedTask, layoutPrunedShared(rows, axesShape(n, dim, opts.axes, opts.sampleRows), vectors, norms, n, dim, kk, kh, metric, pool.threads));
        stage = 'axes';
        progress = 0.01;
        return false;
      }
      const j = job as KernelJob<PrunedCtx>;
      const c = j.ctx;
      const s = c.sh;
      const units = Math.max(j.threads, Math.floor(budget));
      if (stage === 'axes') {
        const { mean, rng } = sampleAxes(c.arena, s.axesPtrs, (rows as PlanRows).U, n, s.axes);
        j.run(OP_PRUNED_AXES);
        const axes = finishAxes(c.arena, s.axesPtrs, s.axes, mean, rng);
        loadAxes(c.arena, axes, dim, s.pW, s.pWt);
        c.arena.f32(s.pMean, dim).set(mean);
        start = { ...(rows as PlanRows), axes };
        rows = null;
        stage = 'project';
        progress = 0.02;
        return false;
      }
      if (stage === 'project') {
        // A unit is about one full tile (B·B·dim); a chunk costs CHUNK·dim·2·mp.
        const per = Math.max(j.threads, Math.floor((units * unit) / (CHUNK * dim * 2 * padTo4(s.m))));
        const to = Math.min(chunks, chunksDone + per);
        j.run(OP_PRUNED_PROJECT, [chunksDone, to]);
        chunksDone = to;
        progress = 0.02 + 0.06 * (chunksDone / chunks);
        if (chunksDone === chunks) stage = 'plan';
        return false;
      }
      if (stage === 'plan') {
        const a = c.arena;
        const plan = finishPlan(start as PlanStart, a.f32(s.pZo, n * s.mz), a.f64(s.pWo, n), n, dim);
        a.f32(s.pZ, n * s.mz).set(plan.z);
        a.f32(s.pQ, n + 4).set(plan.q);
        a.i32(s.pPerm, n).set(plan.perm);
        a.i32(s.pOrder, plan.order.length).set(plan.order);
        a.f64(s.pCentre, s.blocks * s.mz).set(plan.balls.centre);
        a.f64(s.pRadius, s.blocks).set(plan.balls.radius);
        a.f64(s.pMargin, s.blocks).set(plan.balls.margin);
        j.run(OP_PRUNED_FILL);
        start = null;
        stage = 'tiles';
        progress = 0.1;
        return false;
      }
      if (stage === 'tiles') {
        // A unit is about one full tile; most pruned tiles cost a fraction of that.
        const to = Math.min(s.tiles, tilesDone + 4 * units);
        Atomics.store(c.next, 0, tilesDone);
        j.run(OP_PRUNED_TILES, [tilesDone, to]);
        tilesDone = to;
        if (tilesDone >= tightenAt && tilesDone < s.tiles) {
          // The nearest tiles come first and set most thresholds: pool the threads' heaps
          // after the diagonal tiles, then each time the tiles done double.
          j.run(OP_PRUNED_TIGHTEN);
          tightenAt = Math.max(s.blocks, 2 * tilesDone);
        }
        progress = 0.1 + 0.85 * (tilesDone / s.tiles);
        if (tilesDone === s.tiles) stage = 'merge';
        return false;
      }
      const to = Math.min(n, rowsDone + units * 4 * B);
      j.run(OP_PRUNED_MERGE, [rowsDone, to]);
      rowsDone = to;
      progress = 0.95 + 0.05 * (rowsDone / n);
      if (rowsDone < n) return false;
      if (opts.stats) {
        const st = c.sharedStats;
        for (let t = 0; t < j.threads; t++) {
          opts.stats.tiles += st[3 * t];
          opts.stats.skipped += st[3 * t + 1];
          opts.stats.listed += st[3 * t + 2];
        }
      }
      result = { k: kk, indices: c.indices.slice(), distances: c.distances.slice() };
      j.release();
      progress = 1;
      return true;
    },
    progress: () => progress,
    snapshot: () => rowsDone,
    result() {
      if (!result) throw new Error('knnGraph: result() called before the task finished');
      return result;
    },
  };
}
