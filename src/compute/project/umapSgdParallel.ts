/**
 * UMAP's layout SGD on every thread of the kernel pool, Hogwild-style, as umap-learn's
 * parallel mode does (numba prange over the edges of an epoch, no locks): each thread
 * runs the same WebAssembly loop (umapSgd.wat, its shared-memory build) over its own
 * rows of each epoch slice — split so each gets the same number of edges — with its own
 * xorshift stream, all moving one layout in shared memory. An edge's schedule belongs
 * to its row, so only the layout is written by several threads; a point read while
 * another thread moves it gives a slightly stale gradient, which SGD absorbs (Niu et
 * al. 2011). Epochs stay in order: every thread finishes one before the next starts.
 *
 * Not deterministic with more than one thread: which update lands first varies from run
 * to run (umap-learn's parallel mode is not reproducible either). With one thread it is
 * the serial kernel, same bits.
 */
import type { KernelPool, KernelTask } from '../parallel/types';
import { compiledKernel } from '../simd/support';
import { attractCoef, buildArrays, kernelArrays, layoutOffsets, repelCoef, xorshiftStates, type SgdSettings, type SgdState } from './umapSgd';
import type { CsrGraph } from './umapGraph';
import { UMAP_SGD_SHARED_WASM_BASE64 } from './umapSgdSharedKernel.generated';

export interface SgdShared {
  readonly memory: WebAssembly.Memory;
  readonly n: number;
  readonly a: number;
  readonly b: number;
  readonly gamma: number;
  /** Byte offsets of Y, rowPtr, cols, epochsPerSample, nextSample, epochsPerNeg, nextNeg, attract, repel, then the threads' RNG states. */
  readonly offsets: readonly number[];
}

interface SgdCtx {
  readonly s: SgdShared;
  readonly rowPtr: Int32Array;
  readonly rng: Int32Array;
  readonly sgdRows: (...args: number[]) => number;
}

export const OP_SGD = 0;

/** First row ≥ lo whose edges start at or after edge `e` (rowPtr is non-decreasing). */
export function rowAtEdge(rowPtr: Int32Array, lo: number, hi: number, e: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rowPtr[mid] < e) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export const umapSgdTask: KernelTask<SgdShared, SgdCtx> = {
  name: 'umap-sgd',
  attach(s, _thread, threads) {
    const module = compiledKernel(UMAP_SGD_SHARED_WASM_BASE64);
    if (!module) throw new Error('the shared-memory UMAP kernel is not available in this engine');
    const { a, b, gamma } = s;
    const instance = new WebAssembly.Instance(module, {
      env: { memory: s.memory, attract: (d2: number) => attractCoef(d2, a, b), repel: (d2: number) => repelCoef(d2, a, b, gamma) },
    });
    const buffer = s.memory.buffer;
    return {
      s,
      rowPtr: new Int32Array(buffer, s.offsets[1], s.n + 1),
      rng: new Int32Array(buffer, s.offsets[9], threads),
      sgdRows: instance.exports.sgdRows as (...args: number[]) => number,
    };
  },
  run(c, op, args, thread, threads) {
    if (op !== OP_SGD) return;
    const [r0, r1, epoch, alpha] = args;
    const { rowPtr } = c;
    const e0 = rowPtr[r0];
    const edges = rowPtr[r1] - e0;
    const from = thread === 0 ? r0 : rowAtEdge(rowPtr, r0, r1, e0 + Math.floor((edges * thread) / threads));
    const to = thread === threads - 1 ? r1 : rowAtEdge(rowPtr, r0, r1, e0 + Math.floor((edges * (thread + 1)) / threads));
    if (from >= to) return;
    const [pY, pRowPtr, pCols, pEps, pNext, pEpn, pNextNeg, pAttract, pRepel] = c.s.offsets;
    c.rng[thread] = c.sgdRows(pY, pRowPtr, pCols, pEps, pNext, pEpn, pNextNeg, pAttract, pRepel, c.s.n, from, to, epoch, alpha, c.rng[thread]);
  },
};

/** Whether the SGD can run on several threads here. */
export function parallelSgdAvailable(pool: KernelPool | undefined): pool is KernelPool {
  return !!pool && pool.threads > 1 && typeof SharedArrayBuffer === 'function' && compiledKernel(UMAP_SGD_SHARED_WASM_BASE64) !== null;
}

/** The SGD for a fuzzy graph on every thread of the pool (see the module comment). */
export function buildParallelSgd(g: CsrGraph, Y: Float32Array, nEpochs: number, p: SgdSettings, ab: { a: number; b: number }, pool: KernelPool): SgdState {
  const s = buildArrays(g, Y, nEpochs, p, ab);
  const threads = pool.threads;
  const arrays = kernelArrays(s);
  const { offsets, end } = layoutOffsets(arrays, [4 * threads]);
  const pages = Math.ceil(end / 65536);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  const buffer = memory.buffer;
  arrays.forEach((a, t) => new Uint8Array(buffer, offsets[t], a.byteLength).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)));
  new Int32Array(buffer, offsets[9], threads).set(xorshiftStates(p.seed, threads));
  const job = pool.attach(umapSgdTask, { memory, n: s.n, a: ab.a, b: ab.b, gamma: s.gamma, offsets });
  let live = true;
  return {
    kernel: 'wasm',
    threads,
    Y: new Float32Array(buffer, offsets[0], 2 * s.n),
    rowPtr: s.rowPtr,
    run: (r0, r1, epoch, alpha) => job.run(OP_SGD, [r0, r1, epoch, alpha]),
    dispose() {
      if (live) job.release();
      live = false;
    },
  };
}
