/**
 * The only module that starts, streams and cancels worker jobs. The store talks to the
 * `AppJobs` interface; `createWorkerJobs()` implements it over a pool of compute workers,
 * and tests pass a fake.
 */
import type { Dataset } from '../compute/dataset';
import { createWorkerPool } from '../workers/client';
import type { AppJobMap } from '../workers/appJobs';
import type { Neighbor } from './types';

export interface AppJobs {
  loadBuiltin(file: string, opts: { signal?: AbortSignal; onProgress?: (loadedBytes: number, totalBytes: number | null) => void }): Promise<Dataset>;
  pca(dataset: Dataset, components: number, opts?: { signal?: AbortSignal }): Promise<PcaResult>;
  neighbors(dataset: Dataset, index: number, k: number, opts?: { signal?: AbortSignal }): Promise<Neighbor[]>;
}

export interface PcaResult {
  readonly components: number;
  /** n × components */
  readonly scores: Float32Array;
  readonly explainedRatio: number[];
}

export function createWorkerJobs(): AppJobs {
  const pool = createWorkerPool<AppJobMap>(
    () => new Worker(new URL('../workers/compute.worker.ts', import.meta.url), { type: 'module', name: 'sprout-compute' }),
  );
  return {
    loadBuiltin: (file, { signal, onProgress }) =>
      pool.run(
        'loadBuiltin',
        // Workers resolve relative URLs against their own script, so resolve here.
        { url: new URL(file, document.baseURI).href, id: `builtin:${file}` },
        { signal, onProgress: (p) => onProgress?.(p.loadedBytes, p.totalBytes) },
      ),
    // The vectors are copied (structured clone) rather than transferred: the main thread
    // keeps its dataset. 20 MB clones in a few milliseconds.
    pca: (ds, components, opts) =>
      pool.run('pca', { vectors: ds.vectors, n: ds.n, dim: ds.dim, components }, { signal: opts?.signal }),
    neighbors: (ds, index, k, opts) =>
      pool.run('neighbors', { vectors: ds.vectors, n: ds.n, dim: ds.dim, index, k, metric: ds.metric }, { signal: opts?.signal }),
  };
}
