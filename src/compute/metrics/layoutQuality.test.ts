import { describe, expect, it } from 'vitest';
import { knnGraph } from '../neighbors/knn';
import { layoutAgreement } from './layoutAgreement';
import { layoutQuality, measureLayout } from './layoutQuality';
import { labelledBlobs, randomLayout } from './metrics.fixtures';

describe('layoutQuality', () => {
  const n = 600;
  const { vectors, codes } = labelledBlobs(n, 2, 4, 3);
  const space = { vectors, dim: 2, metric: 'euclidean' as const };

  it('scores the data itself as perfect and a random layout as poor', () => {
    const good = layoutQuality({ coords: vectors, n, space, codes });
    expect(good.recall).toBe(1);
    expect(good.trustworthiness).toBeCloseTo(1, 6);
    expect(good.accuracy).toBeGreaterThan(0.95);
    const bad = layoutQuality({ coords: randomLayout(n, 1), n, space, codes });
    expect(bad.recall).toBeLessThan(0.1);
    expect(bad.trustworthiness).toBeLessThan(0.7);
    expect(bad.accuracy).toBeLessThan(0.5);
  });

  it('uses an exact graph for recall over every point when one is given', () => {
    const coords = randomLayout(n, 2);
    const graph = knnGraph(vectors, n, 2, 12, 'euclidean');
    const q = layoutQuality({ coords, n, space, codes: null, exactGraph: graph });
    expect(q.recallSample).toBe(n);
    expect(q.accuracy).toBeNull();
  });

  it('samples large data with a fixed seed: the same layout always gets the same figures', () => {
    const big = labelledBlobs(3000, 5, 3, 4);
    const s = { vectors: big.vectors, dim: 5, metric: 'euclidean' as const };
    const coords = randomLayout(3000, 5);
    const q1 = layoutQuality({ coords, n: 3000, space: s, codes: null });
    const q2 = layoutQuality({ coords, n: 3000, space: s, codes: null });
    expect(q1.recallSample).toBe(1000);
    expect(q1.trustSample).toBe(500);
    expect([q2.recall, q2.trustworthiness]).toEqual([q1.recall, q1.trustworthiness]);
  });

  it('pauses between figures, so a worker can cancel in between', () => {
    const it = measureLayout({ coords: vectors, n, space, codes });
    expect(it.next().done).toBe(false);
    expect(it.next().done).toBe(false);
    expect(it.next().done).toBe(true);
  });
});

describe('layoutAgreement', () => {
  const n = 500;
  const a = randomLayout(n, 7);

  it('is 1 for the same layout rotated and scaled', () => {
    const b = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) {
      b[2 * i] = -3 * a[2 * i + 1];
      b[2 * i + 1] = 3 * a[2 * i];
    }
    expect(layoutAgreement(a, b, n)).toBe(1);
  });

  it('is near k/n for unrelated layouts', () => {
    expect(layoutAgreement(a, randomLayout(n, 8), n)).toBeLessThan(0.06);
  });

  it('rejects layouts of the wrong size', () => {
    expect(() => layoutAgreement(a, new Float32Array(10), n)).toThrow(/500×2/);
  });
});
