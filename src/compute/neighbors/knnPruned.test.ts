import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Metric } from '../dataset';
import { createRng } from '../random';
import { runToEnd } from '../task';
import type { DenseKernelKind } from '../simd/dense';
import { createKnnGraph } from './knn';
import { createPrunedKnnGraph, type PrunedStats } from './knnPruned';

/** Rows around a few centres (so pruning has something to prune), some duplicated, some zero. */
function clustered(n: number, dim: number, seed: number, opts: { clusters?: number; spread?: number; offset?: number; dupes?: number; zeros?: number } = {}): Float32Array {
  const rng = createRng(seed);
  const c = Math.max(1, opts.clusters ?? 5);
  const centres = Float32Array.from({ length: c * dim }, () => rng.gaussian() * 4 + (opts.offset ?? 0));
  const X = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const k = Math.floor(rng.next() * c);
    for (let t = 0; t < dim; t++) X[i * dim + t] = centres[k * dim + t] + rng.gaussian() * (opts.spread ?? 1) / (1 + t / 4);
  }
  for (let d = 0; d < (opts.dupes ?? 0); d++) {
    const from = Math.floor(rng.next() * n);
    const to = Math.floor(rng.next() * n);
    X.copyWithin(to * dim, from * dim, (from + 1) * dim);
  }
  for (let z = 0; z < (opts.zeros ?? 0); z++) {
    const i = Math.floor(rng.next() * n);
    X.fill(0, i * dim, (i + 1) * dim);
  }
  return X;
}

function expectSameGraph(X: Float32Array, n: number, dim: number, k: number, metric: Metric, axes: number, kernel: DenseKernelKind = 'wasm'): PrunedStats {
  const stats: PrunedStats = { tiles: 0, skipped: 0, listed: 0 };
  const brute = runToEnd(createKnnGraph(X, n, dim, k, metric, { method: 'brute', kernel }), 1 << 20);
  const pruned = runToEnd(createPrunedKnnGraph(X, n, dim, k, metric, { axes, kernel, stats }), 1 << 20);
  expect(pruned.k).toBe(brute.k);
  expect(Array.from(pruned.indices)).toEqual(Array.from(brute.indices));
  // The same candidates re-ranked by the same finishRow: the very same values.
  expect(Array.from(pruned.distances)).toEqual(Array.from(brute.distances));
  return stats;
}

describe('pruned exact kNN graph', () => {
  for (const metric of ['euclidean', 'cosine'] as const) {
    it(`gives brute force's graph, neighbour for neighbour, on clustered data with duplicates and zero rows (${metric})`, () => {
      const n = 700;
      const dim = 40;
      const X = clustered(n, dim, 1, { dupes: 30, zeros: 5 });
      const stats = expectSameGraph(X, n, dim, 10, metric, 8);
      // It pruned: far fewer full products than the n(n − 1)/2 pairs.
      expect(stats.listed).toBeLessThan((n * (n - 1)) / 4);
    });

    it(`gives brute force's graph on random shapes, offsets and k (${metric}, fast-check)`, () => {
      fc.assert(
        fc.property(
          fc.record({
            n: fc.integer({ min: 2, max: 260 }),
            dim: fc.integer({ min: 1, max: 24 }),
            k: fc.integer({ min: 1, max: 20 }),
            axes: fc.integer({ min: 1, max: 10 }),
            clusters: fc.integer({ min: 1, max: 6 }),
            spread: fc.constantFrom(0, 0.01, 1, 3),
            offset: fc.constantFrom(0, 50),
            dupes: fc.integer({ min: 0, max: 40 }),
            zeros: fc.integer({ min: 0, max: 4 }),
            seed: fc.integer({ min: 1, max: 1e6 }),
          }),
          (c) => {
            const X = clustered(c.n, c.dim, c.seed, c);
            expectSameGraph(X, c.n, c.dim, c.k, metric, c.axes);
          },
        ),
        { numRuns: 40 },
      );
    });
  }

  it('gives brute force graph with the JS kernels too (engines without WebAssembly SIMD)', () => {
    const n = 300;
    const dim = 20;
    const X = clustered(n, dim, 7, { dupes: 10, zeros: 2 });
    expectSameGraph(X, n, dim, 8, 'euclidean', 5, 'js');
    expectSameGraph(X, n, dim, 8, 'cosine', 5, 'js');
  });

  it('is what createKnnGraph runs for wide rows, and agrees there with brute force', () => {
    const n = 1100;
    const dim = 130;
    const X = clustered(n, dim, 3, { clusters: 12, dupes: 20, zeros: 3 });
    const auto = runToEnd(createKnnGraph(X, n, dim, 15, 'euclidean'), 1 << 20);
    const brute = runToEnd(createKnnGraph(X, n, dim, 15, 'euclidean', { method: 'brute' }), 1 << 20);
    expect(Array.from(auto.indices)).toEqual(Array.from(brute.indices));
    expect(Array.from(auto.distances)).toEqual(Array.from(brute.distances));
  });

  it('handles k = 0 and a single row', () => {
    const X = clustered(5, 3, 2);
    expect(runToEnd(createPrunedKnnGraph(X, 5, 3, 0, 'euclidean'), 10).indices.length).toBe(0);
    const one = runToEnd(createPrunedKnnGraph(X.subarray(0, 3), 1, 3, 4, 'cosine'), 10);
    expect(one.k).toBe(0);
  });
});
