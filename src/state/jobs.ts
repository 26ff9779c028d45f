import type { Dataset } from '../compute/dataset';
import type { Neighbor } from './types';

/** What the store asks of the workers. The real implementation is createWorkerJobs(); tests pass a fake. */
export interface AppJobs {
  loadBuiltin(file: string, opts: { signal?: AbortSignal; onProgress?: (loadedBytes: number, totalBytes: number | null) => void }): Promise<Dataset>;
  pca(dataset: Dataset, components: number, opts?: { signal?: AbortSignal }): Promise<PcaResult>;
  neighbors(dataset: Dataset, index: number, k: number, opts?: { signal?: AbortSignal }): Promise<Neighbor[]>;
}

export interface PcaResult {
  readonly components: number;
  /** n × components */
  readonly scores: Float32Array;
  readonly explainedRatio: number[];
}
