import type { Dataset, Metric } from '../compute/dataset';
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
};
