/**
 * Long jobs: the one contract every long-running algorithm implements (Steppable), the
 * pacer that runs work in ~30 ms slices between event-loop turns (so a cancel message is
 * seen within a slice), and the two ways a job ends early: CancelledError (the caller
 * stopped it) and SessionLostError (the state it continued is no longer there).
 * The same objects run to completion in a Node test.
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
 * A job named something a worker no longer holds — a dataset, a projection or training
 * session — because the worker was restarted or the thing was released or replaced. It
 * crosses the thread boundary by name (isSessionLost), so the main thread can offer the
 * way back (load again, run again) instead of a bare failure.
 */
export class SessionLostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SessionLostError';
  }
}

/** True for a SessionLostError, also one rebuilt from a worker's error message (same name). */
export function isSessionLost(e: unknown): boolean {
  return e instanceof Error && e.name === 'SessionLostError';
}

/** How a job paces itself: the host's way to yield, its clock, and the slice length. */
export interface Pacing {
  readonly signal?: AbortSignal;
  /**
   * How to give the event loop a turn between slices (default: a setTimeout). Workers
   * pass workers/yieldToEventLoop.ts, which avoids the browsers' 4 ms timer clamp; the
   * scheduling primitive is the host's business, not this pure module's.
   */
  readonly yieldNow?: () => Promise<void>;
  readonly now?: () => number;
  /** Target length of one slice, ms (default 30). */
  readonly sliceMs?: number;
}

/** A macrotask turn through a timer: works everywhere (workers pass a faster one). */
const yieldToTimer = (): Promise<void> => new Promise<void>((resolve) => setTimeout(resolve, 0));
const defaultNow = (): number => performance.now();

/**
 * The work budget of one slice, adapted so a slice takes about `sliceMs`: doubled while
 * slices are under half of it, halved when one takes over twice as long. Shared by every
 * sliced job (projection phases, k-means, PCA, training batches, the lab's layouts), so
 * they all answer a cancel within about one slice.
 */
export class SliceBudget {
  private budget = 1;
  constructor(
    readonly sliceMs = 30,
    private readonly now: () => number = defaultNow,
    private readonly max = 1 << 24,
  ) {}

  get value(): number {
    return this.budget;
  }

  /** Calls `work(budget)` once, timing it to adapt the next budget. */
  once<T>(work: (budget: number) => T): T {
    const t0 = this.now();
    const out = work(this.budget);
    const dt = this.now() - t0;
    if (dt < this.sliceMs / 2) this.budget = Math.min(this.budget * 2, this.max);
    else if (dt > this.sliceMs * 2) this.budget = Math.max(1, Math.floor(this.budget / 2));
    return out;
  }

  /** Calls `work(budget)` until it returns true (finished) or the slice is used up; true when finished. */
  fill(work: (budget: number) => boolean): boolean {
    const end = this.now() + this.sliceMs;
    for (;;) {
      if (this.once(work)) return true;
      if (this.now() >= end) return false;
    }
  }
}

/** One event-loop turn, then CancelledError if the job was cancelled meanwhile. */
export async function pause(pacing: Pacing): Promise<void> {
  await (pacing.yieldNow ?? yieldToTimer)();
  if (pacing.signal?.aborted) throw new CancelledError();
}

/**
 * Runs a Steppable in time slices of about `sliceMs`, yielding to the event loop
 * between slices so cancel messages are seen, and calling `onSnapshot` at most every
 * `snapshotMs`. Throws CancelledError when the signal aborts.
 */
export async function runSliced<S, R>(
  task: Steppable<S, R>,
  opts: Pacing & { snapshotMs?: number; onSnapshot?: (snapshot: S, progress: number) => void } = {},
): Promise<R> {
  const now = opts.now ?? defaultNow;
  const budget = new SliceBudget(opts.sliceMs ?? 30, now);
  const snapshotMs = opts.snapshotMs ?? 100;
  let lastSnapshot = now();
  for (;;) {
    if (opts.signal?.aborted) throw new CancelledError();
    if (budget.once((b) => task.step(b))) {
      opts.onSnapshot?.(task.snapshot(), 1);
      return task.result();
    }
    if (opts.onSnapshot && now() - lastSnapshot >= snapshotMs) {
      lastSnapshot = now();
      opts.onSnapshot(task.snapshot(), task.progress());
    }
    await pause(opts);
  }
}

/**
 * Runs a generator that yields at safe points (e.g. between quality figures), giving
 * the event loop a turn at each and stopping with CancelledError once the signal aborts.
 */
export async function runYielding<T>(steps: Generator<unknown, T, void>, pacing: Pacing): Promise<T> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await pause(pacing);
  }
}

/** Waits for `p` to settle, or throws CancelledError as soon as `signal` aborts (a Cancel need not wait for it). */
export function untilSettledOrAborted(p: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(new CancelledError());
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => reject(new CancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
    void p.finally(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}
