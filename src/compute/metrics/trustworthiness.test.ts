import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { labelledBlobs, randomLayout } from './metrics.fixtures';
import { trustworthiness } from './trustworthiness';

describe('trustworthiness(layout, n, original, { k, sample })', () => {
  it('is 1 when the layout is the original 2D data', () => {
    const rng = createRng(5);
    const plane = Float32Array.from({ length: 600 * 2 }, () => rng.gaussian());
    expect(trustworthiness(plane, 600, { vectors: plane, dim: 2, metric: 'euclidean' }, { k: 10 })).toBe(1);
  });

  it('is about 0.5 for a random layout of high-dimensional data', () => {
    const { vectors } = labelledBlobs(600, 20, 6, 1);
    const t = trustworthiness(randomLayout(600, 2), 600, { vectors, dim: 20, metric: 'euclidean' }, { k: 10, sample: 300 });
    expect(t).toBeGreaterThan(0.35);
    expect(t).toBeLessThan(0.65);
  });

  it('matches the definition worked by hand on a small case', () => {
    // Points 0..5 on a line at x = i; the layout swaps the ends (0 ↔ 5). k = 1, ties by index.
    //   query 0 (at 5): 2D nearest 4, original rank 4 → +3
    //   query 1 (at 1): 2D nearest 2 (tie with 5), rank 2 (0 ties at distance 1, lower index) → +1
    //   queries 2, 3: 2D nearest 1 and 2, rank 1 → 0
    //   query 4 (at 4): 2D nearest 0 (tie with 3), rank 5 → +4
    //   query 5 (at 0): 2D nearest 1, rank 4 → +3
    // Σ = 11, T = 1 − 2/(n·k·(2n − 3k − 1)) · 11 = 1 − 2/48 · 11.
    const line = Float32Array.from([0, 1, 2, 3, 4, 5]);
    const layout = Float32Array.from([5, 0, 1, 0, 2, 0, 3, 0, 4, 0, 0, 0]);
    const t = trustworthiness(layout, 6, { vectors: line, dim: 1, metric: 'euclidean' }, { k: 1, sample: 6 });
    expect(t).toBeCloseTo(1 - (2 / 48) * 11, 10);
  });

  it('rejects k ≥ n/2', () => {
    const p = new Float32Array(8);
    expect(() => trustworthiness(p, 4, { vectors: p, dim: 2, metric: 'euclidean' }, { k: 2 })).toThrow(/k/);
  });
});
