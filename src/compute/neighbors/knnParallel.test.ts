import { describe, expect, it } from 'vitest';
import { poolsOfTwoAndThree } from '../../workers/kernelPoolsForTests';
import { createRng } from '../random';
import { runToEnd } from '../task';
import { knnGraph } from './knn';
import { createParallelKnnGraph } from './knnParallel';

function randomData(n: number, dim: number, seed: number): Float32Array {
  const rng = createRng(seed);
  // Rounded to a coarse grid so that exact distance ties occur and the tie rule is exercised too.
  return Float32Array.from({ length: n * dim }, () => Math.round(rng.gaussian() * 4) / 4);
}

describe('the exact kNN graph on several threads', () => {
  const pools = poolsOfTwoAndThree();

  it('starts real helper threads in Node', () => {
    expect(pools.map((p) => p.threads)).toEqual([2, 3]);
  });

  for (const metric of ['cosine', 'euclidean'] as const) {
    it(`gives the serial graph bit for bit (${metric}, 2 and 3 threads, blocks that do not divide n)`, async () => {
      const n = 517;
      const dim = 13;
      const X = randomData(n, dim, 5);
      const serial = knnGraph(X, n, dim, 10, metric, { blockSize: 32 });
      for (const pool of pools) {
        const task = createParallelKnnGraph(pool, X, n, dim, 10, metric, { blockSize: 32 });
        // Small budgets: the tiles and the merge are cut into many commands.
        const g = runToEnd(task, 3);
        expect(g.k).toBe(10);
        expect(Array.from(g.indices)).toEqual(Array.from(serial.indices));
        expect(Array.from(g.distances)).toEqual(Array.from(serial.distances));
      }
    });
  }

  for (const metric of ['cosine', 'euclidean'] as const) {
    it(`gives the serial graph bit for bit on wide rows, where both prune (${metric}, 2 and 3 threads, duplicates and zero rows, rows copied or read in place)`, async () => {
      const n = 1100;
      const dim = 130;
      const X = randomData(n, dim, 9);
      X.copyWithin(7 * dim, 3 * dim, 4 * dim);
      X.copyWithin(500 * dim, 3 * dim, 4 * dim);
      X.fill(0, 11 * dim, 12 * dim);
      X.fill(0, 800 * dim, 801 * dim);
      const serial = knnGraph(X, n, dim, 15, metric);
      const brute = knnGraph(X, n, dim, 15, metric, { method: 'brute' });
      expect(Array.from(serial.indices)).toEqual(Array.from(brute.indices));
      // The app's table when the page is cross-origin isolated: already on a
      // SharedArrayBuffer (here at an offset), which the threads read in place.
      const onShared = new Float32Array(new SharedArrayBuffer(X.byteLength + 64), 64, X.length);
      onShared.set(X);
      for (const pool of pools) {
        for (const rows of [X, onShared]) {
          const g = runToEnd(createParallelKnnGraph(pool, rows, n, dim, 15, metric), 3);
          expect(Array.from(g.indices)).toEqual(Array.from(serial.indices));
          expect(Array.from(g.distances)).toEqual(Array.from(serial.distances));
        }
      }
    });
  }
});
