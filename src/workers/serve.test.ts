import { afterEach, describe, expect, it, vi } from 'vitest';
import { rawChannel } from './fixtures/rawChannel';
import { serve, type Handlers } from './serve';

/** Generous: these waits are for messages between threads, not timing assertions. */
const waitFor = <T>(check: () => T) => vi.waitFor(check, { timeout: 5_000, interval: 5 });

type Jobs = {
  count: { params: { n: number }; progress: number; result: string };
  lateResult: { params: null; progress: never; result: string };
  lateFailure: { params: null; progress: never; result: string };
  badProgress: { params: null; progress: () => void; result: string };
  throwString: { params: null; progress: never; result: string };
  wait: { params: null; progress: never; result: string };
};

const aborted: string[] = [];
const finishers = new Map<string, (value: string) => void>();
const handlers: Handlers<Jobs> = {
  count: async ({ n }, { progress }) => {
    for (let i = 0; i < n; i++) progress(i);
    return `counted ${n}`;
  },
  // Ignores the signal, but resolves once told to.
  lateResult: () => new Promise((resolve) => finishers.set('lateResult', resolve)),
  // Fails with an ordinary error once aborted.
  lateFailure: (_, { signal }) =>
    new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('some cleanup failed')))),
  badProgress: async (_, { progress }) => {
    progress(() => {});
    return 'unreachable';
  },
  throwString: async () => {
    throw 'plain string';
  },
  wait: (_, { signal }) =>
    new Promise((resolve) => {
      signal.addEventListener('abort', () => aborted.push('wait'));
      finishers.set('wait', resolve);
    }),
};

let channel: ReturnType<typeof rawChannel>;
function start() {
  channel = rawChannel();
  return { server: serve(channel.endpoint, handlers), ...channel };
}
afterEach(() => {
  channel?.close();
  aborted.length = 0;
  finishers.clear();
});

describe('serve(endpoint, handlers)', { timeout: 10_000 }, () => {
  it('answers start with progress messages, then exactly one done, all carrying the job id', async () => {
    const { send, received } = start();
    send({ type: 'start', id: 7, kind: 'count', params: { n: 2 } });
    await waitFor(() => expect(received).toHaveLength(3));
    expect(received).toEqual([
      { type: 'progress', id: 7, progress: 0 },
      { type: 'progress', id: 7, progress: 1 },
      { type: 'done', id: 7, result: 'counted 2' },
    ]);
  });

  it('answers cancelled when a handler resolves after its job was cancelled', async () => {
    const { send, received } = start();
    send({ type: 'start', id: 1, kind: 'lateResult', params: null });
    await waitFor(() => expect(finishers.has('lateResult')).toBe(true));
    send({ type: 'cancel', id: 1 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    finishers.get('lateResult')!('too late');
    await waitFor(() => expect(received).toEqual([{ type: 'cancelled', id: 1 }]));
  });

  it('answers cancelled, not error, for any rejection after the abort', async () => {
    const { send, received } = start();
    send({ type: 'start', id: 2, kind: 'lateFailure', params: null });
    send({ type: 'cancel', id: 2 });
    await waitFor(() => expect(received).toEqual([{ type: 'cancelled', id: 2 }]));
  });

  it('fails a job whose progress value cannot be cloned, naming the kind', async () => {
    const { send, received } = start();
    send({ type: 'start', id: 3, kind: 'badProgress', params: null });
    await waitFor(() => expect(received).toHaveLength(1));
    expect(received[0]).toMatchObject({ type: 'error', id: 3, error: { message: expect.stringContaining('Could not send progress of "badProgress"') } });
  });

  it('reports a thrown non-Error value as an Error with its string', async () => {
    const { send, received } = start();
    send({ type: 'start', id: 4, kind: 'throwString', params: null });
    await waitFor(() => expect(received).toEqual([{ type: 'error', id: 4, error: { name: 'Error', message: 'plain string' } }]));
  });

  it('does not treat inherited properties as job kinds', async () => {
    const { send, received } = start();
    send({ type: 'start', id: 5, kind: 'toString', params: null });
    await waitFor(() => expect(received).toMatchObject([{ type: 'error', id: 5, error: { message: 'Unknown job kind "toString"' } }]));
  });

  it('ignores malformed messages and cancels of unknown jobs, and keeps serving', async () => {
    const { send, received } = start();
    send('hello');
    send(null);
    send({ type: 'cancel', id: 99 });
    send({ type: 'start', id: 6, kind: 'count', params: { n: 0 } });
    await waitFor(() => expect(received).toEqual([{ type: 'done', id: 6, result: 'counted 0' }]));
  });

  it('failAll(error) fails every job in flight, aborts its signal, and suppresses its later result', async () => {
    const { server, send, received } = start();
    send({ type: 'start', id: 8, kind: 'wait', params: null });
    await waitFor(() => expect(server.running()).toBe(1));
    server.failAll(new TypeError('lost promise'));
    expect(aborted).toEqual(['wait']);
    finishers.get('wait')!('ignored');
    await waitFor(() => expect(received).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(received).toEqual([{ type: 'error', id: 8, error: { name: 'TypeError', message: 'Uncaught in worker: lost promise' } }]);
    expect(server.running()).toBe(0);
  });

  it('close() stops listening and aborts jobs in flight', async () => {
    const { server, send, received } = start();
    send({ type: 'start', id: 9, kind: 'wait', params: null });
    await waitFor(() => expect(server.running()).toBe(1));
    server.close();
    expect(aborted).toEqual(['wait']);
    send({ type: 'start', id: 10, kind: 'count', params: { n: 0 } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(received).toEqual([]);
  });
});
