/**
 * Saves this tab's session as the user works: a store change that matters schedules a
 * save (debounced, but at most `maxWaitMs` late while changes keep coming — a training
 * run — so a reload loses at most that much), one save at a time. The main thread only
 * captures the view and hands Blobs to IndexedDB, which writes them without blocking it.
 * When the browser refuses space, the user is told once what was not saved.
 */
import { translatorFor } from '../../i18n/translate';
import type { AppState, AppStore } from '../../state/appState';
import { errorText } from '../../state/errors';
import { planSave } from './plan';
import type { PartWrite } from './parts';
import type { SessionStore } from './sessionStore';

export interface AutosaveOptions {
  readonly delayMs?: number;
  readonly maxWaitMs?: number;
  readonly now?: () => number;
}

export interface Autosave {
  /** Saves now if anything is pending (page hidden or closing). */
  flush(): Promise<void>;
  /** While paused (a view being applied), changes are noted but not saved. */
  pause(paused: boolean): void;
  stop(): void;
}

/** The parts of the state a save is about; compared by identity, so a hover never schedules a save. */
function watched(s: AppState): readonly unknown[] {
  return [
    s.ui.view, s.data.dataset, s.data.pca, s.load.loaded,
    s.explore.colorBy, s.explore.showLabels, s.explore.camera, s.explore.selected, s.explore.search.query, s.explore.searchBy, s.explore.neighborSettings, s.explore.lasso,
    s.projection.finished, s.projection.run?.spec, s.compare.left, s.compare.right,
    s.lab.config, s.lab.corpus, s.lab.speed, s.lab.frameMode, s.lab.frame?.step, s.lab.phase,
  ];
}

export function startAutosave(store: AppStore, repo: SessionStore, sessionId: string, opts: AutosaveOptions = {}): Autosave {
  const delay = opts.delayMs ?? 500;
  const maxWait = opts.maxWaitMs ?? 2000;
  const now = opts.now ?? Date.now;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let firstPending = 0;
  let pending = false;
  let paused = false;
  let saving: Promise<void> | null = null;
  let told = new Set<string>();
  let last = watched(store.getState());

  const save = async (): Promise<void> => {
    pending = false;
    const s = store.getState();
    const { t } = translatorFor(s.ui.locale);
    try {
      const prev = await repo.get(sessionId);
      const plan = planSave(s, prev, sessionId, now(), t);
      const out = await repo.save(plan.fields, plan.keep, plan.writes);
      const refused = out.refused.map((w) => describe(w, t));
      if (out.recordRefused) refused.unshift(t('share.what.view'));
      s.actions.sessions.reportUnsaved(refused);
      const fresh = refused.filter((w) => !told.has(w));
      if (fresh.length) s.actions.ui.notify('error', t('share.storage.quota', { what: fresh.join(t('share.and')) }));
      told = new Set(refused);
      if (s.sessions.dialogOpen) void s.actions.sessions.refresh();
    } catch (e) {
      s.actions.ui.notify('error', t('share.storage.failed', { reason: errorText(e) }));
    }
  };

  const run = (): void => {
    timer = null;
    if (paused) return;
    if (saving) {
      pending = true;
      return;
    }
    saving = save().finally(() => {
      saving = null;
      if (pending) schedule();
    });
  };

  const schedule = (): void => {
    pending = true;
    if (paused) return;
    const t = now();
    if (timer === null) firstPending = t;
    else clearTimeout(timer);
    timer = setTimeout(run, Math.max(0, Math.min(delay, firstPending + maxWait - t)));
  };

  const unsubscribe = store.subscribe((s) => {
    const next = watched(s);
    if (next.some((v, i) => v !== last[i])) schedule();
    last = next;
  });

  return {
    async flush() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      await saving;
      if (pending && !paused) {
        saving = save().finally(() => (saving = null));
        await saving;
      }
    },
    pause(p) {
      paused = p;
      if (!p && pending) schedule();
    },
    stop() {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    },
  };
}

function describe(w: PartWrite['what'], t: ReturnType<typeof translatorFor>['t']): string {
  if (w.kind === 'file') return t('share.what.file', { name: w.name });
  if (w.kind === 'layout') return t('share.what.layout', { method: w.method });
  return t('share.what.lab');
}
