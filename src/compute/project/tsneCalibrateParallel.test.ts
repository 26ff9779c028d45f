import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeKernelPool, POOL_START_MS } from '../../workers/kernelThreadsNode';
import { labelledBlobs } from '../metrics/metrics.fixtures';
import { knnGraph } from '../neighbors/knn';
import type { KernelPool } from '../parallel/types';
import { conditionalAffinities } from './perplexity';
import { createParallelCalibration } from './tsneCalibrateParallel';

describe('t-SNE’s perplexity calibration on several threads', () => {
  const pools: KernelPool[] = [];
  beforeAll(async () => {
    pools.push(await createNodeKernelPool(3));
  }, POOL_START_MS);
  afterAll(() => pools.forEach((p) => p.close()));

  it('gives the one-thread conditional affinities bit for bit, in one call or in row chunks', () => {
    const n = 900;
    const { vectors } = labelledBlobs(n, 12, 5, 2);
    const graph = knnGraph(vectors, n, 12, 45, 'euclidean');
    const { P } = conditionalAffinities(n, graph, 15);
    const whole = createParallelCalibration(n, graph, 15, pools[0]);
    whole.rows(0, n);
    expect(Array.from(whole.cond)).toEqual(Array.from(P));
    whole.release();
    const chunked = createParallelCalibration(n, graph, 15, pools[0]);
    for (let r = 0; r < n; r += 256) chunked.rows(r, Math.min(n, r + 256));
    expect(Array.from(chunked.cond)).toEqual(Array.from(P));
    chunked.release();
  });
});
