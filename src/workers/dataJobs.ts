import type { Dataset, VectorTable } from '../compute/dataset';
import type { LayoutQuality } from '../compute/metrics/layoutQuality';
import type { Neighbor } from '../compute/neighbors/knn';

/**
 * Every job the data worker runs: kind → { params, progress, result }. The data worker
 * holds the datasets' vectors by id (compute/datasetRegistry.ts); jobs name the id, so
 * a click posts a few numbers, never the table.
 */
// A type alias, not an interface: only aliases satisfy JobMap's string index implicitly.
export type DataJobMap = {
  /** Downloads and decodes a built-in file, keeps its vectors under `id`, returns the rest. */
  loadBuiltin: {
    params: { url: string; id: string };
    progress: { loadedBytes: number; totalBytes: number | null };
    result: Dataset;
  };
  /** Keeps a table handed over by another worker (a reviewed file, a trained table). */
  putTable: { params: VectorTable; progress: never; result: void };
  /** Forgets a dataset (the app moved on). */
  releaseTable: { params: { id: string }; progress: never; result: void };
  /** The vectors for another worker: a copy to transfer, or the shared table itself (no copy) when isolated. */
  shareTable: { params: { id: string }; progress: never; result: VectorTable };
  pca: {
    params: { id: string; components: number };
    progress: { fraction: number };
    result: { components: number; scores: Float32Array; explainedRatio: number[] };
  };
  neighbors: { params: { id: string; index: number; k: number }; progress: never; result: Neighbor[] };
  /** Quality figures of any n × 2 layout of the vectors (the Compare view's PCA, say). */
  layoutQuality: {
    params: { id: string; coords: Float32Array; codes: Uint32Array | null };
    progress: never;
    result: LayoutQuality;
  };
  /** k-means of the original vectors (the Explore view's "Find clusters"). */
  kmeans: {
    params: { id: string; k: number; seed: number };
    progress: { fraction: number };
    result: { codes: Uint32Array; sizes: Uint32Array; representatives: number[][]; iterations: number; converged: boolean };
  };
  /** Share of 2D 10-NN two layouts of the same points agree on. */
  layoutAgreement: {
    params: { a: Float32Array; b: Float32Array; n: number };
    progress: never;
    result: number;
  };
};
