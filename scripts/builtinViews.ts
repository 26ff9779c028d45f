/**
 * What a built-in set shows before anyone clicks: a UMAP layout and named k-means
 * clusters, computed at `npm run data` by the same code, with the same spec, seed and k,
 * that the app runs when asked (the projection worker's ProjectWorkspace, the data
 * worker's k-means), on the vectors exactly as the app decodes them. So the first view
 * is what Run UMAP / Find clusters would give, without the 4–15 s they take in a tab —
 * and running them again shows the stored result (same spec, same identity).
 */
import { splitDataset, type Column, type FullDataset, type StoredLayout } from '../src/compute/dataset';
import { createKMeans } from '../src/compute/cluster/kmeans';
import type { ProjectSpec } from '../src/compute/project/methods';
import { ProjectWorkspace } from '../src/compute/project/session';
import { runToEnd } from '../src/compute/task';
import { CLUSTER_SEED, clusterColumn, initialClustersData } from '../src/state/clustersTypes';
import { DEFAULT_PROJECTION_SETTINGS, specFor } from '../src/state/projectTypes';

/** k of the stored clusters: the Clusters panel's default, so "Find clusters" gives the same. */
export const BUILTIN_CLUSTER_K = initialClustersData.k;

/** The spec of the stored UMAP: what the Projection panel runs with its default settings. */
export function builtinUmapSpec(ds: Pick<FullDataset, 'dim'>): ProjectSpec {
  return specFor('umap', DEFAULT_PROJECTION_SETTINGS, ds);
}

/** Turns of the event loop in Node without a timer's millisecond. */
const yieldNow = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Our UMAP of `stored` with the app's default spec, run the way the projection worker runs it. */
export async function precomputeUmap(stored: FullDataset): Promise<StoredLayout> {
  const spec = builtinUmapSpec(stored);
  const workspace = new ProjectWorkspace({ yieldNow });
  workspace.putTable(splitDataset(stored).table);
  const res = await workspace.run({ sessionId: 1, mode: 'run', open: { datasetId: stored.id, codes: null, spec } }, new AbortController().signal, () => undefined);
  return { name: 'UMAP', coords: res.coords, spec };
}

/** "Find clusters" with the default k, as the data worker computes and names them. */
export function precomputeClusters(stored: FullDataset): Column {
  const k = BUILTIN_CLUSTER_K;
  const r = runToEnd(createKMeans(stored.vectors, stored.n, stored.dim, { k, metric: stored.metric, seed: CLUSTER_SEED }));
  return clusterColumn(stored, k, r);
}

export interface ViewPlan {
  readonly umap: boolean;
  readonly clusters: boolean;
}

/** `ds` with its first view added (a UMAP layout, a clusters column), computed on `stored` (ds as the app decodes it). */
export async function withFirstView(ds: FullDataset, stored: FullDataset, plan: ViewPlan): Promise<FullDataset> {
  const layouts = plan.umap ? [await precomputeUmap(stored)] : [];
  const columns = plan.clusters ? [...ds.columns, precomputeClusters(stored)] : ds.columns;
  return { ...ds, columns, ...(layouts.length > 0 ? { layouts } : {}) };
}
