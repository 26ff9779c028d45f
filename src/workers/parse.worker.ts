// The parse worker: a thin adapter from messages to the load pipeline (see parseHandlers.ts).
import { decodeSprite } from './decodeSprite';
import { createParseHandlers } from './parseHandlers';
import type { ParseJobMap } from './parseJobs';
import { watchPolicyViolations } from './policyViolations';
import { serveWorkerGlobal } from './serveWorker';

const policyBlocked = watchPolicyViolations(self, self.location.origin);
serveWorkerGlobal<ParseJobMap>(createParseHandlers({ decodeSprite, policyBlocked }));
