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
    await yieldToEventLoop();
  }
}

// One channel for every yield; resolvers wait in order.
let channel: MessageChannel | null = null;
const waiting: (() => void)[] = [];

/**
 * Lets queued events (a cancel message, a pause) run, then continues: a macrotask
 * turn. Browsers clamp nested setTimeout(0) to 4 ms, which costs a 30 ms slice loop
 * ~12% of its time; a MessageChannel message is not clamped, and in a worker it queues
 * behind a cancel message that arrived during the slice. Node drains one port's
 * messages in a batch (timers and other ports would starve), so there setImmediate,
 * which runs once per event-loop turn, is the right yield (as React's scheduler does).
 */
export function yieldToEventLoop(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (cb: () => void) => unknown }).setImmediate;
  if (typeof immediate === 'function') return new Promise<void>((resolve) => void immediate(resolve));
  const Channel = globalThis.MessageChannel;
  if (typeof Channel !== 'function') return new Promise<void>((resolve) => setTimeout(resolve, 0));
  if (!channel) {
    channel = new Channel();
    channel.port1.onmessage = () => waiting.shift()?.();
  }
  const port = channel.port2;
  return new Promise<void>((resolve) => {
    waiting.push(resolve);
    port.postMessage(0);
  });
}
