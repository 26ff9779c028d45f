/**
 * kNN recall@10 of a 2D layout, sampled: for a fixed seeded sample of query points, the
 * share of each one's 10 nearest neighbours in the original space (brute force) that are
 * also among its 10 nearest in the layout (brute force). One function for every layout
 * of a case, so ours and umap-learn's are scored on the same queries. The original-space
 * neighbours are computed once per case (the expensive part: queries × n × dim).
 */
import type { Metric } from '../../src/compute/dataset';
import { distanceRows, smallestK } from '../../src/compute/metrics/highDim';
import { samplePoints } from '../../src/compute/metrics/sampling';

export const RECALL_K = 10;

export interface RecallTruth {
  readonly queries: Int32Array;
  /** queries.length × RECALL_K original-space neighbours. */
  readonly neighbors: Int32Array;
}

export function recallTruth(vectors: Float32Array, n: number, dim: number, metric: Metric, sample: number, seed: number): RecallTruth {
  const queries = samplePoints(n, sample, seed);
  const rows = distanceRows({ vectors, dim, metric }, n);
  const d = new Float64Array(n);
  const out = new Int32Array(RECALL_K);
  const neighbors = new Int32Array(queries.length * RECALL_K);
  queries.forEach((q, t) => {
    rows.row(q, d);
    smallestK(d, RECALL_K, out);
    neighbors.set(out, t * RECALL_K);
  });
  return { queries, neighbors };
}

export function sampledRecall(layout: Float32Array, n: number, truth: RecallTruth): number {
  const d = new Float64Array(n);
  const out = new Int32Array(RECALL_K);
  let hit = 0;
  truth.queries.forEach((q, t) => {
    const x = layout[2 * q];
    const y = layout[2 * q + 1];
    for (let j = 0; j < n; j++) {
      const dx = layout[2 * j] - x;
      const dy = layout[2 * j + 1] - y;
      d[j] = dx * dx + dy * dy;
    }
    d[q] = Infinity;
    smallestK(d, RECALL_K, out);
    const want = new Set(truth.neighbors.subarray(t * RECALL_K, (t + 1) * RECALL_K));
    for (const j of out) if (want.has(j)) hit++;
  });
  return hit / (truth.queries.length * RECALL_K);
}
