/**
 * The kernel pool: the calling thread plus `threads − 1` helper threads that run the
 * same kernels on one shared memory (a WebAssembly memory on a SharedArrayBuffer, which
 * only a cross-origin isolated page — or Node — may create).
 *
 * Why commands go through Atomics rather than messages: the algorithms are Steppables
 * whose `step()` is synchronous and sliced (~30 ms), and a slice runs many short kernel
 * calls (an epoch of UMAP, a batch of kNN tiles). A command written to the control block
 * (control.ts) and a wake-up reach a helper that is blocked in Atomics.wait in
 * microseconds, and the caller does its own share before it waits for the others, so
 * the Steppables stay synchronous and keep their contract (cancel between slices,
 * progress, snapshots). Attaching a job sends its shared memory by message: the
 * helpers park on their event loops to take it, and the caller waits (blocking, on a
 * counter in the control block) until each has it. Only starting the helpers is
 * asynchronous (their scripts load).
 *
 * The coordinating thread must be allowed to block (a worker, or Node): never a page's
 * main thread. Helpers that fail to start leave a pool of one thread: it runs the same
 * split code with no helpers, so results do not depend on whether threads were had
 * (where the algorithm allows: see each task).
 */
import { ATTACHED, CONTROL_BYTES, controlViews, FAILED, JOB, MAX_ARGS, OP, OP_PARK, OP_RELEASE, PENDING, pollWhile, POLL_MS, SEQ, type ControlViews, type FromHelper, type ToHelper } from './control';
import type { HelperEndpoint, KernelJob, KernelPool, KernelTask } from './types';

export interface KernelPoolOptions {
  /** Threads wanted, the calling one included. */
  readonly threads: number;
  /** Starts helper number `index` (1-based: thread 0 is the caller). */
  readonly spawn: (index: number) => HelperEndpoint;
  /** Helpers that have not said "ready" by then are given up (the pool runs on one thread). */
  readonly startTimeoutMs?: number;
  /** A command that makes no progress for this long means a helper died: the pool fails it. */
  readonly stallMs?: number;
}

/** Whether this thread may share memory and block on it. */
export function canShareMemory(): boolean {
  return typeof SharedArrayBuffer === 'function' && typeof Atomics === 'object' && typeof Atomics.wait === 'function';
}

/** A pool of one: the same tasks, run in this thread, nothing shared. */
export function serialPool(): KernelPool {
  return {
    threads: 1,
    attach<S, C>(task: KernelTask<S, C>, shared: S): KernelJob<C> {
      const ctx = task.attach(shared, 0, 1);
      const args = new Float64Array(MAX_ARGS);
      return {
        threads: 1,
        ctx,
        run(op, a) {
          setArgs(args, a);
          task.run(ctx, op, args, 0, 1);
        },
        release() {},
      };
    },
    releaseAll() {},
    close() {},
  };
}

function setArgs(args: Float64Array, a: ArrayLike<number> | undefined): void {
  const m = a ? a.length : 0;
  if (m > MAX_ARGS) throw new Error(`a kernel command takes at most ${MAX_ARGS} arguments, got ${m}`);
  for (let t = 0; t < m; t++) args[t] = (a as ArrayLike<number>)[t];
}

/** Starts the helpers and resolves once every one is ready (or with a pool of one if they are not). */
export async function createKernelPool(opts: KernelPoolOptions): Promise<KernelPool> {
  const wanted = Math.max(1, Math.floor(opts.threads));
  if (wanted === 1 || !canShareMemory()) return serialPool();
  const control = new SharedArrayBuffer(CONTROL_BYTES);
  const helpers: HelperEndpoint[] = [];
  try {
    for (let t = 1; t < wanted; t++) helpers.push(opts.spawn(t));
  } catch {
    for (const h of helpers) h.terminate();
    return serialPool();
  }
  const pool = new ThreadPool(helpers, control, opts.stallMs ?? 60_000);
  const ok = await pool.start(opts.startTimeoutMs ?? 15_000);
  if (ok) return pool;
  pool.close();
  return serialPool();
}

class ThreadPool implements KernelPool {
  readonly threads: number;
  private readonly views: ControlViews;
  /** Helpers are blocked in their command loop (a command reaches them); false: on their event loop. */
  private looping = false;
  private closed = false;
  private nextJob = 0;
  private readonly live = new Set<number>();
  private startListener: ((m: FromHelper) => void) | null = null;

  constructor(
    private readonly helpers: HelperEndpoint[],
    control: SharedArrayBuffer,
    private readonly stallMs: number,
  ) {
    this.threads = helpers.length + 1;
    this.views = controlViews(control);
    helpers.forEach((h, i) => {
      h.addEventListener('message', (e) => this.onMessage(e.data as FromHelper));
      h.addEventListener('error', (e) => this.onMessage({ type: 'failed', thread: i + 1, job: -1, message: e.message ?? 'the helper failed to start' }));
      h.postMessage({ type: 'init', control, thread: i + 1, threads: this.threads } satisfies ToHelper);
    });
  }

  private onMessage(m: FromHelper): void {
    this.startListener?.(m);
  }

  /** Resolves true once every helper said ready, false on an error or after timeoutMs. */
  start(timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      let ready = 0;
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        this.startListener = null;
        resolve(ok);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      this.startListener = (m) => {
        if (m.type === 'failed') finish(false);
        else if (m.type === 'ready' && ++ready === this.helpers.length) finish(true);
      };
    });
  }

  attach<S, C>(task: KernelTask<S, C>, shared: S): KernelJob<C> {
    if (this.closed) throw new Error('the kernel pool is closed');
    const job = ++this.nextJob;
    const { ctrl } = this.views;
    // Helpers take the job's memory by message, so they leave their command loop for it.
    if (this.looping) {
      this.command(OP_PARK, 0);
      this.looping = false;
    }
    Atomics.store(ctrl, ATTACHED, 0);
    for (const h of this.helpers) h.postMessage({ type: 'attach', job, task: task.name, shared } satisfies ToHelper);
    let ctx: C | undefined;
    let ownError: unknown = null;
    try {
      ctx = task.attach(shared, 0, this.threads);
    } catch (e) {
      ownError = e;
    }
    // Every helper counts itself in and enters its command loop, whether or not it could attach.
    this.awaitCount(ATTACHED, this.helpers.length);
    this.looping = true;
    this.live.add(job);
    const helperFailed = Atomics.exchange(ctrl, FAILED, 0) > 0;
    if (ownError !== null || helperFailed) {
      this.release(job);
      throw ownError ?? new Error(`a kernel thread could not start ${task.name} (see the console)`);
    }
    const args = this.views.args;
    const own = ctx as C;
    return {
      threads: this.threads,
      ctx: own,
      run: (op, a) => {
        if (!this.live.has(job)) throw new Error(`the ${task.name} job was released`);
        setArgs(args, a);
        this.command(op, job, () => task.run(own, op, args, 0, this.threads));
      },
      release: () => this.release(job),
    };
  }

  private release(job: number): void {
    if (!this.live.delete(job) || this.closed) return;
    this.command(OP_RELEASE, job);
  }

  releaseAll(): void {
    for (const job of [...this.live]) this.release(job);
  }

  /** Hands every helper `op`, does `own` (this thread's share), waits for the helpers. */
  private command(op: number, job: number, own?: () => void): void {
    if (this.closed) throw new Error('the kernel pool is closed');
    const { ctrl } = this.views;
    ctrl[OP] = op;
    ctrl[JOB] = job;
    Atomics.store(ctrl, PENDING, this.helpers.length);
    Atomics.add(ctrl, SEQ, 1);
    Atomics.notify(ctrl, SEQ);
    let error: unknown = null;
    try {
      own?.();
    } catch (e) {
      error = e;
    }
    this.awaitCount(PENDING, 0, true);
    if (error) throw error;
    if (Atomics.exchange(ctrl, FAILED, 0) > 0) throw new Error('a kernel thread failed (see the console)');
  }

  /** Blocks until ctrl[slot] reaches `target` (counting down when `down`), failing the pool if it stalls. */
  private awaitCount(slot: number, target: number, down = false): void {
    const { ctrl } = this.views;
    let last = Atomics.load(ctrl, slot);
    let since = Date.now();
    while (last !== target) {
      if (pollWhile(ctrl, slot, last, POLL_MS) === last) Atomics.wait(ctrl, slot, last, 1000);
      const now = Atomics.load(ctrl, slot);
      if (now !== last) {
        last = now;
        since = Date.now();
      } else if (Date.now() - since > this.stallMs) {
        this.close();
        const busy = down ? now : this.helpers.length - now;
        throw new Error(`kernel threads stopped answering (${busy} of ${this.helpers.length} after ${this.stallMs} ms)`);
      }
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.live.clear();
    for (const h of this.helpers) h.terminate();
  }
}
