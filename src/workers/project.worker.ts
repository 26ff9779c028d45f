// The projection worker: t-SNE, UMAP, umap-js and druid.js methods over a cached kNN
// graph, with pause/resume sessions (see compute/project/session.ts). druid.js and
// umap-js are loaded lazily, as their own chunks, the first time a method needs them.
import { warmKernelPool } from '../compute/project/warmKernels';
import { createBrowserKernelPool } from './kernelThreads';
import { serveWorkerGlobal } from './serveWorker';
import { createProjectHandlers } from './projectHandlers';
import type { ProjectJobMap } from './projectJobs';
import { yieldToEventLoop } from './yieldToEventLoop';

// Heavy kernels run on the kernel threads a run asks for (when the page is isolated).
serveWorkerGlobal<ProjectJobMap>(createProjectHandlers({ yieldNow: yieldToEventLoop, kernelPool: createBrowserKernelPool, warmPool: warmKernelPool }));
