import { describe, expect, it } from 'vitest';
import { KERNEL_TASKS } from '../parallel/tasks';
import type { KernelPool, KernelTask } from '../parallel/types';
import { serialPool } from '../parallel/pool';
import { poolsOfTwoAndThree } from '../../workers/kernelPoolsForTests';
import { runWarmUp, warmKernelPool } from './warmKernels';

/** `pool`, recording the name of every task attached to it. */
function recording(pool: KernelPool): { pool: KernelPool; names: Set<string> } {
  const names = new Set<string>();
  return {
    names,
    pool: {
      threads: pool.threads,
      attach<S, C>(task: KernelTask<S, C>, shared: S) {
        names.add(task.name);
        return pool.attach(task, shared);
      },
      releaseAll: () => pool.releaseAll(),
      close: () => pool.close(),
    },
  };
}

describe('warmKernelPool', () => {
  const pools = poolsOfTwoAndThree();

  it('runs every task the kernel threads serve, so no run meets a cold one', async () => {
    const { pool, names } = recording(pools[0]);
    await warmKernelPool(pool, {});
    expect([...names].sort()).toEqual(KERNEL_TASKS.map((t) => t.name).sort());
  }, 60_000);

  it('does nothing on one thread', async () => {
    const { pool, names } = recording(serialPool());
    await warmKernelPool(pool, {});
    expect(names.size).toBe(0);
  });

  it('runs its sessions on one thread too, as the benchmark warms its one-thread side', async () => {
    let slices = 0;
    // Every slice yields to the event loop: counting them shows the runs went through.
    await runWarmUp(serialPool(), { yieldNow: async () => void slices++ });
    expect(slices).toBeGreaterThan(10);
  }, 60_000);
});
