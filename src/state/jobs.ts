/**
 * The only module that starts, streams and cancels worker jobs. The store talks to the
 * `AppJobs` interface; `createWorkerJobs()` implements it over a pool of compute workers,
 * and tests pass a fake.
 */
import type { Dataset } from '../compute/dataset';
import { createWorkerPool } from '../workers/client';
import type { AppJobMap } from '../workers/appJobs';
import type { Neighbor } from './types';
import type { TrainJobMap, LabOpenParams } from '../workers/trainJobs';
import type { LabJobs } from './lab';
import type { ParseJobMap } from '../workers/parseJobs';
import type { LoadJobs } from './load';
import type { ProjectJobMap } from '../workers/projectJobs';
import type { ProjectJobs } from './project';
import type { CompareJobs } from './compare';
import type { ClusterJobs } from './clusters';

export interface AppJobs extends LabJobs, LoadJobs, ProjectJobs, CompareJobs, ClusterJobs {
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
    ...createLabWorkerJobs(),
    ...createLoadWorkerJobs(),
    ...createProjectWorkerJobs(),
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
    layoutQuality: (ds, coords, codes, opts) =>
      pool.run('layoutQuality', { vectors: ds.vectors, n: ds.n, dim: ds.dim, metric: ds.metric, coords, codes }, { signal: opts?.signal }),
    kmeans: (ds, k, seed, opts) =>
      pool.run(
        'kmeans',
        { vectors: ds.vectors, n: ds.n, dim: ds.dim, metric: ds.metric, k, seed },
        { signal: opts?.signal, onProgress: (p) => opts?.onProgress?.(p.fraction) },
      ),
    layoutAgreement: (a, b, n, opts) => pool.run('layoutAgreement', { a, b, n }, { signal: opts?.signal }),
  };
}

/**
 * The training lab's jobs, on a pool of ONE train worker: the worker keeps the training
 * session in its module state (workers/trainHandlers.ts), so every job must reach the
 * same worker, in order. A run that is cancelled answers within a slice (~30 ms); the
 * generous hard-cancel delay covers slow slices (a large tied model) before the worker
 * is terminated, which loses the session (the store then reopens it from the seed).
 */
function createLabWorkerJobs(): LabJobs {
  const pool = createWorkerPool<TrainJobMap>(
    () => new Worker(new URL('../workers/train.worker.ts', import.meta.url), { type: 'module', name: 'sprout-train' }),
    { maxWorkers: 1, hardCancelMs: 2000 },
  );
  // Workers resolve relative URLs against their own script, so resolve them here.
  const absolute = (path: string): string => new URL(path, document.baseURI).href;
  const resolveOpen = (p: LabOpenParams): LabOpenParams => ({
    ...p,
    corpus: p.corpus.kind === 'sotu' ? { kind: 'sotu', url: absolute(p.corpus.url) } : p.corpus,
    pretrainedUrl: p.pretrainedUrl === null ? null : absolute(p.pretrainedUrl),
  });
  return {
    labOpen: (params, opts) => pool.run('labOpen', resolveOpen(params), { signal: opts?.signal, onProgress: opts?.onProgress }),
    labRun: (params, opts) => pool.run('labRun', params, { signal: opts?.signal, onProgress: opts?.onFrame }),
    labRefit: (sessionId, probe) => pool.run('labRefit', { sessionId, probe }),
    labProbe: (sessionId, probe) => pool.run('labProbe', { sessionId, probe }),
    labExample: (sessionId, probe) => pool.run('labExample', { sessionId, probe }),
  };
}

/**
 * Reading user files, on its own pool of one parse worker: one load at a time (a new
 * load cancels the old one), and a cancel that the parser does not answer within
 * 100 ms terminates the worker. Files structured-clone to the worker (no bytes are
 * copied up front); URLs are resolved here because workers resolve against their script.
 */
function createLoadWorkerJobs(): LoadJobs {
  const pool = createWorkerPool<ParseJobMap>(
    () => new Worker(new URL('../workers/parse.worker.ts', import.meta.url), { type: 'module', name: 'sprout-parse' }),
    { maxWorkers: 1, hardCancelMs: 100 },
  );
  return {
    parseData: (request, opts) =>
      pool.run(
        'parse',
        {
          ...request,
          inputs: request.inputs.map((i) => (i.kind === 'url' ? { ...i, url: new URL(i.url, document.baseURI).href } : i)),
        },
        { signal: opts?.signal, onProgress: opts?.onProgress },
      ),
  };
}

/**
 * Projections, on a pool of ONE project worker: it keeps the running projection (the
 * session that Pause / Resume / Step continue) and the cached kNN graphs in its module
 * state (workers/projectHandlers.ts), so every job must reach the same worker, in order.
 * A cancel it does not answer within 100 ms terminates the worker: the session and the
 * caches go with it, and the store offers a fresh run. The vectors are copied (structured
 * clone) into each new session; snapshots come back transferred.
 */
function createProjectWorkerJobs(): ProjectJobs {
  const pool = createWorkerPool<ProjectJobMap>(
    () => new Worker(new URL('../workers/project.worker.ts', import.meta.url), { type: 'module', name: 'sprout-project' }),
    { maxWorkers: 1, hardCancelMs: 100 },
  );
  return {
    projectRun: (params, opts) => pool.run('projectRun', params, { signal: opts?.signal, onProgress: opts?.onProgress }),
    projectQuality: (sessionId, opts) => pool.run('projectQuality', { sessionId }, { signal: opts?.signal }),
  };
}
