/**
 * Brute-force distances from one point to all others in the original space, for the
 * sampled layout metrics (O(n·dim) per query; the metrics sample queries to stay cheap).
 * Cosine distance = 1 − cosine similarity (0 for a zero vector against anything, as 1 −
 * 0 would rank zero vectors as everyone's neighbour), euclidean = squared distance here
 * (only the order matters to the metrics).
 */
import type { Metric } from '../dataset';
import { dot, rowNorms, squaredDistance } from '../linalg';

export interface HighDimSpace {
  readonly vectors: Float32Array;
  readonly dim: number;
  readonly metric: Metric;
}

export interface DistanceRows {
  /** Fills out[j] with the distance from i to j for every j (out[i] = +∞). */
  row(i: number, out: Float64Array): void;
}

export function distanceRows(space: HighDimSpace, n: number): DistanceRows {
  const { vectors, dim, metric } = space;
  if (vectors.length < n * dim) throw new Error(`metrics: expected ${n}×${dim} values, got ${vectors.length}`);
  const norms = metric === 'cosine' ? rowNorms(vectors, n, dim) : null;
  return {
    row(i: number, out: Float64Array): void {
      const oi = i * dim;
      if (norms) {
        const ni = norms[i];
        for (let j = 0; j < n; j++) {
          const nn = ni * norms[j];
          out[j] = nn > 0 ? 1 - dot(vectors, oi, vectors, j * dim, dim) / nn : 1;
        }
      } else {
        for (let j = 0; j < n; j++) out[j] = squaredDistance(vectors, oi, vectors, j * dim, dim);
      }
      out[i] = Infinity;
    },
  };
}

/**
 * Indices of the k smallest entries of d (ties → smaller index), nearest first.
 * One pass with a bounded insertion list: k is small (10).
 */
export function smallestK(d: Float64Array, k: number, out: Int32Array): number {
  let size = 0;
  for (let j = 0; j < d.length; j++) {
    const v = d[j];
    if (v === Infinity) continue;
    if (size === k && !(v < d[out[k - 1]])) continue;
    let pos = size < k ? size++ : k - 1;
    while (pos > 0 && v < d[out[pos - 1]]) {
      out[pos] = out[pos - 1];
      pos--;
    }
    out[pos] = j;
  }
  return size;
}
