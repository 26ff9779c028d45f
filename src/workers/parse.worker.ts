// The parse worker: a thin adapter from messages to src/compute/formats (see parseHandlers.ts).
import { serveWorkerGlobal } from './serveWorker';
import { parseHandlers } from './parseHandlers';
import type { ParseJobMap } from './parseJobs';

serveWorkerGlobal<ParseJobMap>(parseHandlers);
