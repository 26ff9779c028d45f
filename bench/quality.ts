/**
 * The bench's one yardstick for every layout, ours and the peers' alike:
 *  - recall@10: the share of each point's 10 nearest neighbours in the input space that
 *    are among its 10 nearest in 2D;
 *  - trustworthiness@10 (Venna & Kaski): are the 2D neighbours real neighbours (ranks in
 *    the input space, ties by index);
 *  - 10-NN accuracy in 2D of the class labels, where the data has them (MNIST).
 * Over every point up to 20,000 points, over a fixed seeded sample of 2,000 above. The
 * input space is the data as loaded (cosine for GloVe, euclidean for MNIST), never a
 * method's own reduction of it, so a method gains nothing from its pre-processing.
 *
 * Input-space distances come a block of 64 query rows at a time from the dense SIMD
 * kernel (f32 dot products, distances in f64 from them) and serve every layout of the
 * data at once: one pass per data set, however many layouts are scored.
 */
import type { Metric } from '../src/compute/dataset';
import { rowNorms } from '../src/compute/linalg';
import { smallestK } from '../src/compute/metrics/highDim';
import { knnAccuracy } from '../src/compute/metrics/knnAccuracy';
import { createLayoutIndex } from '../src/compute/metrics/layoutKnn';
import { samplePoints } from '../src/compute/metrics/sampling';
import { copyRowsPadded, createDenseArena, padTo4 } from '../src/compute/simd/dense';

export const QUALITY_K = 10;
export const ALL_POINTS_UP_TO = 20_000;
export const SAMPLE = 2000;
const SEED = 7;
const BLOCK = 64;

export interface Quality {
  readonly recall10: number;
  readonly trust10: number;
  readonly acc10?: number;
  /** Query points the figures are over. */
  readonly points: number;
}

export interface Space {
  readonly vectors: Float32Array;
  readonly n: number;
  readonly dim: number;
  readonly metric: Metric;
  readonly codes: Uint32Array | null;
}

/** Scores every layout (n × 2 each; null = skip) of one data set. */
export function scoreLayouts(space: Space, layouts: readonly (Float32Array | null)[]): (Quality | null)[] {
  const { vectors, n, dim, metric } = space;
  const k = QUALITY_K;
  const queries = n <= ALL_POINTS_UP_TO ? Int32Array.from({ length: n }, (_, i) => i) : samplePoints(n, SAMPLE, SEED);
  const live = layouts.map((l) => (l && l.length === 2 * n && l.every(Number.isFinite) ? l : null));
  const index = live.map((l) => (l ? createLayoutIndex(l, n) : null));
  const hits = live.map(() => 0);
  const penalty = live.map(() => 0);

  const ld = padTo4(dim);
  const arena = createDenseArena([n * ld * 4, BLOCK * ld * 4, BLOCK * n * 4]);
  const [pX, pQ, pOut] = arena.ptr;
  copyRowsPadded(arena, pX, vectors, n, dim);
  const norms = rowNorms(vectors, n, dim);
  const d = new Float64Array(n);
  const exact = new Int32Array(k);
  const low = new Int32Array(k);
  const X = arena.f32(pX, n * ld);
  const Q = arena.f32(pQ, BLOCK * ld);
  const out = arena.f32(pOut, BLOCK * n);

  for (let b0 = 0; b0 < queries.length; b0 += BLOCK) {
    const m = Math.min(BLOCK, queries.length - b0);
    for (let r = 0; r < m; r++) Q.set(X.subarray(queries[b0 + r] * ld, (queries[b0 + r] + 1) * ld), r * ld);
    arena.dots(pQ, ld, m, pX, ld, n, ld, pOut, n, 0);
    for (let r = 0; r < m; r++) {
      const i = queries[b0 + r];
      distanceRow(out.subarray(r * n, (r + 1) * n), norms, i, metric, d);
      const got = smallestK(d, k, exact);
      const truth = new Set(exact.subarray(0, got));
      for (let L = 0; L < live.length; L++) {
        const idx = index[L];
        if (!idx) continue;
        const m2 = idx.knn(i, k, low);
        for (let t = 0; t < m2; t++) {
          const j = low[t];
          if (truth.has(j)) {
            hits[L]++;
            continue;
          }
          // j's rank among i's input-space neighbours: 1 + how many come before it.
          const dj = d[j];
          let rank = 1;
          for (let l = 0; l < n; l++) if (d[l] < dj || (d[l] === dj && l < j)) rank++;
          penalty[L] += rank - k;
        }
      }
    }
  }
  const q = queries.length;
  const norm = 2 / (n * k * (2 * n - 3 * k - 1));
  return live.map((l, L) => {
    if (!l) return null;
    const result: Quality = {
      recall10: hits[L] / (q * k),
      trust10: 1 - norm * ((penalty[L] * n) / q),
      points: q,
      ...(space.codes ? { acc10: knnAccuracy(l, space.codes, k) } : {}),
    };
    return result;
  });
}

/** Distances from i to every point from its row of dot products (i itself: +∞). */
function distanceRow(dots: Float32Array, norms: Float32Array, i: number, metric: Metric, d: Float64Array): void {
  const n = d.length;
  const ni = norms[i];
  if (metric === 'cosine') {
    for (let j = 0; j < n; j++) {
      const nn = ni * norms[j];
      d[j] = nn > 0 ? 1 - dots[j] / nn : 1;
    }
  } else {
    for (let j = 0; j < n; j++) d[j] = ni * ni + norms[j] * norms[j] - 2 * dots[j];
  }
  d[i] = Infinity;
}

