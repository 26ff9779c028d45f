/**
 * The pool's control block: one small SharedArrayBuffer through which the coordinating
 * thread hands every kernel thread the same command and waits until all are done, with
 * Atomics (no message per command: a command costs microseconds, not a trip through
 * each thread's event loop). Shared by pool.ts (the coordinator) and helper.ts.
 *
 *   int32 [SEQ]      bumped once per command; helpers Atomics.wait on it
 *   int32 [PENDING]  helpers still working on the current command; the coordinator waits on it
 *   int32 [OP]       the command: PARK, RELEASE or a task's own op code (≥ 0)
 *   int32 [JOB]      which attached job the command is for
 *   int32 [FAILED]   helpers whose share threw (the coordinator then throws too)
 *   int32 [ATTACHED] helpers that took the job being attached (the coordinator waits on it)
 *   f64   args       up to MAX_ARGS numbers (byte offsets, row ranges, rates…)
 */

export const SEQ = 0;
export const PENDING = 1;
export const OP = 2;
export const JOB = 3;
export const FAILED = 4;
export const ATTACHED = 5;

/** Helpers leave their command loop and go back to their event loop (to take an attach message). */
export const OP_PARK = -1;
/** Helpers forget the job named in JOB. */
export const OP_RELEASE = -2;

export const MAX_ARGS = 32;
const ARGS_BYTE_OFFSET = 64;
export const CONTROL_BYTES = ARGS_BYTE_OFFSET + MAX_ARGS * 8;

export interface ControlViews {
  readonly ctrl: Int32Array;
  readonly args: Float64Array;
}

export function controlViews(buffer: SharedArrayBuffer): ControlViews {
  return { ctrl: new Int32Array(buffer, 0, ARGS_BYTE_OFFSET / 4), args: new Float64Array(buffer, ARGS_BYTE_OFFSET, MAX_ARGS) };
}

/** Messages between the pool and a helper (structured-cloned; shared buffers stay shared). */
export type ToHelper =
  | { readonly type: 'init'; readonly control: SharedArrayBuffer; readonly thread: number; readonly threads: number }
  | { readonly type: 'attach'; readonly job: number; readonly task: string; readonly shared: unknown };

export type FromHelper =
  | { readonly type: 'ready'; readonly thread: number }
  | { readonly type: 'failed'; readonly thread: number; readonly job: number; readonly message: string };

/**
 * Polls ctrl[slot] for up to `ms` and returns its value as soon as it differs from
 * `value` (or `value` if it never did). A kernel run issues a command every few
 * milliseconds (an epoch of UMAP): waking a thread parked in Atomics.wait costs a
 * futex and, in a VM, an interrupt to a halted virtual CPU — 45–80 µs a command on
 * this 2-core VM — while a thread that polls briefly sees the next command in about
 * 1 µs. Past `ms` the caller parks in Atomics.wait as before.
 */
export function pollWhile(ctrl: Int32Array, slot: number, value: number, ms: number): number {
  const until = performance.now() + ms;
  for (;;) {
    for (let spin = 0; spin < 256; spin++) {
      const now = Atomics.load(ctrl, slot);
      if (now !== value) return now;
    }
    if (performance.now() > until) return value;
  }
}

/** How long a thread polls before it parks (see pollWhile). */
export const POLL_MS = 0.5;
