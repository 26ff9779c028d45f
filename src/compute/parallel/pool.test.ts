import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeKernelPool, POOL_START_MS } from '../../workers/kernelThreadsNode';
import { markTask, OP_BLOCK, OP_MARK, OP_THROW_ON, refuseTask } from './pool.fixtures';
import { serialPool } from './pool';
import type { KernelPool } from './types';

const tasks = new URL('./pool.fixtures.ts', import.meta.url);
const exited = (w: Worker): Promise<number> => new Promise((resolve) => w.once('exit', resolve));

describe('the kernel pool', () => {
  let pool: KernelPool;
  beforeAll(async () => {
    pool = await createNodeKernelPool(3, { tasks });
  }, POOL_START_MS);
  afterAll(() => pool.close());

  it('runs every thread’s share of a command exactly once, the caller’s included', () => {
    const job = pool.attach(markTask, { buffer: new SharedArrayBuffer(8 + 4 * 100) });
    job.run(OP_MARK, [0, 100]);
    const marks = Array.from(job.ctx.marks);
    expect(job.threads).toBe(3);
    // Three contiguous shares, marked 1 (this thread), 2 and 3, each element once.
    expect(marks).toEqual([...marks].sort((a, b) => a - b));
    expect(new Set(marks)).toEqual(new Set([1, 2, 3]));
    job.run(OP_MARK, [50, 60]);
    expect(marks.slice(0, 50)).toEqual(Array.from(job.ctx.marks.subarray(0, 50)));
    expect(Array.from(job.ctx.marks.subarray(50, 60)).every((m, i) => m > marks[50 + i])).toBe(true);
    job.release();
  });

  it('keeps several jobs attached at once, each with its own memory', () => {
    const a = pool.attach(markTask, { buffer: new SharedArrayBuffer(8 + 4 * 30) });
    const b = pool.attach(markTask, { buffer: new SharedArrayBuffer(8 + 4 * 30) });
    a.run(OP_MARK, [0, 30]);
    b.run(OP_MARK, [0, 30]);
    a.run(OP_MARK, [0, 30]);
    expect(Array.from(a.ctx.marks).every((m, i) => m === 2 * Array.from(b.ctx.marks)[i])).toBe(true);
    a.release();
    expect(() => a.run(OP_MARK, [0, 30])).toThrow(/released/);
    b.run(OP_MARK, [0, 30]);
    b.release();
  });

  it('throws when a helper’s share throws, and keeps working after', () => {
    const job = pool.attach(markTask, { buffer: new SharedArrayBuffer(8 + 4 * 10) });
    expect(() => job.run(OP_THROW_ON, [2])).toThrow(/kernel thread failed/);
    expect(() => job.run(OP_THROW_ON, [0])).toThrow(/failed on purpose/);
    job.run(OP_MARK, [0, 10]);
    expect(Array.from(job.ctx.marks).every((m) => m >= 1)).toBe(true);
    job.release();
  });

  it('lets go of a released job\'s memory: one job\'s worth of memory, not one per job', async () => {
    // A Node kernel thread collects its garbage after each release (kernelThreadNode.ts);
    // this thread is made to collect too, as the one holding the job's other reference.
    setFlagsFromString('--expose-gc');
    const collect = runInNewContext('gc') as () => void;
    const MB = 2 ** 20;
    const job = async (): Promise<void> => {
      const j = pool.attach(markTask, { buffer: new SharedArrayBuffer(64 * MB) });
      j.run(OP_MARK, [0, (64 * MB - 8) / 4]); // every page touched, by every thread
      j.release();
      collect();
      await new Promise((resolve) => setTimeout(resolve, 50));
    };
    await job();
    const before = process.memoryUsage().rss;
    for (let r = 0; r < 5; r++) await job();
    // Kept by a kernel thread, five jobs would add 320 MB.
    expect((process.memoryUsage().rss - before) / MB).toBeLessThan(100);
  });

  it('refuses a job a helper cannot attach, and attaches the next one', () => {
    expect(() => pool.attach(refuseTask, null)).toThrow(/could not start test-refuse/);
    const job = pool.attach(markTask, { buffer: new SharedArrayBuffer(8 + 4 * 10) });
    job.run(OP_MARK, [0, 10]);
    job.release();
  });
});

describe('tearing the kernel pool down', () => {
  it('terminates helpers that are blocked inside a command: the caller gets an error, nothing hangs', async () => {
    const workers: Worker[] = [];
    const pool = await createNodeKernelPool(3, { tasks, stallMs: 300, onSpawn: (w) => workers.push(w) });
    const job = pool.attach(markTask, { buffer: new SharedArrayBuffer(8 + 4 * 10) });
    const gone = workers.map(exited);
    expect(() => job.run(OP_BLOCK)).toThrow(/stopped answering/);
    await Promise.all(gone);
    expect(() => pool.attach(markTask, { buffer: new SharedArrayBuffer(16) })).toThrow(/closed/);
  });

  it('close() ends idle and parked helpers at once', async () => {
    const workers: Worker[] = [];
    const pool = await createNodeKernelPool(2, { tasks, onSpawn: (w) => workers.push(w) });
    pool.attach(markTask, { buffer: new SharedArrayBuffer(16) }).run(OP_MARK, [0, 2]);
    const gone = workers.map(exited);
    pool.close();
    await Promise.all(gone);
    expect(workers).toHaveLength(1);
  });

  it('a pool of one thread runs the same tasks with no helpers', () => {
    const job = serialPool().attach(markTask, { buffer: new SharedArrayBuffer(8 + 4 * 5) });
    job.run(OP_MARK, [0, 5]);
    expect(Array.from(job.ctx.marks)).toEqual([1, 1, 1, 1, 1]);
  });
});
