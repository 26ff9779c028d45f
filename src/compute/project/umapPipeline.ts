/**
 * UMAP from raw vectors: optional PCA pre-reduction → kNN graph (exact or NN-descent)
 * → createUmap, chained into one Steppable so a worker runs, streams and cancels it
 * like any other projection. A caller holding a cached graph for (dataset, metric, k)
 * passes it in and skips straight to UMAP.
 *
 * The switches, measured in Node on this project's data (CPU ms, 2 shared cores):
 *  - exact vs NN-descent: exact blocked kNN wins below ~4 000 points (GloVe 100d:
 *    2k → 118 vs 145 ms, 4k → 438 vs 422 ms; MNIST-PCA 50d: 4k → 252 vs 185 ms), and
 *    loses ~3× at 10k (GloVe: 3.0 s vs 1.1 s). So exact up to EXACT_KNN_MAX_N.
 *  - PCA pre-reduction to 50 dims: NN-descent cost grows with dim; PCA(d→50) + kNN(50)
 *    vs kNN(d) on MNIST-derived data: d = 100: 0.68 vs 0.94 s, d = 160: 1.14 vs 1.49 s,
 *    d = 200: 0.91 vs 1.67 s, d = 784: 4.4 vs 6.8 s — and on MNIST the layout is as good
 *    or better (10-NN accuracy 0.94–0.95 vs 0.92 raw). But on GloVe 100d (a flat
 *    spectrum) reduction lost neighbours (layout recall@10 0.21 vs 0.23) for no time
 *    gained. So reduce only above PRE_REDUCE_ABOVE_DIM = 128 dims: word vectors (50–
 *    128d) keep their geometry, image-like data (hundreds of dims) gets the speed-up.
 *  - cosine data is row-normalised before PCA, and the kNN runs euclidean on the
 *    scores; distances are mapped back by cos = d²/2 (exact for unit vectors).
 *
 * The projection worker (workers/projectHandlers.ts) runs the same chain with the same
 * pieces — normalizeRows, createNeighborGraph, then createUmap, which alone goes graph →
 * fuzzy set → init → epochs — but as separate phases, because it caches the prepared
 * data and the neighbour graph across methods (t-SNE, umap-js share them) and reports
 * per-phase progress and timings. Its own choices stay its own: exact kNN up to 20 000
 * points (a cached exact graph serves any smaller k), PCA seeded 0 so the cache is
 * seed-independent.
 */
import type { Metric } from '../dataset';
import { createKnnGraph, type KnnGraph } from '../neighbors/knn';
import { createNNDescent } from '../neighbors/nndescent';
import { createParallelKnnGraph } from '../neighbors/knnParallel';
import type { KernelPool } from '../parallel/types';
import type { Steppable } from '../task';
import { createPca } from './pca';
import { createUmap, DEFAULT_UMAP_PARAMS, type UmapParams } from './umap';
import { PRE_REDUCE_ABOVE_DIM, PRE_REDUCE_DIMS } from './umapThresholds';

export { PRE_REDUCE_ABOVE_DIM, PRE_REDUCE_DIMS };
/** Exact kNN up to this many points (also umap-learn's switch to approximate search). */
export const EXACT_KNN_MAX_N = 4096;

export interface UmapPipelineOptions {
  metric: Metric;
  umap?: Partial<UmapParams>;
  /** A neighbour graph of these vectors with at least nNeighbors − 1 columns: skips PCA and kNN. */
  graph?: KnnGraph;
  /** 'auto' (PRE_REDUCE_DIMS when dim > PRE_REDUCE_ABOVE_DIM), a component count, or 0 for none. */
  preReduce?: 'auto' | number;
  /** 'auto' = exact up to EXACT_KNN_MAX_N points, NN-descent above. */
  neighbors?: 'auto' | 'exact' | 'nndescent';
}

export interface UmapPlan {
  /** PCA components to reduce to first; 0 = use the vectors as they are. */
  preReduceTo: number;
  neighbors: 'exact' | 'nndescent';
  k: number;
}

export function planUmap(n: number, dim: number, opts: UmapPipelineOptions): UmapPlan {
  const k = opts.umap?.nNeighbors ?? DEFAULT_UMAP_PARAMS.nNeighbors;
  const pre = opts.preReduce ?? 'auto';
  const preReduceTo =
    pre === 'auto' ? (dim > PRE_REDUCE_ABOVE_DIM && n > PRE_REDUCE_DIMS ? PRE_REDUCE_DIMS : 0) : Math.max(0, Math.min(Math.floor(pre), dim));
  const neighbors = !opts.neighbors || opts.neighbors === 'auto' ? (n <= EXACT_KNN_MAX_N ? 'exact' : 'nndescent') : opts.neighbors;
  return { preReduceTo: preReduceTo >= dim ? 0 : preReduceTo, neighbors, k };
}

/**
 * Budget units: about 1 ms of work each (≈ 1M multiply-adds), converted per stage so a
 * budget that runSliced tuned for one stage does not overrun the next.
 */
export function createUmapPipeline(
  vectors: Float32Array,
  n: number,
  dim: number,
  opts: UmapPipelineOptions,
): Steppable<Float32Array, Float32Array> {
  if (vectors.length !== n * dim) throw new Error(`umap: expected ${n}×${dim} values, got ${vectors.length}`);
  const plan = planUmap(n, dim, opts);
  const seed = opts.umap?.seed ?? DEFAULT_UMAP_PARAMS.seed;
  type Stage = 'pca' | 'knn' | 'umap' | 'done';
  let stage: Stage = opts.graph ? 'umap' : plan.preReduceTo > 0 ? 'pca' : 'knn';
  let space = { vectors, dim, metric: opts.metric };
  let pcaTask: ReturnType<typeof createPca> | null = null;
  let knnTask: Steppable<unknown, KnnGraph> | null = null;
  let umapTask: Steppable<Float32Array, Float32Array> | null = null;
  let fromCosineScores = false;
  const empty = new Float32Array(n * 2);

  const startKnn = (): void => {
    // nNeighbors counts the point itself; the graph lists only others.
    const k = Math.min(Math.max(1, plan.k - 1), Math.max(1, n - 1));
    knnTask = createNeighborGraph(space.vectors, n, space.dim, k, space.metric, plan.neighbors, seed);
  };
  const startUmap = (graph: KnnGraph): void => {
    umapTask = createUmap({ n, graph }, opts.umap ?? {});
  };
  if (stage === 'umap') startUmap(opts.graph as KnnGraph);

  function stepStage(budget: number): boolean {
    switch (stage) {
      case 'pca': {
        if (!pcaTask) {
          // Cosine: unit rows first, so euclidean on the scores ranks like cosine did.
          const input = opts.metric === 'cosine' ? normalizeRows(vectors, n, dim) : vectors;
          pcaTask = createPca(input, n, dim, plan.preReduceTo, { seed });
        }
        if (!pcaTask.step(budget)) return false;
        const r = pcaTask.result();
        space = { vectors: r.scores, dim: r.components, metric: 'euclidean' };
        fromCosineScores = opts.metric === 'cosine';
        pcaTask = null;
        stage = 'knn';
        return true;
      }
      case 'knn': {
        if (!knnTask) startKnn();
        const task = knnTask as Steppable<unknown, KnnGraph>;
        // Exact: a unit is a 64×64 tile; NN-descent: one point's local join (~330 pairs).
        const perUnit = plan.neighbors === 'exact' ? 4096 * space.dim : 330 * space.dim;
        if (!task.step(Math.max(1, Math.floor((budget * 1e6) / perUnit)))) return false;
        const graph = task.result();
        if (fromCosineScores) for (let t = 0; t < graph.distances.length; t++) graph.distances[t] = (graph.distances[t] * graph.distances[t]) / 2;
        knnTask = null;
        startUmap(graph);
        stage = 'umap';
        return true;
      }
      case 'umap': {
        // An epoch costs roughly n·nNeighbors·40 "multiply-adds" (measured 3–5 ms at 10k).
        const perUnit = Math.max(1, n * plan.k * 40);
        if (!(umapTask as Steppable<Float32Array, Float32Array>).step(Math.max(1, Math.floor((budget * 1e6) / perUnit)))) return false;
        stage = 'done';
        return true;
      }
      case 'done':
        return true;
    }
  }

  const weights = { pca: 0.1, knn: 0.3, umap: 0.6 };
  const startOf = { pca: 0, knn: plan.preReduceTo > 0 && !opts.graph ? weights.pca : 0, umap: 0 };
  startOf.umap = opts.graph ? 0 : startOf.knn + weights.knn;

  return {
    step(budget: number): boolean {
      // Return at a stage boundary so the caller re-measures its budget for the next stage.
      stepStage(Math.max(1, budget));
      return stage === 'done';
    },
    progress(): number {
      switch (stage) {
        case 'pca':
          return startOf.pca + (pcaTask ? pcaTask.progress() : 0) * weights.pca;
        case 'knn':
          return startOf.knn + (knnTask ? knnTask.progress() : 0) * weights.knn;
        case 'umap': {
          const p = (umapTask as Steppable<Float32Array, Float32Array>).progress();
          return startOf.umap + p * (1 - startOf.umap);
        }
        case 'done':
          return 1;
      }
    },
    snapshot(): Float32Array {
      return umapTask ? umapTask.snapshot() : empty.slice();
    },
    result(): Float32Array {
      if (stage !== 'done') throw new Error('umap: not finished');
      return (umapTask as Steppable<Float32Array, Float32Array>).result();
    },
  };
}

/**
 * The k-nearest-neighbour graph of n×dim vectors, exact (blocked brute force) or by
 * NN-descent (seeded): the neighbour step of this pipeline and of the projection worker.
 * On the threads of `pool` when given one: the same graph either way.
 */
export function createNeighborGraph(
  vectors: Float32Array,
  n: number,
  dim: number,
  k: number,
  metric: Metric,
  method: 'exact' | 'nndescent',
  seed: number,
  pool?: KernelPool,
): Steppable<unknown, KnnGraph> {
  if (method === 'nndescent') return createNNDescent(vectors, n, dim, { k, metric, seed }, { pool });
  return pool && pool.threads > 1 ? createParallelKnnGraph(pool, vectors, n, dim, k, metric) : createKnnGraph(vectors, n, dim, k, metric);
}

/** Unit-length rows (a zero row stays zero): euclidean on them ranks like cosine. */
export function normalizeRows(vectors: Float32Array, n: number, dim: number): Float32Array {
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let t = 0; t < dim; t++) s += vectors[i * dim + t] * vectors[i * dim + t];
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let t = 0; t < dim; t++) out[i * dim + t] = vectors[i * dim + t] * inv;
  }
  return out;
}
