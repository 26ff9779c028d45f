/** Kernel tasks for the pool's own tests (pool.test.ts), served by Node helper threads. */
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

export const KERNEL_TASKS: readonly AnyKernelTask[] = [markTask, refuseTask];
