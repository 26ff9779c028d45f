import { describe, expect, it } from 'vitest';
import type { Metric } from '../dataset';
import { rowNorms } from '../linalg';
import { createRng } from '../random';
import { createKnnGraph, knnGraph, nearestTo } from './knn';

function randomData(n: number, dim: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n * dim }, () => rng.gaussian());
}

/** Every other row of `query`, nearest first by the module's conventions, in plain Float64. */
function bruteForce(X: Float32Array, n: number, dim: number, query: number, metric: Metric): { index: number; distance: number }[] {
  const out: { index: number; distance: number }[] = [];
  for (let j = 0; j < n; j++) {
    if (j === query) continue;
    let d = 0;
    let qq = 0;
    let jj = 0;
    for (let t = 0; t < dim; t++) {
      const a = X[query * dim + t];
      const b = X[j * dim + t];
      d += metric === 'cosine' ? a * b : (a - b) ** 2;
      qq += a * a;
      jj += b * b;
    }
    const distance = metric === 'cosine' ? 1 - (qq > 0 && jj > 0 ? d / Math.sqrt(qq * jj) : 0) : Math.sqrt(d);
    out.push({ index: j, distance });
  }
  return out.sort((a, b) => a.distance - b.distance || a.index - b.index);
}

describe('nearestTo', () => {
  for (const metric of ['cosine', 'euclidean'] as const) {
    it(`returns the same k rows as brute force (${metric}), never the query itself`, () => {
      const n = 300;
      const dim = 7;
      const X = randomData(n, dim, 1);
      for (const query of [0, 17, n - 1]) {
        const got = nearestTo(X, n, dim, query, 10, metric);
        const want = bruteForce(X, n, dim, query, metric).slice(0, 10);
        expect(got.map((g) => g.index)).toEqual(want.map((w) => w.index));
        got.forEach((g, i) => {
          const value = metric === 'cosine' ? 1 - want[i].distance : want[i].distance;
          expect(g.value).toBeCloseTo(value, 6);
        });
      }
    });
  }

  it('orders cosine by similarity descending and euclidean by distance ascending', () => {
    const X = randomData(100, 5, 2);
    const cos = nearestTo(X, 100, 5, 3, 8, 'cosine');
    const euc = nearestTo(X, 100, 5, 3, 8, 'euclidean');
    for (let i = 1; i < 8; i++) {
      expect(cos[i].value).toBeLessThanOrEqual(cos[i - 1].value);
      expect(euc[i].value).toBeGreaterThanOrEqual(euc[i - 1].value);
    }
  });

  it('breaks ties by the lower row index', () => {
    // Rows 1, 2, 4 are copies of each other; row 0 is the query, row 3 is far.
    const X = new Float32Array([0, 0, 1, 0, 1, 0, 9, 9, 1, 0]);
    expect(nearestTo(X, 5, 2, 0, 3, 'euclidean').map((r) => r.index)).toEqual([1, 2, 4]);
    expect(nearestTo(X, 5, 2, 2, 2, 'euclidean')).toEqual([
      { index: 1, value: 0 },
      { index: 4, value: 0 },
    ]);
  });

  it('gives a zero vector cosine similarity 0 to everything', () => {
    const X = new Float32Array([1, 0, 0, 0, -1, 0.01, 0.5, 0.5]);
    const fromZero = nearestTo(X, 4, 2, 1, 3, 'cosine');
    expect(fromZero.map((r) => r.value)).toEqual([0, 0, 0]);
    expect(fromZero.map((r) => r.index)).toEqual([0, 2, 3]);
    const toZero = nearestTo(X, 4, 2, 0, 3, 'cosine');
    expect(toZero.map((r) => r.index)).toEqual([3, 1, 2]);
    expect(toZero[1].value).toBe(0);
  });

  it('returns all n − 1 other rows when k is larger, and nothing for k = 0 or a single row', () => {
    const X = randomData(6, 3, 3);
    expect(nearestTo(X, 6, 3, 2, 50, 'euclidean').map((r) => r.index).sort()).toEqual([0, 1, 3, 4, 5]);
    expect(nearestTo(X, 6, 3, 2, 0, 'cosine')).toEqual([]);
    expect(nearestTo(new Float32Array(3), 1, 3, 0, 5, 'cosine')).toEqual([]);
  });

  it('uses precomputed norms when given them', () => {
    const X = randomData(50, 4, 4);
    const norms = rowNorms(X, 50, 4);
    const withNorms = nearestTo(X, 50, 4, 9, 5, 'cosine', norms);
    const without = nearestTo(X, 50, 4, 9, 5, 'cosine');
    expect(withNorms.map((r) => r.index)).toEqual(without.map((r) => r.index));
    withNorms.forEach((r, i) => expect(r.value).toBeCloseTo(without[i].value, 6));
    // The norms really are used: doubling one row's norm halves its similarity.
    const skewed = Float32Array.from(norms);
    skewed[withNorms[0].index] *= 2;
    const first = nearestTo(X, 50, 4, 9, 50, 'cosine', skewed).find((r) => r.index === withNorms[0].index);
    expect(first?.value).toBeCloseTo(withNorms[0].value / 2, 6);
  });

  it('rejects a query row outside the table', () => {
    expect(() => nearestTo(new Float32Array(6), 3, 2, 3, 1, 'cosine')).toThrow(/out of range/);
  });
});

describe('knnGraph', () => {
  for (const metric of ['cosine', 'euclidean'] as const) {
    it(`matches brute force for every row (${metric}) when blocks do not divide n`, () => {
      const n = 157;
      const dim = 9;
      const k = 6;
      const X = randomData(n, dim, 5);
      for (const [blockSize, kernel] of [[16, 'wasm'], [64, 'wasm'], [64, 'js']] as const) {
        const g = knnGraph(X, n, dim, k, metric, { blockSize, kernel });
        expect(g.k).toBe(k);
        for (let i = 0; i < n; i++) {
          const want = bruteForce(X, n, dim, i, metric).slice(0, k);
          expect(Array.from(g.indices.subarray(i * k, (i + 1) * k))).toEqual(want.map((w) => w.index));
          want.forEach((w, s) => expect(g.distances[i * k + s]).toBeCloseTo(w.distance, 5));
        }
      }
    });
  }

  it('the WebAssembly SIMD and JS kernels give the same graph on 600×100 data with an offset (distances within 1e-5)', () => {
    const n = 600;
    const dim = 100;
    const X = randomData(n, dim, 9);
    for (let t = 0; t < X.length; t++) X[t] += 3;
    for (const metric of ['cosine', 'euclidean'] as const) {
      const simd = knnGraph(X, n, dim, 15, metric, { kernel: 'wasm' });
      const js = knnGraph(X, n, dim, 15, metric, { kernel: 'js' });
      expect(Array.from(simd.indices)).toEqual(Array.from(js.indices));
      for (let t = 0; t < js.distances.length; t++) expect(Math.abs(simd.distances[t] - js.distances[t])).toBeLessThanOrEqual(1e-5 * js.distances[t]);
    }
  });

  it('agrees with nearestTo row by row', () => {
    const n = 80;
    const X = randomData(n, 5, 6);
    const g = knnGraph(X, n, 5, 4, 'cosine');
    for (const i of [0, 33, 79]) {
      const near = nearestTo(X, n, 5, i, 4, 'cosine');
      expect(Array.from(g.indices.subarray(i * 4, i * 4 + 4))).toEqual(near.map((r) => r.index));
      near.forEach((r, s) => expect(g.distances[i * 4 + s]).toBeCloseTo(1 - r.value, 6));
    }
  });

  it('clamps k to n − 1 and lists every other row', () => {
    const X = randomData(5, 3, 7);
    const g = knnGraph(X, 5, 3, 10, 'euclidean');
    expect(g.k).toBe(4);
    for (let i = 0; i < 5; i++) {
      expect(Array.from(g.indices.subarray(i * 4, i * 4 + 4)).sort()).toEqual([0, 1, 2, 3, 4].filter((j) => j !== i));
    }
    const single = knnGraph(new Float32Array(3), 1, 3, 5, 'cosine');
    expect(single.k).toBe(0);
    expect(single.indices.length).toBe(0);
  });

  it('puts duplicates at distance exactly 0, lower index first', () => {
    const n = 40;
    const dim = 3;
    const X = randomData(n, dim, 8);
    X.copyWithin(30 * dim, 10 * dim, 11 * dim); // row 30 = row 10
    X.copyWithin(35 * dim, 10 * dim, 11 * dim); // row 35 = row 10
    const g = knnGraph(X, n, dim, 3, 'euclidean', { blockSize: 8 });
    expect(Array.from(g.indices.subarray(30 * 3, 30 * 3 + 2))).toEqual([10, 35]);
    expect(Array.from(g.distances.subarray(30 * 3, 30 * 3 + 2))).toEqual([0, 0]);
    const c = knnGraph(X, n, dim, 2, 'cosine', { blockSize: 8 });
    expect(Array.from(c.indices.subarray(10 * 2, 10 * 2 + 2))).toEqual([30, 35]);
    expect(c.distances[10 * 2]).toBeCloseTo(0, 6);
  });

  it('puts zero vectors at cosine distance 1 from everything', () => {
    const X = new Float32Array([0, 0, 1, 0, 0.9, 0.1, 0, 0]);
    const g = knnGraph(X, 4, 2, 3, 'cosine');
    expect(Array.from(g.distances.subarray(0, 3))).toEqual([1, 1, 1]);
    expect(Array.from(g.indices.subarray(0, 3))).toEqual([1, 2, 3]);
    expect(g.distances[1 * 3 + 2]).toBe(1); // row 1's farthest listed neighbour is a zero vector
  });

  it('as a Steppable, finishes rows block by block and ends with the same graph', () => {
    const n = 100;
    const X = randomData(n, 4, 9);
    const whole = knnGraph(X, n, 4, 5, 'euclidean', { blockSize: 16 });
    const task = createKnnGraph(X, n, 4, 5, 'euclidean', { blockSize: 16 });
    const seen: number[] = [];
    let last = 0;
    while (!task.step(1)) {
      expect(task.progress()).toBeGreaterThanOrEqual(last);
      last = task.progress();
      seen.push(task.snapshot());
    }
    expect(task.progress()).toBe(1);
    expect(task.snapshot()).toBe(n);
    expect(seen).toContain(16);
    expect(seen).toContain(32);
    expect(() => createKnnGraph(X, n, 4, 5, 'euclidean').result()).toThrow(/before/);
    const stepped = task.result();
    expect(Array.from(stepped.indices)).toEqual(Array.from(whole.indices));
    expect(Array.from(stepped.distances)).toEqual(Array.from(whole.distances));
  });

  it('rejects a buffer of the wrong size and negative k', () => {
    expect(() => knnGraph(new Float32Array(5), 2, 3, 1, 'cosine')).toThrow(/expected 2×3/);
    expect(() => knnGraph(new Float32Array(6), 2, 3, -1, 'cosine')).toThrow(/non-negative/);
  });
});
