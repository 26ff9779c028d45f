/**
 * UMAP's per-point bandwidths (rho, sigma: umapSmooth.ts) on the kernel pool's threads:
 * each thread bisects its share of the rows. The same code on the same inputs, so the
 * same values as on one thread, bit for bit.
 */
import { canShareMemory } from '../parallel/pool';
import { shareOf } from '../parallel/share';
import type { KernelPool, KernelTask } from '../parallel/types';
import { smoothRow } from './umapSmooth';

export interface SmoothShared {
  readonly n: number;
  readonly k: number;
  readonly use: number;
  readonly target: number;
  readonly meanAll: number;
  /** indices (n·k i32), distances (n·k f32), rhos and sigmas (n f32 each). */
  readonly buffer: SharedArrayBuffer;
}

interface SmoothCtx {
  readonly s: SmoothShared;
  readonly indices: Int32Array;
  readonly distances: Float32Array;
  readonly rhos: Float32Array;
  readonly sigmas: Float32Array;
}

export const OP_SMOOTH = 0;

function views(s: SmoothShared): SmoothCtx {
  const nk = s.n * s.k;
  return {
    s,
    indices: new Int32Array(s.buffer, 0, nk),
    distances: new Float32Array(s.buffer, 4 * nk, nk),
    rhos: new Float32Array(s.buffer, 8 * nk, s.n),
    sigmas: new Float32Array(s.buffer, 8 * nk + 4 * s.n, s.n),
  };
}

export const umapSmoothTask: KernelTask<SmoothShared, SmoothCtx> = {
  name: 'umap-smooth',
  attach: views,
  run(c, _op, args, thread, threads) {
    const { k, use, target, meanAll } = c.s;
    const [from, to] = shareOf(args[0], args[1], thread, threads);
    for (let i = from; i < to; i++) smoothRow(c.indices, c.distances, k, use, target, meanAll, i, c.rhos, c.sigmas);
  },
};

export function parallelSmoothAvailable(pool: KernelPool | undefined): pool is KernelPool {
  return !!pool && pool.threads > 1 && canShareMemory();
}

/** rhos and sigmas of every row, `perYield` rows per thread and command. */
export function* parallelSmoothSteps(
  pool: KernelPool,
  graph: { k: number; indices: Int32Array; distances: Float32Array },
  n: number,
  use: number,
  target: number,
  meanAll: number,
  perYield: number,
): Generator<number, { rhos: Float32Array; sigmas: Float32Array }, void> {
  const { k } = graph;
  const shared: SmoothShared = { n, k, use, target, meanAll, buffer: new SharedArrayBuffer(8 * n * k + 8 * n) };
  const v = views(shared);
  v.indices.set(graph.indices.subarray(0, n * k));
  v.distances.set(graph.distances.subarray(0, n * k));
  const job = pool.attach(umapSmoothTask, shared);
  try {
    const step = perYield * job.threads;
    for (let r = 0; r < n; r += step) {
      job.run(OP_SMOOTH, [r, Math.min(n, r + step)]);
      yield Math.min(step, n - r);
    }
  } finally {
    job.release();
  }
  return { rhos: v.rhos.slice(), sigmas: v.sigmas.slice() };
}
