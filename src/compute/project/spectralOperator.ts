/**
 * Spectral initialisation's operator (spectral.ts), Y = (Q + D^-½ W D^-½ Q)/2 for a block
 * of vectors, on this thread or on the kernel pool's threads.
 *
 * All the block's vectors go in one pass over the edges: Q is copied node-major, so an
 * edge reads its neighbour's values from one cache line instead of one per vector (one
 * vector at a time, the scattered reads cost ~1.5× more CPU on GloVe 50k).
 *
 * On the pool each thread computes its rows of Y = (Q + D^-½ W D^-½ Q)/2 for the whole block, rows split
 * so each thread gets the same number of edges. A row's sum runs over its edges in the
 * same order with the same products as on one thread, so the layout is the same bit for
 * bit with any number of threads.
 *
 * Only the operator runs here: the block's Rayleigh–Ritz step and re-orthonormalisation
 * (O(n·block²), a fifth of the operator's cost on GloVe 50k) stay on the calling thread.
 */
import { shareOf } from '../parallel/share';
import { canShareMemory } from '../parallel/pool';
import type { KernelJob, KernelPool, KernelTask } from '../parallel/types';
import type { SymmetricOperator } from '../eigen';
import { rowAtPrefix } from './umapSgdParallel';

/** The component's graph and the block, node-major, in shared memory. */
export interface SpmvShared {
  readonly m: number;
  readonly nnz: number;
  readonly block: number;
  /** rowPtr (m + 1 i32), cols (nnz i32), weights (nnz f64), invSqrtDeg (m f64), Qt and Yt (m × block f64). */
  readonly buffer: SharedArrayBuffer;
}

interface SpmvCtx {
  readonly rowPtr: Int32Array;
  readonly cols: Int32Array;
  readonly wt: Float64Array;
  readonly inv: Float64Array;
  readonly Qt: Float64Array;
  readonly Yt: Float64Array;
  readonly acc: Float64Array;
}

export const OP_SPMV = 0;

function views(s: SpmvShared): Omit<SpmvCtx, 'acc'> {
  const { m, nnz, block, buffer } = s;
  const o1 = 4 * (m + 1);
  const o2 = o1 + 4 * nnz;
  const o3 = (o2 + 7) & ~7;
  const o4 = o3 + 8 * nnz;
  const o5 = o4 + 8 * m;
  return {
    rowPtr: new Int32Array(buffer, 0, m + 1),
    cols: new Int32Array(buffer, o1, nnz),
    wt: new Float64Array(buffer, o3, nnz),
    inv: new Float64Array(buffer, o4, m),
    Qt: new Float64Array(buffer, o5, m * block),
    Yt: new Float64Array(buffer, o5 + 8 * m * block, m * block),
  };
}

function bytes(m: number, nnz: number, block: number): number {
  return ((4 * (m + 1) + 4 * nnz + 7) & ~7) + 8 * nnz + 8 * m + 16 * m * block;
}


/** Rows [i0, i1) of Yt from Qt, `rows` vectors: spectral.ts's sum, row by row. */
export function spmvRows(c: Omit<SpmvCtx, 'acc'>, acc: Float64Array, rows: number, i0: number, i1: number): void {
  const { rowPtr, cols, wt, inv, Qt, Yt } = c;
  for (let i = i0; i < i1; i++) {
    acc.fill(0);
    for (let t = rowPtr[i]; t < rowPtr[i + 1]; t++) {
      const w = wt[t];
      const o = cols[t] * rows;
      for (let r = 0; r < rows; r++) acc[r] += w * Qt[o + r];
    }
    for (let r = 0; r < rows; r++) Yt[i * rows + r] = 0.5 * (Qt[i * rows + r] + inv[i] * acc[r]);
  }
}

export const spectralSpmvTask: KernelTask<SpmvShared, SpmvCtx> = {
  name: 'spectral-spmv',
  attach(s) {
    return { ...views(s), acc: new Float64Array(s.block) };
  },
  run(c, _op, args, thread, threads) {
    // args: rows (vectors), first row, end row; this thread's share by edges.
    const [rows, a, b] = [args[0], args[1], args[2]];
    const [e0, e1] = shareOf(c.rowPtr[a], c.rowPtr[b], thread, threads);
    const i0 = thread === 0 ? a : rowAtPrefix(c.rowPtr, a, b, e0);
    const i1 = thread === threads - 1 ? b : rowAtPrefix(c.rowPtr, a, b, e1);
    spmvRows(c, c.acc, rows, i0, i1);
  },
};

/** Rows of the graph per command or slice (one yield of the operator, ~10 ms at 6 vectors). */
const ROWS_PER_YIELD = 16384;
/** Smaller components are not worth a job on the threads. */
const PARALLEL_MIN_ROWS = 8192;

export interface SpectralOperator {
  readonly apply: SymmetricOperator;
  /** Frees the threads' job, if any. */
  readonly release: () => void;
}

/**
 * The operator of one component: CSR rows with the column's D^-½ folded into the edge
 * weights `wt`, on the pool when it has threads and the component is large.
 */
export function spectralOperator(m: number, rowPtr: Int32Array, cols: Int32Array, wt: Float64Array, invSqrtDeg: Float64Array, block: number, pool?: KernelPool): SpectralOperator {
  if (pool && pool.threads > 1 && canShareMemory() && m >= PARALLEL_MIN_ROWS) return parallelSpmvOperator(pool, m, rowPtr, cols, wt, invSqrtDeg, block);
  const c = { rowPtr, cols, wt, inv: invSqrtDeg, Qt: new Float64Array(m * block), Yt: new Float64Array(m * block) };
  const acc = new Float64Array(block);
  const apply: SymmetricOperator = function* (Q, rows, Y) {
    toNodeMajor(Q, rows, m, c.Qt);
    for (let i0 = 0; i0 < m; i0 += ROWS_PER_YIELD) {
      const i1 = Math.min(m, i0 + ROWS_PER_YIELD);
      spmvRows(c, acc, rows, i0, i1);
      yield (rowPtr[i1] - rowPtr[i0]) * 2 * rows + (i1 - i0) * rows;
    }
    fromNodeMajor(c.Yt, rows, m, Y);
  };
  return { apply, release: () => {} };
}

function toNodeMajor(Q: Float64Array, rows: number, m: number, Qt: Float64Array): void {
  for (let r = 0; r < rows; r++) for (let j = 0; j < m; j++) Qt[j * rows + r] = Q[r * m + j];
}

function fromNodeMajor(Yt: Float64Array, rows: number, m: number, Y: Float64Array): void {
  for (let r = 0; r < rows; r++) for (let i = 0; i < m; i++) Y[r * m + i] = Yt[i * rows + r];
}

function parallelSpmvOperator(
  pool: KernelPool,
  m: number,
  rowPtr: Int32Array,
  cols: Int32Array,
  wt: Float64Array,
  invSqrtDeg: Float64Array,
  block: number,
): SpectralOperator {
  const nnz = rowPtr[m];
  const shared: SpmvShared = { m, nnz, block, buffer: new SharedArrayBuffer(bytes(m, nnz, block)) };
  const v = views(shared);
  v.rowPtr.set(rowPtr.subarray(0, m + 1));
  v.cols.set(cols.subarray(0, nnz));
  v.wt.set(wt);
  v.inv.set(invSqrtDeg);
  const job: KernelJob<SpmvCtx> = pool.attach(spectralSpmvTask, shared);
  const apply: SymmetricOperator = function* (Q, rows, Y) {
    toNodeMajor(Q, rows, m, v.Qt);
    for (let i0 = 0; i0 < m; i0 += ROWS_PER_YIELD) {
      const i1 = Math.min(m, i0 + ROWS_PER_YIELD);
      job.run(OP_SPMV, [rows, i0, i1]);
      yield (rowPtr[i1] - rowPtr[i0]) * 2 * rows + (i1 - i0) * rows;
    }
    fromNodeMajor(v.Yt, rows, m, Y);
  };
  return { apply, release: () => job.release() };
}
