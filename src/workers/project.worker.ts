// The projection worker: t-SNE, UMAP, umap-js and druid.js methods over a cached kNN
// graph, with pause/resume sessions (see projectHandlers.ts). druid.js and umap-js are
// loaded lazily, as their own chunks, the first time a method needs them.
import { serveWorkerGlobal } from './serveWorker';
import { projectHandlers } from './projectHandlers';
import type { ProjectJobMap } from './projectJobs';

serveWorkerGlobal<ProjectJobMap>(projectHandlers);
