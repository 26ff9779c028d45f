import { describe, expect, it } from 'vitest';
import type { KnnGraph } from '../neighbors/knn';
import { knnGraph } from '../neighbors/knn';
import { createRng } from '../random';
import { fuzzySimplicialSet, smoothKnnDistances } from './umapGraph';

function randomGraph(n: number, dim: number, k: number, seed: number): KnnGraph {
  const rng = createRng(seed);
  const v = Float32Array.from({ length: n * dim }, () => rng.gaussian());
  return knnGraph(v, n, dim, k, 'euclidean');
}

describe('smoothKnnDistances(graph, n, k)', () => {
  it('sets rho to the nearest non-zero distance and sigma so the nNeighbors − 1 memberships sum to log2(nNeighbors)', () => {
    const n = 300;
    const k = 12;
    const g = randomGraph(n, 5, k, 1);
    const nNeighbors = 10; // uses the first 9 columns
    const { rhos, sigmas } = smoothKnnDistances(g, n, nNeighbors);
    for (let i = 0; i < n; i++) {
      expect(rhos[i]).toBe(g.distances[i * k]);
      let s = 0;
      for (let t = 0; t < nNeighbors - 1; t++) s += Math.exp(-Math.max(0, g.distances[i * k + t] - rhos[i]) / sigmas[i]);
      expect(s).toBeCloseTo(Math.log2(nNeighbors), 3);
    }
  });
});

describe('fuzzySimplicialSet(graph, n, nNeighbors)', () => {
  it('is symmetric, without self loops, with weights in (0, 1] and sorted columns', () => {
    const n = 400;
    const g = randomGraph(n, 6, 10, 2);
    const f = fuzzySimplicialSet(g, n, 11);
    const at = (i: number, j: number): number => {
      for (let t = f.rowPtr[i]; t < f.rowPtr[i + 1]; t++) if (f.cols[t] === j) return f.vals[t];
      return 0;
    };
    for (let i = 0; i < n; i++) {
      for (let t = f.rowPtr[i]; t < f.rowPtr[i + 1]; t++) {
        const j = f.cols[t];
        expect(j).not.toBe(i);
        if (t > f.rowPtr[i]) expect(j).toBeGreaterThan(f.cols[t - 1]);
        expect(f.vals[t]).toBeGreaterThan(0);
        expect(f.vals[t]).toBeLessThanOrEqual(1);
        expect(at(j, i)).toBe(f.vals[t]);
      }
    }
  });

  it('combines the two directions of an edge as a fuzzy union a + b − ab', () => {
    // Hand-made 3-point graph, k = 2: distances chosen so memberships are easy to check.
    const g: KnnGraph = {
      k: 2,
      indices: Int32Array.from([1, 2, 0, 2, 1, 0]),
      distances: Float32Array.from([1, 2, 1, 3, 3, 2]),
    };
    const { rhos, sigmas } = smoothKnnDistances(g, 3, 3);
    const w = (i: number, t: number): number => Math.exp(-Math.max(0, g.distances[i * 2 + t] - rhos[i]) / sigmas[i]);
    const f = fuzzySimplicialSet(g, 3, 3);
    // Edge 0–2 appears as 0→2 (slot 1 of row 0) and 2→0 (slot 1 of row 2).
    const a = w(0, 1);
    const b = w(2, 1);
    const row0 = Array.from(f.cols.subarray(f.rowPtr[0], f.rowPtr[1]));
    expect(row0).toEqual([1, 2]);
    expect(f.vals[f.rowPtr[0] + 1]).toBeCloseTo(a + b - a * b, 6);
    // Nearest neighbours are at rho, so their membership is exactly 1, and so is the union.
    expect(f.vals[f.rowPtr[0]]).toBe(1);
  });

  it('ignores missing (-1) entries and a point listed as its own neighbour', () => {
    const g: KnnGraph = { k: 2, indices: Int32Array.from([0, 1, 0, -1]), distances: Float32Array.from([0, 1, 1, Infinity]) };
    const f = fuzzySimplicialSet(g, 2, 3);
    expect(Array.from(f.rowPtr)).toEqual([0, 1, 2]);
    expect(Array.from(f.cols)).toEqual([1, 0]);
  });
});
