/**
 * The browser's kernel pool: `threads − 1` kernel workers (kernel.worker.ts) started
 * from the projection worker, over shared memory. Only a cross-origin isolated page may
 * share memory; anywhere else the pool has one thread and everything runs as before.
 */
import { canShareMemory, createKernelPool, serialPool } from '../compute/parallel/pool';
import type { HelperEndpoint, KernelPool } from '../compute/parallel/types';

// Written out in full: the literal `new Worker(new URL(…))` is what Vite bundles.
const kernelWorker = (index: number): HelperEndpoint =>
  new Worker(new URL('./kernel.worker.ts', import.meta.url), { type: 'module', name: `sprout-kernel-${index}` });

/** A pool of `threads` (this worker included), or of one where memory cannot be shared here. */
export function createBrowserKernelPool(threads: number): Promise<KernelPool> {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  if (threads < 2 || !isolated || !canShareMemory()) return Promise.resolve(serialPool());
  return createKernelPool({ threads, spawn: kernelWorker });
}
