/**
 * The exact kNN graph of knn.ts split across the kernel pool's threads, giving the same
 * graph bit for bit.
 *
 * The serial graph computes each B×B tile of the upper triangle once and feeds both row
 * blocks' heaps from it (half the multiply-adds). Threads cannot share those heaps
 * without locks, so each thread takes a contiguous run of tiles and keeps its OWN heaps
 * for every row; then the rows are split across threads and each row's per-thread heaps
 * are merged. That gives the serial result exactly: a tile's f32 keys do not depend on
 * which thread computes it, each pair is offered once overall, and a bounded heap under
 * the total order (key, index) ends with the k best of whatever it was offered, in any
 * order (knn.ts heapOffer) — so the k best of the per-thread bests are the serial heap's.
 * The final neighbours are then re-ranked in f64 by the same finishRow.
 *
 * Memory: one shared WebAssembly memory holds the padded rows, and per thread a tile, a
 * pair list and n heaps of k + KNN_SLACK (12 bytes an entry).
 */
import type { Metric } from '../dataset';
import { rowNorms } from '../linalg';
import { shareOf } from '../parallel/share';
import type { KernelPool, KernelTask } from '../parallel/types';
import { attachDenseArena, copyRowsPadded, createSharedDenseArena, padTo4, sharedDenseAvailable, type DenseArena } from '../simd/dense';
import type { Steppable } from '../task';
import { prunedKnnPays } from './knnPruned';
import { createParallelPrunedKnnGraph } from './knnPrunedParallel';
import { createKnnGraph, KNN_SLACK, offerListed, type KnnGraph, type KnnGraphOptions } from './knn';
import { finishRow, finishScratch, mergeThreadHeaps, type FinishScratch, type RowHeaps } from './knnHeap';

interface ThreadBlocks {
  readonly pTile: number;
  readonly pThr: number;
  readonly pList: number;
  readonly pKey: number;
  readonly pIdx: number;
  readonly pSize: number;
  /** finishRow's scratch: kh ids, kh values. */
  readonly pFIds: number;
  readonly pFOut: number;
}

/** What every thread receives: the memory and where things are in it. */
export interface KnnShared {
  readonly memory: WebAssembly.Memory;
  readonly n: number;
  readonly dim: number;
  readonly k: number;
  readonly kh: number;
  readonly B: number;
  readonly metric: Metric;
  readonly pX: number;
  readonly pTerm: number;
  readonly pNorms: number;
  readonly pIndices: number;
  readonly pDistances: number;
  readonly perThread: readonly ThreadBlocks[];
}

interface KnnCtx {
  readonly s: KnnShared;
  readonly arena: DenseArena;
  readonly ld: number;
  readonly ldt: number;
  readonly blocks: number;
  readonly X: Float32Array;
  readonly norms: Float32Array;
  readonly tile: Float32Array;
  readonly thr: Float32Array;
  readonly list: Int32Array;
  readonly heaps: readonly RowHeaps[];
  readonly indices: Int32Array;
  readonly distances: Float32Array;
  /** Merge scratch: one bounded heap of kh. */
  readonly mKey: Float64Array;
  readonly mIdx: Int32Array;
  readonly mSize: Int32Array;
  readonly finish: FinishScratch;
}

export const OP_TILES = 0;
export const OP_MERGE = 1;

export const knnTask: KernelTask<KnnShared, KnnCtx> = {
  name: 'knn-exact',
  attach(s, thread) {
    const arena = attachDenseArena(s.memory);
    const ld = padTo4(s.dim);
    const ldt = padTo4(s.B);
    const mine = s.perThread[thread];
    const heaps = s.perThread.map((b) => ({ key: arena.f64(b.pKey, s.n * s.kh), idx: arena.i32(b.pIdx, s.n * s.kh), size: arena.i32(b.pSize, s.n) }));
    return {
      s, arena, ld, ldt,
      blocks: Math.ceil(s.n / s.B),
      X: arena.f32(s.pX, s.n * ld),
      norms: arena.f32(s.pNorms, s.n),
      tile: arena.f32(mine.pTile, s.B * ldt),
      thr: arena.f32(mine.pThr, s.n + 4),
      list: arena.i32(mine.pList, s.B * ldt),
      heaps,
      indices: arena.i32(s.pIndices, s.n * s.k),
      distances: arena.f32(s.pDistances, s.n * s.k),
      mKey: new Float64Array(s.kh),
      mIdx: new Int32Array(s.kh),
      mSize: new Int32Array(1),
      finish: finishScratch(arena, s.pX, ld, null, mine.pFIds, mine.pFOut, s.kh),
    };
  },
  run(c, op, args, thread, threads) {
    const [from, to] = shareOf(args[0], args[1], thread, threads);
    if (op === OP_TILES) tiles(c, thread, from, to);
    else if (op === OP_MERGE) for (let i = from; i < to; i++) mergeRow(c, i);
  },
};

/** Tiles [from, to) of the upper triangle in row-block order, into this thread's heaps. */
function tiles(c: KnnCtx, thread: number, from: number, to: number): void {
  if (from >= to) return;
  const { s, arena, ld, ldt, blocks } = c;
  const mine = s.perThread[thread];
  const heap = c.heaps[thread];
  const metricCode = s.metric === 'cosine' ? 1 : 0;
  // Find the tile's (I, J): block row I holds blocks − I tiles.
  let I = 0;
  let start = 0;
  while (start + (blocks - I) <= from) start += blocks - I++;
  let J = I + (from - start);
  for (let t = from; t < to; t++) {
    const i0 = I * s.B;
    const i1 = Math.min(s.n, i0 + s.B);
    const j0 = J * s.B;
    const j1 = Math.min(s.n, j0 + s.B);
    arena.dots(s.pX + i0 * ld * 4, ld, i1 - i0, s.pX + j0 * ld * 4, ld, j1 - j0, ld, mine.pTile, ldt, 0);
    const count = arena.keyTile(mine.pTile, i1 - i0, j1 - j0, ldt, i0, j0, s.pTerm, mine.pThr, metricCode as 0 | 1, mine.pList);
    offerListed(c.tile, c.list, count, ldt, i0, j0, s.kh, heap.key, heap.idx, heap.size, c.thr);
    if (++J === blocks) {
      I++;
      J = I;
    }
  }
}

/** Row i: the kh best of every thread's heap, then the k nearest re-ranked in f64. */
function mergeRow(c: KnnCtx, i: number): void {
  const { s, mKey, mIdx, mSize } = c;
  const held = mergeThreadHeaps(c.heaps, i, s.kh, mKey, mIdx, mSize);
  finishRow(c.finish, s.metric, c.norms, i, mIdx, 0, held, s.k, c.indices, c.distances);
}

/** Lays out the shared memory of a parallel kNN graph and fills the rows, norms and ranking terms. */
function layout(vectors: Float32Array, n: number, dim: number, k: number, metric: Metric, B: number, threads: number): KnnShared {
  const kh = Math.min(k + KNN_SLACK, n - 1);
  const ld = padTo4(dim);
  const ldt = padTo4(B);
  const per = [B * ldt * 4, (n + 4) * 4, B * ldt * 4, n * kh * 8, n * kh * 4, n * 4, kh * 4, kh * 8];
  const blocks = [n * ld * 4, (n + 4) * 4, n * 4, n * k * 4, n * k * 4];
  for (let t = 0; t < threads; t++) blocks.push(...per);
  const { arena, memory } = createSharedDenseArena(blocks);
  const [pX, pTerm, pNorms, pIndices, pDistances, ...rest] = arena.ptr;
  const perThread: ThreadBlocks[] = [];
  for (let t = 0; t < threads; t++) {
    const [pTile, pThr, pList, pKey, pIdx, pSize, pFIds, pFOut] = rest.slice(t * per.length, (t + 1) * per.length);
    perThread.push({ pTile, pThr, pList, pKey, pIdx, pSize, pFIds, pFOut });
    const thr = arena.f32(pThr, n + 4);
    // Every heap starts empty (threshold +∞); the pad lanes past n never pass.
    thr.fill(Infinity, 0, n);
    thr.fill(-Infinity, n);
  }
  copyRowsPadded(arena, pX, vectors, n, dim);
  // The same norms and ranking terms as the serial graph.
  const norms = rowNorms(vectors, n, dim);
  arena.f32(pNorms, n).set(norms);
  const term = arena.f32(pTerm, n + 4);
  for (let i = 0; i < n; i++) term[i] = metric === 'cosine' ? (norms[i] > 0 ? 1 / norms[i] : 0) : norms[i] * norms[i];
  return { memory, n, dim, k, kh, B, metric, pX, pTerm, pNorms, pIndices, pDistances, perThread };
}

/**
 * The exact graph on every thread of `pool` (the serial createKnnGraph when the pool has
 * one thread or memory cannot be shared). Budget units are tiles, as in the serial graph.
 */
export function createParallelKnnGraph(
  pool: KernelPool,
  vectors: Float32Array,
  n: number,
  dim: number,
  k: number,
  metric: Metric,
  opts: Pick<KnnGraphOptions, 'blockSize'> = {},
): Steppable<number, KnnGraph> {
  const kk = Math.min(k, Math.max(0, n - 1));
  if (pool.threads < 2 || kk === 0 || !sharedDenseAvailable()) return createKnnGraph(vectors, n, dim, k, metric, opts);
  // Wide rows: the pruned graph's threads (the same graph, most full products skipped).
  if (prunedKnnPays(n, dim)) return createParallelPrunedKnnGraph(pool, vectors, n, dim, k, metric);
  if (vectors.length !== n * dim) throw new Error(`knnGraph: expected ${n}×${dim} = ${n * dim} values, got ${vectors.length}`);
  const B = Math.max(4, Math.floor(opts.blockSize ?? 64));
  const job = pool.attach(knnTask, layout(vectors, n, dim, kk, metric, B, pool.threads));
  const blocks = Math.ceil(n / B);
  const totalTiles = (blocks * (blocks + 1)) / 2;
  /** Rows merged per budget unit: a row's merge costs ~kh·dim against a tile's B²·dim. */
  const rowsPerUnit = 4 * B;
  let tilesDone = 0;
  let rowsDone = 0;
  let result: KnnGraph | null = null;
  return {
    step(budget) {
      if (result) return true;
      const units = Math.max(job.threads, Math.floor(budget));
      if (tilesDone < totalTiles) {
        const to = Math.min(totalTiles, tilesDone + units);
        job.run(OP_TILES, [tilesDone, to]);
        tilesDone = to;
        return false;
      }
      const to = Math.min(n, rowsDone + units * rowsPerUnit);
      job.run(OP_MERGE, [rowsDone, to]);
      rowsDone = to;
      if (rowsDone < n) return false;
      const c = job.ctx;
      result = { k: kk, indices: c.indices.slice(), distances: c.distances.slice() };
      job.release();
      return true;
    },
    progress: () => (result ? 1 : 0.95 * (tilesDone / totalTiles) + 0.05 * (rowsDone / n)),
    snapshot: () => rowsDone,
    result() {
      if (!result) throw new Error('knnGraph: result() called before the task finished');
      return result;
    },
  };
}
