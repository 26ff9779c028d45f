import type { Dataset } from '../compute/dataset';
import type { LayoutQuality } from '../compute/metrics/layoutQuality';
import type { ProjectMethodId } from '../compute/project/methods';
import type { ProjectQuality } from '../compute/project/session';
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

export type CompareSide = 'left' | 'right';
/** 'pca', 'live' (the projection run in progress) or a FinishedLayout key. */
export type CompareSourceId = string;
export const PCA_SOURCE = 'pca';
export const LIVE_SOURCE = 'live';
/** A layout the dataset carries that is not ours (a file's own coordinates): `stored:<index into dataset.layouts>`. */
export const STORED_SOURCE_PREFIX = 'stored:';

export type Measured<T> = { readonly key: string; readonly status: 'measuring' | 'done' | 'failed'; readonly value: T | null; readonly message?: string };

export interface CompareData {
  /** What the user picked; `resolveCompare` falls back when it is not available. */
  readonly left: CompareSourceId;
  readonly right: CompareSourceId | null;
  /** Quality of the PCA layout on screen (key: dataset version and axes). */
  readonly pcaQuality: Measured<LayoutQuality> | null;
  /**
   * Quality of layouts no projection session measured — those that came with the data —
   * by source id (key: dataset version and source).
   */
  readonly storedQuality: Readonly<Record<CompareSourceId, Measured<LayoutQuality>>>;
  /** Agreement between the two panes (key: both sources). */
  readonly agreement: Measured<number> | null;
}

export interface CompareActions {
  setSource(side: CompareSide, id: CompareSourceId): void;
  /** Starts whatever figures the panes on screen still lack (idempotent; the view calls it on change). */
  measure(): void;
  /** Runs `method` with the Projection panel's settings and shows it live in the right pane. */
  run(method: ProjectMethodId): Promise<void>;
}

export const initialCompareData: CompareData = { left: PCA_SOURCE, right: null, pcaQuality: null, storedQuality: {}, agreement: null };

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
