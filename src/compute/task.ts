/**
 * The one contract every long-running algorithm implements, so a worker can run it
 * in slices, stream snapshots, and stop it between slices; the same object runs to
 * completion in a Node test.
 */
export interface Steppable<Snapshot, Result> {
  /** Do a bounded amount of work (about `budget` units, algorithm-defined); true when finished. */
  step(budget: number): boolean;
  /** 0..1 */
  progress(): number;
  /** A copy of the current state, safe to transfer to another thread. */
  snapshot(): Snapshot;
  /** The final result; valid once step() has returned true. */
  result(): Result;
}

/** Runs a Steppable to the end synchronously (tests, benchmarks, Node). */
export function runToEnd<S, R>(task: Steppable<S, R>, budget = 1): R {
  while (!task.step(budget)) {
    /* keep stepping */
  }
  return task.result();
}

export class CancelledError extends Error {
  constructor(message = 'Cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

/**
 * Runs a Steppable in time slices of about `sliceMs`, yielding to the event loop
 * between slices so cancel messages are seen, and calling `onSnapshot` at most every
 * `snapshotMs`. Throws CancelledError when the signal aborts.
 */
export async function runSliced<S, R>(
  task: Steppable<S, R>,
  opts: {
    signal?: AbortSignal;
    sliceMs?: number;
    snapshotMs?: number;
    onSnapshot?: (snapshot: S, progress: number) => void;
    /** Resolves when the task may continue (pause support); checked between slices. */
    gate?: () => Promise<void> | void;
    now?: () => number;
    /**
     * How to give the event loop a turn between slices (default: a setTimeout). Workers
     * pass workers/yieldToEventLoop.ts, which avoids the browsers' 4 ms timer clamp; the
     * scheduling primitive is the host's business, not this pure module's.
     */
    yieldNow?: () => Promise<void>;
  } = {},
): Promise<R> {
  const now = opts.now ?? (() => performance.now());
  const sliceMs = opts.sliceMs ?? 30;
  const snapshotMs = opts.snapshotMs ?? 100;
  let budget = 1;
  let lastSnapshot = now();
  for (;;) {
    if (opts.signal?.aborted) throw new CancelledError();
    if (opts.gate) await opts.gate();
    const t0 = now();
    const done = task.step(budget);
    const dt = now() - t0;
    // Adapt the budget so one slice takes about sliceMs: small enough for a quick cancel.
    if (dt < sliceMs / 2) budget = Math.min(budget * 2, 1 << 24);
    else if (dt > sliceMs * 2) budget = Math.max(1, Math.floor(budget / 2));
    if (done) {
      opts.onSnapshot?.(task.snapshot(), 1);
      return task.result();
    }
    if (opts.onSnapshot && now() - lastSnapshot >= snapshotMs) {
      lastSnapshot = now();
      opts.onSnapshot(task.snapshot(), task.progress());
    }
    await (opts.yieldNow ?? yieldToTimer)();
  }
}

/** A macrotask turn through a timer: works everywhere (workers pass a faster one, see runSliced). */
export const yieldToTimer = (): Promise<void> => new Promise<void>((resolve) => setTimeout(resolve, 0));
