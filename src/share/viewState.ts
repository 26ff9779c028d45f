/**
 * The view as plain data: everything a link or a saved session holds to put the user
 * back where they were — which data, which tab, the layout's method + parameters + seed,
 * the PCA axes, colour, labels, camera, selection, search, lasso, the Compare panes and
 * the lab's settings. No typed arrays of the dataset, no functions: the codec
 * (codec.ts) turns it into a URL query and back, and validates every field on the way in.
 */
import type { ProjectMethodId, ProjectSpec } from '../compute/project/methods';
import type { SampleChoice } from '../compute/select/sample';
import type { NeighborMetric } from '../compute/neighbors/query';
import { DEFAULT_LAB_CONFIG, type LabConfig, type LabFrameMode } from '../compute/train/labSessionTypes';
import type { FormatChoice } from '../state/loadTypes';
import type { ProjectionSettings } from '../state/projectTypes';
import type { BuiltinId } from '../state/types';
import { NEIGHBOR_COUNT } from '../state/exploreTypes';
import type { View } from '../state/uiTypes';

/** The version this code writes. Links from older versions are migrated; newer ones are read as far as they are understood. */
export const VIEW_VERSION = 1;

/** A file the view was made from: it cannot travel in a link, so the link names it. */
export interface FileRef {
  readonly name: string;
  readonly bytes: number;
}

/** How a loaded file or URL was read: the options that change which rows the dataset has. */
export interface ReadOptions {
  readonly format: FormatChoice;
  /** Rows with NaN/Infinity were dropped (the user agreed, or chose it up front). */
  readonly dropNonFinite: boolean;
  readonly sample: SampleChoice;
}

export const DEFAULT_READ: ReadOptions = { format: 'auto', dropNonFinite: false, sample: { rows: 'all' } };

export type DatasetRef =
  | { readonly kind: 'builtin'; readonly id: BuiltinId }
  | ({ readonly kind: 'url'; readonly config: string | null; readonly data: string | null; readonly metadata: string | null; readonly embedding?: string | null } & ReadOptions)
  | ({ readonly kind: 'file'; readonly files: readonly FileRef[] } & ReadOptions)
  /** A table trained in the lab and opened in Explore: only the lab can make it again. */
  | { readonly kind: 'lab'; readonly name: string };

/**
 * A projection run as the user asked for it: the method and the settings (seed and
 * parameters; pre-reduction null = automatic). With the dataset they make the run's spec
 * (projectTypes.specFor), which is the layout's identity.
 */
export interface ProjectionRef {
  readonly method: ProjectMethodId;
  readonly settings: ProjectionSettings;
}

/** What a Compare pane shows: PCA, the run in progress, or a finished layout named by its run. */
export type PaneRef = { readonly kind: 'pca' } | { readonly kind: 'live' } | ({ readonly kind: 'run' } & ProjectionRef);

export type LabCorpusRef = { readonly kind: 'teaching' } | { readonly kind: 'sotu' } | ({ readonly kind: 'file' } & FileRef);

export interface LabView {
  readonly corpus: LabCorpusRef;
  readonly config: LabConfig;
  /** Batches per second; 0 = as fast as possible. */
  readonly speed: number;
  readonly frameMode: LabFrameMode;
}

export interface NeighborView {
  readonly k: number;
  readonly metric: NeighborMetric | null;
}

/** Where the plot looks: the data point at its centre and the zoom (1 = everything fitted). */
export interface CameraRef {
  readonly cx: number;
  readonly cy: number;
  readonly zoom: number;
}

export interface ViewState {
  readonly dataset: DatasetRef;
  readonly tab: View;
  /**
   * The layout Explore shows: the run that made it, or null with `pca` set for PCA; null
   * without `pca` = the dataset's own first view (a built-in set's stored UMAP, else PCA).
   */
  readonly projection: ProjectionRef | null;
  readonly pca?: boolean;
  /** PCA components on x and y, 0-based. */
  readonly pcaAxes: readonly [number, number];
  /** The colouring column; null = one colour; undefined = the dataset's default (its first category column). */
  readonly colorBy: string | null | undefined;
  /** Undefined: as the dataset's first view has it (labels on for built-in word sets). */
  readonly showLabels?: boolean;
  /** Null: fitted to all points. */
  readonly camera: CameraRef | null;
  /** Selected row, or -1. */
  readonly selected: number;
  readonly search: string;
  /** The column the search looks in; null = the labels. */
  readonly searchBy: string | null;
  /** How many neighbours the selection lists, and by which metric (null = the dataset's own). */
  readonly neighbors: NeighborView;
  /** The lasso polygon in the layout's data coordinates (x0, y0, x1, y1, …), or null. */
  readonly lasso: Float32Array | null;
  readonly compare: { readonly left: PaneRef; readonly right: PaneRef | null };
  readonly lab: LabView;
}

export const DEFAULT_LAB_VIEW: LabView = { corpus: { kind: 'teaching' }, config: DEFAULT_LAB_CONFIG, speed: 20, frameMode: 'pca' };

export const DEFAULT_VIEW: ViewState = {
  dataset: { kind: 'builtin', id: 'glove-10k' },
  tab: 'explore',
  projection: null,
  pcaAxes: [0, 1],
  colorBy: undefined,
  camera: null,
  selected: -1,
  search: '',
  searchBy: null,
  neighbors: { k: NEIGHBOR_COUNT, metric: null },
  lasso: null,
  compare: { left: { kind: 'pca' }, right: null },
  lab: DEFAULT_LAB_VIEW,
};

/** A stable string naming a dataset's rows: layouts saved for one key fit only data with that key. */
export function datasetKey(ref: DatasetRef): string {
  const read = (r: ReadOptions): string => JSON.stringify([r.format, r.dropNonFinite, r.sample]);
  switch (ref.kind) {
    case 'builtin':
      return `builtin:${ref.id}`;
    case 'url':
      return `url:${JSON.stringify([ref.config, ref.data, ref.metadata])}:${read(ref)}`;
    case 'file':
      return `file:${JSON.stringify(ref.files.map((f) => [f.name, f.bytes]))}:${read(ref)}`;
    case 'lab':
      return `lab:${ref.name}`;
  }
}

/** A projection spec as a stable string (key order fixed), for matching saved layouts. */
export function specKey(spec: ProjectSpec): string {
  return JSON.stringify([spec.method, spec.seed, spec.preReduce, spec.tsne ?? null, spec.umap ?? null, spec.druid ?? null]);
}

export function samePane(a: PaneRef | null, b: PaneRef | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
