/**
 * t-SNE's attractive forces split by rows across the kernel pool's threads. Each pair of
 * P's upper triangle pushes both its ends, so rows cannot simply be shared out: the rows
 * are cut into BLOCKS fixed blocks of equal pairs, each block sums into its own force
 * array (tsneAttract.wat, the shared-memory build), and the blocks are added in block
 * order, coordinates split across threads. The blocks do not depend on the thread count,
 * so the forces — and the layout — are the same bit for bit on 2 threads or 8; they
 * differ from the one-thread kernel (one running sum) only by float rounding.
 */
import { shareOf } from '../parallel/share';
import type { KernelPool, KernelTask } from '../parallel/types';
import { compiledKernel } from '../simd/support';
import type { SparseMatrix } from './perplexity';
import type { AttractKernel } from './tsneAttract';
import { TSNE_ATTRACT_SHARED_WASM_BASE64 } from './tsneAttractSharedKernel.generated';

/** Row blocks, whatever the thread count (more threads than this share nothing more). */
export const BLOCKS = 8;

export interface AttractShared {
  readonly memory: WebAssembly.Memory;
  readonly n: number;
  readonly pRowPtr: number;
  readonly pCols: number;
  readonly pVals: number;
  readonly pY: number;
  readonly pSum: number;
  /** BLOCKS force arrays of 2n f64 each, one after another. */
  readonly pBlocks: number;
  /** BLOCKS + 1 row bounds. */
  readonly bounds: readonly number[];
}

interface AttractCtx {
  readonly s: AttractShared;
  readonly attract: (...args: number[]) => void;
  readonly blocks: Float64Array;
  readonly sum: Float64Array;
}

export const OP_ATTRACT = 0;
export const OP_REDUCE = 1;

export const tsneAttractTask: KernelTask<AttractShared, AttractCtx> = {
  name: 'tsne-attract',
  attach(s) {
    const module = compiledKernel(TSNE_ATTRACT_SHARED_WASM_BASE64, false);
    if (!module) throw new Error('the shared-memory t-SNE kernel is not available in this engine');
    const attract = new WebAssembly.Instance(module, { env: { memory: s.memory } }).exports.attract as (...args: number[]) => void;
    const buffer = s.memory.buffer;
    return { s, attract, blocks: new Float64Array(buffer, s.pBlocks, BLOCKS * 2 * s.n), sum: new Float64Array(buffer, s.pSum, 2 * s.n) };
  },
  run(c, op, args, thread, threads) {
    const { s } = c;
    const len = 2 * s.n;
    if (op === OP_ATTRACT) {
      for (let b = thread; b < BLOCKS; b += threads) {
        c.blocks.fill(0, b * len, (b + 1) * len);
        c.attract(s.pRowPtr, s.pCols, s.pVals, s.pY, s.pBlocks + b * len * 8, args[0], s.bounds[b], s.bounds[b + 1]);
      }
    } else if (op === OP_REDUCE) {
      const [from, to] = shareOf(0, len, thread, threads);
      for (let t = from; t < to; t++) {
        let v = 0;
        for (let b = 0; b < BLOCKS; b++) v += c.blocks[b * len + t];
        c.sum[t] = v;
      }
    }
  },
};

/** Whether the forces can be split across `pool` here. */
export function parallelAttractAvailable(pool: KernelPool | undefined): pool is KernelPool {
  return !!pool && pool.threads > 1 && typeof SharedArrayBuffer === 'function' && compiledKernel(TSNE_ATTRACT_SHARED_WASM_BASE64, false) !== null;
}

/** Row bounds of BLOCKS blocks with about the same number of pairs each. */
function blockBounds(rowPtr: Int32Array, n: number): number[] {
  const bounds = [0];
  const nnz = rowPtr[n];
  let i = 0;
  for (let b = 1; b < BLOCKS; b++) {
    const target = Math.floor((nnz * b) / BLOCKS);
    while (i < n && rowPtr[i] < target) i++;
    bounds.push(i);
  }
  bounds.push(n);
  return bounds;
}

/**
 * The attractive forces on every thread of `pool`. A pass runs whole when asked for the
 * rows starting at 0 (the calls for later row ranges of the same pass add nothing).
 */
export function createParallelAttractKernel(upper: SparseMatrix, pool: KernelPool): AttractKernel & { dispose(): void } {
  const { n, rowPtr, cols, vals } = upper;
  let at = 64;
  const take = (bytes: number): number => {
    const p = at;
    at += Math.ceil(bytes / 16) * 16;
    return p;
  };
  const pRowPtr = take(rowPtr.byteLength), pCols = take(cols.byteLength), pVals = take(vals.byteLength);
  const pY = take(16 * n), pSum = take(16 * n), pBlocks = take(BLOCKS * 16 * n);
  const pages = Math.ceil(at / 65536);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  const buf = memory.buffer;
  new Int32Array(buf, pRowPtr, rowPtr.length).set(rowPtr);
  new Int32Array(buf, pCols, cols.length).set(cols);
  new Float64Array(buf, pVals, vals.length).set(vals);
  const y64 = new Float64Array(buf, pY, 2 * n);
  const sum = new Float64Array(buf, pSum, 2 * n);
  const job = pool.attach(tsneAttractTask, { memory, n, pRowPtr, pCols, pVals, pY, pSum, pBlocks, bounds: blockBounds(rowPtr, n) });
  let live = true;
  return {
    kind: 'wasm',
    run(y, out, scale, from) {
      if (from !== 0) return;
      y64.set(y);
      job.run(OP_ATTRACT, [scale]);
      job.run(OP_REDUCE);
      for (let t = 0; t < 2 * n; t++) out[t] += sum[t];
    },
    dispose() {
      if (live) job.release();
      live = false;
    },
  };
}
