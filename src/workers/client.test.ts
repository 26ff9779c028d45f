import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CancelledError } from '../compute/task';
import { createWorkerPool, WorkerCrashError, WorkerJobError, type WorkerPool } from './client';
import { channelWorker, type ChannelWorker } from './fixtures/channelWorker';
import { transfer, type ErrorEventLike, type JobMap, type MessageEventLike, type WorkerLike } from './protocol';
import type { Handlers } from './serve';

/** Generous: these waits are for messages between threads, not timing assertions. */
const waitFor = <T>(check: () => T) => vi.waitFor(check, { timeout: 5_000, interval: 5 });

type TestJobs = {
  add: { params: { a: number; b: number }; progress: never; result: number };
  count: { params: { n: number }; progress: number; result: string };
  floats: { params: { n: number }; progress: never; result: Float32Array };
  waitForCancel: { params: null; progress: never; result: never };
  hang: { params: null; progress: never; result: never };
  block: { params: { name: string }; progress: never; result: string };
  syncThrow: { params: null; progress: never; result: never };
  reject: { params: null; progress: never; result: never };
  nonCloneable: { params: null; progress: never; result: { f: () => number } };
};

let log: { sent?: Float32Array; sawAbort?: boolean; started: string[] };
let gates: Map<string, () => void>;

const handlers: Handlers<TestJobs> = {
  add: async ({ a, b }) => a + b,
  count: async ({ n }, { progress }) => {
    for (let i = 0; i < n; i++) progress(i);
    return `counted ${n}`;
  },
  floats: async ({ n }) => {
    const out = new Float32Array(n).map((_, i) => i / 2);
    log.sent = out;
    return transfer(out, [out.buffer]);
  },
  waitForCancel: (_, { signal }) =>
    new Promise((_resolve, reject) => {
      log.started.push('waitForCancel');
      signal.addEventListener('abort', () => {
        log.sawAbort = signal.aborted;
        reject(new CancelledError());
      });
    }),
  hang: () => {
    log.started.push('hang');
    return new Promise<never>(() => {}); // ignores the signal, never settles
  },
  block: ({ name }) => {
    log.started.push(name);
    return new Promise((resolve) => gates.set(name, () => resolve(name)));
  },
  syncThrow: () => {
    throw new TypeError('bad input');
  },
  reject: async () => {
    throw new RangeError('out of range');
  },
  nonCloneable: async () => ({ f: () => 1 }),
};

let spawned: ChannelWorker[];
let pool: WorkerPool<TestJobs>;

function makePool(opts: { maxWorkers?: number; jobsPerWorker?: number; hardCancelMs?: number } = {}) {
  spawned = [];
  pool = createWorkerPool<TestJobs>(
    () => {
      const worker = channelWorker(handlers);
      spawned.push(worker);
      return worker;
    },
    { maxWorkers: opts.maxWorkers ?? 2, hardCancelMs: opts.hardCancelMs ?? 50, jobsPerWorker: opts.jobsPerWorker ?? 1 },
  );
  return pool;
}

function resetLog() {
  log = { started: [] };
  gates = new Map();
}
resetLog();
afterEach(() => {
  pool?.destroy();
  resetLog();
});

describe('createWorkerPool over a MessageChannel', { timeout: 10_000 }, () => {
  it('run(kind, params) resolves with the handler result', async () => {
    expect(await makePool().run('add', { a: 2, b: 3 })).toBe(5);
  });

  it('streams progress values in order before resolving', async () => {
    const seen: number[] = [];
    const result = await makePool().run('count', { n: 5 }, { onProgress: (p) => seen.push(p) });
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(result).toBe('counted 5');
  });

  it('transfers a Float32Array result: the sender’s buffer is detached', async () => {
    const result = await makePool().run('floats', { n: 4 });
    expect(Array.from(result)).toEqual([0, 0.5, 1, 1.5]);
    expect(log.sent?.byteLength).toBe(0);
  });

  it('transfers params listed in opts.transfer', async () => {
    const params = { n: 3, extra: new Float64Array(8) };
    expect(await makePool().run('floats', params, { transfer: [params.extra.buffer] })).toHaveLength(3);
    expect(params.extra.byteLength).toBe(0);
  });

  it('cancelling rejects right away with an AbortError; the handler sees the abort and answers cancelled', async () => {
    makePool();
    const controller = new AbortController();
    const job = pool.run('waitForCancel', null, { signal: controller.signal });
    await waitFor(() => expect(log.started).toEqual(['waitForCancel']));
    controller.abort();
    await expect(job).rejects.toMatchObject({ name: 'AbortError', message: 'The job "waitForCancel" was cancelled' });
    await waitFor(() => expect(spawned[0].outbox.map((m) => m.type)).toEqual(['cancelled']));
    expect(log.sawAbort).toBe(true);
    expect(pool.stats()).toEqual({ workers: 1, busy: 0, queued: 0 });
    expect(spawned[0].terminated).toBe(false);
  });

  it('hard-cancels a handler that ignores the signal: the worker is terminated and replaced', async () => {
    makePool({ maxWorkers: 1 });
    const controller = new AbortController();
    const job = pool.run('hang', null, { signal: controller.signal });
    await waitFor(() => expect(log.started).toEqual(['hang']));
    controller.abort();
    await expect(job).rejects.toMatchObject({ name: 'AbortError' });
    expect(spawned[0].terminated).toBe(false); // given hardCancelMs to answer first
    await waitFor(() => expect(spawned[0].terminated).toBe(true));
    expect(await pool.run('add', { a: 1, b: 1 })).toBe(2);
    expect(spawned).toHaveLength(2);
  });

  it('a job queued behind a hanging cancelled job runs once the hard cancel frees the slot', async () => {
    makePool({ maxWorkers: 1 });
    const controller = new AbortController();
    const hung = pool.run('hang', null, { signal: controller.signal });
    const next = pool.run('add', { a: 20, b: 22 });
    await waitFor(() => expect(log.started).toEqual(['hang']));
    controller.abort();
    await expect(hung).rejects.toMatchObject({ name: 'AbortError' });
    expect(await next).toBe(42);
  });

  it('rebuilds a synchronous throw as an Error with the worker’s name and message', async () => {
    const error = await makePool().run('syncThrow', null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerJobError);
    expect(error).toMatchObject({ name: 'TypeError', message: 'bad input', kind: 'syncThrow' });
  });

  it('rebuilds an async rejection as an Error with the worker’s name and message', async () => {
    await expect(makePool().run('reject', null)).rejects.toMatchObject({ name: 'RangeError', message: 'out of range' });
  });

  it('rejects an unknown job kind with an error naming it', async () => {
    const untyped = makePool() as unknown as WorkerPool<JobMap>;
    await expect(untyped.run('nope', {})).rejects.toThrow('Unknown job kind "nope"');
  });

  it('reports a result that cannot be cloned as an error, and the worker keeps serving', async () => {
    makePool({ maxWorkers: 1 });
    await expect(pool.run('nonCloneable', null)).rejects.toMatchObject({
      name: 'DataCloneError',
      message: expect.stringContaining('Could not send the result of "nonCloneable"'),
    });
    expect(await pool.run('add', { a: 1, b: 2 })).toBe(3);
    expect(spawned).toHaveLength(1);
  });

  it('rejects params that cannot be cloned without starting the job', async () => {
    const untyped = makePool() as unknown as WorkerPool<JobMap>;
    await expect(untyped.run('add', { f: () => 1 })).rejects.toMatchObject({ name: 'DataCloneError' });
    expect(pool.stats().busy).toBe(0);
  });

  it('when the worker dies, its pending job rejects with a clear message and a replacement serves later jobs', async () => {
    makePool({ maxWorkers: 1 });
    const job = pool.run('hang', null);
    await waitFor(() => expect(log.started).toEqual(['hang']));
    spawned[0].emit('error', { message: 'boom' });
    const error = await job.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerCrashError);
    expect(error).toMatchObject({ message: 'Worker crashed while running "hang": boom' });
    expect(spawned[0].terminated).toBe(true);
    expect(await pool.run('add', { a: 4, b: 4 })).toBe(8);
    expect(spawned).toHaveLength(2);
  });

  it('treats messageerror as a crash too', async () => {
    makePool({ maxWorkers: 1 });
    const job = pool.run('hang', null);
    spawned[0].emit('messageerror', {});
    await expect(job).rejects.toThrow(/^Worker crashed while running "hang": a message could not be read/);
  });

  it('rejects with a clear message when a worker cannot be spawned', async () => {
    const broken = createWorkerPool<TestJobs>(() => {
      throw new Error('no such script');
    });
    await expect(broken.run('add', { a: 1, b: 1 })).rejects.toThrow('Could not start a worker for "add": Error: no such script');
    broken.destroy();
  });

  it('runs at most maxWorkers jobs at once and queues the rest first in, first out', async () => {
    makePool({ maxWorkers: 2 });
    const jobs = ['a', 'b', 'c', 'd'].map((name) => pool.run('block', { name }));
    expect(pool.stats()).toEqual({ workers: 2, busy: 2, queued: 2 });
    await waitFor(() => expect(log.started).toEqual(['a', 'b']));
    gates.get('b')!();
    await waitFor(() => expect(log.started).toEqual(['a', 'b', 'c']));
    gates.get('a')!();
    await waitFor(() => expect(log.started).toEqual(['a', 'b', 'c', 'd']));
    gates.get('c')!();
    gates.get('d')!();
    expect(await Promise.all(jobs)).toEqual(['a', 'b', 'c', 'd']);
    expect(spawned).toHaveLength(2);
    expect(pool.stats()).toEqual({ workers: 2, busy: 0, queued: 0 });
  });

  it('never starts a job whose signal is already aborted', async () => {
    makePool();
    await expect(pool.run('add', { a: 1, b: 1 }, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(spawned).toHaveLength(0);
  });

  it('drops a queued job that is cancelled before it starts', async () => {
    makePool({ maxWorkers: 1 });
    const first = pool.run('block', { name: 'first' });
    const controller = new AbortController();
    const queued = pool.run('block', { name: 'queued' }, { signal: controller.signal });
    controller.abort();
    await expect(queued).rejects.toMatchObject({ name: 'AbortError' });
    expect(pool.stats().queued).toBe(0);
    await waitFor(() => expect(gates.has('first')).toBe(true));
    gates.get('first')!();
    expect(await first).toBe('first');
    expect(log.started).toEqual(['first']);
  });

  it('with jobsPerWorker above 1, one worker answers a quick job while a long one is still running', async () => {
    makePool({ maxWorkers: 1, jobsPerWorker: 4 });
    const long = pool.run('block', { name: 'long' });
    expect(await pool.run('add', { a: 2, b: 2 })).toBe(4);
    expect(spawned).toHaveLength(1);
    expect(pool.stats()).toEqual({ workers: 1, busy: 1, queued: 0 });
    await waitFor(() => expect(gates.has('long')).toBe(true));
    gates.get('long')!();
    expect(await long).toBe('long');
  });

  it('queues jobs beyond jobsPerWorker until one of the worker’s jobs ends', async () => {
    makePool({ maxWorkers: 1, jobsPerWorker: 2 });
    const jobs = ['a', 'b', 'c'].map((name) => pool.run('block', { name }));
    await waitFor(() => expect(log.started).toEqual(['a', 'b']));
    expect(pool.stats().queued).toBe(1);
    gates.get('a')!();
    await waitFor(() => expect(log.started).toEqual(['a', 'b', 'c']));
    gates.get('b')!();
    gates.get('c')!();
    expect(await Promise.all(jobs)).toEqual(['a', 'b', 'c']);
  });

  it('a hard cancel of one interleaved job fails the others on that worker with a clear message', async () => {
    makePool({ maxWorkers: 1, jobsPerWorker: 2 });
    const controller = new AbortController();
    const hung = pool.run('hang', null, { signal: controller.signal });
    const other = pool.run('block', { name: 'other' });
    await waitFor(() => expect(log.started).toEqual(['hang', 'other']));
    controller.abort();
    await expect(hung).rejects.toMatchObject({ name: 'AbortError' });
    await expect(other).rejects.toMatchObject({ name: 'WorkerCrashError', message: expect.stringMatching(/restarted to stop a job/) });
  });

  it('with hardCancelMs Infinity a job that ignores its cancel never gets its worker terminated', async () => {
    makePool({ maxWorkers: 1, jobsPerWorker: 2, hardCancelMs: Infinity });
    const controller = new AbortController();
    const hung = pool.run('hang', null, { signal: controller.signal });
    await waitFor(() => expect(log.started).toEqual(['hang']));
    controller.abort();
    await expect(hung).rejects.toMatchObject({ name: 'AbortError' });
    expect(await pool.run('add', { a: 1, b: 2 })).toBe(3);
    expect(spawned[0].terminated).toBe(false);
    expect(spawned).toHaveLength(1);
  });

  it('crash(reason) terminates the workers as a crash would: running jobs fail naming the reason, queued ones run on a fresh worker', async () => {
    makePool({ maxWorkers: 1 });
    const running = pool.run('hang', null);
    const queued = pool.run('add', { a: 2, b: 3 });
    await waitFor(() => expect(log.started).toEqual(['hang']));
    expect(pool.crash('injected fault')).toEqual(['hang']);
    const error = await running.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerCrashError);
    expect(error).toMatchObject({ message: 'Worker crashed while running "hang": injected fault' });
    expect(spawned[0].terminated).toBe(true);
    expect(await queued).toBe(5);
    expect(spawned).toHaveLength(2);
    expect(pool.crash('idle')).toEqual([]);
    expect(spawned[1].terminated).toBe(true);
    expect(await pool.run('add', { a: 1, b: 1 })).toBe(2);
  });

  it('destroy() terminates the workers and rejects running and queued jobs', async () => {
    makePool({ maxWorkers: 1 });
    const running = pool.run('hang', null);
    const queued = pool.run('add', { a: 1, b: 1 });
    pool.destroy();
    await expect(running).rejects.toThrow('The worker pool was destroyed');
    await expect(queued).rejects.toThrow('The worker pool was destroyed');
    expect(spawned[0].terminated).toBe(true);
    await expect(pool.run('add', { a: 1, b: 1 })).rejects.toThrow('The worker pool was destroyed');
  });
});

type ThreadJobs = {
  add: { params: { a: number; b: number }; progress: never; result: number };
  floats: { params: { n: number }; progress: never; result: Float32Array };
  spin: { params: null; progress: string; result: never };
};

/** Node's Worker is an EventEmitter: adapt it to WorkerLike. */
function nodeWorker(worker: Worker, exits: Promise<number>[]): WorkerLike {
  const exit = new Promise<number>((resolve) => worker.once('exit', resolve));
  exits.push(exit);
  threadExits.push(exit);
  return {
    postMessage: (message, transfer) => worker.postMessage(message, transfer as never),
    addEventListener(type: 'message' | 'error' | 'messageerror', listener: (event: MessageEventLike & ErrorEventLike) => void) {
      if (type === 'message') worker.on('message', (data: unknown) => listener({ data }));
      else worker.on(type, (error: Error) => listener({ data: undefined, message: error.message, error }));
    },
    removeEventListener: () => {},
    terminate: () => void worker.terminate(),
  };
}

const threadPools: WorkerPool<ThreadJobs>[] = [];
/** Every thread a test started; teardown waits for each to exit. */
const threadExits: Promise<number>[] = [];
const fixture = new URL('./fixtures/thread.worker.mjs', import.meta.url);
/** A thread that has not exited this long after terminate() is stuck: fail now rather than hang the run. */
const EXIT_DEADLINE_MS = 10_000;

describe('createWorkerPool with real worker_threads', { timeout: 20_000 }, () => {
  // Hard teardown: terminate every pool, then wait (bounded) until every thread is gone.
  afterEach(async () => {
    threadPools.splice(0).forEach((p) => p.destroy());
    const exits = threadExits.splice(0);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<'stuck'>((resolve) => (timer = setTimeout(() => resolve('stuck'), EXIT_DEADLINE_MS)));
    const outcome = await Promise.race([Promise.all(exits), deadline]);
    clearTimeout(timer);
    if (outcome === 'stuck') throw new Error(`a worker thread did not exit within ${EXIT_DEADLINE_MS} ms of terminate()`);
  });

  it('round-trips jobs across threads and hard-cancels a busy loop by terminating its worker', async () => {
    const exits: Promise<number>[] = [];
    const pool = createWorkerPool<ThreadJobs>(() => nodeWorker(new Worker(fixture), exits), { maxWorkers: 1, hardCancelMs: 50 });
    threadPools.push(pool);

    expect(await pool.run('add', { a: 2, b: 40 })).toBe(42);
    expect(Array.from(await pool.run('floats', { n: 3 }))).toEqual([0, 1, 2]);

    const controller = new AbortController();
    const progress: string[] = [];
    const spinning = pool.run('spin', null, {
      signal: controller.signal,
      onProgress: (p) => {
        progress.push(p);
        controller.abort();
      },
    });
    await expect(spinning).rejects.toMatchObject({ name: 'AbortError' });
    expect(progress).toEqual(['spinning']);
    await exits[0]; // the spinning thread really stopped

    expect(await pool.run('add', { a: 1, b: 1 })).toBe(2);
    expect(exits).toHaveLength(2);
  });

  it('a worker that fails to load rejects its job with a crash message', async () => {
    const exits: Promise<number>[] = [];
    const pool = createWorkerPool<ThreadJobs>(() => nodeWorker(new Worker('throw new Error("load failed")', { eval: true }), exits));
    threadPools.push(pool);
    await expect(pool.run('add', { a: 1, b: 1 })).rejects.toThrow('Worker crashed while running "add": load failed');
  });
});
