/**
 * The kernel pool in Node (unit tests, the bench): helper threads are worker_threads
 * running kernelThreadNode.mjs, which loads the TypeScript helper through tsx. The same
 * compute code as the browser's kernel workers.
 */
import { Worker } from 'node:worker_threads';
import { createKernelPool } from '../compute/parallel/pool';
import type { HelperEndpoint, KernelPool } from '../compute/parallel/types';

/** A worker_threads Worker with the browser Worker's event interface. */
function endpoint(worker: Worker): HelperEndpoint {
  return {
    postMessage: (m) => worker.postMessage(m),
    addEventListener: (type: 'message' | 'error', listener: (event: { data: unknown; message?: string }) => void) => {
      if (type === 'message') worker.on('message', (data: unknown) => listener({ data }));
      else worker.on('error', (e: Error) => listener({ data: null, message: e.message }));
    },
    terminate: () => void worker.terminate(),
  };
}

const boot = new URL('./kernelThreadNode.mjs', import.meta.url);
const entry = new URL('./kernelThreadNode.ts', import.meta.url).href;

export interface NodeKernelPoolOptions {
  /** A module exporting KERNEL_TASKS for the helpers (default: the app's registry). */
  readonly tasks?: URL;
  readonly stallMs?: number;
  /** Sees each helper thread started (tests wait for their exit). */
  readonly onSpawn?: (worker: Worker) => void;
}

export function createNodeKernelPool(threads: number, opts: NodeKernelPoolOptions = {}): Promise<KernelPool> {
  const workerData = { entry, tasks: opts.tasks?.href };
  const spawn = (): HelperEndpoint => {
    const worker = new Worker(boot, { workerData });
    opts.onSpawn?.(worker);
    return endpoint(worker);
  };
  return createKernelPool({ threads, stallMs: opts.stallMs, spawn });
}
