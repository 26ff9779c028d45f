import type { Dataset } from '../compute/dataset';
import type { Neighbor } from '../compute/neighbors/knn';
import type { BuiltinId, LoadStatus, PcaInfo } from './types';

/**
 * The Data slice: the current dataset (what the main thread draws: labels, metadata,
 * images — the vectors stay in the data worker under the dataset's id) and its PCA.
 */
export interface DataState {
  readonly builtinId: BuiltinId | null;
  readonly loadStatus: LoadStatus;
  readonly dataset: Dataset | null;
  /** Increments on every new dataset so late results for an old one can be ignored. */
  readonly version: number;
  /** PCA scores of every row on the first components: n × components, row-major. */
  readonly pcaScores: Float32Array | null;
  readonly pcaComponents: number;
  readonly pca: PcaInfo | null;
}

export interface DataActions {
  loadBuiltin(id: BuiltinId): Promise<void>;
  /** Shows a dataset that came from elsewhere (a user's file, a trained table) and lays it out with PCA. */
  show(dataset: Dataset): Promise<void>;
  /** Loads the current data again: the built-in set, or the last file(s) (after a worker lost the data, or a download failed). */
  retry(): Promise<void>;
  /**
   * When `e` says a worker no longer holds the current dataset's vectors (SessionLostError),
   * shows that with the way back (Retry loads it again) and returns true; false otherwise.
   */
  handleLost(e: unknown): boolean;
  setPcaAxes(xComponent: number, yComponent: number): void;
  /** Puts one of the layouts the dataset carries (dataset.layouts[index]) on screen. */
  showStored(index: number): void;
}

export interface PcaResult {
  readonly components: number;
  /** n × components */
  readonly scores: Float32Array;
  readonly explainedRatio: number[];
}

/** The data worker's jobs (implemented in jobs.ts, faked in tests). */
export interface DataJobs {
  loadBuiltin(file: string, opts: { signal?: AbortSignal; onProgress?: (loadedBytes: number, totalBytes: number | null) => void }): Promise<Dataset>;
  pca(dataset: Dataset, components: number, opts?: { signal?: AbortSignal }): Promise<PcaResult>;
  neighbors(dataset: Dataset, index: number, k: number, opts?: { signal?: AbortSignal }): Promise<Neighbor[]>;
  /** The app moved on: the workers may forget this dataset's vectors. */
  releaseDataset(dataset: Dataset): void;
}

/** Components of the PCA computed for every dataset (the axes pickers offer these). */
export const PCA_COMPONENTS = 10;

export const initialDataState: DataState = {
  builtinId: null,
  loadStatus: { kind: 'idle' },
  dataset: null,
  version: 0,
  pcaScores: null,
  pcaComponents: 0,
  pca: null,
};
