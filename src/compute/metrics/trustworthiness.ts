/**
 * Trustworthiness (Venna & Kaski 2001): are the layout's neighbours real neighbours?
 *   T(k) = 1 − 2 / (n·k·(2n − 3k − 1)) · Σ_i Σ_{j ∈ U_k(i)} (r(i, j) − k)
 * where U_k(i) are the points among i's k nearest in 2D that are not among its k
 * nearest in the original space, and r(i, j) is j's rank among i's original-space
 * neighbours (1 = nearest). 1 = no false neighbours; ~0.5 for a random layout.
 *
 * Sampled: the sum over i runs over `sample` query points (default 1000, drawn with
 * `samplePoints(n, sample, seed)`) and is scaled by n / sample; ranks are exact (each
 * query computes its distances to all n points, ties broken by index). Needs k < n/2.
 */
import { distanceRows, type HighDimSpace } from './highDim';
import { createLayoutIndex } from './layoutKnn';
import { samplePoints } from './sampling';

export interface TrustworthinessOptions {
  k?: number;
  sample?: number;
  seed?: number;
}

export function trustworthiness(
  layout: Float32Array,
  n: number,
  original: HighDimSpace,
  opts: TrustworthinessOptions = {},
): number {
  const k = opts.k ?? 10;
  if (!(Number.isInteger(k) && k >= 1 && k < n / 2)) throw new Error(`trustworthiness: need 1 ≤ k < n/2 (k ${k}, n ${n})`);
  const queries = samplePoints(n, opts.sample ?? 1000, opts.seed ?? 0);
  const index = createLayoutIndex(layout, n);
  const rows = distanceRows(original, n);
  const d = new Float64Array(n);
  const low = new Int32Array(k);
  let penalty = 0;
  for (let q = 0; q < queries.length; q++) {
    const i = queries[q];
    rows.row(i, d);
    const got = index.knn(i, k, low);
    for (let b = 0; b < got; b++) {
      const j = low[b];
      const dj = d[j];
      // Rank of j among i's original-space neighbours: 1 + how many come before it.
      let rank = 1;
      for (let l = 0; l < n; l++) {
        const dl = d[l];
        if (dl < dj || (dl === dj && l < j)) rank++;
      }
      if (rank > k) penalty += rank - k;
    }
  }
  if (queries.length === 0) return 1;
  const scaled = (penalty * n) / queries.length;
  return 1 - (2 / (n * k * (2 * n - 3 * k - 1))) * scaled;
}
