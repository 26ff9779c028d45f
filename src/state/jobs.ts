/**
 * The only module that starts, streams and cancels worker jobs. The store talks to the
 * `WorkerJobs` interface (the workers' part of `AppJobs`); `createWorkerJobs()` implements it over four workers, and tests
 * pass a fake.
 *
 * Data stays where it was made. The data worker keeps every dataset's vectors under the
 * dataset's id, and jobs name the id: a neighbours click, k-means or a quality figure
 * posts a few numbers, never the table. A table made elsewhere (a reviewed file in the
 * parse worker, a trained table in the train worker) is handed to the data worker once,
 * by transfer through here (this thread never keeps it); the projection worker gets a
 * copy once per dataset (or, when the page is cross-origin isolated, the data worker's
 * SharedArrayBuffer itself: no copy at all). A worker that loses a dataset answers with
 * a SessionLostError, which the store turns into "load it again".
 */
import type { VectorTable } from '../compute/dataset';
import { unpackDataset, type PackedDataset } from '../compute/packedDataset';
import { kernelThreadCount } from '../compute/parallel/threads';
import { SessionLostError } from '../compute/task';
import { createWorkerPool, type WorkerPool } from '../workers/client';
import type { WorkerLike } from '../workers/protocol';
import { yieldToEventLoop } from '../workers/yieldToEventLoop';
import type { DataJobMap } from '../workers/dataJobs';
import type { ParseJobMap } from '../workers/parseJobs';
import type { ProjectJobMap } from '../workers/projectJobs';
import type { LabOpenParams, TrainJobMap } from '../workers/trainJobs';
import type { WorkerJobs } from './appState';
import type { ExportJobs } from './exportTypes';
import type { LabJobs } from './labTypes';
import type { LoadJobs } from './loadTypes';
import type { ProjectJobs } from './projectTypes';

/** Workers resolve relative URLs against their own script, so resolve them here. */
const againstPage = (path: string): string => new URL(path, document.baseURI).href;

// Each `new Worker(new URL('…', import.meta.url))` is written out in full: that literal
// pattern is what Vite recognises to bundle the worker.
const dataWorker = () => new Worker(new URL('../workers/data.worker.ts', import.meta.url), { type: 'module', name: 'sprout-data' });
const trainWorker = () => new Worker(new URL('../workers/train.worker.ts', import.meta.url), { type: 'module', name: 'sprout-train' });
const parseWorker = () => new Worker(new URL('../workers/parse.worker.ts', import.meta.url), { type: 'module', name: 'sprout-parse' });
const projectWorker = () => new Worker(new URL('../workers/project.worker.ts', import.meta.url), { type: 'module', name: 'sprout-project' });

/** A crash of the data worker loses every dataset it held: say so the way a missing dataset does. */
async function dataJob<T>(job: Promise<T>): Promise<T> {
  try {
    return await job;
  } catch (e) {
    if (e instanceof Error && e.name === 'WorkerCrashError') throw new SessionLostError(`The data worker stopped (${e.message}); the data it held is gone.`);
    throw e;
  }
}

/** A dataset from a worker: its strings came packed (one copy), and are cut out here a slice per task. */
const unpack = (p: PackedDataset) => unpackDataset(p, yieldToEventLoop);

export type WorkerKind = 'data' | 'parse' | 'project' | 'train';

/**
 * Fault injection for tests and `npm run reliability` (see app/testHooks.ts, which only
 * exposes it to a page a test harness prepared): `crash(kind, reason)` terminates that
 * worker as if it had died mid-job and returns the kinds of the jobs it failed.
 */
export interface WorkerFaults {
  crash(kind: WorkerKind, reason: string): string[];
}

/** What the jobs run on: the four workers (tests pass in-process ones) and how relative URLs resolve. */
export interface WorkerJobsDeps {
  readonly spawn?: Partial<Record<WorkerKind, () => WorkerLike>>;
  readonly resolveUrl?: (path: string) => string;
  /** Kernel threads projections ask for (default: kernelThreadCount of this page). */
  readonly kernelThreads?: number;
}

/** Every core but one when this page may share memory (cross-origin isolated), else one. */
function pageKernelThreads(): number {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  return kernelThreadCount(isolated, typeof navigator === 'object' ? navigator.hardwareConcurrency : undefined);
}

export function createWorkerJobs(deps: WorkerJobsDeps = {}): WorkerJobs & { readonly faults: WorkerFaults } {
  const spawn: Record<WorkerKind, () => WorkerLike> = { data: dataWorker, parse: parseWorker, project: projectWorker, train: trainWorker, ...deps.spawn };
  const absolute = deps.resolveUrl ?? againstPage;
  // One long-lived data worker: it interleaves sliced jobs (a neighbours click is answered
  // between k-means slices) and is never hard-killed, so its datasets survive a cancel.
  const data = createWorkerPool<DataJobMap>(spawn.data, { maxWorkers: 1, jobsPerWorker: 16, hardCancelMs: Infinity });
  /** Makes dataset ids unique per page, so no worker cache ever mixes two loads. */
  let seq = 0;
  const tag = (): string => `#${++seq}`;
  const putTable = (table: VectorTable): Promise<void> => dataJob(data.run('putTable', table, { transfer: [table.vectors.buffer as ArrayBuffer] }));
  const project = createProjectWorkerJobs(spawn.project, data, deps.kernelThreads ?? pageKernelThreads());
  const lab = createLabWorkerJobs(spawn.train, absolute, putTable, tag);
  const load = createLoadWorkerJobs(spawn.parse, absolute, putTable, tag);
  const pools: Record<WorkerKind, { crash(reason: string): string[] }> = { data, parse: load.pool, project: project.pool, train: lab.pool };
  return {
    faults: { crash: (kind, reason) => pools[kind].crash(reason) },
    ...lab.jobs,
    ...load.jobs,
    ...project.jobs,
    loadBuiltin: (file, { signal, onProgress }) =>
      dataJob(data.run('loadBuiltin', { url: absolute(file), id: `builtin:${file}${tag()}` }, { signal, onProgress: (p) => onProgress?.(p.loadedBytes, p.totalBytes) })).then(unpack),
    pca: (ds, components, opts) => dataJob(data.run('pca', { id: ds.id, components }, { signal: opts?.signal })),
    neighbors: (ds, index, k, opts) => dataJob(data.run('neighbors', { id: ds.id, index, k }, { signal: opts?.signal })),
    layoutQuality: (ds, coords, codes, opts) => dataJob(data.run('layoutQuality', { id: ds.id, coords, codes }, { signal: opts?.signal })),
    kmeans: (ds, k, seed, opts) =>
      dataJob(data.run('kmeans', { id: ds.id, k, seed }, { signal: opts?.signal, onProgress: (p) => opts?.onProgress?.(p.fraction) })),
    layoutAgreement: (a, b, n, opts) => data.run('layoutAgreement', { a, b, n }, { signal: opts?.signal }),
    releaseDataset: (ds) => release(ds.id),
    releaseTable: (id) => release(id),
    ...createExportJobs(data),
  };
  function release(id: string): void {
    data.run('releaseTable', { id }).catch(() => undefined);
    project.release(id);
  }
}

/**
 * Queries, subsets and exports, on the data worker (it holds the vectors): a query or
 * an export posts the dataset id and a few numbers, never the table; an export comes
 * back as a Blob the main thread only downloads. Labels and metadata go with a table
 * or bundle export (the data worker keeps only vectors).
 */
function createExportJobs(data: WorkerPool<DataJobMap>): ExportJobs {
  return {
    nearest: (ds, query, k, metric, opts) => dataJob(data.run('nearest', { id: ds.id, query, k, metric }, { signal: opts?.signal })),
    deriveSubset: (ds, rows, subsetId) => dataJob(data.run('deriveSubset', { id: ds.id, rows, subsetId })),
    exportTable: (source, format, opts) => dataJob(data.run('exportTable', { ...source, format }, { signal: opts?.signal })),
    exportVectors: (ds, rows, opts) => dataJob(data.run('exportVectors', { id: ds.id, rows }, { signal: opts?.signal })),
    exportBundle: (ds, rows, opts) =>
      dataJob(data.run('exportBundle', { id: ds.id, name: ds.name, labels: ds.labels, columns: ds.columns, rows }, { signal: opts?.signal })),
    exportPicture: (input, format, scale, title, opts) => dataJob(data.run('exportPicture', { input, format, scale, title }, { signal: opts?.signal })),
  };
}

/**
 * The training lab's jobs, on ONE train worker: it keeps the training session and its
 * timeline's tables (workers/trainHandlers.ts). Jobs that change the session run there
 * one at a time; reading jobs (neighbours, a saved table) are answered between training
 * slices, so the pool lets a few run at once. A run that is cancelled answers within a
 * slice (~30 ms); the generous hard-cancel delay covers slow slices (a large tied model)
 * before the worker is terminated, which loses the session (the store then reopens it).
 */
function createLabWorkerJobs(spawn: () => WorkerLike, absolute: (path: string) => string, putTable: (t: VectorTable) => Promise<void>, tag: () => string): { jobs: LabJobs; pool: WorkerPool<TrainJobMap> } {
  const pool = createWorkerPool<TrainJobMap>(spawn, { maxWorkers: 1, jobsPerWorker: 4, hardCancelMs: 2000 });
  const resolveOpen = (p: LabOpenParams): LabOpenParams => ({
    ...p,
    corpus: p.corpus.kind === 'sotu' ? { kind: 'sotu', url: absolute(p.corpus.url) } : p.corpus,
    pretrainedUrl: p.pretrainedUrl === null ? null : absolute(p.pretrainedUrl),
  });
  const jobs: LabJobs = {
    labOpen: (params, opts) => pool.run('labOpen', resolveOpen(params), { signal: opts?.signal, onProgress: opts?.onProgress }),
    labRun: (params, opts) => pool.run('labRun', params, { signal: opts?.signal, onProgress: opts?.onFrame }),
    labRefit: (sessionId, probe) => pool.run('labRefit', { sessionId, probe }),
    labProbe: (sessionId, probe) => pool.run('labProbe', { sessionId, probe }),
    labExample: (sessionId, probe, focus) => pool.run('labExample', { sessionId, probe, focus }),
    labExamples: (params) => pool.run('labExamples', params),
    labNeighbors: (sessionId, focus, step) => pool.run('labNeighbors', { sessionId, focus, step }),
    labSnapshotTable: (sessionId, step) => pool.run('labSnapshotTable', { sessionId, step }),
    labToExplore: async (sessionId, label) => {
      const { dataset, table } = await pool.run('labExport', { sessionId, tag: tag(), label });
      await putTable(table);
      return dataset;
    },
  };
  return { jobs, pool };
}

/**
 * Reading user files, on ONE parse worker: one load at a time (a new load cancels the
 * old one), and a cancel that the parser does not answer within 100 ms terminates the
 * worker. The parsed table waits there while the user reviews it; the chosen rows go to
 * the data worker. Files structured-clone to the worker (no bytes are copied up front).
 */
function createLoadWorkerJobs(spawn: () => WorkerLike, absolute: (path: string) => string, putTable: (t: VectorTable) => Promise<void>, tag: () => string): { jobs: LoadJobs; pool: WorkerPool<ParseJobMap> } {
  const pool = createWorkerPool<ParseJobMap>(spawn, { maxWorkers: 1, hardCancelMs: 100 });
  const jobs: LoadJobs = {
    parseData: (request, opts) =>
      pool.run(
        'parse',
        { ...request, tag: tag(), inputs: request.inputs.map((i) => (i.kind === 'url' ? { ...i, url: absolute(i.url) } : i)) },
        { signal: opts?.signal, onProgress: opts?.onProgress },
      ),
    takeParsed: async (id, choice) => {
      const { dataset, table, sample } = await pool.run('takeParsed', { id, choice });
      await putTable(table);
      return { dataset: await unpack(dataset), sample };
    },
    dropParsed: (id) => void pool.run('dropParsed', { id }).catch(() => undefined),
  };
  return { jobs, pool };
}

/**
 * Projections, on ONE project worker: it keeps the running projection (the session that
 * Pause / Resume / Step continue), the cached kNN graphs and the vectors of the datasets
 * it projects (compute/project/session.ts), and its heavy kernels run on `threads`
 * kernel threads (the worker starts them; compute/parallel/). A dataset's vectors reach it once, from the
 * data worker, before its first run. A cancel it does not answer within
 * PROJECT_HARD_CANCEL_MS terminates the worker: session, caches and tables go with it;
 * the next run sends the table again, and the store offers a fresh run for a paused one.
 */
/**
 * How long the projection worker has to answer a cancel (Pause, Cancel) before it is
 * terminated. The page never waits for it (Pause and Cancel show at once); it only
 * decides when a job is deemed hung. The worker answers within a slice — ~3 ms on an
 * idle machine — but a slice can pass 100 ms on two busy cores, and killing the worker
 * then threw away a paused run and every cached graph (a fresh-clone run saw "Lost" on
 * Resume), so a second, not a tenth.
 */
const PROJECT_HARD_CANCEL_MS = 1000;

function createProjectWorkerJobs(spawn: () => WorkerLike, data: WorkerPool<DataJobMap>, threads: number): { jobs: ProjectJobs; pool: WorkerPool<ProjectJobMap>; release(id: string): void } {
  const pool = createWorkerPool<ProjectJobMap>(spawn, { maxWorkers: 1, hardCancelMs: PROJECT_HARD_CANCEL_MS });
  /** Datasets this worker may hold (so releasing one it never saw starts no worker). */
  const sent = new Set<string>();
  let warmed = false;
  const ensureTable = async (id: string, signal?: AbortSignal): Promise<void> => {
    if (sent.has(id) && (await pool.run('projectHasTable', { id }, { signal }))) return;
    const table = await dataJob(data.run('shareTable', { id }, { signal }));
    const moved = table.vectors.buffer instanceof ArrayBuffer ? [table.vectors.buffer] : [];
    await pool.run('projectPutTable', table, { signal, transfer: moved });
    sent.add(id);
  };
  return {
    pool,
    jobs: {
      projectRun: async (params, opts) => {
        if (params.open) await ensureTable(params.open.datasetId, opts?.signal);
        return pool.run('projectRun', { ...params, threads }, { signal: opts?.signal, onProgress: opts?.onProgress });
      },
      projectQuality: (sessionId, opts) => pool.run('projectQuality', { sessionId }, { signal: opts?.signal }),
      warmKernelThreads() {
        if (threads < 2 || warmed) return;
        warmed = true;
        // Best effort: a failed warm-up leaves the threads cold, and the first run starts them.
        pool.run('projectWarmThreads', { threads }).catch(() => undefined);
      },
    },
    release(id) {
      if (sent.delete(id)) pool.run('projectReleaseTable', { id }).catch(() => undefined);
    },
  };
}
