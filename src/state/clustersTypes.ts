import type { Column, Dataset } from '../compute/dataset';

/**
 * The Clusters slice: "Find clusters" runs k-means on the original vectors in a worker
 * and adds the result to the dataset as a category column named for it, then colours
 * by it. Each cluster's name lists the labels nearest its centre, so the legend reads
 * as a table of contents of the map. The dataset keeps its version: rows, vectors and
 * layouts are unchanged, only a column was added (running again replaces it).
 */

export interface ClusterResult {
  readonly codes: Uint32Array;
  readonly sizes: Uint32Array;
  /** Per cluster: rows nearest its centroid, nearest first. */
  readonly representatives: readonly (readonly number[])[];
  readonly iterations: number;
  readonly converged: boolean;
}

export interface ClusterJobs {
  kmeans(dataset: Dataset, k: number, seed: number, opts?: { signal?: AbortSignal; onProgress?: (fraction: number) => void }): Promise<ClusterResult>;
}

export interface ClustersData {
  readonly status: 'idle' | 'running' | 'done' | 'error';
  readonly k: number;
  readonly progress: number;
  /** Column holding the last result. */
  readonly column: string | null;
  readonly message: string | null;
}

export interface ClustersActions {
  /** Runs k-means with k clusters and colours the map by the result. */
  find(k: number): Promise<void>;
  cancel(): void;
}

export const initialClustersData: ClustersData = { status: 'idle', k: 12, progress: 0, column: null, message: null };

export const CLUSTER_SEED = 42;
/** Labels per cluster name. */
const NAME_LABELS = 3;
const CLUSTER_COLUMN_PREFIX = 'clusters';

export function clusterColumnName(k: number): string {
  return `${CLUSTER_COLUMN_PREFIX} (k-means, k = ${k})`;
}

/** Whether a column is one "Find clusters" made. */
export function isClusterColumn(name: string): boolean {
  return name.startsWith(`${CLUSTER_COLUMN_PREFIX} (k-means, k = `);
}

/** The result as a category column: "monday · tuesday · friday" per cluster. */
export function clusterColumn(dataset: Dataset, k: number, r: ClusterResult): Column {
  const seen = new Set<string>();
  const categories = r.representatives.map((rows, j) => {
    const base = rows.slice(0, NAME_LABELS).map((i) => dataset.labels[i] ?? `row ${i}`).join(' · ') || `cluster ${j + 1}`;
    // Category names must be unique; two clusters can share their nearest labels (MNIST digits).
    let name = base;
    for (let t = 2; seen.has(name); t++) name = `${base} (${t})`;
    seen.add(name);
    return name;
  });
  return { name: clusterColumnName(k), type: 'category', codes: r.codes, categories };
}
