/**
 * Kernel pools of 2 and 3 threads for a describe block of the thread tests: started
 * together before its tests (a pool's helpers compile the TypeScript through tsx, so
 * starting takes seconds) and closed after. Two sizes, because a result that is the same
 * on 2 and on 3 threads does not depend on how the work was split.
 */
import { afterAll, beforeAll } from 'vitest';
import type { KernelPool } from '../compute/parallel/types';
import { createNodeKernelPool, POOL_START_MS } from './kernelThreadsNode';

/** Filled (pools of 2 and 3 threads, in that order) once the block's tests start. */
export function poolsOfTwoAndThree(): readonly KernelPool[] {
  const pools: KernelPool[] = [];
  beforeAll(async () => {
    pools.push(...(await Promise.all([createNodeKernelPool(2), createNodeKernelPool(3)])));
  }, POOL_START_MS);
  afterAll(() => pools.forEach((p) => p.close()));
  return pools;
}
