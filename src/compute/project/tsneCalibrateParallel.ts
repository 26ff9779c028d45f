/**
 * t-SNE's perplexity calibration (perplexity.ts calibrateRows) with its rows shared out
 * across the kernel pool's threads. Each row is calibrated on its own, so the conditional
 * affinities are the same bits as on one thread, whatever the thread count.
 */
import { shareOf } from '../parallel/share';
import type { KernelJob, KernelPool, KernelTask } from '../parallel/types';
import { calibrateRows, type KnnGraphInput } from './perplexity';

export interface CalibrateShared {
  readonly buffer: SharedArrayBuffer;
  readonly n: number;
  readonly k: number;
  readonly perplexity: number;
}

interface CalibrateCtx {
  readonly s: CalibrateShared;
  readonly graph: KnnGraphInput;
  /** n × k conditional affinities, then the n precisions. */
  readonly cond: Float64Array;
  readonly betas: Float64Array;
}

export const OP_CALIBRATE = 0;

function views(s: CalibrateShared): CalibrateCtx {
  const { buffer, n, k } = s;
  const cond = new Float64Array(buffer, 0, n * k);
  const betas = new Float64Array(buffer, 8 * n * k, n);
  const indices = new Int32Array(buffer, 8 * (n * k + n), n * k);
  const distances = new Float32Array(buffer, 8 * (n * k + n) + 4 * n * k, n * k);
  return { s, graph: { k, indices, distances }, cond, betas };
}

export const tsneCalibrateTask: KernelTask<CalibrateShared, CalibrateCtx> = {
  name: 'tsne-calibrate',
  attach: views,
  // args: rows [from, to) shared out.
  run(c, op, args, thread, threads) {
    if (op !== OP_CALIBRATE) return;
    const [from, to] = shareOf(args[0], args[1], thread, threads);
    calibrateRows(c.s.n, c.graph, c.s.perplexity, c.cond, c.betas, from, to);
  },
};

export interface ParallelCalibration {
  /** Calibrates rows [from, to) on every thread. */
  rows(from: number, to: number): void;
  /** The n × k conditional affinities (valid for the rows done). */
  readonly cond: Float64Array;
  release(): void;
}

/** Whether the calibration can be shared across `pool` here. */
export function parallelCalibrateAvailable(pool: KernelPool | undefined): pool is KernelPool {
  return !!pool && pool.threads > 1 && typeof SharedArrayBuffer === 'function';
}

export function createParallelCalibration(n: number, graph: KnnGraphInput, perplexity: number, pool: KernelPool): ParallelCalibration {
  const { k } = graph;
  const buffer = new SharedArrayBuffer(8 * (n * k + n) + 8 * n * k);
  const shared = { buffer, n, k, perplexity };
  const own = views(shared);
  own.graph.indices.set(graph.indices);
  own.graph.distances.set(graph.distances);
  const job: KernelJob<CalibrateCtx> = pool.attach(tsneCalibrateTask, shared);
  return {
    rows: (from, to) => job.run(OP_CALIBRATE, [from, to]),
    cond: job.ctx.cond,
    release: () => job.release(),
  };
}
