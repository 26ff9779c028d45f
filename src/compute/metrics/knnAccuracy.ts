/**
 * k-NN classification accuracy in a 2D layout: the share of points whose majority
 * label among their k nearest layout neighbours equals their own label. A label-aware
 * measure of how well classes stay together (MNIST digits, word kinds).
 *
 * Ties between labels with equal votes go to the label that reached that count first
 * when scanning neighbours nearest first (so nearer votes decide). Points whose code is
 * MISSING_CODE are not scored and do not vote; a point with no labelled neighbour
 * among its k is not scored either.
 * Sampling: all points by default; `sample` scores a seeded subset (samplePoints).
 */
import { MISSING_CODE } from '../dataset';
import { createLayoutIndex } from './layoutKnn';
import { samplePoints } from './sampling';

export interface KnnAccuracyOptions {
  sample?: number;
  seed?: number;
}

export function knnAccuracy(layout: Float32Array, codes: Uint32Array, k = 10, opts: KnnAccuracyOptions = {}): number {
  const n = codes.length;
  if (layout.length < n * 2) throw new Error(`knnAccuracy: layout has ${layout.length / 2} points, labels ${n}`);
  const index = createLayoutIndex(layout, n);
  const queries = samplePoints(n, opts.sample ?? n, opts.seed ?? 0);
  const nb = new Int32Array(Math.max(1, k));
  const votes = new Map<number, number>();
  let scored = 0;
  let correct = 0;
  for (let q = 0; q < queries.length; q++) {
    const i = queries[q];
    const own = codes[i];
    if (own === MISSING_CODE) continue;
    const got = index.knn(i, k, nb);
    if (got === 0) continue;
    votes.clear();
    let best = MISSING_CODE;
    let bestVotes = 0;
    for (let t = 0; t < got; t++) {
      const c = codes[nb[t]];
      if (c === MISSING_CODE) continue;
      const v = (votes.get(c) ?? 0) + 1;
      votes.set(c, v);
      // Strictly more votes wins; on a tie the earlier (nearer) leader keeps it.
      if (v > bestVotes) {
        best = c;
        bestVotes = v;
      }
    }
    if (bestVotes === 0) continue;
    scored++;
    if (best === own) correct++;
  }
  return scored > 0 ? correct / scored : 1;
}
