import { describe, expect, it } from 'vitest';
import { poolsOfTwoAndThree } from '../../workers/kernelPoolsForTests';
import { labelledBlobs } from '../metrics/metrics.fixtures';
import { createNNDescent, nnDescent } from './nndescent';

describe('NN-descent on several threads', () => {
  const n = 1500;
  const dim = 20;
  const { vectors } = labelledBlobs(n, dim, 12, 3);
  const pools = poolsOfTwoAndThree();

  for (const metric of ['euclidean', 'cosine'] as const) {
    it(`gives the one-thread graph bit for bit on 2 and 3 threads (${metric}), however the work is sliced`, () => {
      const params = { k: 12, metric, seed: 4, nTrees: 7 };
      const serial = nnDescent(vectors, n, dim, params);
      for (const pool of pools) {
        const task = createNNDescent(vectors, n, dim, params, { pool });
        let steps = 0;
        while (!task.step(steps % 2 ? 3 : 40)) steps++;
        expect(Array.from(task.result().indices)).toEqual(Array.from(serial.indices));
        expect(Array.from(task.result().distances)).toEqual(Array.from(serial.distances));
      }
    });
  }
});
