// The training lab's worker: a thin adapter from messages to src/compute/train (see trainHandlers.ts).
import { serveWorkerGlobal } from './serveWorker';
import { createTrainHandlers } from './trainHandlers';
import type { TrainJobMap } from './trainJobs';
import { yieldToEventLoop } from './yieldToEventLoop';

serveWorkerGlobal<TrainJobMap>(createTrainHandlers({ yieldNow: yieldToEventLoop }));
