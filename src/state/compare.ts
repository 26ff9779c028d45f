import type { Dataset } from '../compute/dataset';
import type { LayoutQuality } from '../compute/metrics/layoutQuality';
import type { ProjectMethodId } from '../compute/project/methods';
import type { ProjectQuality } from '../compute/project/session';
import { errorText, layoutFromScores } from './explore';
import { categoryColumn, type FinishedLayout } from './project';
import type { AppState, SliceCreator } from './store';
import type { Layout } from './types';

/**
 * The Compare slice: two layouts of the current dataset side by side, linked.
 *
 * The panes pick from what exists — PCA (always), every finished layout the projection
 * slice keeps, and the run in progress ("live") — so comparing never recomputes a
 * layout. Linking costs nothing: hover, selection, search and colour live in the one
 * store, and both plots draw from it.
 *
 * Each pane shows the same quality figures, computed the same way (one fixed sample of
 * query points, see compute/metrics/layoutQuality.ts): finished runs bring theirs from
 * the projection worker, PCA's are measured here in the data worker. Between the
 * two panes, an agreement figure says how many 2D neighbourhoods they share.
 */

/** The data worker's layout metrics; state/jobs.ts implements them, tests pass fakes. */
export interface CompareJobs {
  layoutQuality(dataset: Dataset, coords: Float32Array, codes: Uint32Array | null, opts?: { signal?: AbortSignal }): Promise<LayoutQuality>;
  layoutAgreement(a: Float32Array, b: Float32Array, n: number, opts?: { signal?: AbortSignal }): Promise<number>;
}

export const unavailableCompareJobs: CompareJobs = {
  layoutQuality: () => Promise.reject(new Error('Layout metrics are not available here')),
  layoutAgreement: () => Promise.reject(new Error('Layout metrics are not available here')),
};

export type CompareSide = 'left' | 'right';
/** 'pca', 'live' (the projection run in progress) or a FinishedLayout key. */
export type CompareSourceId = string;
export const PCA_SOURCE = 'pca';
export const LIVE_SOURCE = 'live';

type Measured<T> = { readonly key: string; readonly status: 'measuring' | 'done' | 'failed'; readonly value: T | null; readonly message?: string };

export interface CompareData {
  /** What the user picked; `resolveCompare` falls back when it is not available. */
  readonly left: CompareSourceId;
  readonly right: CompareSourceId | null;
  /** Quality of the PCA layout on screen (key: dataset version and axes). */
  readonly pcaQuality: Measured<LayoutQuality> | null;
  /** Agreement between the two panes (key: both sources). */
  readonly agreement: Measured<number> | null;
}

export interface CompareActions {
  setCompareSource(side: CompareSide, id: CompareSourceId): void;
  /** Starts whatever figures the panes on screen still lack (idempotent; the view calls it on change). */
  measureCompare(): void;
  /** Runs `method` with the Projection panel's settings and shows it live in the right pane. */
  compareRun(method: ProjectMethodId): Promise<void>;
}

export interface CompareState extends CompareActions {
  readonly compare: CompareData;
}

export const initialCompareData: CompareData = { left: PCA_SOURCE, right: null, pcaQuality: null, agreement: null };

/** One pickable layout. */
export interface CompareOption {
  readonly id: CompareSourceId;
  readonly label: string;
  /** Method, parameters and seed in words. */
  readonly detail: string;
  /** Null only for a live run before its first snapshot. */
  readonly layout: Layout | null;
  readonly running: boolean;
  /** Compute time shown with the figures (wall time for runs), ms; null when unknown. */
  readonly ms: number | null;
}

export interface PaneQuality {
  readonly status: 'none' | 'measuring' | 'done' | 'failed';
  readonly quality: ProjectQuality | LayoutQuality | null;
}

// PCA's 2D layout depends on the axes; built once per (scores, axes).
let pcaCache: { scores: Float32Array; x: number; y: number; version: number; layout: Layout } | null = null;

function pcaLayout(s: AppState): Layout | null {
  const { pcaScores, pcaComponents, pca, datasetVersion } = s;
  if (!pcaScores || !pca) return null;
  const { xComponent: x, yComponent: y } = pca;
  if (!pcaCache || pcaCache.scores !== pcaScores || pcaCache.x !== x || pcaCache.y !== y || pcaCache.version !== datasetVersion) {
    const coords = layoutFromScores(pcaScores, pcaComponents, x, y);
    pcaCache = { scores: pcaScores, x, y, version: datasetVersion, layout: { coords, datasetVersion, method: 'PCA', version: 1, running: false } };
  }
  return pcaCache.layout;
}

function pcaKey(s: AppState): string {
  return `${s.datasetVersion}:${s.pca?.xComponent ?? 0}:${s.pca?.yComponent ?? 1}`;
}

function currentFinished(s: AppState): readonly FinishedLayout[] {
  return s.projection.finished.filter((f) => f.datasetVersion === s.datasetVersion);
}

/** The projection run in progress on the current dataset, if any. */
function liveRun(s: AppState) {
  const run = s.projection.run;
  if (!run || run.datasetVersion !== s.datasetVersion) return null;
  return run.status === 'running' || run.status === 'stepping' || run.status === 'paused' ? run : null;
}

/** Its latest snapshot; null until the first one arrives (the graph phase comes first). */
function liveLayout(s: AppState): Layout | null {
  const layout = s.layout;
  return liveRun(s) && layout && layout.datasetVersion === s.datasetVersion && layout.method !== 'PCA' ? layout : null;
}

/** The layout behind a source id, or null when it is not available now. */
export function sourceLayout(s: AppState, id: CompareSourceId | null): Layout | null {
  if (id === null) return null;
  if (id === PCA_SOURCE) return pcaLayout(s);
  if (id === LIVE_SOURCE) return liveLayout(s);
  return currentFinished(s).find((f) => f.key === id)?.layout ?? null;
}

/** Everything a pane can show now: PCA, finished layouts (oldest first), the live run. */
export function compareOptions(s: AppState): CompareOption[] {
  const out: CompareOption[] = [];
  const pca = pcaLayout(s);
  if (pca && s.pca) {
    const axes = `PC${s.pca.xComponent + 1} × PC${s.pca.yComponent + 1}`;
    out.push({ id: PCA_SOURCE, label: `PCA (${axes})`, detail: `PCA · ${axes}`, layout: pca, running: false, ms: s.layout?.method === 'PCA' ? (s.layout.ms ?? null) : null });
  }
  for (const f of currentFinished(s)) out.push({ id: f.key, label: f.label, detail: f.identity, layout: f.layout, running: false, ms: f.wallMs });
  const run = liveRun(s);
  if (run) out.push({ id: LIVE_SOURCE, label: `${run.label} (${run.status})`, detail: run.identity, layout: liveLayout(s), running: true, ms: run.wallMs });
  return out;
}

/** The sources the panes show: the picks when available, else sensible defaults. */
export function resolveCompare(s: AppState): { left: CompareSourceId | null; right: CompareSourceId | null } {
  const ids = compareOptions(s).map((o) => o.id);
  const has = (id: CompareSourceId | null): id is CompareSourceId => id !== null && ids.includes(id);
  const left = has(s.compare.left) ? s.compare.left : has(PCA_SOURCE) ? PCA_SOURCE : (ids[0] ?? null);
  if (has(s.compare.right) && s.compare.right !== left) return { left, right: s.compare.right };
  // Default right pane: the newest layout that is not the left one (the live run counts as newest).
  const others = ids.filter((id) => id !== left);
  return { left, right: others.length ? others[others.length - 1] : null };
}

/** Quality figures of a source, from wherever they are kept. */
export function sourceQuality(s: AppState, id: CompareSourceId | null): PaneQuality {
  if (id === null) return { status: 'none', quality: null };
  if (id === PCA_SOURCE) {
    const q = s.compare.pcaQuality;
    return q && q.key === pcaKey(s) ? { status: q.status, quality: q.value } : { status: 'none', quality: null };
  }
  if (id === LIVE_SOURCE) return { status: 'none', quality: null };
  const f = currentFinished(s).find((x) => x.key === id);
  const run = s.projection.run;
  if (f?.quality) return { status: 'done', quality: f.quality };
  // The projection slice measures a run right after it finishes.
  if (f && run && run.datasetVersion === f.datasetVersion && run.identity === f.identity) {
    return { status: run.qualityStatus, quality: run.quality };
  }
  return { status: 'none', quality: null };
}

function agreementKey(s: AppState, left: CompareSourceId, right: CompareSourceId): string {
  const part = (id: CompareSourceId) => (id === PCA_SOURCE ? `pca:${pcaKey(s)}` : id);
  return `${part(left)}|${part(right)}`;
}

/** The agreement figure for the panes on screen, if measured. */
export function currentAgreement(s: AppState): Measured<number> | null {
  const { left, right } = resolveCompare(s);
  if (!left || !right || left === LIVE_SOURCE || right === LIVE_SOURCE) return null;
  const a = s.compare.agreement;
  return a && a.key === agreementKey(s, left, right) ? a : null;
}

export const createCompareSlice: SliceCreator<CompareState> = (jobs, set, get) => {
  let pcaJob: AbortController | null = null;
  let agreementJob: AbortController | null = null;

  const patch = (p: Partial<CompareData>): void => set((s) => ({ compare: { ...s.compare, ...p } }));

  const measurePca = (): void => {
    const s = get();
    const key = pcaKey(s);
    const layout = pcaLayout(s);
    const dataset = s.dataset;
    if (!layout || !dataset || s.compare.pcaQuality?.key === key) return;
    pcaJob?.abort();
    const controller = (pcaJob = new AbortController());
    patch({ pcaQuality: { key, status: 'measuring', value: null } });
    const codes = categoryColumn(dataset, s.colorBy)?.codes ?? null;
    jobs.layoutQuality(dataset, layout.coords, codes, { signal: controller.signal }).then(
      (value) => {
        if (get().compare.pcaQuality?.key === key) patch({ pcaQuality: { key, status: 'done', value } });
      },
      (e: unknown) => {
        if (controller.signal.aborted || get().compare.pcaQuality?.key !== key) return;
        patch({ pcaQuality: { key, status: 'failed', value: null, message: errorText(e) } });
        get().handleLostDataset(e);
      },
    );
  };

  const measureAgreement = (left: CompareSourceId, right: CompareSourceId): void => {
    const s = get();
    const key = agreementKey(s, left, right);
    const a = sourceLayout(s, left);
    const b = sourceLayout(s, right);
    if (!a || !b || s.compare.agreement?.key === key || !s.dataset) return;
    agreementJob?.abort();
    const controller = (agreementJob = new AbortController());
    patch({ agreement: { key, status: 'measuring', value: null } });
    jobs.layoutAgreement(a.coords, b.coords, s.dataset.n, { signal: controller.signal }).then(
      (value) => {
        if (get().compare.agreement?.key === key) patch({ agreement: { key, status: 'done', value } });
      },
      (e: unknown) => {
        if (controller.signal.aborted || get().compare.agreement?.key !== key) return;
        patch({ agreement: { key, status: 'failed', value: null, message: errorText(e) } });
      },
    );
  };

  return {
    compare: initialCompareData,

    setCompareSource: (side, id) => {
      const { left, right } = resolveCompare(get());
      // Picking the other pane's layout swaps the two, so the panes never show the same one.
      if (side === 'left') patch(id === right ? { left: id, right: left } : { left: id });
      else patch(id === left ? { right: id, left: right ?? PCA_SOURCE } : { right: id });
    },

    measureCompare: () => {
      const s = get();
      const { left, right } = resolveCompare(s);
      if (left === PCA_SOURCE || right === PCA_SOURCE) measurePca();
      if (left && right && left !== LIVE_SOURCE && right !== LIVE_SOURCE) measureAgreement(left, right);
    },

    compareRun: async (method) => {
      patch({ right: LIVE_SOURCE });
      get().setProjectionMethod(method);
      await get().runProjection();
    },
  };
};
