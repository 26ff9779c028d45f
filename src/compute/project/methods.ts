/**
 * The catalogue of projection methods, shared by the method picker and the projection
 * worker: their names, parameters and settings, measured size limits, and a projection's
 * identity (its spec). Plain data (it imports only the pre-reduction constants), so the
 * main thread reads it without loading any algorithm.
 */
/**
 * PCA pre-reduction is on by default above PRE_REDUCE_ABOVE_DIM dimensions and reduces
 * to PRE_REDUCE_DIMS (why: see umapPipeline.ts); the UMAP pipeline reads the same constants.
 */
export { PRE_REDUCE_ABOVE_DIM, PRE_REDUCE_DIMS } from './umapThresholds';

/** Methods the projection worker runs. PCA is not here: the explore slice owns it. */
export type ProjectMethodId = 'tsne' | 'umap' | 'umap-js' | 'trimap' | 'pacmap' | 'localmap' | 'sqdmds' | 'isomap' | 'mds' | 'fastmap';
/** Everything the method picker offers. */
export type ProjectionMethodId = 'pca' | ProjectMethodId;

export interface TsneSettings {
  readonly perplexity: number;
  /** 'auto' = max(n / early exaggeration, 200) (openTSNE). */
  readonly learningRate: number | 'auto';
  /** Total iterations, early exaggeration included. */
  readonly iterations: number;
  /** P multiplier during the first 250 iterations (at most a third of the run). */
  readonly earlyExaggeration: number;
  /** P multiplier afterwards (1 = plain t-SNE; > 1 tightens clusters). */
  readonly exaggeration: number;
}

export interface UmapSettings {
  readonly nNeighbors: number;
  readonly minDist: number;
  readonly spread: number;
  /** 'auto' = 500 up to 10,000 points, 200 above (umap-learn). */
  readonly epochs: number | 'auto';
}

export interface DruidSettings {
  /** Iterations of TriMap / PaCMAP / LocalMAP / SQuadMDS; null = the method's default. */
  readonly iterations: number | null;
  /** Neighbours for PaCMAP / LocalMAP / Isomap. */
  readonly nNeighbors: number;
}

/** A projection's identity: with the same dataset, the same spec gives bit-identical coordinates. */
export interface ProjectSpec {
  readonly method: ProjectMethodId;
  readonly seed: number;
  /** Reduce to PRE_REDUCE_DIMS with PCA before the neighbour search / the method. */
  readonly preReduce: boolean;
  readonly tsne?: TsneSettings;
  readonly umap?: UmapSettings;
  readonly druid?: DruidSettings;
}

/** Exact kNN graph up to this many points; NN-descent above. */
export const EXACT_GRAPH_MAX_POINTS = 20_000;

export interface MethodInfo {
  readonly id: ProjectionMethodId;
  readonly label: string;
  readonly description: string;
  /** Where it came from, shown in the picker. */
  readonly source: 'Sprout' | 'umap-js' | 'druid.js';
  /**
   * Measured on this project's machine (GloVe rows, one busy core): above this many
   * points a run takes more than ~15 s or blocks its worker for seconds; the UI asks first.
   */
  readonly slowAbove: number;
  /** Above this many points the method would run out of memory or take minutes: refused. */
  readonly maxPoints: number;
  /** Which parameter group it takes. */
  readonly params: 'none' | 'tsne' | 'umap' | 'druid-iterative' | 'druid-neighbors' | 'druid-none';
}

export const METHODS: readonly MethodInfo[] = [
  { id: 'pca', label: 'PCA', source: 'Sprout', description: 'Linear: the two directions of largest variance. Instant; the default.', slowAbove: Infinity, maxPoints: Infinity, params: 'none' },
  { id: 'tsne', label: 't-SNE', source: 'Sprout', description: 'Keeps local neighbourhoods; FFT-accelerated gradient (openTSNE schedule), PCA initialisation.', slowAbove: 60_000, maxPoints: 500_000, params: 'tsne' },
  { id: 'umap', label: 'UMAP', source: 'Sprout', description: 'Fuzzy neighbour graph + SGD, spectral initialisation (umap-learn’s algorithm).', slowAbove: 100_000, maxPoints: 1_000_000, params: 'umap' },
  { id: 'umap-js', label: 'UMAP (umap-js)', source: 'umap-js', description: 'The umap-js reference implementation on the same neighbour graph; random initialisation.', slowAbove: 5_000, maxPoints: 50_000, params: 'umap' },
  { id: 'pacmap', label: 'PaCMAP', source: 'druid.js', description: 'Neighbour, mid-near and further pairs; balances local and global structure.', slowAbove: 10_000, maxPoints: 30_000, params: 'druid-iterative' },
  { id: 'localmap', label: 'LocalMAP', source: 'druid.js', description: 'PaCMAP with sharper local cluster separation.', slowAbove: 10_000, maxPoints: 30_000, params: 'druid-iterative' },
  { id: 'trimap', label: 'TriMap', source: 'druid.js', description: 'Preserves the order of distances within sampled triplets.', slowAbove: 2_000, maxPoints: 8_000, params: 'druid-iterative' },
  { id: 'sqdmds', label: 'SQuadMDS', source: 'druid.js', description: 'Stochastic quartet MDS: keeps distances, linear time per iteration; weak on high-dimensional data (near-random trustworthiness on GloVe).', slowAbove: 30_000, maxPoints: 200_000, params: 'druid-iterative' },
  { id: 'isomap', label: 'Isomap', source: 'druid.js', description: 'Classical MDS on geodesic (graph shortest-path) distances.', slowAbove: 1_000, maxPoints: 3_000, params: 'druid-neighbors' },
  { id: 'mds', label: 'MDS (classical)', source: 'druid.js', description: 'Eigenvectors of the double-centred distance matrix (n² memory).', slowAbove: 2_000, maxPoints: 4_000, params: 'druid-none' },
  { id: 'fastmap', label: 'FastMap', source: 'druid.js', description: 'Projects onto lines through far-apart pivot pairs; linear time.', slowAbove: 200_000, maxPoints: 2_000_000, params: 'druid-none' },
];

export function methodInfo(id: ProjectionMethodId): MethodInfo {
  const m = METHODS.find((x) => x.id === id);
  if (!m) throw new Error(`Unknown projection method ${id}`);
  return m;
}

export type LimitCheck =
  | { readonly level: 'ok' }
  /** `limit` is the size above which the method is slow (level 'slow') or refused ('refuse'). */
  | { readonly level: 'slow' | 'refuse'; readonly method: string; readonly limit: number; readonly n: number };

/** Whether `method` should run on `n` points: fine, ask first, or refuse. */
export function checkLimit(id: ProjectionMethodId, n: number): LimitCheck {
  const m = methodInfo(id);
  if (n > m.maxPoints) return { level: 'refuse', method: m.label, limit: m.maxPoints, n };
  if (n > m.slowAbove) return { level: 'slow', method: m.label, limit: m.slowAbove, n };
  return { level: 'ok' };
}
