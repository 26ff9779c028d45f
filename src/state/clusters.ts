import type { Column, Dataset } from '../compute/dataset';
import { errorText } from './explore';
import type { SliceCreator } from './store';

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

export const unavailableClusterJobs: ClusterJobs = {
  kmeans: () => Promise.reject(new Error('Clustering is not available here')),
};

export interface ClustersData {
  readonly status: 'idle' | 'running' | 'done' | 'error';
  readonly k: number;
  readonly progress: number;
  /** Column holding the last result. */
  readonly column: string | null;
  readonly message: string | null;
}

export interface ClustersState {
  readonly clusters: ClustersData;
  findClusters(k: number): Promise<void>;
  cancelClusters(): void;
}

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

export const createClustersSlice: SliceCreator<ClustersState> = (jobs, set, get) => {
  let running: { controller: AbortController; version: number } | null = null;
  const patch = (p: Partial<ClustersData>): void => set((s) => ({ clusters: { ...s.clusters, ...p } }));

  return {
    clusters: { status: 'idle', k: 12, progress: 0, column: null, message: null },

    findClusters: async (k) => {
      const { dataset, datasetVersion } = get();
      if (!dataset) return;
      running?.controller.abort();
      const me = { controller: new AbortController(), version: datasetVersion };
      running = me;
      patch({ status: 'running', k, progress: 0, message: null });
      try {
        const r = await jobs.kmeans(dataset, k, CLUSTER_SEED, {
          signal: me.controller.signal,
          onProgress: (fraction) => {
            if (running === me) patch({ progress: fraction });
          },
        });
        if (running !== me) return;
        running = null;
        const now = get();
        if (!now.dataset || now.datasetVersion !== me.version) {
          // Another dataset arrived meanwhile: these clusters belong to none on screen.
          patch({ status: 'idle', progress: 0, message: null });
          return;
        }
        const column = clusterColumn(now.dataset, k, r);
        const columns = [...now.dataset.columns.filter((c) => !isClusterColumn(c.name)), column];
        set({ dataset: { ...now.dataset, columns }, colorBy: column.name });
        patch({
          status: 'done',
          progress: 1,
          column: column.name,
          message: `${k} clusters after ${r.iterations} iterations${r.converged ? '' : ' (stopped before converging)'}.`,
        });
      } catch (e) {
        if (running !== me) return;
        running = null;
        if (me.controller.signal.aborted) return;
        patch({ status: 'error', message: `Clustering failed: ${errorText(e)}` });
        get().handleLostDataset(e);
      }
    },

    cancelClusters: () => {
      if (!running) return;
      running.controller.abort();
      running = null;
      patch({ status: 'idle', progress: 0, message: 'Cancelled.' });
    },
  };
};
