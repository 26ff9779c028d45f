import type { Endpoint, JobMap } from './protocol';
import { serve, type Handlers, type Server } from './serve';

/** A worker's global scope as far as we use it (DedicatedWorkerGlobalScope fits). */
export interface WorkerScope extends Endpoint {
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(
    type: 'error' | 'unhandledrejection',
    listener: (event: { reason?: unknown; error?: unknown; message?: string; preventDefault(): void }) => void,
  ): void;
}

/**
 * Serves `handlers` from inside a `*.worker.ts` module:
 *
 *   // pca.worker.ts
 *   serveWorkerGlobal<AppJobs>({ pca: async (params, { signal, progress }) => transfer(r, [r.buffer]) });
 *
 * Also installs a safety net: an uncaught error or unhandled rejection anywhere in the
 * worker fails the jobs in flight with an `error` message (and is marked handled, so the
 * worker keeps serving) instead of leaving the main thread waiting forever.
 */
export function serveWorkerGlobal<M extends JobMap>(
  handlers: Handlers<M>,
  scope: WorkerScope = globalThis as unknown as WorkerScope,
): Server {
  const server = serve(scope, handlers);
  scope.addEventListener('unhandledrejection', (event) => {
    event.preventDefault();
    report(server, event.reason);
  });
  scope.addEventListener('error', (event) => {
    event.preventDefault();
    report(server, event.error ?? event.message ?? 'unknown error');
  });
  return server;
}

function report(server: Server, error: unknown) {
  if (server.running() > 0) server.failAll(error);
  else console.error('Uncaught in worker (no job in flight):', error);
}
