/** What an error says, for people: an Error's message, or the thrown value as text. */
export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

/** True when a worker died under the job (workers/client.ts WorkerCrashError, matched by name). */
export function isWorkerCrash(e: unknown): boolean {
  return e instanceof Error && e.name === 'WorkerCrashError';
}

/** True for the errors a cancelled job rejects with (our AbortError / CancelledError). */
export function isAbort(e: unknown): boolean {
  return e instanceof Error && (e.name === 'AbortError' || e.name === 'CancelledError');
}
