/**
 * What the Compare panes can show, derived from the store: PCA (always), the finished
 * layouts the projection slice keeps, and the run in progress ("live"); which ones the
 * panes show; and their quality figures. Pure functions of the state, used by the slice
 * and the view alike.
 */
import type { AppState } from './appState';
import { hasVectors, type StoredLayout } from '../compute/dataset';
import { LIVE_SOURCE, PCA_SOURCE, STORED_SOURCE_PREFIX, type CompareOption, type CompareSourceId, type Measured, type PaneQuality } from './compareTypes';
import { storedLayoutLabel, storedLayoutView } from './firstView';
import { translatorFor } from '../i18n/translate';
import { layoutFromScores } from './pcaLayout';
import type { FinishedLayout } from './projectTypes';
import type { Layout } from './types';

// PCA's 2D layout depends on the axes; built once per (scores, axes).
let pcaCache: { scores: Float32Array; x: number; y: number; version: number; layout: Layout } | null = null;

export function pcaLayout(s: AppState): Layout | null {
  const { pcaScores, pcaComponents, pca, version: datasetVersion } = s.data;
  if (!pcaScores || !pca) return null;
  const { xComponent: x, yComponent: y } = pca;
  if (!pcaCache || pcaCache.scores !== pcaScores || pcaCache.x !== x || pcaCache.y !== y || pcaCache.version !== datasetVersion) {
    const coords = layoutFromScores(pcaScores, pcaComponents, x, y);
    pcaCache = { scores: pcaScores, x, y, version: datasetVersion, layout: { coords, datasetVersion, method: 'PCA', version: 1, running: false } };
  }
  return pcaCache.layout;
}

export function pcaKey(s: AppState): string {
  return `${s.data.version}:${s.data.pca?.xComponent ?? 0}:${s.data.pca?.yComponent ?? 1}`;
}

function currentFinished(s: AppState): readonly FinishedLayout[] {
  return s.projection.finished.filter((f) => f.datasetVersion === s.data.version);
}

// A file's own layouts as Layouts, one object each per dataset version (plots keep them by identity).
const storedCache = new WeakMap<StoredLayout, { version: number; layout: Layout }>();

/** The layouts the dataset carries that no method of ours made (a file's coordinates), with their source ids. */
function fileLayouts(s: AppState): { id: CompareSourceId; stored: StoredLayout; layout: Layout }[] {
  const version = s.data.version;
  return (s.data.dataset?.layouts ?? []).flatMap((stored, i) => {
    if (stored.spec) return []; // ours: among the finished layouts already
    let hit = storedCache.get(stored);
    if (!hit || hit.version !== version) storedCache.set(stored, (hit = { version, layout: storedLayoutView(stored, version, 1) }));
    return [{ id: `${STORED_SOURCE_PREFIX}${i}`, stored, layout: hit.layout }];
  });
}

/** Whether a source is a layout no projection session measures (it came with the data). */
export function isStoredSource(s: AppState, id: CompareSourceId): boolean {
  if (id.startsWith(STORED_SOURCE_PREFIX)) return true;
  const f = currentFinished(s).find((x) => x.key === id);
  return !!f && f.layout.note === 'with-data';
}

export function storedQualityKey(s: AppState, id: CompareSourceId): string {
  return `${s.data.version}:${id}`;
}

/** The projection run in progress on the current dataset, if any. */
function liveRun(s: AppState) {
  const run = s.projection.run;
  if (!run || run.datasetVersion !== s.data.version) return null;
  return run.status === 'running' || run.status === 'stepping' || run.status === 'paused' ? run : null;
}

/** Its latest snapshot; null until the first one arrives (the graph phase comes first). */
function liveLayout(s: AppState): Layout | null {
  const layout = s.explore.layout;
  return liveRun(s) && layout && layout.datasetVersion === s.data.version && layout.method !== 'PCA' ? layout : null;
}

/** The layout behind a source id, or null when it is not available now. */
export function sourceLayout(s: AppState, id: CompareSourceId | null): Layout | null {
  if (id === null) return null;
  if (id === PCA_SOURCE) return pcaLayout(s);
  if (id === LIVE_SOURCE) return liveLayout(s);
  if (id.startsWith(STORED_SOURCE_PREFIX)) return fileLayouts(s).find((l) => l.id === id)?.layout ?? null;
  return currentFinished(s).find((f) => f.key === id)?.layout ?? null;
}

/** Everything a pane can show now: PCA, finished layouts (oldest first), the live run. */
export function compareOptions(s: AppState): CompareOption[] {
  const out: CompareOption[] = [];
  const pca = pcaLayout(s);
  if (pca && s.data.pca) {
    const axes = `PC${s.data.pca.xComponent + 1} × PC${s.data.pca.yComponent + 1}`;
    out.push({ id: PCA_SOURCE, label: `PCA (${axes})`, detail: `PCA · ${axes}`, layout: pca, running: false, ms: s.explore.layout?.method === 'PCA' ? (s.explore.layout.ms ?? null) : null });
  }
  const { t } = translatorFor(s.ui.locale);
  for (const l of fileLayouts(s)) {
    out.push({ id: l.id, label: `${storedLayoutLabel(l.stored)} (${t('layouts.note.from-file')})`, detail: t('layouts.note.from-file'), layout: l.layout, running: false, ms: null });
  }
  for (const f of currentFinished(s)) {
    const withData = f.layout.note === 'with-data';
    const label = withData ? `${f.label} (${t('layouts.note.with-data')})` : f.label;
    out.push({ id: f.key, label, detail: f.identity, layout: f.layout, running: false, ms: withData ? null : f.wallMs });
  }
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
  const measured = s.compare.storedQuality[id];
  if (isStoredSource(s, id)) {
    if (!s.data.dataset || !hasVectors(s.data.dataset)) return { status: 'none', quality: null };
    return measured && measured.key === storedQualityKey(s, id) ? { status: measured.status, quality: measured.value } : { status: 'none', quality: null };
  }
  const f = currentFinished(s).find((x) => x.key === id);
  const run = s.projection.run;
  if (f?.quality) return { status: 'done', quality: f.quality };
  // The projection slice measures a run right after it finishes.
  if (f && run && run.datasetVersion === f.datasetVersion && run.identity === f.identity) {
    return { status: run.qualityStatus, quality: run.quality };
  }
  return { status: 'none', quality: null };
}

export function agreementKey(s: AppState, left: CompareSourceId, right: CompareSourceId): string {
  const part = (id: CompareSourceId) => (id === PCA_SOURCE ? `pca:${pcaKey(s)}` : id.startsWith(STORED_SOURCE_PREFIX) ? `${s.data.version}:${id}` : id);
  return `${part(left)}|${part(right)}`;
}

/** The agreement figure for the panes on screen, if measured. */
export function currentAgreement(s: AppState): Measured<number> | null {
  const { left, right } = resolveCompare(s);
  if (!left || !right || left === LIVE_SOURCE || right === LIVE_SOURCE) return null;
  const a = s.compare.agreement;
  return a && a.key === agreementKey(s, left, right) ? a : null;
}
