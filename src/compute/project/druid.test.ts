import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { runToEnd } from '../task';
import { knnAccuracy } from '../metrics/knnAccuracy';
import { createDruidProjection, DRUID_DEFAULT_ITERATIONS, type DruidMethodId } from './druid';

/** Three well-separated blobs in 6 dimensions; codes = blob. */
function blobs(n: number, seed = 3): { vectors: Float32Array; codes: Uint32Array } {
  const rng = createRng(seed);
  const dim = 6;
  const vectors = new Float32Array(n * dim);
  const codes = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    codes[i] = i % 3;
    for (let d = 0; d < dim; d++) vectors[i * dim + d] = (d === codes[i] ? 8 : 0) + rng.gaussian();
  }
  return { vectors, codes };
}

const { vectors, codes } = blobs(120);
const METHODS = Object.keys(DRUID_DEFAULT_ITERATIONS) as DruidMethodId[];

describe('druid.js methods wrapped as Steppables', () => {
  for (const method of METHODS) {
    it(`${method}: steps to an n × 2 layout that keeps the three blobs apart`, async () => {
      const task = await createDruidProjection(method, vectors, 120, 6, { seed: 5, iterations: method === 'sqdmds' ? 500 : 60, nNeighbors: 10 });
      let last = task.progress();
      let steps = 0;
      while (!task.step(1)) {
        steps++;
        expect(task.progress()).toBeGreaterThanOrEqual(last);
        last = task.progress();
        expect(task.snapshot()).toHaveLength(240);
      }
      expect(task.progress()).toBe(1);
      const y = task.result();
      expect(y).toHaveLength(240);
      expect(y.every(Number.isFinite)).toBe(true);
      expect(knnAccuracy(y, codes, 10)).toBeGreaterThan(0.9);
      if (DRUID_DEFAULT_ITERATIONS[method] > 1) expect(steps).toBeGreaterThan(10);
    });
  }

  it('the same seed gives the same layout (TriMap, PaCMAP)', async () => {
    for (const method of ['trimap', 'pacmap'] as const) {
      const a = runToEnd(await createDruidProjection(method, vectors, 120, 6, { seed: 9, iterations: 40 }), 8);
      const b = runToEnd(await createDruidProjection(method, vectors, 120, 6, { seed: 9, iterations: 40 }), 3);
      expect(Array.from(b)).toEqual(Array.from(a));
    }
  });

  it('rejects mismatched shapes and tiny inputs', async () => {
    await expect(createDruidProjection('mds', vectors, 121, 6, { seed: 1 })).rejects.toThrow(/expected/);
    await expect(createDruidProjection('mds', new Float32Array(12), 2, 6, { seed: 1 })).rejects.toThrow(/at least 3/);
  });
});
