/**
 * How the app starts and keeps its place: which view to open (a link, this tab's saved
 * session after a reload, or the last session when the app is reopened with a bare
 * address), applying it, and from then on keeping the address bar and the saved session
 * in step with the store, and Back/Forward applying the entry's view.
 *
 * Which session a tab works in is remembered in sessionStorage (it survives a reload,
 * and each tab has its own); the sessions themselves are in IndexedDB.
 */
import { translatorFor } from '../i18n/translate';
import type { AppStore } from '../state/appState';
import type { SessionJobs, SessionSummary } from '../state/sessionsTypes';
import { applyView, type SavedCache } from './apply';
import { decodeView } from './codec';
import type { Problem } from './fields';
import { startAutosave, type Autosave } from './persist/autosave';
import type { SessionRecord } from './persist/db';
import { loadSession, type LoadedSession } from './persist/restore';
import { recordBytes, type SessionStore } from './persist/sessionStore';
import { problemsNotice } from './problemText';
import { startUrlSync, type HistoryPort, type UrlSync } from './urlSync';
import { DEFAULT_VIEW, type ViewState } from './viewState';
import { isLabLink } from './labLink';

const SESSION_KEY = 'sprout.session';
/** Set by "Start a new session": the next start opens nothing saved. */
const FRESH_KEY = 'sprout.session.fresh';

/** sessionStorage, or nothing (storage disabled): every call is allowed to fail. */
export interface TabMemory {
  get(key: string): string | null;
  set(key: string, value: string | null): void;
}

export function tabMemory(storage: () => Storage): TabMemory {
  return {
    get: (key) => {
      try {
        return storage().getItem(key);
      } catch {
        return null;
      }
    },
    set: (key, value) => {
      try {
        if (value === null) storage().removeItem(key);
        else storage().setItem(key, value);
      } catch {
        /* not remembered: a reload then opens the most recent session */
      }
    },
  };
}

export function newSessionId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `s${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
}

/** The IndexedDB side of the Sessions slice. `go` reloads the app with a bare address. */
export function createSessionJobs(repo: Promise<SessionStore | null>, tab: TabMemory, go: () => void): SessionJobs {
  return {
    listSessions: async () => {
      const r = await repo;
      return r ? (await r.list()).map(summaryOf) : [];
    },
    renameSession: async (id, name) => (await repo)?.rename(id, name),
    deleteSession: async (id) => (await repo)?.remove(id),
    storageEstimate: async () => {
      try {
        const e = await navigator.storage?.estimate?.();
        return e && typeof e.usage === 'number' && typeof e.quota === 'number' ? { usage: e.usage, quota: e.quota } : null;
      } catch {
        return null;
      }
    },
    switchSession: (id) => {
      tab.set(SESSION_KEY, id ?? newSessionId());
      tab.set(FRESH_KEY, id === null ? '1' : null);
      go();
    },
  };
}

function summaryOf(r: SessionRecord): SessionSummary {
  return { id: r.id, name: r.name, createdAt: r.createdAt, updatedAt: r.updatedAt, bytes: recordBytes(r), dataset: r.dataset, method: r.method };
}

export interface BootDeps {
  readonly store: AppStore;
  readonly repo: Promise<SessionStore | null>;
  readonly history: HistoryPort;
  readonly tab: TabMemory;
  /** Autosave timing (tests shorten it). */
  readonly autosave?: { readonly delayMs?: number; readonly maxWaitMs?: number };
  /**
   * Applied on top of the first view before the address is written: the lab's lesson link
   * (`?view=lab&lesson=…`), which then stays the address while the lab shows it.
   */
  readonly onTop?: () => Promise<void>;
}

export interface ShareRuntime {
  readonly sessionId: string;
  /** Saves now (the page is being hidden or closed). */
  flush(): Promise<void>;
  stop(): void;
}

/** Picks the view to open, applies it, then keeps the address and the saved session following the store. */
export async function bootShare(deps: BootDeps): Promise<ShareRuntime> {
  const { store, history, tab } = deps;
  const notify = (level: 'info' | 'error', text: string) => store.getState().actions.ui.notify(level, text);
  const t = () => translatorFor(store.getState().ui.locale).t;
  // A lab link (?view=lab&lesson=…) is applied by the lab on top of the session (main.tsx), not read as a view.
  const decoded = decodeView(isLabLink(history.location.search) ? '' : history.location.search);
  const repo = await deps.repo;

  let loaded: LoadedSession | null = null;
  let sessionId = tab.get(SESSION_KEY) ?? newSessionId();
  const fresh = tab.get(FRESH_KEY) === '1';
  tab.set(FRESH_KEY, null);
  if (repo) {
    let record = await repo.get(sessionId).catch(() => null);
    // A bare address in a tab with no session of its own reopens the latest one.
    if (!record && !decoded.present && !fresh) record = (await repo.list().catch(() => [])).sort((a, b) => b.updatedAt - a.updatedAt)[0] ?? null;
    if (record) {
      sessionId = record.id;
      loaded = await loadSession(repo, record).catch(() => null);
    }
  } else notify('info', t()('share.storage.unavailable'));
  tab.set(SESSION_KEY, sessionId);
  store.getState().actions.sessions.setStorage(repo ? 'ready' : 'unavailable', repo ? sessionId : null);

  // The address wins over the saved session, unless it is the session's own (a reload).
  const ownAddress = loaded !== null && history.location.search === `?${loaded.record.view}`;
  const origin = decoded.present && !ownAddress ? 'link' : 'session';
  const view: ViewState = decoded.present ? decoded.view : (loaded?.decoded.view ?? DEFAULT_VIEW);
  const found = decoded.present ? decoded.problems : (loaded?.decoded.problems ?? []);

  const sync: UrlSync = startUrlSync(store, history, (query) => void navigate(query));
  const saver: Autosave | null = repo ? startAutosave(store, repo, sessionId, deps.autosave) : null;
  let current: AbortController | null = null;

  const apply = async (v: ViewState, how: 'link' | 'session', cache: SavedCache | null, first: readonly Problem[], resumeLab = false, onTop?: () => Promise<void>): Promise<void> => {
    current?.abort();
    const ac = (current = new AbortController());
    sync.pause(true);
    saver?.pause(true);
    try {
      await applyView(store, v, {
        origin: how,
        saved: cache,
        resumeLab,
        signal: ac.signal,
        onProblems: (more) => {
          const text = problemsNotice([...first, ...more], how, t());
          if (text) notify('info', text);
        },
      });
      if (onTop && !ac.signal.aborted) await onTop();
    } catch (e) {
      notify('error', String(e instanceof Error ? e.message : e));
    } finally {
      if (current === ac) {
        current = null;
        sync.pause(false);
        sync.writeNow();
        saver?.pause(false);
      }
    }
  };
  // Back / Forward: the entry's view, with the layouts the session already has.
  const navigate = async (query: string): Promise<void> => {
    const d = decodeView(query);
    await apply(d.view, 'link', loaded?.cache ?? null, d.problems);
  };

  await apply(view, origin, loaded?.cache ?? null, found, true, deps.onTop);
  return {
    sessionId,
    flush: async () => saver?.flush(),
    stop: () => {
      current?.abort();
      sync.stop();
      saver?.stop();
    },
  };
}
