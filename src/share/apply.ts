/**
 * The view → the store: puts the user where a link, Back/Forward or a saved session says,
 * through the slices' own actions (so everything a click would do happens: neighbours
 * are listed, quality is measured). Order matters and is chosen for the user: the tab
 * and the data first, then what is cheap (axes, colour, search, selection), then the
 * layouts — each Compare pane's, then Explore's, since a run shows in Explore — and last
 * the lasso and the camera, which are in the final layout's coordinates.
 *
 * Layouts come from the saved session when it has them; otherwise they are recomputed
 * from their seed (same spec → same coordinates) and a notice says so. Anything that
 * does not fit the data (a row, a column, a PCA component that is not there) is
 * reported as a Problem and left out; the rest applies.
 */
import { methodInfo } from '../compute/project/methods';
import { pointsInPolygon } from '../compute/select/lasso';
import { translatorFor } from '../i18n/translate';
import type { AppState, AppStore } from '../state/appState';
import { LIVE_SOURCE, PCA_SOURCE, type CompareSide } from '../state/compareTypes';
import type { LabResume } from '../state/labTypes';
import { specFor, type SavedLayout } from '../state/projectTypes';
import { captureView, datasetRefOf } from './capture';
import { problem, type Problem } from './fields';
import { datasetKey, specKey, type DatasetRef, type PaneRef, type ProjectionRef, type ViewState } from './viewState';

/** What a saved session brings besides its view. */
export interface SavedCache {
  /** The dataset its files and layouts belong to. */
  readonly datasetKey: string;
  readonly layouts: readonly SavedLayoutRef[];
  /** Its data files (read only when needed). */
  files(): Promise<File[]>;
  /** Its training run, or null. */
  lab(): Promise<LabResume | null>;
}

export interface SavedLayoutRef {
  readonly ref: ProjectionRef;
  readonly coords: Float32Array;
  readonly wallMs: number;
  readonly quality: SavedLayout['quality'];
}

export interface ApplyOptions {
  /** A link (or Back/Forward) recomputes what it lacks and says so; a saved session says a run had not finished. */
  readonly origin: 'link' | 'session';
  /** Re-create the saved session's training run (at start-up only: Back/Forward never restart training). */
  readonly resumeLab?: boolean;
  readonly saved: SavedCache | null;
  /** A newer view to apply (the user pressed Back again) aborts this one between steps. */
  readonly signal: AbortSignal;
  /** Called once the data is in, with what of the view did not fit it. */
  readonly onProblems: (problems: readonly Problem[]) => void;
}

export async function applyView(store: AppStore, view: ViewState, opts: ApplyOptions): Promise<void> {
  const s = (): AppState => store.getState();
  const a = () => s().actions;
  const problems: Problem[] = [];
  if (s().ui.view !== view.tab) a().ui.setView(view.tab);
  await applyLab(store, view, opts);

  const haveData = await ensureDataset(store, view.dataset, opts.saved, opts.signal);
  if (opts.signal.aborted) return;
  const dataset = s().data.dataset;
  if (!haveData || !dataset) {
    opts.onProblems(problems);
    return;
  }
  if (opts.saved && opts.saved.datasetKey === datasetKey(view.dataset)) {
    a().projection.adoptFinished(opts.saved.layouts.map((l) => ({ spec: specFor(l.ref.method, l.ref.settings, dataset), coords: l.coords, wallMs: l.wallMs, quality: l.quality })));
  }

  const comps = s().data.pcaComponents;
  const [px, py] = view.pcaAxes;
  if (px < comps && py < comps) {
    const pca = s().data.pca;
    if (pca && (pca.xComponent !== px || pca.yComponent !== py)) a().data.setPcaAxes(px, py);
  } else problems.push(problem('pc', `${px + 1},${py + 1}`, { kind: 'not-in-data' }));
  if (view.colorBy === null || (view.colorBy !== undefined && dataset.columns.some((c) => c.name === view.colorBy))) a().explore.setColorBy(view.colorBy);
  else if (view.colorBy !== undefined) problems.push(problem('color', view.colorBy, { kind: 'not-in-data' }));
  if (view.showLabels !== undefined && s().explore.showLabels !== view.showLabels) a().explore.setShowLabels(view.showLabels);
  if (view.searchBy === null || dataset.columns.some((c) => c.name === view.searchBy)) {
    if (s().explore.searchBy !== view.searchBy) a().explore.setSearchBy(view.searchBy);
  } else problems.push(problem('in', view.searchBy, { kind: 'not-in-data' }));
  if (s().explore.search.query !== view.search) a().explore.setSearch(view.search);
  const nb = s().explore.neighborSettings;
  if (nb.k !== view.neighbors.k || nb.metric !== view.neighbors.metric) a().explore.setNeighborSettings(view.neighbors);
  if (view.selected >= dataset.n) problems.push(problem('sel', String(view.selected), { kind: 'not-in-data' }));
  else if (s().explore.selected !== view.selected) void a().explore.select(view.selected);
  opts.onProblems(problems);

  // Layouts: the Compare panes' runs, then Explore's (a run shows in Explore, so it goes last).
  const runs = [view.compare.left, view.compare.right].filter((p): p is Extract<PaneRef, { kind: 'run' }> => p?.kind === 'run');
  for (const pane of runs) {
    if (!(await ensureRun(store, pane, opts)) || opts.signal.aborted) return;
  }
  setPanes(store, view);
  if (view.projection === null && !view.pca && dataset.layouts?.length) {
    // The data's own first view: its stored layout (what loading it shows).
    if (s().explore.layout?.note === undefined) a().data.showStored(0);
  } else if (view.projection === null) {
    if (s().projection.method !== 'pca' || s().explore.layout?.method !== 'PCA') a().projection.setMethod('pca');
  } else if (!(await ensureRun(store, view.projection, opts)) || opts.signal.aborted) return;

  // The lasso and the camera are in the coordinates of the layout now on screen.
  const layout = s().explore.layout;
  if (view.lasso && layout && layout.datasetVersion === s().data.version) {
    const polygon: [number, number][] = [];
    for (let i = 0; i + 1 < view.lasso.length; i += 2) polygon.push([view.lasso[i], view.lasso[i + 1]]);
    const { mask, count } = pointsInPolygon(layout.coords, dataset.n, polygon);
    a().explore.setLasso({ mask, count, polygon: view.lasso });
  } else if (!view.lasso && s().explore.lasso) a().explore.setLasso(null);
  a().explore.setCamera(view.camera);
}

/** Lab settings, or a saved run resumed where it was. */
async function applyLab(store: AppStore, view: ViewState, opts: ApplyOptions): Promise<void> {
  const lab = store.getState().actions.lab;
  const saved = opts.resumeLab && opts.saved ? await opts.saved.lab() : null;
  // The run is resumed when the view's lab settings are the run's (a link to other settings opens those instead).
  if (saved && JSON.stringify(saved.config) === JSON.stringify(view.lab.config) && saved.corpus.kind === view.lab.corpus.kind) {
    void lab.resume(saved);
    return;
  }
  const corpus = view.lab.corpus.kind === 'file' ? undefined : view.lab.corpus;
  await lab.configure({ config: view.lab.config, ...(corpus ? { corpus } : {}), speed: view.lab.speed, frameMode: view.lab.frameMode });
}

/** Makes `ref` the current dataset (unless it is already); false when it could not be had. */
async function ensureDataset(store: AppStore, ref: DatasetRef, saved: SavedCache | null, signal: AbortSignal): Promise<boolean> {
  const s = store.getState;
  const a = () => s().actions;
  const key = datasetKey(ref);
  const current = s().data.dataset;
  if (current && datasetKey(datasetRefOf(current, s().load.loaded?.source ?? null)) === key) return true;
  const fallback = async (): Promise<false> => {
    if (!s().data.dataset && !signal.aborted) await a().data.loadBuiltin('glove-10k');
    return false;
  };
  if (ref.kind === 'builtin') {
    await a().data.loadBuiltin(ref.id);
    return s().data.builtinId === ref.id && s().data.loadStatus.kind === 'ready';
  }
  if (ref.kind === 'lab') {
    a().ui.notify('info', translatorFor(s().ui.locale).t('share.fromLab'));
    return fallback();
  }
  a().load.setOptions({ format: ref.format, nonFinite: ref.dropNonFinite ? 'drop' : 'ask' });
  let outcome;
  if (ref.kind === 'url') {
    outcome = await a().load.openUrls({ config: ref.config ?? undefined, data: ref.data ?? undefined, metadata: ref.metadata ?? undefined, embedding: ref.embedding ?? undefined });
  } else {
    const files = await filesFor(store, ref.files, saved?.datasetKey === key ? saved : null);
    if (!files || signal.aborted) return fallback();
    outcome = await a().load.openFiles(files.map((f) => ({ name: f.name, file: f })));
  }
  if (outcome === 'review' && !signal.aborted) outcome = await a().load.confirm(ref.sample);
  return outcome === 'shown' ? true : fallback();
}

/** The files a view was made from: from the saved session, else asked of the user (and checked against the names and sizes). */
async function filesFor(store: AppStore, wanted: readonly { name: string; bytes: number }[], saved: SavedCache | null): Promise<readonly File[] | null> {
  const stored = saved ? await saved.files() : [];
  if (stored.length === wanted.length) return stored;
  const picked = await store.getState().actions.sessions.requestFiles(wanted);
  if (!picked || picked.length === 0) return null;
  const describe = (fs: readonly { name: string; bytes: number }[]) => fs.map((f) => `${f.name} (${f.bytes})`).join(', ');
  const got = picked.map((f) => ({ name: f.name, bytes: f.size }));
  const same = got.length === wanted.length && wanted.every((w) => got.some((g) => g.name === w.name && g.bytes === w.bytes));
  if (!same) {
    const { t } = translatorFor(store.getState().ui.locale);
    store.getState().actions.ui.notify('info', t('share.files.mismatch', { expected: describe(wanted), got: describe(got) }));
  }
  return picked;
}

/** Shows the run `ref` (from the finished layouts when there, else computed again from its seed, with a notice). */
async function ensureRun(store: AppStore, ref: ProjectionRef, opts: ApplyOptions): Promise<boolean> {
  const s = store.getState;
  const a = () => s().actions;
  const dataset = s().data.dataset;
  if (!dataset) return false;
  const spec = specFor(ref.method, ref.settings, dataset);
  const key = specKey(spec);
  const have = s().projection.finished.some((f) => f.datasetVersion === s().data.version && specKey(f.spec) === key);
  const run = s().projection.run;
  const live = run && run.datasetVersion === s().data.version && specKey(run.spec) === key && (run.status === 'running' || run.status === 'stepping');
  if (live) return true;
  if (!have) {
    const { t } = translatorFor(s().ui.locale);
    const label = methodInfo(ref.method).label;
    a().ui.notify('info', opts.origin === 'session' ? t('share.restarting', { method: label, seed: ref.settings.seed }) : t('share.recomputing', { method: label, seed: ref.settings.seed }));
  }
  a().projection.updateSettings(ref.settings);
  a().projection.setMethod(ref.method);
  await a().projection.run({ allowSlow: true });
  const now = s().projection.run;
  return !!now && now.datasetVersion === s().data.version && specKey(now.spec) === key && now.status === 'done';
}

/** Points the Compare panes at the layouts the view names (finished ones by their spec). */
function setPanes(store: AppStore, view: ViewState): void {
  const s = store.getState();
  const idOf = (p: PaneRef): string | null => {
    if (p.kind === 'pca') return PCA_SOURCE;
    if (p.kind === 'live') return LIVE_SOURCE;
    const dataset = s.data.dataset;
    if (!dataset) return null;
    const key = specKey(specFor(p.method, p.settings, dataset));
    return s.projection.finished.find((f) => f.datasetVersion === s.data.version && specKey(f.spec) === key)?.key ?? null;
  };
  const sides: [CompareSide, PaneRef | null][] = [['left', view.compare.left], ['right', view.compare.right]];
  for (const [side, pane] of sides) {
    const id = pane ? idOf(pane) : null;
    if (id && store.getState().compare[side] !== id) store.getState().actions.compare.setSource(side, id);
  }
}

/** The view now on screen, for comparing with one about to be applied. */
export function currentView(store: AppStore): ViewState {
  return captureView(store.getState());
}
