/**
 * Hooks for tests and `npm run reliability`, installed only on a page a test harness
 * prepared: the harness sets `__sproutTestHooks = true` before the app's code runs
 * (Playwright's addInitScript). Nothing a user can give the app — a file, a link, a saved
 * session — can set a global under this page's security policy (no inline scripts), so a
 * hostile file or link cannot reach them.
 */
import type { WorkerFaults, WorkerKind } from '../state/jobs';

export interface SproutTestHooks {
  /** Terminates a worker as if it died mid-job; returns the kinds of the jobs it failed. */
  crashWorker(kind: WorkerKind, reason?: string): string[];
}

type HookScope = { __sproutTestHooks?: unknown; __sprout?: SproutTestHooks };

/** Installs `__sprout` when the harness asked for it; returns whether it did. */
export function installTestHooks(faults: WorkerFaults, scope: object = globalThis): boolean {
  const g = scope as HookScope;
  if (g.__sproutTestHooks !== true) return false;
  g.__sprout = { crashWorker: (kind, reason = 'injected fault') => faults.crash(kind, reason) };
  return true;
}
