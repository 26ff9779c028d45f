/**
 * The address bar follows the view. A real step — another dataset, tab, layout, selection,
 * lasso, colour, Compare pane or lab setting — is a new history entry (pushState), so Back
 * and Forward walk through them; dragging, zooming and typing a search only replace the
 * current entry. Back/Forward give the entry's view to `onNavigate` (which applies it
 * while the sync is paused, so applying it writes nothing back).
 */
import type { AppState, AppStore } from '../state/appState';
import { captureView } from './capture';
import { encodeView } from './codec';
import { datasetKey, samePane, type ViewState } from './viewState';
import { isLabLink } from './labLink';

/** What the sync needs of `window` (tests pass a fake). */
export interface HistoryPort {
  readonly location: { readonly search: string };
  pushState(data: unknown, unused: string, url: string): void;
  replaceState(data: unknown, unused: string, url: string): void;
  addEventListener(type: 'popstate', listener: () => void): void;
  removeEventListener(type: 'popstate', listener: () => void): void;
}

export interface UrlSync {
  /** While paused (a view being applied), store changes do not touch the address. */
  pause(paused: boolean): void;
  /** Writes the address for the view now (replacing the entry). */
  writeNow(): void;
  stop(): void;
}

/** Whether going from `a` to `b` is a step worth a history entry (not just a camera move or typing). */
export function isStep(a: ViewState, b: ViewState): boolean {
  const sameLasso = a.lasso === b.lasso || (a.lasso !== null && b.lasso !== null && a.lasso.length === b.lasso.length && a.lasso.every((v, i) => v === b.lasso?.[i]));
  return (
    datasetKey(a.dataset) !== datasetKey(b.dataset) ||
    a.tab !== b.tab ||
    JSON.stringify(a.projection) !== JSON.stringify(b.projection) ||
    a.pca !== b.pca ||
    a.pcaAxes[0] !== b.pcaAxes[0] ||
    a.pcaAxes[1] !== b.pcaAxes[1] ||
    a.colorBy !== b.colorBy ||
    a.selected !== b.selected ||
    !sameLasso ||
    !samePane(a.compare.left, b.compare.left) ||
    !samePane(a.compare.right, b.compare.right) ||
    JSON.stringify([a.lab.config, a.lab.corpus]) !== JSON.stringify([b.lab.config, b.lab.corpus])
  );
}

/** The parts of the store the view is made of (compared by identity: a hover writes nothing). */
function watched(s: AppState): readonly unknown[] {
  return [
    s.ui.view, s.data.dataset, s.data.pca, s.load.loaded, s.explore.colorBy, s.explore.showLabels, s.explore.camera, s.explore.selected,
    s.explore.search.query, s.explore.searchBy, s.explore.neighborSettings, s.explore.lasso, s.explore.layout?.method, s.projection.run?.spec, s.projection.run?.status, s.projection.finished,
    s.compare.left, s.compare.right, s.lab.config, s.lab.corpus, s.lab.speed, s.lab.frameMode,
  ];
}

export function startUrlSync(store: AppStore, port: HistoryPort, onNavigate: (query: string) => void, delayMs = 120): UrlSync {
  let shown: ViewState = captureView(store.getState());
  let paused = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = watched(store.getState());

  const write = (mode: 'auto' | 'replace'): void => {
    timer = null;
    if (paused) return;
    const state = store.getState();
    // While the lab shows a lesson link, that link is the address (Back walks the lessons);
    // the session still saves everything, and leaving the lab writes the view again.
    if (state.ui.view === 'lab' && isLabLink(port.location.search)) return;
    const view = captureView(state);
    const query = `?${encodeView(view)}`;
    if (query === port.location.search) return;
    if (mode === 'auto' && isStep(shown, view)) port.pushState(null, '', query);
    else port.replaceState(null, '', query);
    shown = view;
  };

  const unsubscribe = store.subscribe((s) => {
    const next = watched(s);
    const changed = next.some((v, i) => v !== last[i]);
    last = next;
    if (!changed || paused) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => write('auto'), delayMs);
  });

  // A lesson link of the lab (?view=lab&lesson=…) is the lab's own address: its panel applies it.
  const onPop = (): void => {
    if (!isLabLink(port.location.search)) onNavigate(port.location.search);
  };
  port.addEventListener('popstate', onPop);

  return {
    pause(p) {
      paused = p;
      if (p && timer !== null) {
        clearTimeout(timer);
        timer = null;
      }
      if (!p) {
        // The entry now shown is the one navigated to (or the app's first): start from it.
        shown = captureView(store.getState());
        last = watched(store.getState());
      }
    },
    writeNow: () => write('replace'),
    stop() {
      unsubscribe();
      port.removeEventListener('popstate', onPop);
      if (timer !== null) clearTimeout(timer);
    },
  };
}
