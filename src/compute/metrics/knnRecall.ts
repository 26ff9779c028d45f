/**
 * kNN recall@k of a 2D layout: for each point, the share of its k nearest neighbours
 * in the original space that are also among its k nearest in the layout; averaged.
 * 1 = every neighbourhood kept, ≈ k/n for a random layout.
 *
 * The original neighbours come either from a kNN graph (only its first k columns are
 * read; pass an exact graph, an approximate one biases the figure) or from the
 * vectors by brute force. Sampling: with a graph every point is a query by default;
 * with vectors `sample` query points (default 2000) are drawn with `samplePoints(n,
 * sample, seed)` because each costs O(n·dim). Neighbours in 2D are exact (grid).
 */
import type { KnnGraph } from '../neighbors/knn';
import { distanceRows, smallestK, type HighDimSpace } from './highDim';
import { createLayoutIndex } from './layoutKnn';
import { samplePoints } from './sampling';

export interface KnnRecallOptions {
  k?: number;
  /** Query points to average over; default all (graph) or 2000 (vectors). */
  sample?: number;
  seed?: number;
}

export function knnRecall(
  layout: Float32Array,
  n: number,
  original: KnnGraph | HighDimSpace,
  opts: KnnRecallOptions = {},
): number {
  const k = Math.min(opts.k ?? 10, n - 1);
  if (k < 1) return 1;
  const isGraph = 'indices' in original;
  if (isGraph && original.k < k) throw new Error(`knnRecall: graph has ${original.k} neighbours per point, need ${k}`);
  const queries = samplePoints(n, opts.sample ?? (isGraph ? n : 2000), opts.seed ?? 0);
  const index = createLayoutIndex(layout, n);
  const low = new Int32Array(k);
  const high = new Int32Array(k);
  const rows = isGraph ? null : distanceRows(original, n);
  const d = isGraph ? null : new Float64Array(n);
  let total = 0;
  for (let q = 0; q < queries.length; q++) {
    const i = queries[q];
    let m: number;
    if (isGraph) {
      m = 0;
      for (let t = 0; t < k; t++) {
        const j = original.indices[i * original.k + t];
        if (j >= 0 && j !== i) high[m++] = j;
      }
    } else {
      (rows as ReturnType<typeof distanceRows>).row(i, d as Float64Array);
      m = smallestK(d as Float64Array, k, high);
    }
    const got = index.knn(i, k, low);
    let hit = 0;
    for (let a = 0; a < m; a++) {
      for (let b = 0; b < got; b++) {
        if (low[b] === high[a]) {
          hit++;
          break;
        }
      }
    }
    total += m > 0 ? hit / m : 1;
  }
  return queries.length > 0 ? total / queries.length : 1;
}
