/**
 * UMAP's layout SGD on every thread of the kernel pool. Each slice of an epoch is split
 * by rows, so that every thread gets the same expected number of edge samples, and
 * every thread runs the same WebAssembly loop (umapSgd.wat, its shared-memory build)
 * with its own xorshift stream on its own private copy of the layout: copied from the
 * shared layout when the slice starts, then moved by its rows' edges (heads, tails and
 * negative samples anywhere in the layout). When all are done, the shared layout takes
 * the sum of their moves, Y ← Y + Σₜ (Yₜ − Y), each thread merging a share of it.
 *
 * Why not Hogwild on one shared layout, as umap-learn's parallel mode does: with one
 * layout, every tail move and every negative sample's read touched cache lines the
 * other core had just written, and the lines passed back and forth between the cores.
 * On this 2-core VM two threads were then no faster than one (GloVe 50k SGD, 8
 * interleaved rounds: 0.67–1.06×); private copies merged per slice are 1.14–1.74× faster
 * (6 rounds, median 1.38×; the VM's cores run at uneven speed from minute to minute),
 * with the same recall. The copy and the merge cost 3 % of the SGD time.
 *
 * What it changes: within a slice a thread does not see the other threads' moves of
 * that slice (as a data-parallel minibatch: every slice starts from the layout the
 * previous one left), where Hogwild saw some of them at random. The result is
 * deterministic for a seed and a thread count, since nothing depends on which thread
 * writes first. With one thread it is the serial kernel, same bits.
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
  /** Byte offsets of Y, rowPtr, cols, epochsPerSample, nextSample, epochsPerNeg, nextNeg, attract, repel, the threads' RNG states, their private layouts, then rowWork's sums (n + 1 f64). */
  readonly offsets: readonly number[];
  /** Bytes from one thread's private layout to the next's. */
  readonly ownStride: number;
}

interface SgdCtx {
  readonly s: SgdShared;
  readonly rng: Int32Array;
  /** The shared layout and every thread's private copy of it (same views in every thread). */
  readonly Y: Float32Array;
  readonly own: readonly Float32Array[];
  /** work[i]: expected samples per epoch of rows before i (rowWork, made once by the caller), to split slices evenly. */
  readonly work: Float64Array;
  readonly sgdRows: (...args: number[]) => number;
}

export const OP_SGD = 0;
export const OP_MERGE = 1;

/**
 * First row in [lo, hi) whose prefix sum (CSR row pointers, or rowWork's sums) is at
 * least v; hi if none. The prefix sums are non-decreasing.
 */
export function rowAtPrefix(prefix: ArrayLike<number>, lo: number, hi: number, v: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (prefix[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Prefix sums over rows of each edge's expected samples per epoch (1 / epochsPerSample):
 * what a row costs in an epoch. Split by edge counts, one thread's kernel time ran ~5 %
 * over the other's (2480 vs 2360 ms, GloVe 50k); split by this, 1–2 %.
 */
export function rowWork(rowPtr: Int32Array, epochsPerSample: Float32Array): Float64Array {
  const n = rowPtr.length - 1;
  const work = new Float64Array(n + 1);
  let acc = 0;
  for (let i = 0; i < n; i++) {
    for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) acc += 1 / epochsPerSample[e];
    work[i + 1] = acc;
  }
  return work;
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
      rng: new Int32Array(buffer, s.offsets[9], threads),
      Y: new Float32Array(buffer, s.offsets[0], 2 * s.n),
      work: new Float64Array(buffer, s.offsets[11], s.n + 1),
      own: Array.from({ length: threads }, (_, t) => new Float32Array(buffer, s.offsets[10] + t * s.ownStride, 2 * s.n)),
      sgdRows: instance.exports.sgdRows as (...args: number[]) => number,
    };
  },
  run(c, op, args, thread, threads) {
    if (op === OP_MERGE) {
      mergeDeltas(c.Y, c.own, thread, threads);
      return;
    }
    if (op !== OP_SGD) return;
    const [r0, r1, epoch, alpha] = args;
    // Before any early return: a thread with no rows still takes part in the merge, and
    // its copy must equal Y there, or the merge would add a stale move.
    c.own[thread].set(c.Y);
    const { work } = c;
    const w0 = work[r0];
    const total = work[r1] - w0;
    const from = thread === 0 ? r0 : rowAtPrefix(work, r0, r1, w0 + (total * thread) / threads);
    const to = thread === threads - 1 ? r1 : rowAtPrefix(work, r0, r1, w0 + (total * (thread + 1)) / threads);
    if (from >= to) return;
    const [, pRowPtr, pCols, pEps, pNext, pEpn, pNextNeg, pAttract, pRepel] = c.s.offsets;
    const pY = c.s.offsets[10] + thread * c.s.ownStride;
    c.rng[thread] = c.sgdRows(pY, pRowPtr, pCols, pEps, pNext, pEpn, pNextNeg, pAttract, pRepel, c.s.n, from, to, epoch, alpha, c.rng[thread]);
  },
};

/** This thread's share of Y ← Y + Σₜ (ownₜ − Y), in thread order (so the same bits every run). */
export function mergeDeltas(Y: Float32Array, own: readonly Float32Array[], thread: number, threads: number): void {
  const m = Y.length;
  const lo = Math.floor((m * thread) / threads);
  const hi = Math.floor((m * (thread + 1)) / threads);
  if (own.length === 2) {
    // Two threads, the common case: the same sums in the same order without the inner
    // loop over copies (0.08 against 0.13 ms a merge of GloVe 50k's layout, in cache).
    const [a, b] = own;
    for (let i = lo; i < hi; i++) {
      const y = Y[i];
      Y[i] = y + (a[i] - y) + (b[i] - y);
    }
    return;
  }
  for (let i = lo; i < hi; i++) {
    const y = Y[i];
    let acc = y;
    for (let t = 0; t < own.length; t++) acc += own[t][i] - y;
    Y[i] = acc;
  }
}

/** Whether the SGD can run on several threads here. */
export function parallelSgdAvailable(pool: KernelPool | undefined): pool is KernelPool {
  return !!pool && pool.threads > 1 && typeof SharedArrayBuffer === 'function' && compiledKernel(UMAP_SGD_SHARED_WASM_BASE64) !== null;
}

/** The SGD for a fuzzy graph on every thread of the pool (see the module comment). */
export function buildParallelSgd(g: CsrGraph, Y: Float32Array, nEpochs: number, p: SgdSettings, ab: { a: number; b: number }, pool: KernelPool): SgdState {
  const s = buildArrays(g, Y, nEpochs, p, ab);
  const threads = pool.threads;
  const arrays = kernelArrays(s);
  const ownStride = Math.ceil((8 * s.n) / 64) * 64;
  const { offsets, end } = layoutOffsets(arrays, [4 * threads, ownStride * threads, 8 * (s.n + 1)]);
  const pages = Math.ceil(end / 65536);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  const buffer = memory.buffer;
  arrays.forEach((a, t) => new Uint8Array(buffer, offsets[t], a.byteLength).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)));
  new Int32Array(buffer, offsets[9], threads).set(xorshiftStates(p.seed, threads));
  new Float64Array(buffer, offsets[11], s.n + 1).set(rowWork(s.rowPtr, s.epochsPerSample));
  const job = pool.attach(umapSgdTask, { memory, n: s.n, a: ab.a, b: ab.b, gamma: s.gamma, offsets, ownStride });
  let live = true;
  return {
    kernel: 'wasm',
    threads,
    Y: new Float32Array(buffer, offsets[0], 2 * s.n),
    rowPtr: s.rowPtr,
    run: (r0, r1, epoch, alpha) => {
      job.run(OP_SGD, [r0, r1, epoch, alpha]);
      job.run(OP_MERGE);
    },
    dispose() {
      if (live) job.release();
      live = false;
    },
  };
}
