/**
 * The typed worker job protocol, shared by both ends.
 *
 * An app declares one JobMap: job kind → { params, progress, result }. The main thread
 * sends `start` and `cancel`; the worker answers with any number of `progress` messages
 * and then exactly one of `done`, `error` or `cancelled`. Job ids are chosen by the
 * client and are unique per client.
 */

export interface JobSpec {
  params: unknown;
  progress: unknown;
  result: unknown;
}

export type JobMap = Record<string, JobSpec>;

// ---- messages, main → worker ----
export interface StartMessage {
  type: 'start';
  id: number;
  kind: string;
  params: unknown;
}
export interface CancelMessage {
  type: 'cancel';
  id: number;
}
export type InMessage = StartMessage | CancelMessage;

// ---- messages, worker → main ----
/** An error flattened for structured cloning (an Error's subclass and extra fields do not survive cloning). */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
}
export type OutMessage =
  | { type: 'progress'; id: number; progress: unknown }
  | { type: 'done'; id: number; result: unknown }
  | { type: 'error'; id: number; error: SerializedError }
  | { type: 'cancelled'; id: number };

// ---- endpoints ----
/** The least we read from a message event (DOM MessageEvent and Node's MessageEvent both fit). */
export interface MessageEventLike {
  data: unknown;
}
/** The least we read from a worker's error event (DOM ErrorEvent, a plain Event, or a Node Error). */
export interface ErrorEventLike {
  message?: string;
  error?: unknown;
}

/**
 * One end of a message channel. Satisfied as-is by a DOM Worker, a DOM MessagePort, a
 * worker's `self` (cast: the app's tsconfig types `self` as Window) and Node's
 * `worker_threads` MessagePort (which is an EventTarget). Node's `Worker` is an
 * EventEmitter and needs a small adapter (see client.test.ts).
 */
export interface Endpoint {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEventLike) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEventLike) => void): void;
}

/** What the pool needs of a worker: an Endpoint that can die (error events) and be killed. */
export interface WorkerLike extends Endpoint {
  addEventListener(type: 'message', listener: (event: MessageEventLike) => void): void;
  addEventListener(type: 'error' | 'messageerror', listener: (event: ErrorEventLike) => void): void;
  terminate(): void;
}

// ---- transfer marker ----
/**
 * A handler's result wrapped with the buffers to transfer rather than copy
 * (embedding-atlas's marker pattern). Return `transfer(result, [result.buffer])` from a
 * handler: the result arrives on the main thread without copying and the worker's
 * buffers are detached (byteLength 0) afterwards, so do not touch them again.
 */
export class Transferred<T> {
  constructor(
    readonly value: T,
    readonly transfer: Transferable[],
  ) {}
}

export function transfer<T>(value: T, buffers: Transferable[]): Transferred<T> {
  return new Transferred(value, buffers);
}

export function serializeError(error: unknown): SerializedError {
  if (error && typeof error === 'object' && 'message' in error) {
    const e = error as { name?: unknown; message?: unknown; stack?: unknown };
    return {
      name: typeof e.name === 'string' ? e.name : 'Error',
      message: String(e.message),
      ...(typeof e.stack === 'string' ? { stack: e.stack } : {}),
    };
  }
  return { name: 'Error', message: String(error) };
}
