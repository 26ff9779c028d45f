import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeKernelPool, POOL_START_MS } from '../../workers/kernelThreadsNode';
import type { KernelPool } from '../parallel/types';
import { createRng } from '../random';
import { runToEnd } from '../task';
import { createPca, pca } from './pca';

describe('PCA on several threads', () => {
  let pool: KernelPool;
  beforeAll(async () => {
    pool = await createNodeKernelPool(3);
  }, POOL_START_MS);
  afterAll(() => pool.close());

  it('gives the one-thread result bit for bit (covariance by blocks, scores by rows), however it is sliced', () => {
    const n = 3000;
    const dim = 300; // over two column blocks
    // With a constant column that drops out (statistics, then the covariance about μ), and
    // without (the covariance summed in the statistics pass, about a shift).
    for (const constant of [7, -1]) {
      const rng = createRng(2);
      const X = Float32Array.from({ length: n * dim }, (_, t) => (t % dim === constant ? 1 : rng.gaussian() * (1 + (t % dim) / 50)));
      const serial = pca(X, n, dim, 12, { seed: 3 });
      const threaded = runToEnd(createPca(X, n, dim, 12, { seed: 3, pool }), 5);
      expect(Array.from(threaded.scores)).toEqual(Array.from(serial.scores));
      expect(Array.from(threaded.basis)).toEqual(Array.from(serial.basis));
      expect(threaded.explainedVariance).toEqual(serial.explainedVariance);
    }
  });
});
