/**
 * The fuzz campaign's worker thread: runs the cases it is told to and reports each one
 * before (so a hang or a fatal engine error can be pinned on its case) and after.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fuzzCase, runCase, type FuzzFormat } from '../../src/compute/formats/fuzz';

export interface FuzzJob {
  readonly seed: number;
  readonly budget: number;
  readonly bombs: { every: number; mb: number };
  /** [format, first index, count] slices to run, in order. */
  readonly slices: readonly (readonly [FuzzFormat, number, number])[];
}

export type FuzzMessage =
  | { readonly kind: 'start'; readonly format: FuzzFormat; readonly index: number; readonly mutation: string }
  | { readonly kind: 'done'; readonly format: FuzzFormat; readonly index: number; readonly outcome: string; readonly ms: number; readonly detail: string }
  | { readonly kind: 'finished' };

async function main(job: FuzzJob): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('fuzzWorker runs as a worker thread');
  for (const [format, first, count] of job.slices) {
    for (let index = first; index < first + count; index++) {
      const c = fuzzCase(format, job.seed, index, job.bombs);
      port.postMessage({ kind: 'start', format, index, mutation: c.mutation } satisfies FuzzMessage);
      const r = await runCase(c, job.budget);
      port.postMessage({ kind: 'done', format, index, outcome: r.outcome, ms: r.ms, detail: r.outcome === 'failed' ? r.detail : '' } satisfies FuzzMessage);
    }
  }
  port.postMessage({ kind: 'finished' } satisfies FuzzMessage);
}

void main(workerData as FuzzJob);
