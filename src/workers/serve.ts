import {
  Transferred,
  serializeError,
  type Endpoint,
  type InMessage,
  type JobMap,
  type MessageEventLike,
  type OutMessage,
  type StartMessage,
} from './protocol';

export interface JobContext<Progress> {
  /** Aborts when the client cancels the job; check it between slices (or pass it to runSliced). */
  signal: AbortSignal;
  /** Streams a progress value to the client; ignored once the job has finished or was cancelled. */
  progress(value: Progress, transfer?: Transferable[]): void;
}

export type Handler<M extends JobMap, K extends keyof M> = (
  params: M[K]['params'],
  ctx: JobContext<M[K]['progress']>,
) => Promise<M[K]['result'] | Transferred<M[K]['result']>>;

export type Handlers<M extends JobMap> = { [K in keyof M]: Handler<M, K> };

export interface Server {
  /** Fails every job in flight with an `error` message and aborts its signal (used by the global safety net). */
  failAll(error: unknown): void;
  /** Number of jobs in flight. */
  running(): number;
  /** Stops listening; jobs in flight are aborted and send nothing more. */
  close(): void;
}

/**
 * Answers `start`/`cancel` messages on `endpoint` by running `handlers`. Every failure
 * (sync throw, rejection, unknown kind, a result that cannot be cloned) becomes an
 * `error` message; a rejection once the job's signal has aborted becomes `cancelled`.
 */
export function serve<M extends JobMap>(endpoint: Endpoint, handlers: Handlers<M>): Server {
  const jobs = new Map<number, AbortController>();

  const run = async ({ id, kind, params }: StartMessage) => {
    const controller = new AbortController();
    jobs.set(id, controller);
    /** Posts unless the job is no longer ours (finished, failed by failAll, or closed); may throw DataCloneError. */
    const post = (msg: OutMessage, transferList: Transferable[] = []) => {
      if (jobs.get(id) === controller) endpoint.postMessage(msg, transferList);
    };
    const finish = (msg: OutMessage, transferList?: Transferable[]) => {
      try {
        post(msg, transferList);
      } catch (cloneError) {
        const { name, message } = serializeError(cloneError);
        post({ type: 'error', id, error: { name, message: `Could not send the result of "${kind}": ${message}` } });
      }
      if (jobs.get(id) === controller) jobs.delete(id);
    };
    const ctx: JobContext<unknown> = {
      signal: controller.signal,
      progress: (value, transferList) => {
        if (controller.signal.aborted) return;
        try {
          post({ type: 'progress', id, progress: value }, transferList);
        } catch (cloneError) {
          throw new Error(`Could not send progress of "${kind}": ${serializeError(cloneError).message}`, { cause: cloneError });
        }
      },
    };
    try {
      const handler = Object.hasOwn(handlers, kind) ? handlers[kind] : undefined;
      if (typeof handler !== 'function') throw new Error(`Unknown job kind "${kind}"`);
      const out: unknown = await handler(params, ctx);
      if (controller.signal.aborted) return finish({ type: 'cancelled', id });
      if (out instanceof Transferred) finish({ type: 'done', id, result: out.value }, out.transfer);
      else finish({ type: 'done', id, result: out });
    } catch (error) {
      finish(controller.signal.aborted ? { type: 'cancelled', id } : { type: 'error', id, error: serializeError(error) });
    }
  };

  const onMessage = (event: MessageEventLike) => {
    const msg = event.data as InMessage | null;
    if (!msg || typeof msg !== 'object' || typeof msg.id !== 'number') return;
    if (msg.type === 'cancel') jobs.get(msg.id)?.abort();
    else if (msg.type === 'start') void run(msg);
  };
  endpoint.addEventListener('message', onMessage);

  return {
    failAll(error) {
      const { name, message } = serializeError(error);
      for (const [id, controller] of [...jobs]) {
        jobs.delete(id);
        controller.abort();
        try {
          endpoint.postMessage({ type: 'error', id, error: { name, message: `Uncaught in worker: ${message}` } } satisfies OutMessage);
        } catch {
          /* the endpoint is gone; nothing left to tell */
        }
      }
    },
    running: () => jobs.size,
    close() {
      endpoint.removeEventListener('message', onMessage);
      const controllers = [...jobs.values()];
      jobs.clear();
      for (const controller of controllers) controller.abort();
    },
  };
}
