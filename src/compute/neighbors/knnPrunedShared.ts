/**
 * The shared memory of the pruned kNN graph on several threads (knnPrunedParallel.ts):
 * what every thread receives — where the rows, the axes' range finder, the projection,
 * the plan and each thread's blocks and heaps are — and how it is laid out.
 */
import type { Metric } from '../dataset';
import { onSharedMemory } from '../parallel/share';
import { createSharedDenseArena, padTo4 } from '../simd/dense';
import { axesBytes, type AxesPtrs, type AxesShape } from './knnPrunedAxes';
import { B } from './knnPrunedBalls';
import { projectionBytes, type PlanRows } from './knnPrunedPlan';
import { threadBlocks } from './knnPrunedTiles';

/** One thread's blocks: its tile loop's, its projection scratch and finishRow's scratch. */
export interface ThreadPtrs {
  readonly pTile: number;
  readonly pList: number;
  readonly pDots: number;
  /** Projection scratch: centred rows, their coordinates, their reconstruction. */
  readonly pC: number;
  readonly pY: number;
  readonly pR: number;
  /** finishRow's scratch: kh ids, kh values. */
  readonly pFIds: number;
  readonly pFOut: number;
}

/** What every thread receives: the memory and where things are in it. */
export interface PrunedShared {
  readonly memory: WebAssembly.Memory;
  readonly n: number;
  readonly dim: number;
  readonly k: number;
  readonly kh: number;
  readonly m: number;
  readonly mz: number;
  readonly scale: number;
  readonly metric: Metric;
  readonly tiles: number;
  readonly blocks: number;
  /** Rows in k-d order (n × ld), their z rows (n × mz) and bound terms (n + 4). */
  readonly pX: number;
  readonly pZ: number;
  readonly pQ: number;
  /**
   * The rows as given (n × dim) and the rows the bound is taken on (unit rows for
   * cosine, else the same), where they are: outside the arena (only JavaScript reads
   * them), so a table already on a SharedArrayBuffer (the app's, when the page is
   * cross-origin isolated: datasetRegistry.ts) is read in place, not copied.
   */
  readonly rows: Float32Array;
  readonly unit: Float32Array;
  /** The projection: axes (loadAxes), their mean, and its output in original order (z rows, margin magnitudes). */
  readonly pW: number;
  readonly pWt: number;
  readonly pMean: number;
  readonly pZo: number;
  readonly pWo: number;
  readonly pNorms: number;
  readonly pTerm: number;
  readonly pPerm: number;
  readonly pOrder: number;
  readonly pCentre: number;
  readonly pRadius: number;
  readonly pMargin: number;
  readonly pIndices: number;
  readonly pDistances: number;
  /** Thresholds shared by every thread: by k-d position, scaled (pads −∞), and by row. */
  readonly pThrB: number;
  readonly pThr: number;
  /** The heaps every thread offers to (n × kh keys and indices, n sizes), and a lock per block of k-d positions. */
  readonly pKey: number;
  readonly pIdx: number;
  readonly pSize: number;
  readonly pLocks: number;
  /** The k-d order's scratch key (by row) and the top nodes the calling thread split (lo, hi, parent each; at most 4 per thread). */
  readonly pKdKey: number;
  readonly pKdNodes: number;
  /** The next tile to take (Atomics), for dynamic scheduling. */
  readonly pNext: number;
  /** Per thread: tiles, skipped, listed (PrunedStats) so far. */
  readonly pStats: number;
  /** The axes' range finder (knnPrunedAxes.ts). */
  readonly axes: AxesShape;
  readonly axesPtrs: AxesPtrs;
  readonly perThread: readonly ThreadPtrs[];
}

/**
 * Lays out the shared memory — the rows, the axes' range finder, the projection's inputs
 * and outputs, room for the plan, the heaps, and per thread a tile loop's blocks and
 * projection scratch — and fills what is known before the axes.
 */
export function layoutPrunedShared(rows: PlanRows, axes: AxesShape, X: Float32Array, norms: Float32Array | null, n: number, dim: number, k: number, kh: number, metric: Metric, threads: number): PrunedShared {
  const ld = padTo4(dim);
  // The plan has as many axes as the range finder iterates, and z rows of m + 1 (padded).
  const m = axes.l;
  const mz = padTo4(m + 1);
  const blocks = Math.ceil(n / B);
  const tiles = (blocks * (blocks + 1)) / 2;
  const proj = projectionBytes(dim, m);
  const cosine = metric === 'cosine';
  const common = [
    n * ld * 4, n * mz * 4, (n + 4) * 4, ...proj.axes, dim * 4, n * mz * 4, n * 8,
    n * 4, n * 4, n * 4, 2 * tiles * 4, blocks * mz * 8, blocks * 8, blocks * 8, n * k * 4, n * k * 4, (n + 4) * 4, n * 4, n * kh * 8, n * kh * 4, n * 4, blocks * 4, n * 4, 3 * 4 * threads * 4, 16, 3 * threads * 8,
    ...axesBytes(axes),
  ];
  const per = [...threadBlocks(n).slice(0, 3), ...proj.scratch, kh * 4, kh * 8];
  const all = [...common];
  for (let t = 0; t < threads; t++) all.push(...per);
  const { arena, memory } = createSharedDenseArena(all);
  const [pX, pZ, pQ, pW, pWt, pMean, pZo, pWo, pNorms, pTerm, pPerm, pOrder, pCentre, pRadius, pMargin, pIndices, pDistances, pThrB, pThr, pKey, pIdx, pSize, pLocks, pKdKey, pKdNodes, pNext, pStats, pS, pSt, pG, pY, ...rest] = arena.ptr;
  const perThread: ThreadPtrs[] = [];
  for (let t = 0; t < threads; t++) {
    const [pTile, pList, pDots, pC, pY, pR, pFIds, pFOut] = rest.slice(t * per.length, (t + 1) * per.length);
    perThread.push({ pTile, pList, pDots, pC, pY, pR, pFIds, pFOut });
  }
  const shared = onSharedMemory(X);
  const unit = cosine ? onSharedMemory(rows.U) : shared;
  if (norms) {
    arena.f32(pNorms, n).set(norms);
    arena.f32(pTerm, n).set(rows.term);
  }
  const thrB = arena.f32(pThrB, n + 4);
  thrB.fill(Infinity, 0, n);
  thrB.fill(-Infinity, n);
  arena.f32(pThr, n).fill(Infinity);
  return {
    memory, n, dim, k, kh, m, mz, scale: rows.scale, metric, tiles, blocks,
    pX, pZ, pQ, rows: shared, unit, pW, pWt, pMean, pZo, pWo, pNorms, pTerm, pPerm, pOrder, pCentre, pRadius, pMargin, pIndices, pDistances, pThrB, pThr, pKey, pIdx, pSize, pLocks, pKdKey, pKdNodes, pNext, pStats, perThread,
    axes, axesPtrs: { pS, pSt, pG, pY },
  };
}
