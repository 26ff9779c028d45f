// The parse worker: a thin adapter from messages to the load pipeline (see parseHandlers.ts).
import { decodeSprite } from './decodeSprite';
import { createParseHandlers } from './parseHandlers';
import type { ParseJobMap } from './parseJobs';
import { serveWorkerGlobal } from './serveWorker';

serveWorkerGlobal<ParseJobMap>(createParseHandlers({ decodeSprite }));
