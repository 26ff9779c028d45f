import { describe, expect, it } from 'vitest';
import { poolsOfTwoAndThree } from '../../workers/kernelPoolsForTests';
import type { KnnGraph } from '../neighbors/knn';
import { createRng } from '../random';
import { fuzzySimplicialSet, smoothKnnDistances } from './umapGraph';

/** A random kNN-shaped graph: sorted distances, some rows with ties at zero and missing entries. */
function randomGraph(n: number, k: number, seed: number): KnnGraph {
  const rng = createRng(seed);
  const indices = new Int32Array(n * k);
  const distances = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    let d = i % 7 === 0 ? 0 : rng.next();
    for (let t = 0; t < k; t++) {
      indices[i * k + t] = i % 11 === 0 && t === k - 1 ? -1 : (i + 1 + rng.int(n - 1)) % n;
      distances[i * k + t] = d;
      d += rng.next() * 0.3;
    }
  }
  return { k, indices, distances };
}

describe('UMAP bandwidths on several threads', () => {
  const pools = poolsOfTwoAndThree();

  it('gives the one-thread rhos, sigmas and fuzzy graph bit for bit (2 and 3 threads)', () => {
    expect(pools.map((p) => p.threads)).toEqual([2, 3]);
    const n = 10_001; // above the size where the rows go to the threads
    const g = randomGraph(n, 15, 4);
    const serial = smoothKnnDistances(g, n, 15);
    const fuzzy = fuzzySimplicialSet(g, n, 15);
    for (const pool of pools) {
      const par = smoothKnnDistances(g, n, 15, pool);
      expect(Array.from(par.rhos)).toEqual(Array.from(serial.rhos));
      expect(Array.from(par.sigmas)).toEqual(Array.from(serial.sigmas));
      const f = fuzzySimplicialSet(g, n, 15, pool);
      expect(Array.from(f.rowPtr)).toEqual(Array.from(fuzzy.rowPtr));
      expect(Array.from(f.cols)).toEqual(Array.from(fuzzy.cols));
      expect(Array.from(f.vals)).toEqual(Array.from(fuzzy.vals));
    }
  });
});
