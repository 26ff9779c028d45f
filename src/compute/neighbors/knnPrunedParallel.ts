/**
 * The pruned exact kNN graph (knnPruned.ts) on the kernel pool's threads, giving the
 * same graph bit for bit — by knnParallel.ts's argument: each thread visits its share
 * of the tiles with its OWN heaps and thresholds (a pair a thread prunes is worse than
 * kh pairs that thread already holds for the row, so it is not among the row's kh best
 * overall), then each row's per-thread heaps merge into the kh best of everything
 * offered, which is brute force's heap, and finishRow re-ranks it the same way.
 *
 * The plan (axes, z rows, k-d order, tile order) is made on the calling thread; the
 * threads take the tile order interleaved (tile t goes to thread t mod T), so each
 * meets near tiles first and its thresholds tighten as early as on one thread.
 */
import type { Metric } from '../dataset';
import { rowNorms } from '../linalg';
import { shareOf } from '../parallel/share';
import type { KernelPool, KernelTask } from '../parallel/types';
import { attachDenseArena, createSharedDenseArena, padTo4, type DenseArena } from '../simd/dense';
import type { Steppable } from '../task';
import { finishRow, KNN_SLACK, mergeThreadHeaps, type KnnGraph } from './knnHeap';
import { fillPruned, planPruned, pruneTiles, threadBlocks, type Balls, type PrunedHeaps, type PrunedKnnOptions, type PrunedPlan, type PrunedState, type PrunedStats } from './knnPruned';

interface ThreadPtrs {
  readonly pTile: number;
  readonly pList: number;
  readonly pDots: number;
  readonly pThrB: number;
  readonly pThr: number;
  readonly pKey: number;
  readonly pIdx: number;
  readonly pSize: number;
}

/** What every thread receives: the memory and where things are in it. */
export interface PrunedShared {
  readonly memory: WebAssembly.Memory;
  readonly n: number;
  readonly dim: number;
  readonly k: number;
  readonly kh: number;
  readonly mz: number;
  readonly scale: number;
  readonly metric: Metric;
  readonly tiles: number;
  readonly blocks: number;
  readonly pX: number;
  readonly pZ: number;
  readonly pQ: number;
  readonly pRows: number;
  readonly pNorms: number;
  readonly pTerm: number;
  readonly pPerm: number;
  readonly pOrder: number;
  readonly pCentre: number;
  readonly pRadius: number;
  readonly pMargin: number;
  readonly pIndices: number;
  readonly pDistances: number;
  readonly perThread: readonly ThreadPtrs[];
}

interface PrunedCtx {
  readonly sh: PrunedShared;
  readonly state: PrunedState;
  readonly order: Int32Array;
  readonly balls: Balls;
  readonly heaps: readonly PrunedHeaps[];
  readonly rows: Float32Array;
  readonly norms: Float32Array;
  readonly indices: Int32Array;
  readonly distances: Float32Array;
  readonly stats: PrunedStats;
  readonly mKey: Float64Array;
  readonly mIdx: Int32Array;
  readonly mSize: Int32Array;
}

export const OP_PRUNED_TILES = 0;
export const OP_PRUNED_MERGE = 1;

export const knnPrunedTask: KernelTask<PrunedShared, PrunedCtx> = {
  name: 'knn-pruned',
  attach(sh, thread) {
    const arena: DenseArena = attachDenseArena(sh.memory);
    const mine = sh.perThread[thread];
    const ld = padTo4(sh.dim);
    const heaps = sh.perThread.map((p) => ({ key: arena.f64(p.pKey, sh.n * sh.kh), idx: arena.i32(p.pIdx, sh.n * sh.kh), size: arena.i32(p.pSize, sh.n), thr: arena.f32(p.pThr, sh.n) }));
    const state: PrunedState = {
      arena, n: sh.n, ld, mz: sh.mz, perm: arena.i32(sh.pPerm, sh.n), pX: sh.pX, pZ: sh.pZ, pQ: sh.pQ,
      pThrB: mine.pThrB, pTile: mine.pTile, pList: mine.pList, pDots: mine.pDots, term: arena.f32(sh.pTerm, sh.n), scale: sh.scale,
    };
    const balls: Balls = { centre: arena.f64(sh.pCentre, sh.blocks * sh.mz), radius: arena.f64(sh.pRadius, sh.blocks), margin: arena.f64(sh.pMargin, sh.blocks), mz: sh.mz, n: sh.n };
    return {
      sh, state, balls, heaps,
      order: arena.i32(sh.pOrder, 2 * sh.tiles),
      rows: arena.f32(sh.pRows, sh.n * sh.dim),
      norms: arena.f32(sh.pNorms, sh.n),
      indices: arena.i32(sh.pIndices, sh.n * sh.k),
      distances: arena.f32(sh.pDistances, sh.n * sh.k),
      stats: { tiles: 0, skipped: 0, listed: 0 },
      mKey: new Float64Array(sh.kh),
      mIdx: new Int32Array(sh.kh),
      mSize: new Int32Array(1),
    };
  },
  run(c, op, args, thread, threads) {
    if (op === OP_PRUNED_TILES) {
      // Tiles [from, to) of the order, every threads-th: this thread's start is the first ≡ thread (mod threads).
      const from = args[0];
      const start = from + ((((thread - from) % threads) + threads) % threads);
      pruneTiles(c.state, c.order, c.balls, start, args[1], threads, c.sh.kh, c.heaps[thread], c.stats);
    } else if (op === OP_PRUNED_MERGE) {
      const [from, to] = shareOf(args[0], args[1], thread, threads);
      for (let i = from; i < to; i++) mergeRow(c, i);
    }
  },
};

/** Row i: the kh best of every thread's heap, then the k nearest re-ranked in f64. */
function mergeRow(c: PrunedCtx, i: number): void {
  const { sh, mKey, mIdx, mSize } = c;
  const held = mergeThreadHeaps(c.heaps, i, sh.kh, mKey, mIdx, mSize);
  finishRow(c.rows, sh.dim, sh.dim, sh.metric, c.norms, i, mIdx, 0, held, sh.k, c.indices, c.distances);
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
  opts: Pick<PrunedKnnOptions, 'axes' | 'sampleRows'> = {},
): Steppable<number, KnnGraph> {
  if (vectors.length !== n * dim) throw new Error(`knnGraph: expected ${n}×${dim} = ${n * dim} values, got ${vectors.length}`);
  const kk = Math.min(k, Math.max(0, n - 1));
  const kh = Math.min(kk + KNN_SLACK, Math.max(0, n - 1));
  const B = 64;
  const unit = B * B * dim;
  const norms = rowNorms(vectors, n, dim);
  const plan = planPruned(vectors, n, dim, metric, norms, { ...opts, kernel: 'wasm' });
  let job: ReturnType<KernelPool['attach']> | null = null;
  let sh: PrunedShared | null = null;
  let tilesDone = 0;
  let rowsDone = 0;
  let planned = false;
  let progress = 0;
  let result: KnnGraph | null = null;
  return {
    step(budget) {
      if (result) return true;
      if (!planned) {
        let spent = 0;
        while (spent < budget * unit) {
          const r = plan.next();
          if (r.done) {
            sh = layout(r.value, vectors, norms, kk, kh, metric, pool.threads);
            job = pool.attach(knnPrunedTask, sh);
            planned = true;
            return false;
          }
          spent += r.value.cost;
          progress = Math.max(progress, 0.1 * r.value.progress);
        }
        return false;
      }
      const s = sh as PrunedShared;
      const j = job as NonNullable<typeof job>;
      const units = Math.max(j.threads, Math.floor(budget));
      if (tilesDone < s.tiles) {
        // A unit is about one full tile; most pruned tiles cost a fraction of that.
        const to = Math.min(s.tiles, tilesDone + 4 * units);
        j.run(OP_PRUNED_TILES, [tilesDone, to]);
        tilesDone = to;
        progress = 0.1 + 0.85 * (tilesDone / s.tiles);
        return false;
      }
      const to = Math.min(n, rowsDone + units * 4 * B);
      j.run(OP_PRUNED_MERGE, [rowsDone, to]);
      rowsDone = to;
      progress = 0.95 + 0.05 * (rowsDone / n);
      if (rowsDone < n) return false;
      const c = j.ctx as PrunedCtx;
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

/** Lays out the shared memory: the plan, the rows (k-d order and original), and per thread a tile loop's blocks and heaps. */
function layout(plan: PrunedPlan, X: Float32Array, norms: Float32Array, k: number, kh: number, metric: Metric, threads: number): PrunedShared {
  const { n, dim, ld, mz } = plan;
  const blocks = plan.balls.radius.length;
  const tiles = plan.order.length / 2;
  const common = [n * ld * 4, n * mz * 4, (n + 4) * 4, n * dim * 4, n * 4, n * 4, n * 4, plan.order.length * 4, blocks * mz * 8, blocks * 8, blocks * 8, n * k * 4, n * k * 4];
  const per = [...threadBlocks(n), n * 4, n * kh * 8, n * kh * 4, n * 4];
  const all = [...common];
  for (let t = 0; t < threads; t++) all.push(...per);
  const { arena, memory } = createSharedDenseArena(all);
  const [pX, pZ, pQ, pRows, pNorms, pTerm, pPerm, pOrder, pCentre, pRadius, pMargin, pIndices, pDistances, ...rest] = arena.ptr;
  const perThread: ThreadPtrs[] = [];
  for (let t = 0; t < threads; t++) {
    const [pTile, pList, pDots, pThrB, pThr, pKey, pIdx, pSize] = rest.slice(t * per.length, (t + 1) * per.length);
    perThread.push({ pTile, pList, pDots, pThrB, pThr, pKey, pIdx, pSize });
    if (t === 0) fillPruned(arena, plan, X, pX, pZ, pQ, pThrB);
    else arena.f32(pThrB, n + 4).set(arena.f32(perThread[0].pThrB, n + 4));
    arena.f32(pThr, n).fill(Infinity);
  }
  arena.f32(pRows, n * dim).set(X);
  arena.f32(pNorms, n).set(norms);
  arena.f32(pTerm, n).set(plan.term);
  arena.i32(pPerm, n).set(plan.perm);
  arena.i32(pOrder, plan.order.length).set(plan.order);
  arena.f64(pCentre, blocks * mz).set(plan.balls.centre);
  arena.f64(pRadius, blocks).set(plan.balls.radius);
  arena.f64(pMargin, blocks).set(plan.balls.margin);
  return {
    memory, n, dim, k, kh, mz, scale: plan.scale, metric, tiles, blocks,
    pX, pZ, pQ, pRows, pNorms, pTerm, pPerm, pOrder, pCentre, pRadius, pMargin, pIndices, pDistances, perThread,
  };
}
