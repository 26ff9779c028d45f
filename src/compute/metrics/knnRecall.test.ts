import { describe, expect, it } from 'vitest';
import { knnGraph } from '../neighbors/knn';
import { createRng } from '../random';
import { knnRecall } from './knnRecall';
import { randomLayout } from './metrics.fixtures';

describe('knnRecall(layout, n, original, { k })', () => {
  const n = 800;
  const rng = createRng(2);
  const plane = Float32Array.from({ length: n * 2 }, () => rng.gaussian());

  it('is 1 when the layout is the original 2D data (from vectors or from a graph)', () => {
    expect(knnRecall(plane, n, { vectors: plane, dim: 2, metric: 'euclidean' }, { k: 10, sample: 300 })).toBe(1);
    const graph = knnGraph(plane, n, 2, 15, 'euclidean');
    expect(knnRecall(plane, n, graph, { k: 10 })).toBe(1);
  });

  it('is near k/n for a random layout', () => {
    const r = knnRecall(randomLayout(n, 9), n, { vectors: plane, dim: 2, metric: 'euclidean' }, { k: 10 });
    expect(r).toBeLessThan(0.05);
  });

  it('counts the share of kept neighbours: half the points scrambled keeps about half', () => {
    // Swap the positions of the second half of the points among themselves at random.
    const layout = plane.slice();
    const half = Array.from({ length: n / 2 }, (_, t) => n / 2 + t);
    createRng(3).shuffle(half);
    for (let t = 0; t < n / 2; t++) {
      layout[2 * (n / 2 + t)] = plane[2 * half[t]];
      layout[2 * (n / 2 + t) + 1] = plane[2 * half[t] + 1];
    }
    const r = knnRecall(layout, n, knnGraph(plane, n, 2, 10, 'euclidean'), { k: 10 });
    expect(r).toBeGreaterThan(0.15);
    expect(r).toBeLessThan(0.6);
  });

  it('rejects a graph with fewer than k neighbours per point', () => {
    expect(() => knnRecall(plane, n, knnGraph(plane, n, 2, 5, 'euclidean'), { k: 10 })).toThrow(/need 10/);
  });
});
