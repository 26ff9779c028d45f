// The data worker: keeps the datasets' vectors by id and answers every job that reads
// them (built-in data, PCA, neighbours, k-means, quality). One long-lived worker that
// interleaves sliced jobs, never hard-killed, so its datasets survive a cancel.
import { createDataHandlers } from './dataHandlers';
import type { DataJobMap } from './dataJobs';
import { serveWorkerGlobal } from './serveWorker';
import { yieldToEventLoop } from './yieldToEventLoop';

serveWorkerGlobal<DataJobMap>(createDataHandlers({ yieldNow: yieldToEventLoop, share: globalThis.crossOriginIsolated === true }));
