/**
 * Phase 1 of a projection: the data a method works on. Cosine data bound for PCA or
 * druid.js is L2-normalised (euclidean distance between unit rows ranks exactly like
 * cosine distance), then optionally reduced with PCA; t-SNE also gets the first two PCA
 * scores as its starting layout. The recipe is also the key of the prepared-data cache.
 */
import type { Metric, VectorTable } from '../dataset';
import type { KernelPool } from '../parallel/types';
import type { Steppable } from '../task';
import type { ProjectSpec } from './methods';
import { createPca } from './pca';
import { normalizeRows } from './umapPipeline';
import { PRE_REDUCE_DIMS } from './umapThresholds';

/** The data a method works on: normalised (cosine), maybe PCA-reduced. */
export interface Prepared {
  readonly data: Float32Array;
  readonly dim: number;
  /** Metric of `data` for the neighbour graph. */
  readonly metric: Metric;
  /** n × 2 PCA scores, t-SNE's starting layout (null when not needed). */
  readonly pca2: Float32Array | null;
}

/** How a session's data is prepared. */
export interface PrepareRecipe {
  /** PCA to PRE_REDUCE_DIMS first. */
  readonly reduce: boolean;
  /** L2-normalise rows (cosine data going through PCA or into druid.js, which is euclidean-only). */
  readonly normalize: boolean;
  /** Also produce the first two PCA scores (t-SNE's starting layout). */
  readonly init: boolean;
}

export function recipeOf(table: VectorTable, spec: ProjectSpec): PrepareRecipe {
  const reduce = spec.preReduce && table.dim > PRE_REDUCE_DIMS;
  const graphMethod = spec.method === 'tsne' || spec.method === 'umap' || spec.method === 'umap-js';
  return { reduce, normalize: table.metric === 'cosine' && (reduce || !graphMethod), init: spec.method === 'tsne' };
}

/** Same key = same prepared data. */
export function preparedKey(table: VectorTable, r: PrepareRecipe): string {
  return `${table.id}|${r.reduce ? 'pca' : 'raw'}|${r.normalize ? 'unit' : ''}|${r.init ? 'init' : ''}`;
}

function firstTwo(scores: Float32Array, n: number, k: number): Float32Array {
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    out[2 * i] = scores[i * k];
    out[2 * i + 1] = k > 1 ? scores[i * k + 1] : 0;
  }
  return out;
}

/** The preparation as a Steppable (its PCA is the slow part). */
export function createPrepare(table: VectorTable, recipe: PrepareRecipe, pool?: KernelPool): Steppable<number, Prepared> {
  const { n, dim, metric } = table;
  const { reduce, normalize, init } = recipe;
  const base = normalize ? normalizeRows(table.vectors, n, dim) : table.vectors;
  // The graph keeps the data's own metric unless the rows were changed (then euclidean).
  const baseMetric: Metric = normalize || reduce ? 'euclidean' : metric;
  const components = Math.min(reduce ? PRE_REDUCE_DIMS : init ? 2 : 0, dim, n - 1);
  if (components < 1) {
    const prepared: Prepared = { data: base, dim, metric: baseMetric, pca2: init ? new Float32Array(2 * n) : null };
    return { step: () => true, progress: () => 1, snapshot: () => 1, result: () => prepared };
  }
  const pca = createPca(base, n, dim, components, { seed: 0, pool });
  let prepared: Prepared | null = null;
  return {
    step(budget) {
      if (prepared) return true;
      if (!pca.step(budget)) return false;
      const r = pca.result();
      const pca2 = init ? firstTwo(r.scores, n, r.components) : null;
      prepared = reduce ? { data: r.scores, dim: r.components, metric: 'euclidean', pca2 } : { data: base, dim, metric: baseMetric, pca2 };
      return true;
    },
    progress: () => (prepared ? 1 : pca.progress()),
    snapshot: () => (prepared ? 1 : pca.progress()),
    result() {
      if (!prepared) throw new Error('prepare: not finished');
      return prepared;
    },
  };
}
