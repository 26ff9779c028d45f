import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeKernelPool, POOL_START_MS } from '../../workers/kernelThreadsNode';
import { countTask } from './pool.fixtures';
import type { KernelPool } from './types';

const tasks = new URL('./pool.fixtures.ts', import.meta.url);

describe('spin locks in shared memory', () => {
  let pool: KernelPool;
  beforeAll(async () => {
    pool = await createNodeKernelPool(3, { tasks });
  }, POOL_START_MS);
  afterAll(() => pool.close());

  it('let one thread at a time into a section: no add of three threads is lost', () => {
    const times = 200_000;
    const job = pool.attach(countTask, { buffer: new SharedArrayBuffer(24) });
    job.run(0, [times, 1]);
    expect(job.ctx.counter[0]).toBe(3 * times);
    expect(Array.from(job.ctx.locks)).toEqual([0, 0]);
    job.release();
  });
});
