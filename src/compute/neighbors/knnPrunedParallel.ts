/**
 * The pruned exact kNN graph (knnPruned.ts) on the kernel pool's threads, giving the
 * same graph bit for bit. The threads share ONE set of heaps: a thread offers a tile's
 * pairs while it holds the locks of the tile's two blocks of k-d positions (a few
 * microseconds a tile; knnPrunedTiles.ts), so a row's heap only changes under its
 * block's lock. The heaps' order is total (knnHeap.ts), so each ends holding the kh best
 * of every pair offered to it, in whatever order the threads offered them: brute
 * force's heap, which finishRow re-ranks the same way.
 *
 * So every thread prunes with the thresholds of everything any thread has found, as one
 * thread does. (Per-thread heaps with shared roots, pooled from time to time, listed 8 %
 * more pairs than one thread on MNIST 10k, and the pooling and the final merge of the
 * heaps were serial-ish work one thread never does.)
 *
 * The plan is shared too, each step giving the bits one thread gives: the sample rows
 * centred (OP_PRUNED_SAMPLE) and the axes' power iterations (OP_PRUNED_AXES, each
 * thread its own rows: knnPrunedAxes.ts says why that gives the same axes), every row's
 * projection onto the axes (OP_PRUNED_PROJECT: the same chunks and kernels as on one
 * thread, so the same z rows), the k-d order's subtrees below the top nodes the calling
 * thread splits (OP_PRUNED_KD), and per block its z rows, bound terms, ball and rows in
 * k-d order (OP_PRUNED_BLOCKS). What stays on the calling thread is small: the sample's
 * centre and random start rows, orthonormalising the axes, the top k-d splits and the
 * tile order. The threads take tiles in plan order, a few at a time, from a shared
 * counter, so each meets near tiles first and costlier tiles do not leave a thread idle
 * at the barrier.
 *
 * The rows are read where they are (knnPrunedShared.ts): the app's table, on a
 * SharedArrayBuffer when the page is cross-origin isolated, is not copied.
 */
import type { Metric } from '../dataset';
import { rowNorms } from '../linalg';
import { shareOf } from '../parallel/share';
import type { KernelJob, KernelPool, KernelTask } from '../parallel/types';
import { attachDenseArena, padTo4, type DenseArena } from '../simd/dense';
import type { Steppable } from '../task';
import { finishRow, finishScratch, KNN_SLACK, type FinishScratch, type KnnGraph } from './knnHeap';
import type { PrunedKnnOptions } from './knnPruned';
import { B, tileOrder, type Balls } from './knnPrunedBalls';
import { axesShape, centreSample, finishAxes, powerRows, startAxes } from './knnPrunedAxes';
import { kdSubtree, kdTop } from './knnPrunedKdOrder';
import { CHUNK, loadAxes, marginCoefficient, planBlocks, planRows, projectChunk, euclideanTerms, type PlanBlocks, type PlanRows, type ProjectionPtrs } from './knnPrunedPlan';
import { layoutPrunedShared, type PrunedShared, type ThreadPtrs } from './knnPrunedShared';
import { prunedState, pruneTiles, type PrunedHeaps, type PrunedState, type PrunedStats } from './knnPrunedTiles';

interface PrunedCtx {
  readonly sh: PrunedShared;
  /** This thread's blocks. */
  readonly mine: ThreadPtrs;
  readonly arena: DenseArena;
  readonly state: PrunedState;
  readonly proj: ProjectionPtrs;
  readonly order: Int32Array;
  readonly balls: Balls;
  readonly heaps: PrunedHeaps;
  /** The rows as given, and the rows the bound is taken on (knnPrunedShared.ts). */
  readonly rows: Float32Array;
  readonly unit: Float32Array;
  readonly norms: Float32Array;
  readonly indices: Int32Array;
  readonly distances: Float32Array;
  readonly stats: PrunedStats;
  readonly next: Int32Array;
  readonly sharedStats: Float64Array;
  /** The final re-rank's view of the rows in k-d order (made at the first finish command, once the order is known). */
  finish: FinishScratch | null;
}

export const OP_PRUNED_TILES = 0;
export const OP_PRUNED_FINISH = 1;
export const OP_PRUNED_PROJECT = 2;
export const OP_PRUNED_BLOCKS = 3;
export const OP_PRUNED_AXES = 4;
export const OP_PRUNED_SAMPLE = 5;
export const OP_PRUNED_KD = 6;
/** Tiles a thread takes at once. */
const TAKE = 4;

export const knnPrunedTask: KernelTask<PrunedShared, PrunedCtx> = {
  name: 'knn-pruned',
  attach(sh, thread) {
    const arena: DenseArena = attachDenseArena(sh.memory);
    const mine = sh.perThread[thread];
    const ld = padTo4(sh.dim);
    const heaps: PrunedHeaps = {
      key: arena.f64(sh.pKey, sh.n * sh.kh),
      idx: arena.i32(sh.pIdx, sh.n * sh.kh),
      size: arena.i32(sh.pSize, sh.n),
      thr: arena.f32(sh.pThr, sh.n),
      locks: arena.i32(sh.pLocks, sh.blocks),
    };
    const state = prunedState({
      arena, n: sh.n, ld, mz: sh.mz, perm: arena.i32(sh.pPerm, sh.n), pX: sh.pX, pZ: sh.pZ, pQ: sh.pQ,
      pThrB: sh.pThrB, pTile: mine.pTile, pList: mine.pList, pDots: mine.pDots, term: arena.f32(sh.pTerm, sh.n), scale: sh.scale,
    });
    const balls: Balls = { centre: arena.f64(sh.pCentre, sh.blocks * sh.mz), radius: arena.f64(sh.pRadius, sh.blocks), margin: arena.f64(sh.pMargin, sh.blocks), mz: sh.mz, n: sh.n };
    return {
      sh, mine, arena, state, balls, heaps,
      proj: { pW: sh.pW, pWt: sh.pWt, pC: mine.pC, pY: mine.pY, pR: mine.pR },
      order: arena.i32(sh.pOrder, 2 * sh.tiles),
      rows: sh.rows,
      unit: sh.unit,
      norms: arena.f32(sh.pNorms, sh.n),
      indices: arena.i32(sh.pIndices, sh.n * sh.k),
      distances: arena.f32(sh.pDistances, sh.n * sh.k),
      stats: { tiles: 0, skipped: 0, listed: 0 },
      next: arena.i32(sh.pNext, 1),
      sharedStats: arena.f64(sh.pStats, 3 * sh.perThread.length),
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
        pruneTiles(c.state, c.order, c.balls, t0, Math.min(to, t0 + TAKE), 1, c.sh.kh, c.heaps, c.stats);
      }
      c.sharedStats.set([c.stats.tiles, c.stats.skipped, c.stats.listed], 3 * thread);
    } else if (op === OP_PRUNED_FINISH) {
      // Positions [from, to) of the k-d order: a row's candidates sit near it there, so their rows are mostly in cache.
      const [from, to] = shareOf(args[0], args[1], thread, threads);
      const f = c.finish ?? (c.finish = kdFinishScratch(c));
      const { idx, size } = c.heaps;
      for (let p = from; p < to; p++) {
        const i = c.state.perm[p];
        finishRow(f, c.sh.metric, c.norms, i, idx, i * c.sh.kh, size[i], c.sh.k, c.indices, c.distances);
      }
    } else if (op === OP_PRUNED_PROJECT) {
      // Chunks [from, to) of CHUNK rows: each thread a contiguous run of them.
      const [from, to] = shareOf(args[0], args[1], thread, threads);
      for (let ch = from; ch < to; ch++) projectOwn(c, ch * CHUNK);
    } else if (op === OP_PRUNED_BLOCKS) {
      // Blocks [from, to) of the k-d order: z rows, bound terms, balls and the rows themselves.
      const [from, to] = shareOf(0, c.sh.blocks, thread, threads);
      const { sh, arena } = c;
      const out: PlanBlocks = { z: arena.f32(sh.pZ, sh.n * sh.mz), q: arena.f32(sh.pQ, sh.n + 4), balls: c.balls };
      planBlocks(arena.f32(sh.pZo, sh.n * sh.mz), arena.f64(sh.pWo, sh.n), c.state.perm, sh.n, sh.mz, marginCoefficient(c.state.ld), out, from, to);
      fillRows(c, Math.min(sh.n, from * B), Math.min(sh.n, to * B));
    } else if (op === OP_PRUNED_AXES) {
      const [from, to] = shareOf(0, c.sh.axes.l, thread, threads);
      powerRows(c.arena, c.sh.axesPtrs, c.sh.axes, from, to);
    } else if (op === OP_PRUNED_SAMPLE) {
      const { sh, arena } = c;
      const [from, to] = shareOf(0, sh.axes.ns, thread, threads);
      centreSample(arena, sh.axesPtrs, c.unit, sh.n, sh.axes, arena.f32(sh.pMean, sh.dim), from, to);
    } else if (op === OP_PRUNED_KD) {
      // The k-d subtrees under the nodes the calling thread split (args[0] of them), taken one at a time.
      const { sh, arena } = c;
      const nodes = arena.i32(sh.pKdNodes, 3 * args[0]);
      const key = arena.f32(sh.pKdKey, sh.n);
      const Z = arena.f32(sh.pZo, sh.n * sh.mz);
      for (let v = Atomics.add(c.next, 0, 1); v < args[0]; v = Atomics.add(c.next, 0, 1)) {
        kdSubtree(Z, c.state.perm, key, sh.mz, sh.m, { lo: nodes[3 * v], hi: nodes[3 * v + 1], parent: nodes[3 * v + 2] });
      }
    }
  },
};

/** Rows [r0, r0 + CHUNK) of the projection, through this thread's scratch. */
function projectOwn(c: PrunedCtx, r0: number): void {
  const { sh, arena } = c;
  const U = c.unit;
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
  let stage: 'start' | 'axes' | 'project' | 'plan' | 'tiles' | 'finish' = 'start';
  let chunksDone = 0;
  let tilesDone = 0;
  let rowsDone = 0;
  let progress = 0;
  let result: KnnGraph | null = null;
  return {
    step(budget) {
      if (result) return true;
      if (stage === 'start') {
        // Euclidean: the projection computes the norms, on every thread (projectOwn).
        const norms = metric === 'cosine' ? rowNorms(vectors, n, dim) : null;
        rows = planRows(vectors, n, dim, metric, norms, true);
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
        const { mean, rng } = startAxes(c.arena, s.axesPtrs, (rows as PlanRows).U, n, s.axes);
        c.arena.f32(s.pMean, dim).set(mean);
        j.run(OP_PRUNED_SAMPLE);
        j.run(OP_PRUNED_AXES);
        loadAxes(c.arena, finishAxes(c.arena, s.axesPtrs, s.axes, mean, rng), dim, s.pW, s.pWt);
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
        // The k-d order: its top nodes here, their subtrees on every thread; then each
        // block's z rows, terms, ball and rows on every thread; the tile order here.
        const a = c.arena;
        const nodes = kdTop(a.f32(s.pZo, n * s.mz), c.state.perm, a.f32(s.pKdKey, n), n, s.mz, s.m, 2 * j.threads);
        a.i32(s.pKdNodes, 3 * nodes.length).set(nodes.flatMap((v) => [v.lo, v.hi, v.parent]));
        Atomics.store(c.next, 0, 0);
        j.run(OP_PRUNED_KD, [nodes.length]);
        j.run(OP_PRUNED_BLOCKS);
        a.i32(s.pOrder, 2 * s.tiles).set(tileOrder(c.balls, s.blocks));
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
        progress = 0.1 + 0.85 * (tilesDone / s.tiles);
        if (tilesDone === s.tiles) stage = 'finish';
        return false;
      }
      const to = Math.min(n, rowsDone + units * 4 * B);
      j.run(OP_PRUNED_FINISH, [rowsDone, to]);
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
