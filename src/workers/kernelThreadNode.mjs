// A Node kernel thread (workers/kernelThreadsNode.ts): registers tsx so the TypeScript
// helper loads, then runs it.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
