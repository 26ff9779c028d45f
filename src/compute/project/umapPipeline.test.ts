import { describe, expect, it } from 'vitest';
import { knnAccuracy } from '../metrics/knnAccuracy';
import { labelledBlobs } from '../metrics/metrics.fixtures';
import { knnGraph } from '../neighbors/knn';
import { runToEnd } from '../task';
import { createUmapPipeline, EXACT_KNN_MAX_N, planUmap, PRE_REDUCE_ABOVE_DIM, PRE_REDUCE_DIMS } from './umapPipeline';

describe('planUmap(n, dim, options)', () => {
  it('pre-reduces with PCA only above the measured dimension threshold', () => {
    expect(planUmap(10_000, PRE_REDUCE_ABOVE_DIM, { metric: 'cosine' }).preReduceTo).toBe(0);
    expect(planUmap(10_000, 784, { metric: 'euclidean' }).preReduceTo).toBe(PRE_REDUCE_DIMS);
    expect(planUmap(10_000, 784, { metric: 'euclidean', preReduce: 0 }).preReduceTo).toBe(0);
    expect(planUmap(10_000, 100, { metric: 'euclidean', preReduce: 20 }).preReduceTo).toBe(20);
  });

  it('uses exact neighbours for small n and NN-descent above', () => {
    expect(planUmap(EXACT_KNN_MAX_N, 10, { metric: 'euclidean' }).neighbors).toBe('exact');
    expect(planUmap(EXACT_KNN_MAX_N + 1, 10, { metric: 'euclidean' }).neighbors).toBe('nndescent');
    expect(planUmap(100, 10, { metric: 'euclidean', neighbors: 'nndescent' }).neighbors).toBe('nndescent');
  });
});

describe('createUmapPipeline(vectors, n, dim, options)', () => {
  const n = 900;

  it('goes from raw high-dimensional vectors (PCA → kNN → UMAP) to a layout that keeps clusters', () => {
    const dim = 200; // above the threshold: PCA runs first
    const { vectors, codes } = labelledBlobs(n, dim, 6, 3);
    for (const metric of ['euclidean', 'cosine'] as const) {
      const task = createUmapPipeline(vectors, n, dim, { metric, umap: { seed: 1, nEpochs: 150 } });
      let last = 0;
      while (!task.step(5)) {
        expect(task.progress()).toBeGreaterThanOrEqual(last);
        last = task.progress();
      }
      expect(knnAccuracy(task.result(), codes, 10)).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('reuses a given graph, and is bit-identical for a seed whatever the budget', () => {
    const dim = 20;
    const { vectors } = labelledBlobs(n, dim, 6, 4);
    // nNeighbors 15 counts the point itself: the pipeline asks for 14 neighbours.
    const graph = knnGraph(vectors, n, dim, 14, 'euclidean');
    const opts = { metric: 'euclidean' as const, umap: { seed: 2, nEpochs: 40 } };
    const a = runToEnd(createUmapPipeline(vectors, n, dim, { ...opts, graph }), 1);
    const b = runToEnd(createUmapPipeline(vectors, n, dim, opts), 1000);
    const c = runToEnd(createUmapPipeline(vectors, n, dim, opts), 3);
    expect(b).toEqual(a); // the exact graph it computes equals the one passed in
    expect(c).toEqual(a);
  });

  it('returns an all-zero snapshot before the layout exists', () => {
    const { vectors } = labelledBlobs(50, 4, 2, 1);
    const task = createUmapPipeline(vectors, 50, 4, { metric: 'euclidean' });
    expect(task.snapshot()).toEqual(new Float32Array(100));
  });
});
