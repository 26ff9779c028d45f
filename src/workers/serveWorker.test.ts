import { afterEach, describe, expect, it, vi } from 'vitest';
import { rawChannel } from './fixtures/rawChannel';
import type { MessageEventLike } from './protocol';
import type { Handlers } from './serve';
import { serveWorkerGlobal, type WorkerScope } from './serveWorker';

/** Generous: these waits are for messages between threads, not timing assertions. */
const waitFor = <T>(check: () => T) => vi.waitFor(check, { timeout: 5_000, interval: 5 });

type Jobs = {
  wait: { params: null; progress: never; result: string };
  echo: { params: string; progress: never; result: string };
};

const handlers: Handlers<Jobs> = {
  wait: (_, { signal }) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
  echo: async (text) => text,
};

/** A stand-in for a worker's global scope: messages over a MessageChannel, global events on an EventTarget. */
function fakeScope() {
  const channel = rawChannel();
  const globals = new EventTarget();
  const scope = {
    postMessage: (message: unknown, transfer?: Transferable[]) => channel.endpoint.postMessage(message, transfer),
    addEventListener: (type: string, listener: (event: never) => void) =>
      type === 'message' ? channel.endpoint.addEventListener('message', listener as (event: MessageEventLike) => void) : globals.addEventListener(type, listener as EventListener),
    removeEventListener: (type: 'message', listener: (event: never) => void) => channel.endpoint.removeEventListener(type, listener as (event: MessageEventLike) => void),
  } as WorkerScope;
  const fire = (type: 'error' | 'unhandledrejection', fields: object) => {
    const event = Object.assign(new Event(type, { cancelable: true }), fields);
    globals.dispatchEvent(event);
    return event;
  };
  return { scope, fire, ...channel };
}

let closeChannel: (() => void) | undefined;
afterEach(() => {
  closeChannel?.();
  vi.restoreAllMocks();
});

describe('serveWorkerGlobal(handlers)', () => {
  it('turns an unhandled rejection into an error for each job in flight, and keeps serving', async () => {
    const { scope, fire, send, received, close } = fakeScope();
    closeChannel = close;
    const server = serveWorkerGlobal(handlers, scope);
    send({ type: 'start', id: 1, kind: 'wait', params: null });
    send({ type: 'start', id: 2, kind: 'wait', params: null });
    await waitFor(() => expect(server.running()).toBe(2));
    const event = fire('unhandledrejection', { reason: new RangeError('forgotten promise') });
    expect(event.defaultPrevented).toBe(true);
    send({ type: 'start', id: 3, kind: 'echo', params: 'still here' });
    await waitFor(() => expect(received).toHaveLength(3));
    expect(received).toEqual([
      { type: 'error', id: 1, error: { name: 'RangeError', message: 'Uncaught in worker: forgotten promise' } },
      { type: 'error', id: 2, error: { name: 'RangeError', message: 'Uncaught in worker: forgotten promise' } },
      { type: 'done', id: 3, result: 'still here' },
    ]);
  });

  it('turns an uncaught error event into an error for the job in flight', async () => {
    const { scope, fire, send, received, close } = fakeScope();
    closeChannel = close;
    const server = serveWorkerGlobal(handlers, scope);
    send({ type: 'start', id: 1, kind: 'wait', params: null });
    await waitFor(() => expect(server.running()).toBe(1));
    fire('error', { message: 'Uncaught ReferenceError: x is not defined' });
    await waitFor(() =>
      expect(received).toEqual([
        { type: 'error', id: 1, error: { name: 'Error', message: 'Uncaught in worker: Uncaught ReferenceError: x is not defined' } },
      ]),
    );
  });

  it('logs an uncaught error when no job is in flight', () => {
    const { scope, fire, close } = fakeScope();
    closeChannel = close;
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    serveWorkerGlobal(handlers, scope);
    fire('unhandledrejection', { reason: 'stray' });
    expect(log).toHaveBeenCalledWith('Uncaught in worker (no job in flight):', 'stray');
  });
});
