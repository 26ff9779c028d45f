/**
 * k-means clustering of the original vectors, for the Explore view's "Find clusters":
 * k-means++ seeding (seeded), then Lloyd iterations until no point changes cluster or
 * `maxIterations`. Cosine data is clustered on unit-normalised rows (spherical
 * k-means), so clusters follow the same similarity the neighbour panel uses.
 *
 * A Steppable: one step = `budget` Lloyd iterations (seeding is the first step), so a
 * worker can run it in slices, report progress and be cancelled.
 *
 * Each cluster is named by the labels of the members nearest its centroid — for words,
 * "monday · tuesday · friday"; a name is a summary, not a classification.
 */
import type { Metric } from '../dataset';
import { squaredDistance } from '../linalg';
import { createRng } from '../random';
import { normalizeRows } from '../train/metrics';
import type { Steppable } from '../task';

export interface KMeansOptions {
  k: number;
  metric: Metric;
  seed?: number;
  maxIterations?: number;
}

export interface KMeansResult {
  readonly k: number;
  /** Cluster of each row, 0..k-1. */
  readonly codes: Uint32Array;
  /** Rows per cluster. */
  readonly sizes: Uint32Array;
  /** k × dim centroids (normalised for cosine). */
  readonly centroids: Float32Array;
  /** For each cluster, its members nearest the centroid, nearest first (up to 5). */
  readonly representatives: readonly (readonly number[])[];
  readonly iterations: number;
  /** True when no point changed cluster in the last iteration. */
  readonly converged: boolean;
}

export type KMeansTask = Steppable<{ iteration: number }, KMeansResult>;

export function createKMeans(vectors: Float32Array, n: number, dim: number, opts: KMeansOptions): KMeansTask {
  const k = Math.max(1, Math.min(Math.floor(opts.k), n));
  if (!Number.isFinite(k) || n < 1) throw new Error(`k-means needs at least one point and k ≥ 1 (n ${n}, k ${opts.k})`);
  const maxIterations = Math.max(1, opts.maxIterations ?? 50);
  const data = opts.metric === 'cosine' ? normalizeRows(vectors.subarray(0, n * dim), dim) : vectors;
  const rng = createRng(opts.seed ?? 1);
  const centroids = new Float32Array(k * dim);
  const codes = new Uint32Array(n);
  const sizes = new Uint32Array(k);
  let iteration = 0;
  let seeded = false;
  let converged = false;

  /** k-means++: each next centre drawn with probability ∝ squared distance to the nearest chosen one. */
  const seed = (): void => {
    const d2 = new Float64Array(n).fill(Infinity);
    let c = rng.int(n);
    for (let j = 0; j < k; j++) {
      centroids.set(data.subarray(c * dim, (c + 1) * dim), j * dim);
      let total = 0;
      for (let i = 0; i < n; i++) {
        const d = squaredDistance(data, i * dim, centroids, j * dim, dim);
        if (d < d2[i]) d2[i] = d;
        total += d2[i];
      }
      if (j + 1 === k) break;
      let r = rng.next() * total;
      c = n - 1;
      for (let i = 0; i < n; i++) {
        r -= d2[i];
        if (r <= 0) {
          c = i;
          break;
        }
      }
    }
    seeded = true;
  };

  /** One Lloyd iteration; returns how many points changed cluster. */
  const lloyd = (): number => {
    let changed = 0;
    for (let i = 0; i < n; i++) {
      let best = 0, bestD = Infinity;
      for (let j = 0; j < k; j++) {
        const d = squaredDistance(data, i * dim, centroids, j * dim, dim);
        if (d < bestD) {
          bestD = d;
          best = j;
        }
      }
      if (iteration === 0 || codes[i] !== best) changed++;
      codes[i] = best;
    }
    const sums = new Float64Array(k * dim);
    sizes.fill(0);
    for (let i = 0; i < n; i++) {
      const j = codes[i];
      sizes[j]++;
      for (let t = 0; t < dim; t++) sums[j * dim + t] += data[i * dim + t];
    }
    for (let j = 0; j < k; j++) {
      if (sizes[j] === 0) continue; // an empty cluster keeps its centre
      let norm = 0;
      for (let t = 0; t < dim; t++) {
        const v = sums[j * dim + t] / sizes[j];
        centroids[j * dim + t] = v;
        norm += v * v;
      }
      if (opts.metric === 'cosine' && norm > 0) {
        const s = 1 / Math.sqrt(norm);
        for (let t = 0; t < dim; t++) centroids[j * dim + t] *= s;
      }
    }
    iteration++;
    return changed;
  };

  const representatives = (): number[][] => {
    const best: { i: number; d: number }[][] = Array.from({ length: k }, () => []);
    for (let i = 0; i < n; i++) {
      const j = codes[i];
      const d = squaredDistance(data, i * dim, centroids, j * dim, dim);
      const list = best[j];
      if (list.length === 5 && d >= list[4].d) continue;
      list.push({ i, d });
      list.sort((a, b) => a.d - b.d || a.i - b.i);
      if (list.length > 5) list.pop();
    }
    return best.map((l) => l.map((x) => x.i));
  };

  return {
    step(budget) {
      if (!seeded) {
        seed();
        return false;
      }
      for (let b = 0; b < Math.max(1, budget) && !converged && iteration < maxIterations; b++) {
        if (lloyd() === 0 && iteration > 1) converged = true;
      }
      return converged || iteration >= maxIterations;
    },
    progress: () => (converged ? 1 : Math.min(1, iteration / maxIterations)),
    snapshot: () => ({ iteration }),
    result: () => ({ k, codes, sizes, centroids, representatives: representatives(), iterations: iteration, converged }),
  };
}
