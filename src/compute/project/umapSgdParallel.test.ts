import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeKernelPool, POOL_START_MS } from '../../workers/kernelThreadsNode';
import { knnAccuracy } from '../metrics/knnAccuracy';
import { labelledBlobs } from '../metrics/metrics.fixtures';
import { knnGraph } from '../neighbors/knn';
import { serialPool } from '../parallel/pool';
import type { KernelPool } from '../parallel/types';
import { runToEnd } from '../task';
import { createUmap } from './umap';

describe('UMAP’s SGD on several threads (Hogwild)', () => {
  const n = 1500;
  const dim = 50;
  const { vectors, codes } = labelledBlobs(n, dim, 10, 11);
  const graph = knnGraph(vectors, n, dim, 14, 'euclidean');
  let pool: KernelPool;
  beforeAll(async () => {
    pool = await createNodeKernelPool(3);
  }, POOL_START_MS);
  afterAll(() => pool.close());

  it('keeps 10 Gaussian clusters apart on 3 threads: 10-NN accuracy in 2D ≥ 0.95', () => {
    expect(pool.threads).toBe(3);
    const layout = runToEnd(createUmap({ n, graph }, { seed: 1 }, { pool }), 1000);
    expect(Array.from(layout).every(Number.isFinite)).toBe(true);
    expect(knnAccuracy(layout, codes, 10)).toBeGreaterThanOrEqual(0.95);
  });

  it('keeps them apart with the fuzzy set on the threads too (8,200 points; the clusters are separate components, so each spectral init is small and serial)', () => {
    const big = labelledBlobs(8200, 10, 10, 12);
    const g = knnGraph(big.vectors, 8200, 10, 14, 'euclidean');
    const layout = runToEnd(createUmap({ n: 8200, graph: g }, { seed: 3, nEpochs: 60 }, { pool }), 1000);
    expect(Array.from(layout).every(Number.isFinite)).toBe(true);
    expect(knnAccuracy(layout, big.codes, 10)).toBeGreaterThanOrEqual(0.95);
  });

  it('lets go of its kernel job when it finishes (the pool then holds nothing)', () => {
    const small = { n: 300, graph: knnGraph(vectors.subarray(0, 300 * dim), 300, dim, 10, 'euclidean') };
    runToEnd(createUmap(small, { seed: 2, nEpochs: 20 }, { pool }), 1000);
    // Another job attaches and runs at once: the finished one is not in its way.
    const layout = runToEnd(createUmap(small, { seed: 2, nEpochs: 20 }, { pool }), 1000);
    expect(layout).toHaveLength(600);
  });

  it('on a pool of one thread is the serial SGD, bit for bit', () => {
    const small = { n: 400, graph: knnGraph(vectors.subarray(0, 400 * dim), 400, dim, 10, 'euclidean') };
    const params = { seed: 5, nEpochs: 60 };
    const serial = runToEnd(createUmap(small, params), 7);
    const one = runToEnd(createUmap(small, params, { pool: serialPool() }), 7);
    expect(Array.from(one)).toEqual(Array.from(serial));
  });
});
