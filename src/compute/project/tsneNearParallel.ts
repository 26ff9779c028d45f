/**
 * t-SNE's near-field repulsion (tsneNearField.ts) on the kernel pool's threads. Each
 * near pair pushes both its points, and a point's partners lie up to two cell rows
 * below it, so rows cannot simply be shared out: the cell rows are cut into BLOCKS
 * blocks of about equal candidate pairs, each block sums into its own force arrays
 * (tsneNear.wat, the shared-memory build), and the blocks are added in block order,
 * points split across threads. The blocks do not depend on the thread count, so the
 * forces — and the layout — are the same bit for bit on 2 threads or 8; they differ from
 * the one-thread kernel (one running sum) only by float rounding.
 *
 * A block's pairs reach from its first cell row to two rows past its last, and the
 * points are sorted by cell, so a block writes one contiguous run of points: only that
 * run is zeroed and added (the rest of its arrays stays 0, which adds nothing). With
 * the whole arrays, the 16 blocks' zeroing and adding moved 16n floats a pass where
 * their pairs touch ~1.3n.
 */
import { shareOf } from '../parallel/share';
import type { KernelPool, KernelTask } from '../parallel/types';
import { compiledKernel } from '../simd/support';
import { COST_PER_PAIR, QUANTUM, type NearKernel } from './tsneNearKernel';
import { TSNE_NEAR_SHARED_WASM_BASE64 } from './tsneNearSharedKernel.generated';

/** Blocks of cell rows, whatever the thread count. */
export const BLOCKS = 16;

export interface NearShared {
  readonly memory: WebAssembly.Memory;
  readonly n: number;
  /** f32 arrays of n + 4: sorted x, y; the summed forces x, y. */
  readonly pSx: number;
  readonly pSy: number;
  readonly pSumX: number;
  readonly pSumY: number;
  /** Cell starts (capacity + 1 i32). */
  readonly pCell: number;
  readonly capacity: number;
  /** BLOCKS pairs of force arrays (x then y, n + 4 f32 each), one block after another. */
  readonly pBlocks: number;
  /** BLOCKS f64: each block's Σ K_near. */
  readonly pZ: number;
}

interface NearCtx {
  readonly s: NearShared;
  readonly nearRows: (...args: number[]) => number;
  readonly cellStart: Int32Array;
  /** This thread's running sums while adding the blocks (f64, as one sum per point was). */
  readonly accX: Float64Array;
  readonly accY: Float64Array;
  readonly blocks: Float32Array;
  readonly sumX: Float32Array;
  readonly sumY: Float32Array;
  readonly z: Float64Array;
}

export const OP_NEAR = 0;
export const OP_REDUCE = 1;

/** Bytes of one block's two force arrays. */
const blockBytes = (n: number): number => 2 * (n + 4) * 4;

export const tsneNearTask: KernelTask<NearShared, NearCtx> = {
  name: 'tsne-near',
  attach(s) {
    const module = compiledKernel(TSNE_NEAR_SHARED_WASM_BASE64);
    if (!module) throw new Error('the shared-memory t-SNE near-field kernel is not available in this engine');
    const nearRows = new WebAssembly.Instance(module, { env: { memory: s.memory } }).exports.nearRows as (...args: number[]) => number;
    const buffer = s.memory.buffer;
    return {
      s,
      nearRows,
      cellStart: new Int32Array(buffer, s.pCell, s.capacity + 1),
      accX: new Float64Array(s.n),
      accY: new Float64Array(s.n),
      blocks: new Float32Array(buffer, s.pBlocks, (BLOCKS * blockBytes(s.n)) / 4),
      sumX: new Float32Array(buffer, s.pSumX, s.n + 4),
      sumY: new Float32Array(buffer, s.pSumY, s.n + 4),
      z: new Float64Array(buffer, s.pZ, BLOCKS),
    };
  },
  // OP_NEAR args: nx, ny, rc², 1/σ², this round's blocks [first, end), then BLOCKS + 1 row bounds.
  // OP_REDUCE args: nx, ny, then the same row bounds.
  run(c, op, args, thread, threads) {
    const { s } = c;
    const stride = s.n + 4;
    if (op === OP_NEAR) {
      for (let b = args[4] + thread; b < args[5]; b += threads) {
        const at = b * 2 * stride;
        const [lo, hi] = blockPoints(c.cellStart, args[0], args[1], args[6 + b], args[7 + b]);
        c.blocks.fill(0, at + lo, at + hi);
        c.blocks.fill(0, at + stride + lo, at + stride + hi);
        const pFx = s.pBlocks + b * blockBytes(s.n);
        c.z[b] = c.nearRows(s.pSx, s.pSy, pFx, pFx + stride * 4, s.pCell, args[0], args[1], args[6 + b], args[7 + b], args[2], args[3]);
      }
    } else if (op === OP_REDUCE) {
      // Each point's sum adds the blocks that reach it in block order, as a sum over all of them did.
      const [from, to] = shareOf(0, s.n, thread, threads);
      const { accX, accY, blocks } = c;
      accX.fill(0, from, to);
      accY.fill(0, from, to);
      for (let b = 0; b < BLOCKS; b++) {
        const [lo, hi] = blockPoints(c.cellStart, args[0], args[1], args[2 + b], args[3 + b]);
        const bx = b * 2 * stride;
        const by = bx + stride;
        for (let t = Math.max(lo, from); t < Math.min(hi, to); t++) {
          accX[t] += blocks[bx + t];
          accY[t] += blocks[by + t];
        }
      }
      for (let t = from; t < to; t++) {
        c.sumX[t] = accX[t];
        c.sumY[t] = accY[t];
      }
    }
  },
};

/**
 * The sorted points [lo, hi) a block of cell rows [r0, r1) can write: its own rows' and
 * the next two rows' (its pairs' partners lie at most two rows below). Empty when r0 = r1.
 */
export function blockPoints(cellStart: Int32Array, nx: number, ny: number, r0: number, r1: number): [number, number] {
  if (r1 <= r0) return [0, 0];
  return [cellStart[r0 * nx], cellStart[Math.min(ny, r1 + 2) * nx]];
}

/** Whether the near field can be split across `pool` here. */
export function parallelNearAvailable(pool: KernelPool | undefined): pool is KernelPool {
  return !!pool && pool.threads > 1 && typeof SharedArrayBuffer === 'function' && compiledKernel(TSNE_NEAR_SHARED_WASM_BASE64) !== null;
}

/** Row bounds of BLOCKS blocks with about the same candidate pairs each (empty blocks allowed). */
export function blockRows(rowPairs: Float64Array, ny: number): number[] {
  let total = 0;
  for (let r = 0; r < ny; r++) total += rowPairs[r];
  const bounds = [0];
  let r = 0;
  let acc = 0;
  for (let b = 1; b < BLOCKS; b++) {
    const target = (total * b) / BLOCKS;
    while (r < ny && acc + rowPairs[r] / 2 < target) acc += rowPairs[r++];
    bounds.push(r);
  }
  bounds.push(ny);
  return bounds;
}

/** The near field's pair loop on every thread of `pool`; holds up to 8n + 4096 cells. */
export function createParallelNearKernel(n: number, pool: KernelPool): NearKernel {
  const capacity = 8 * n + 4096;
  let at = 64;
  const take = (bytes: number): number => {
    const p = at;
    at += Math.ceil(bytes / 16) * 16;
    return p;
  };
  const f32Bytes = (n + 4) * 4;
  const pSx = take(f32Bytes), pSy = take(f32Bytes), pSumX = take(f32Bytes), pSumY = take(f32Bytes);
  const pCell = take(4 * (capacity + 1)), pZ = take(8 * BLOCKS), pBlocks = take(BLOCKS * blockBytes(n));
  const pages = Math.ceil(at / 65536);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  const buf = memory.buffer;
  const x32 = new Float32Array(buf, pSx, n + 4), y32 = new Float32Array(buf, pSy, n + 4);
  const cells32 = new Int32Array(buf, pCell, capacity + 1);
  const z = new Float64Array(buf, pZ, BLOCKS);
  const job = pool.attach(tsneNearTask, { memory, n, pSx, pSy, pSumX, pSumY, pCell, capacity, pBlocks, pZ });
  let live = true;
  return {
    // The threads share the pairs, and the grid it is weighed against (tsneGrid.ts): priced
    // as on one thread, so the split — and the layout — do not depend on the thread count.
    costPerPair: COST_PER_PAIR.wasm,
    load(sx, sy, cellStart, cells) {
      if (cells > capacity) return false;
      x32.set(sx.subarray(0, n));
      y32.set(sy.subarray(0, n));
      cells32.set(cellStart.subarray(0, cells + 1));
      return true;
    },
    *pass(nx, ny, rowPairs, rc2, inv2) {
      const bounds = blockRows(rowPairs, ny);
      // As many blocks per round as give each thread about QUANTUM pairs: one round at
      // 10k points (every round is a wake-up of the threads), pauses between rounds above.
      let pairs = 0;
      for (let r = 0; r < ny; r++) pairs += rowPairs[r];
      const perThread = Math.max(1, Math.floor(QUANTUM / Math.max(1, pairs / BLOCKS)));
      const round = Math.min(BLOCKS, perThread * job.threads);
      for (let first = 0; first < BLOCKS; first += round) {
        job.run(OP_NEAR, [nx, ny, rc2, inv2, first, Math.min(BLOCKS, first + round), ...bounds]);
        if (first + round < BLOCKS) yield;
      }
      job.run(OP_REDUCE, [nx, ny, ...bounds]);
      let total = 0;
      for (let b = 0; b < BLOCKS; b++) total += z[b];
      return total;
    },
    fx: () => new Float32Array(buf, pSumX, n + 4),
    fy: () => new Float32Array(buf, pSumY, n + 4),
    dispose() {
      if (live) job.release();
      live = false;
    },
  };
}
