import type { Dataset, Metric } from '../compute/dataset';
import type { LayoutQuality } from '../compute/metrics/layoutQuality';
import type { Neighbor } from '../state/types';

/**
 * Every job the app's compute worker can run: kind → { params, progress, result }.
 * Buffers in params/results cross threads by structured clone or transfer; see jobs.ts.
 */
// A type alias, not an interface: only aliases satisfy JobMap's string index implicitly.
export type AppJobMap = {
  loadBuiltin: {
    params: { url: string; id: string };
    progress: { loadedBytes: number; totalBytes: number | null };
    result: Dataset;
  };
  pca: {
    params: { vectors: Float32Array; n: number; dim: number; components: number };
    progress: { fraction: number };
    result: { components: number; scores: Float32Array; explainedRatio: number[] };
  };
  neighbors: {
    params: { vectors: Float32Array; n: number; dim: number; index: number; k: number; metric: Metric };
    progress: never;
    result: Neighbor[];
  };
  /** Quality figures of any n × 2 layout of the vectors (the Compare view's PCA, say). */
  layoutQuality: {
    params: { vectors: Float32Array; n: number; dim: number; metric: Metric; coords: Float32Array; codes: Uint32Array | null };
    progress: never;
    result: LayoutQuality;
  };
  /** k-means of the original vectors (the Explore view's "Find clusters"). */
  kmeans: {
    params: { vectors: Float32Array; n: number; dim: number; metric: Metric; k: number; seed: number };
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
