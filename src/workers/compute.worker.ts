// The app's compute worker: a thin adapter from messages to src/compute (see handlers.ts).
import { serveWorkerGlobal } from './serveWorker';
import { handlers } from './handlers';
import type { AppJobMap } from './appJobs';

serveWorkerGlobal<AppJobMap>(handlers);
