import { describe, expect, it } from 'vitest';
import type { Metric } from '../dataset';
import { createRng } from '../random';
import { createNNDescent, nnDescent } from './nndescent';

/** Seeded Gaussian clusters: `clusters` centres spread wide, points scattered around them. */
function clustered(n: number, dim: number, clusters: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const centres = Float32Array.from({ length: clusters * dim }, () => rng.gaussian() * 4);
  const v = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const c = i % clusters;
    for (let t = 0; t < dim; t++) v[i * dim + t] = centres[c * dim + t] + rng.gaussian();
  }
  return v;
}

function distance(v: Float32Array, dim: number, a: number, b: number, metric: Metric): number {
  let dot = 0, na = 0, nb = 0, sq = 0;
  for (let t = 0; t < dim; t++) {
    const x = v[a * dim + t], y = v[b * dim + t];
    dot += x * y;
    na += x * x;
    nb += y * y;
    sq += (x - y) * (x - y);
  }
  return metric === 'cosine' ? 1 - dot / Math.sqrt(na * nb) : Math.sqrt(sq);
}

/** The exact k nearest of every row, by sorting all distances (ties → lower index). */
function bruteForce(v: Float32Array, n: number, dim: number, k: number, metric: Metric): Int32Array {
  const out = new Int32Array(n * k);
  for (let i = 0; i < n; i++) {
    const order = Array.from({ length: n }, (_, j) => j).filter((j) => j !== i);
    const d = order.map((j) => distance(v, dim, i, j, metric));
    const idx = order.map((_, t) => t).sort((a, b) => d[a] - d[b] || order[a] - order[b]);
    for (let t = 0; t < k; t++) out[i * k + t] = order[idx[t]];
  }
  return out;
}

function recall(approx: Int32Array, exact: Int32Array, n: number, k: number): number {
  let hit = 0;
  for (let i = 0; i < n; i++) {
    const truth = new Set(exact.subarray(i * k, i * k + k));
    for (let t = 0; t < k; t++) if (truth.has(approx[i * k + t])) hit++;
  }
  return hit / (n * k);
}

describe('nnDescent(vectors, n, dim, { k, metric, seed })', () => {
  const n = 1200;
  const dim = 24;
  const v = clustered(n, dim, 12, 7);

  it('finds at least 95% of the exact 10 nearest neighbours (euclidean)', () => {
    const g = nnDescent(v, n, dim, { k: 10, metric: 'euclidean', seed: 1 });
    expect(recall(g.indices, bruteForce(v, n, dim, 10, 'euclidean'), n, 10)).toBeGreaterThanOrEqual(0.95);
  });

  it('finds at least 95% of the exact 10 nearest neighbours (cosine)', () => {
    const g = nnDescent(v, n, dim, { k: 10, metric: 'cosine', seed: 2 });
    expect(recall(g.indices, bruteForce(v, n, dim, 10, 'cosine'), n, 10)).toBeGreaterThanOrEqual(0.95);
  });

  it('the WebAssembly SIMD and JS kernels find the same graph (float rounding may swap near-ties)', () => {
    for (const metric of ['euclidean', 'cosine'] as const) {
      const simd = nnDescent(v, n, dim, { k: 10, metric, seed: 3, kernel: 'wasm' });
      const js = nnDescent(v, n, dim, { k: 10, metric, seed: 3, kernel: 'js' });
      expect(recall(simd.indices, js.indices, n, 10)).toBeGreaterThanOrEqual(0.99);
      expect(recall(js.indices, bruteForce(v, n, dim, 10, metric), n, 10)).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('lists other points only, nearest first, with their true distances', () => {
    for (const metric of ['euclidean', 'cosine'] as const) {
      const g = nnDescent(v, n, dim, { k: 8, metric, seed: 3 });
      expect(g.k).toBe(8);
      for (let i = 0; i < n; i += 37) {
        const row = Array.from(g.indices.subarray(i * 8, i * 8 + 8));
        expect(row).not.toContain(i);
        expect(new Set(row).size).toBe(8);
        for (let t = 0; t < 8; t++) {
          expect(g.distances[i * 8 + t]).toBeCloseTo(distance(v, dim, i, row[t], metric), 4);
          if (t > 0) expect(g.distances[i * 8 + t]).toBeGreaterThanOrEqual(g.distances[i * 8 + t - 1]);
        }
      }
    }
  });

  it('is bit-identical for a seed whatever the step budget, and differs across seeds', () => {
    const small = clustered(300, 8, 5, 3);
    const whole = nnDescent(small, 300, 8, { k: 6, metric: 'euclidean', seed: 9 });
    const task = createNNDescent(small, 300, 8, { k: 6, metric: 'euclidean', seed: 9 });
    let steps = 0;
    while (!task.step(1)) steps++;
    expect(steps).toBeGreaterThan(10);
    expect(task.result().indices).toEqual(whole.indices);
    expect(task.result().distances).toEqual(whole.distances);
    const other = nnDescent(small, 300, 8, { k: 6, metric: 'euclidean', seed: 10, maxIters: 0 });
    const first = nnDescent(small, 300, 8, { k: 6, metric: 'euclidean', seed: 9, maxIters: 0 });
    expect(other.indices).not.toEqual(first.indices);
  });

  it('reports progress from 0 to 1 without going backwards', () => {
    const task = createNNDescent(v, n, dim, { k: 10, metric: 'euclidean', seed: 1 });
    let last = task.progress();
    expect(last).toBe(0);
    while (!task.step(200)) {
      const p = task.progress();
      expect(p).toBeGreaterThanOrEqual(last);
      expect(p).toBeLessThanOrEqual(1);
      last = p;
    }
    expect(task.progress()).toBe(1);
  });

  it('lists every other point when n − 1 ≤ k, and copes with duplicates and zero vectors', () => {
    const tiny = Float32Array.from([0, 0, 1, 0, 0, 1, 1, 1]);
    const g = nnDescent(tiny, 4, 2, { k: 10, metric: 'euclidean', seed: 1 });
    expect(g.k).toBe(3);
    for (let i = 0; i < 4; i++) expect([...g.indices.subarray(i * 3, i * 3 + 3)].sort()).toEqual([0, 1, 2, 3].filter((j) => j !== i));
    const dup = new Float32Array(200 * 3).fill(1); // all identical, cosine and euclidean
    for (const metric of ['euclidean', 'cosine'] as const) {
      const d = nnDescent(dup, 200, 3, { k: 5, metric, seed: 1 });
      expect(d.indices.every((j) => j >= 0 && j < 200)).toBe(true);
      expect(Array.from(d.distances).every((x) => Math.abs(x) < 1e-6)).toBe(true);
    }
    const zeros = nnDescent(new Float32Array(50 * 4), 50, 4, { k: 3, metric: 'cosine', seed: 1 });
    expect(Array.from(zeros.distances).every((x) => x === 1)).toBe(true);
  });

  it('rejects a buffer of the wrong size and a k below 1', () => {
    expect(() => nnDescent(new Float32Array(10), 3, 4, { k: 2, metric: 'euclidean' })).toThrow(/3×4/);
    expect(() => nnDescent(new Float32Array(12), 3, 4, { k: 0, metric: 'euclidean' })).toThrow(/k/);
  });
});
