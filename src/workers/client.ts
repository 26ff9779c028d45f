import type { ErrorEventLike, JobMap, MessageEventLike, OutMessage, SerializedError, WorkerLike } from './protocol';

/** An error thrown inside a worker job, rebuilt on the main thread with the worker's name and message. */
export class WorkerJobError extends Error {
  constructor(
    readonly kind: string,
    error: SerializedError,
  ) {
    super(error.message);
    this.name = error.name;
    if (error.stack) this.stack = error.stack;
  }
}

/** The worker died (uncaught error, failed to load, unreadable message) while running a job. */
export class WorkerCrashError extends Error {
  override name = 'WorkerCrashError';
}

export interface RunOptions<Progress> {
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
  /** Buffers inside `params` to transfer instead of copy (they are detached on this side). */
  transfer?: Transferable[];
}

export interface WorkerPool<M extends JobMap> {
  run<K extends keyof M & string>(kind: K, params: M[K]['params'], opts?: RunOptions<M[K]['progress']>): Promise<M[K]['result']>;
  /** Terminates every worker; running and queued jobs reject. */
  destroy(): void;
  /**
   * Fault injection (tests, `npm run reliability`): terminates every worker as if it had
   * died, failing its running jobs with a WorkerCrashError carrying `reason`, exactly as a
   * crash does; the next job gets a fresh worker. Returns the kinds of the jobs it failed.
   */
  crash(reason: string): string[];
  stats(): { workers: number; busy: number; queued: number };
}

export interface PoolOptions {
  /** Default: min(4, navigator.hardwareConcurrency ?? 2). */
  maxWorkers?: number;
  /**
   * Jobs one worker runs at once (default 1). Above 1 the worker interleaves them: a
   * sliced job yields between slices and a quick one (a neighbour lookup) runs there.
   */
  jobsPerWorker?: number;
  /**
   * How long a cancelled job may take to answer `cancelled` before its worker is
   * terminated (with every other job it runs). Default 100 ms; Infinity = never (a worker
   * whose state must survive, like the data worker's datasets).
   */
  hardCancelMs?: number;
}

interface Job {
  id: number;
  kind: string;
  params: unknown;
  transfer: Transferable[];
  onProgress?: (progress: never) => void;
  resolve(result: unknown): void;
  reject(error: unknown): void;
  /** Set once the promise has settled (e.g. rejected on cancel while the worker winds down). */
  settled: boolean;
  detach(): void;
}

interface Slot {
  worker: WorkerLike;
  /** Jobs running on this worker, by id. */
  jobs: Map<number, Job>;
  /** Hard-cancel timers of cancelled jobs that have not answered yet. */
  killTimers: Map<number, ReturnType<typeof setTimeout>>;
}

function abortError(kind: string, reason: unknown): Error {
  const error = new Error(`The job "${kind}" was cancelled`, { cause: reason });
  error.name = 'AbortError';
  return error;
}

function defaultMaxWorkers(): number {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : undefined;
  return Math.max(1, Math.min(4, cores || 2));
}

/**
 * A pool of workers running `jobsPerWorker` jobs each (default one); extra jobs wait in
 * FIFO order. Workers are spawned on demand up to `maxWorkers`, and replaced lazily when
 * they die or are terminated by a hard cancel.
 */
export function createWorkerPool<M extends JobMap>(spawn: () => WorkerLike, opts: PoolOptions = {}): WorkerPool<M> {
  const maxWorkers = opts.maxWorkers ?? defaultMaxWorkers();
  const jobsPerWorker = Math.max(1, opts.jobsPerWorker ?? 1);
  const hardCancelMs = opts.hardCancelMs ?? 100;
  const slots: Slot[] = [];
  const queue: Job[] = [];
  let nextId = 1;
  let destroyed = false;

  const settle = (job: Job, fn: () => void) => {
    if (job.settled) return;
    job.settled = true;
    job.detach();
    fn();
  };

  /** A job on the slot is over (answered or abandoned): free its place and start the next job. */
  const release = (slot: Slot, id: number) => {
    clearTimeout(slot.killTimers.get(id));
    slot.killTimers.delete(id);
    slot.jobs.delete(id);
    pump();
  };

  const kill = (slot: Slot, error?: Error) => {
    const index = slots.indexOf(slot);
    if (index < 0) return;
    slots.splice(index, 1);
    for (const timer of slot.killTimers.values()) clearTimeout(timer);
    const jobs = [...slot.jobs.values()];
    slot.jobs.clear();
    try {
      slot.worker.terminate();
    } catch {
      /* already gone */
    }
    const reason = error ?? new WorkerCrashError('The worker was restarted to stop a job that did not answer its cancel');
    for (const job of jobs) settle(job, () => job.reject(reason));
    pump();
  };

  const onMessage = (slot: Slot, event: MessageEventLike) => {
    const msg = event.data as OutMessage | null;
    if (!msg || typeof msg !== 'object') return;
    const job = slot.jobs.get(msg.id);
    if (!job) return;
    switch (msg.type) {
      case 'progress':
        if (!job.settled) job.onProgress?.(msg.progress as never);
        return;
      case 'done':
        settle(job, () => job.resolve(msg.result));
        return release(slot, job.id);
      case 'error':
        settle(job, () => job.reject(new WorkerJobError(job.kind, msg.error)));
        return release(slot, job.id);
      case 'cancelled':
        settle(job, () => job.reject(abortError(job.kind, undefined)));
        return release(slot, job.id);
    }
  };

  const onCrash = (slot: Slot, what: string, event: ErrorEventLike) => {
    const inner = event.error instanceof Error ? event.error.message : undefined;
    const message = event.message || inner || 'the worker failed to load or threw outside a job';
    const kinds = [...slot.jobs.values()].map((j) => j.kind);
    const kind = kinds.length ? kinds.join('", "') : '(idle)';
    kill(slot, new WorkerCrashError(`Worker crashed while running "${kind}": ${what}${message}`, { cause: event.error }));
  };

  const spawnSlot = (): Slot => {
    const slot: Slot = { worker: spawn(), jobs: new Map(), killTimers: new Map() };
    slot.worker.addEventListener('message', (event) => onMessage(slot, event));
    slot.worker.addEventListener('error', (event) => onCrash(slot, '', event));
    slot.worker.addEventListener('messageerror', (event) => onCrash(slot, 'a message could not be read: ', event));
    slots.push(slot);
    return slot;
  };

  const pump = () => {
    while (queue.length > 0 && !destroyed) {
      const job = queue[0];
      let slot = slots.find((s) => s.jobs.size < jobsPerWorker);
      if (!slot) {
        if (slots.length >= maxWorkers) return;
        try {
          slot = spawnSlot();
        } catch (error) {
          queue.shift();
          settle(job, () => job.reject(new WorkerCrashError(`Could not start a worker for "${job.kind}": ${String(error)}`, { cause: error })));
          continue;
        }
      }
      queue.shift();
      slot.jobs.set(job.id, job);
      try {
        slot.worker.postMessage({ type: 'start', id: job.id, kind: job.kind, params: job.params }, job.transfer);
      } catch (error) {
        // Params that cannot be cloned: the worker never saw the job.
        slot.jobs.delete(job.id);
        settle(job, () => job.reject(error));
      }
    }
  };

  const cancel = (job: Job, reason: unknown) => {
    settle(job, () => job.reject(abortError(job.kind, reason)));
    const queued = queue.indexOf(job);
    if (queued >= 0) return void queue.splice(queued, 1);
    const slot = slots.find((s) => s.jobs.get(job.id) === job);
    if (!slot) return;
    try {
      slot.worker.postMessage({ type: 'cancel', id: job.id });
    } catch {
      return kill(slot);
    }
    // If the handler never yields, it never sees the cancel: terminate the worker.
    if (Number.isFinite(hardCancelMs)) slot.killTimers.set(job.id, setTimeout(() => kill(slot), hardCancelMs));
  };

  return {
    run(kind, params, { signal, onProgress, transfer = [] } = {}) {
      if (destroyed) return Promise.reject(new Error('The worker pool was destroyed'));
      if (signal?.aborted) return Promise.reject(abortError(kind, signal.reason));
      return new Promise((resolve, reject) => {
        const onAbort = () => cancel(job, signal?.reason);
        const job: Job = {
          id: nextId++,
          kind,
          params,
          transfer,
          onProgress: onProgress as Job['onProgress'],
          resolve: resolve as (result: unknown) => void,
          reject,
          settled: false,
          detach: () => signal?.removeEventListener('abort', onAbort),
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(job);
        pump();
      });
    },
    destroy() {
      destroyed = true;
      const error = new Error('The worker pool was destroyed');
      for (const job of queue.splice(0)) settle(job, () => job.reject(error));
      for (const slot of [...slots]) kill(slot, error);
    },
    crash(reason) {
      const kinds: string[] = [];
      for (const slot of [...slots]) {
        kinds.push(...[...slot.jobs.values()].filter((j) => !j.settled).map((j) => j.kind));
        kill(slot, new WorkerCrashError(`Worker crashed while running "${[...slot.jobs.values()].map((j) => j.kind).join('", "') || '(idle)'}": ${reason}`));
      }
      return kinds;
    },
    stats: () => ({ workers: slots.length, busy: slots.filter((s) => s.jobs.size > 0).length, queued: queue.length }),
  };
}
