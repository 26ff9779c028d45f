import { describe, expect, it } from 'vitest';
import { poolsOfTwoAndThree } from '../../workers/kernelPoolsForTests';
import { knnAccuracy } from '../metrics/knnAccuracy';
import { labelledBlobs } from '../metrics/metrics.fixtures';
import { knnGraph } from '../neighbors/knn';
import { runToEnd } from '../task';
import { conditionalAffinities, symmetrizeSteps } from './perplexity';
import { createTsne, randomInit } from './tsne';
import { createAttractKernel } from './tsneAttract';
import { createParallelAttractKernel } from './tsneAttractParallel';
import { drain } from './tsneForces';

describe('t-SNE’s attractive forces on several threads', () => {
  const n = 1200;
  const dim = 30;
  const { vectors, codes } = labelledBlobs(n, dim, 8, 5);
  const graph = knnGraph(vectors, n, dim, 90, 'euclidean');
  const pools = poolsOfTwoAndThree();

  it('gives the forces of the one-thread kernel within float rounding, and the same bits on 2 and 3 threads', () => {
    expect(pools.map((p) => p.threads)).toEqual([2, 3]);
    const { P } = conditionalAffinities(n, graph, 30);
    const upper = drain(symmetrizeSteps(n, graph.k, graph.indices, P, true));
    const y = Float64Array.from(randomInit(n, 3, 1));
    const serial = new Float64Array(2 * n).fill(0.25);
    createAttractKernel(upper).run(y, serial, 4, 0, n);
    const threaded = pools.map((pool) => {
      const out = new Float64Array(2 * n).fill(0.25);
      const kernel = createParallelAttractKernel(upper, pool);
      kernel.run(y, out, 4, 0, n);
      kernel.dispose();
      return out;
    });
    expect(Array.from(threaded[1])).toEqual(Array.from(threaded[0]));
    let scale = 0;
    for (const v of serial) scale = Math.max(scale, Math.abs(v - 0.25));
    expect(scale).toBeGreaterThan(0);
    for (let t = 0; t < 2 * n; t++) expect(Math.abs(threaded[0][t] - serial[t])).toBeLessThanOrEqual(1e-12 * scale);
  });

  it('keeps 8 Gaussian clusters apart: 10-NN accuracy in 2D ≥ 0.95, and the same layout bit for bit on 2 and 3 threads', () => {
    const params = { iterations: 300, seed: 1 };
    const [two, three] = pools.map((pool) => runToEnd(createTsne({ n, graph }, params, { pool }), 7));
    expect(knnAccuracy(two, codes, 10)).toBeGreaterThanOrEqual(0.95);
    expect(Array.from(three)).toEqual(Array.from(two));
    // Within float rounding of one thread's run: the same picture.
    const one = runToEnd(createTsne({ n, graph }, params), 7);
    expect(knnAccuracy(one, codes, 10)).toBeGreaterThanOrEqual(0.95);
  });
});
