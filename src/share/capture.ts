/**
 * The store → the view: what a link or a saved session records of where the user is.
 * Pure: a function of the store's state. It describes what is on screen — the layout
 * Explore shows is the run that made it (not settings typed but never run).
 */
import type { Dataset } from '../compute/dataset';
import type { LoadInput } from '../compute/formats/loadTypes';
import { PRE_REDUCE_ABOVE_DIM, PRE_REDUCE_DIMS, type ProjectSpec } from '../compute/project/methods';
import type { AppState } from '../state/appState';
import { LIVE_SOURCE, PCA_SOURCE, type CompareSourceId } from '../state/compareTypes';
import type { LabCorpusChoice } from '../state/labTypes';
import type { LoadSource } from '../state/loadTypes';
import { DEFAULT_PROJECTION_SETTINGS, type ProjectionRun, type ProjectionSettings } from '../state/projectTypes';
import { BUILTINS } from '../state/types';
import { DEFAULT_VIEW, type DatasetRef, type LabCorpusRef, type PaneRef, type ProjectionRef, type ReadOptions, type ViewState } from './viewState';

export function captureView(s: AppState): ViewState {
  const dataset = s.data.dataset;
  const run = currentRun(s);
  return {
    dataset: dataset ? datasetRefOf(dataset, s.load.loaded?.source ?? null) : DEFAULT_VIEW.dataset,
    tab: s.ui.view,
    projection: run && dataset ? refOf(run.spec, dataset.dim) : null,
    // PCA said outright, so a link to it does not open on the data's stored first view instead.
    ...(!run && s.explore.layout?.method === 'PCA' ? { pca: true } : {}),
    pcaAxes: s.data.pca ? [s.data.pca.xComponent, s.data.pca.yComponent] : [0, 1],
    colorBy: dataset ? s.explore.colorBy : undefined,
    showLabels: s.explore.showLabels,
    camera: s.explore.camera,
    selected: s.explore.selected,
    search: s.explore.search.query,
    searchBy: s.explore.searchBy,
    neighbors: s.explore.neighborSettings,
    lasso: s.explore.lasso?.polygon ?? null,
    compare: { left: paneOf(s, s.compare.left) ?? { kind: 'pca' }, right: paneOf(s, s.compare.right) },
    lab: {
      corpus: corpusRefOf(s.lab.corpus),
      config: s.lab.config,
      speed: s.lab.speed,
      frameMode: s.lab.frameMode,
    },
  };
}

/** The run whose layout Explore shows, if it is not PCA. */
function currentRun(s: AppState): ProjectionRun | null {
  const run = s.projection.run;
  const layout = s.explore.layout;
  // A run on isolated rows is not named (a link cannot yet say which rows): the view falls back to PCA.
  if (!run || run.datasetVersion !== s.data.version || run.subset !== null || run.status === 'error' || run.status === 'lost') return null;
  return layout && layout.datasetVersion === s.data.version && layout.method !== 'PCA' ? run : null;
}

/** A spec as the settings that make it; pre-reduction left automatic when it is what automatic gives. */
export function refOf(spec: ProjectSpec, dim: number): ProjectionRef {
  const auto = dim > PRE_REDUCE_ABOVE_DIM && dim > PRE_REDUCE_DIMS;
  const d = DEFAULT_PROJECTION_SETTINGS;
  const settings: ProjectionSettings = {
    seed: spec.seed,
    preReduce: spec.preReduce === auto ? null : spec.preReduce,
    tsne: spec.tsne ?? d.tsne,
    umap: spec.umap ?? d.umap,
    druid: spec.druid ?? d.druid,
  };
  return { method: spec.method, settings };
}

function paneOf(s: AppState, id: CompareSourceId | null): PaneRef | null {
  const dim = s.data.dataset?.dim ?? 0;
  if (id === null) return null;
  if (id === PCA_SOURCE) return { kind: 'pca' };
  if (id === LIVE_SOURCE) {
    const run = s.projection.run;
    return run && run.datasetVersion === s.data.version ? { kind: 'run', ...refOf(run.spec, dim) } : null;
  }
  const f = s.projection.finished.find((x) => x.key === id && x.datasetVersion === s.data.version);
  return f ? { kind: 'run', ...refOf(f.spec, dim) } : null;
}

export function datasetRefOf(dataset: Dataset, source: LoadSource | null): DatasetRef {
  const builtin = BUILTINS.find((b) => dataset.id.startsWith(`builtin:${b.file}`));
  if (builtin) return { kind: 'builtin', id: builtin.id };
  if (dataset.id.startsWith('lab:')) return { kind: 'lab', name: dataset.name };
  if (!source) return { kind: 'lab', name: dataset.name };
  const read: ReadOptions = { format: source.format, dropNonFinite: source.droppedNonFinite, sample: source.choice };
  const urls = source.inputs.filter((i): i is Extract<LoadInput, { kind: 'url' }> => i.kind === 'url');
  if (urls.length) {
    const url = (role: 'config' | 'data' | 'metadata') => urls.find((u) => u.role === role)?.url ?? null;
    return { kind: 'url', config: url('config'), data: url('data'), metadata: url('metadata'), ...(source.embedding ? { embedding: source.embedding } : {}), ...read };
  }
  const files = source.inputs.flatMap((i) => (i.kind === 'file' ? [{ name: i.name, bytes: i.file.size }] : []));
  return { kind: 'file', files, ...read };
}

function corpusRefOf(c: LabCorpusChoice): LabCorpusRef {
  if (c.kind === 'file') return { kind: 'file', name: c.name, bytes: c.file.size };
  // Pasted text is too long for a link: it is named like an uploaded file, which the link asks for.
  if (c.kind === 'text') return { kind: 'file', name: c.name, bytes: new TextEncoder().encode(c.text).length };
  return { kind: c.kind };
}
