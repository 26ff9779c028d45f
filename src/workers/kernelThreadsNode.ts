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

/** How long Node helpers may take to start (see startTimeoutMs). */
export const NODE_POOL_START_TIMEOUT_MS = 120_000;
/** A test hook that starts pools (concurrently) needs this long on a loaded machine. */
export const POOL_START_MS = NODE_POOL_START_TIMEOUT_MS + 30_000;

export interface NodeKernelPoolOptions {
  /** A module exporting KERNEL_TASKS for the helpers (default: the app's registry). */
  readonly tasks?: URL;
  readonly stallMs?: number;
  /**
   * How long the helpers may take to start before the pool falls back to one thread.
   * Longer than the browser's: each helper compiles the TypeScript through tsx, which
   * takes tens of seconds on a loaded machine, and a test or bench run would then
   * silently measure one thread.
   */
  readonly startTimeoutMs?: number;
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
  return createKernelPool({ threads, stallMs: opts.stallMs, startTimeoutMs: opts.startTimeoutMs ?? NODE_POOL_START_TIMEOUT_MS, spawn });
}
