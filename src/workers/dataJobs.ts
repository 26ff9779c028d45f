import type { VectorTable } from '../compute/dataset';
import type { PackedDataset } from '../compute/packedDataset';
import type { LayoutQuality } from '../compute/metrics/layoutQuality';
import type { Column } from '../compute/dataset';
import type { PictureInput } from '../compute/export/picture';
import type { TableFormat, TableSource } from '../compute/export/tables';
import type { Neighbor } from '../compute/neighbors/knn';
import type { NeighborMetric, NeighborQuery } from '../compute/neighbors/query';

/**
 * Every job the data worker runs: kind → { params, progress, result }. The data worker
 * holds the datasets' vectors by id (compute/datasetRegistry.ts); jobs name the id, so
 * a click posts a few numbers, never the table.
 */
// A type alias, not an interface: only aliases satisfy JobMap's string index implicitly.
export type DataJobMap = ExportJobMap & {
  /** Downloads and decodes a built-in file, keeps its vectors under `id`, returns the rest (its strings packed). */
  loadBuiltin: {
    params: { url: string; id: string };
    progress: { loadedBytes: number; totalBytes: number | null };
    result: PackedDataset;
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

/** Queries and exports that read the vectors by id (workers/exportHandlers.ts). */
export type ExportJobMap = {
  /** Neighbours of a row, of a set's centroid or of vector arithmetic, the query's own rows left out. */
  nearest: { params: { id: string; query: NeighborQuery; k: number; metric: NeighborMetric }; progress: never; result: Neighbor[] };
  /** Keeps the rows `rows` (sorted, distinct) of dataset `id` as a dataset of their own, `subsetId`. */
  deriveSubset: { params: { id: string; rows: Uint32Array; subsetId: string }; progress: never; result: void };
  /** Rows of the dataset (labels, metadata, optional layout) as CSV, TSV or JSON. */
  exportTable: { params: TableSource & { format: TableFormat }; progress: never; result: Blob };
  /** The rows' vectors as projector TSV. */
  exportVectors: { params: { id: string; rows: Uint32Array | null }; progress: never; result: Blob };
  /** A zipped TensorBoard projector bundle of the rows (all when null). */
  exportBundle: {
    params: { id: string; name: string; labels: readonly string[]; columns: readonly Column[]; rows: Uint32Array | null };
    progress: never;
    result: Blob;
  };
  /** The map as a picture: SVG, or PNG at 1×–4×. */
  exportPicture: { params: { input: PictureInput; format: 'png' | 'svg'; scale: number; title: string }; progress: never; result: Blob };
};
