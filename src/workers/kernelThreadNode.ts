// The Node twin of kernel.worker.ts: serves kernel tasks on worker_threads' parentPort —
// the app's registry (compute/parallel/tasks.ts), or the module named in workerData.tasks
// (tests give their own tasks).
import { parentPort, workerData } from 'node:worker_threads';
import { serveKernelHelper } from '../compute/parallel/helper';
import type { AnyKernelTask } from '../compute/parallel/types';

if (!parentPort) throw new Error('kernelThreadNode.ts runs as a worker thread');
const port = parentPort;
const data = workerData as { tasks?: string };
const registry = (await import(data.tasks ?? '../compute/parallel/tasks')) as { KERNEL_TASKS: readonly AnyKernelTask[] };
serveKernelHelper(
  {
    postMessage: (m) => port.postMessage(m),
    addEventListener: (_type, listener) => port.on('message', (data: unknown) => listener({ data })),
  },
  registry.KERNEL_TASKS,
);
