/** Kernel tasks for the pool's own tests (pool.test.ts), served by Node helper threads. */
import { lockSpin, unlockSpin } from './spinLock';
import type { AnyKernelTask, KernelTask } from './types';

export const OP_MARK = 0;
export const OP_THROW_ON = 1;
export const OP_BLOCK = 2;

interface MarkCtx {
  readonly marks: Int32Array;
  readonly never: Int32Array;
}

/** Marks its share of [a, b) with thread + 1; throws on the thread named; or blocks for good. */
export const markTask: KernelTask<{ buffer: SharedArrayBuffer }, MarkCtx> = {
  name: 'test-mark',
  attach: ({ buffer }) => ({ marks: new Int32Array(buffer, 8), never: new Int32Array(buffer, 0, 2) }),
  run(c, op, args, thread, threads) {
    if (op === OP_THROW_ON && thread === args[0]) throw new Error(`share ${thread} failed on purpose`);
    if (op === OP_BLOCK && thread > 0) Atomics.wait(c.never, 0, 0);
    if (op !== OP_MARK) return;
    const len = args[1] - args[0];
    const from = args[0] + Math.floor((len * thread) / threads);
    const to = args[0] + Math.floor((len * (thread + 1)) / threads);
    for (let i = from; i < to; i++) c.marks[i] += thread + 1;
  },
};

/** Refuses to attach anywhere but the coordinating thread. */
export const refuseTask: KernelTask<null, null> = {
  name: 'test-refuse',
  attach(_shared, thread) {
    if (thread > 0) throw new Error('no memory for this job');
    return null;
  },
  run() {},
};

/**
 * Every thread adds 1 to counter[0] args[0] times, each add a plain read and write (not
 * atomic) under spin lock args[1] (−1: no lock), with a few reads between them so that
 * threads interleave inside the section if they can.
 */
export const countTask: KernelTask<{ buffer: SharedArrayBuffer }, { locks: Int32Array; counter: Float64Array }> = {
  name: 'test-count',
  attach: ({ buffer }) => ({ locks: new Int32Array(buffer, 0, 2), counter: new Float64Array(buffer, 8, 2) }),
  run(c, _op, args) {
    const [times, lock] = args;
    for (let t = 0; t < times; t++) {
      if (lock >= 0) lockSpin(c.locks, lock);
      const v = c.counter[0];
      let spin = v;
      for (let s = 0; s < 8; s++) spin += c.counter[1];
      c.counter[0] = v + 1 + spin * 0; // spin * 0 keeps the reads live (NaN-safe, so not folded away)
      if (lock >= 0) unlockSpin(c.locks, lock);
    }
  },
};

export const KERNEL_TASKS: readonly AnyKernelTask[] = [markTask, refuseTask, countTask];
