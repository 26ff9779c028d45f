// The Node twin of kernel.worker.ts: serves kernel tasks on worker_threads' parentPort —
// the app's registry (compute/parallel/tasks.ts), or the module named in workerData.tasks
// (tests give their own tasks).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import { serveKernelHelper } from '../compute/parallel/helper';
import type { AnyKernelTask } from '../compute/parallel/types';

if (!parentPort) throw new Error('kernelThreadNode.ts runs as a worker thread');
const port = parentPort;
const data = workerData as { tasks?: string };
const registry = (await import(data.tasks ?? '../compute/parallel/tasks')) as { KERNEL_TASKS: readonly AnyKernelTask[] };
// A released job's shared memory is freed only once every thread that held it has
// collected its garbage, and a kernel thread, which lives in Atomics.wait and its kernels,
// allocates too little for V8 to collect on its own: in one process, eight 2-thread exact
// kNN runs on MNIST 10k took RSS from 274 to 852 MB, each run's 82 MB still held here.
// So a Node helper collects after a release, once it has had no command for a moment
// (helper.ts: a few ms, at most once per pause). Chromium's workers collect on their own
// (README, Benchmarks).
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
serveKernelHelper(
  {
    postMessage: (m) => port.postMessage(m),
    addEventListener: (_type, listener) => port.on('message', (data: unknown) => listener({ data })),
    released: collectGarbage,
  },
  registry.KERNEL_TASKS,
);
