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
  stats(): { workers: number; busy: number; queued: number };
}

export interface PoolOptions {
  /** Default: min(4, navigator.hardwareConcurrency ?? 2). */
  maxWorkers?: number;
  /** How long a cancelled job may take to answer `cancelled` before its worker is terminated. Default 100 ms. */
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
  job: Job | null;
  killTimer?: ReturnType<typeof setTimeout>;
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
 * A pool of workers running one job each; extra jobs wait in FIFO order. Workers are
 * spawned on demand up to `maxWorkers`, and replaced lazily when they die or are
 * terminated by a hard cancel.
 */
export function createWorkerPool<M extends JobMap>(spawn: () => WorkerLike, opts: PoolOptions = {}): WorkerPool<M> {
  const maxWorkers = opts.maxWorkers ?? defaultMaxWorkers();
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

  /** The slot's job is over (answered or abandoned): free the slot and start the next job. */
  const release = (slot: Slot) => {
    clearTimeout(slot.killTimer);
    slot.job = null;
    pump();
  };

  const kill = (slot: Slot, error?: Error) => {
    const index = slots.indexOf(slot);
    if (index < 0) return;
    slots.splice(index, 1);
    clearTimeout(slot.killTimer);
    const job = slot.job;
    slot.job = null;
    try {
      slot.worker.terminate();
    } catch {
      /* already gone */
    }
    if (job && error) settle(job, () => job.reject(error));
    pump();
  };

  const onMessage = (slot: Slot, event: MessageEventLike) => {
    const msg = event.data as OutMessage | null;
    const job = slot.job;
    if (!job || !msg || typeof msg !== 'object' || msg.id !== job.id) return;
    switch (msg.type) {
      case 'progress':
        if (!job.settled) job.onProgress?.(msg.progress as never);
        return;
      case 'done':
        settle(job, () => job.resolve(msg.result));
        return release(slot);
      case 'error':
        settle(job, () => job.reject(new WorkerJobError(job.kind, msg.error)));
        return release(slot);
      case 'cancelled':
        settle(job, () => job.reject(abortError(job.kind, undefined)));
        return release(slot);
    }
  };

  const onCrash = (slot: Slot, what: string, event: ErrorEventLike) => {
    const inner = event.error instanceof Error ? event.error.message : undefined;
    const message = event.message || inner || 'the worker failed to load or threw outside a job';
    const kind = slot.job?.kind ?? '(idle)';
    kill(slot, new WorkerCrashError(`Worker crashed while running "${kind}": ${what}${message}`, { cause: event.error }));
  };

  const spawnSlot = (): Slot => {
    const slot: Slot = { worker: spawn(), job: null };
    slot.worker.addEventListener('message', (event) => onMessage(slot, event));
    slot.worker.addEventListener('error', (event) => onCrash(slot, '', event));
    slot.worker.addEventListener('messageerror', (event) => onCrash(slot, 'a message could not be read: ', event));
    slots.push(slot);
    return slot;
  };

  const pump = () => {
    while (queue.length > 0 && !destroyed) {
      const job = queue[0];
      let slot = slots.find((s) => s.job === null);
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
      slot.job = job;
      try {
        slot.worker.postMessage({ type: 'start', id: job.id, kind: job.kind, params: job.params }, job.transfer);
      } catch (error) {
        // Params that cannot be cloned: the worker never saw the job.
        slot.job = null;
        settle(job, () => job.reject(error));
      }
    }
  };

  const cancel = (job: Job, reason: unknown) => {
    settle(job, () => job.reject(abortError(job.kind, reason)));
    const queued = queue.indexOf(job);
    if (queued >= 0) return void queue.splice(queued, 1);
    const slot = slots.find((s) => s.job === job);
    if (!slot) return;
    try {
      slot.worker.postMessage({ type: 'cancel', id: job.id });
    } catch {
      return kill(slot);
    }
    // If the handler never yields, it never sees the cancel: terminate the worker.
    slot.killTimer = setTimeout(() => kill(slot), hardCancelMs);
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
    stats: () => ({ workers: slots.length, busy: slots.filter((s) => s.job !== null).length, queued: queue.length }),
  };
}
