import { describe, expect, it } from 'vitest';
import { meanRow, negativeSamplingUpdate, scoresOf } from './oneExample';

describe('negativeSamplingUpdate', () => {
  const dim = 3;
  const rows = (n: number, f: (i: number) => number) => Float32Array.from({ length: n * dim }, (_, i) => f(i));

  it('raises the right word\'s score and lowers the noise words\', reporting both before and after', () => {
    const W = rows(5, (i) => Math.sin(i + 1) * 0.4);
    const C = rows(5, (i) => Math.cos(i * 1.3) * 0.4);
    const u = negativeSamplingUpdate(W, C, dim, [1], [2, 3, 4], [1, 0, 0], 0.2, false);
    expect(u.after[0]).toBeGreaterThan(u.before[0]);
    expect(u.after[1]).toBeLessThan(u.before[1]);
    expect(u.after[2]).toBeLessThan(u.before[2]);
    expect(Array.from(u.after)).toEqual(Array.from(scoresOf(meanRow(W, dim, [1]), C, dim, [2, 3, 4])));
    expect(u.loss).toBeGreaterThan(0);
  });

  it('is word2vec\'s rule: C[t] += g·h and every input row += Σ g·C[t] from the rows as they were', () => {
    const W = rows(3, (i) => (i % 4) / 10);
    const C = rows(3, (i) => 0.1 + i / 20);
    const W0 = W.slice(), C0 = C.slice();
    negativeSamplingUpdate(W, C, dim, [0, 1], [2], [1], 0.5, false);
    const h = [0, 1, 2].map((k) => (W0[k] + W0[dim + k]) / 2);
    const f = h.reduce((s, hk, k) => s + hk * C0[2 * dim + k], 0);
    const g = 0.5 * (1 - 1 / (1 + Math.exp(-f)));
    for (let k = 0; k < dim; k++) {
      expect(C[2 * dim + k]).toBeCloseTo(C0[2 * dim + k] + g * h[k], 6);
      expect(W[k]).toBeCloseTo(W0[k] + g * C0[2 * dim + k], 6);
      expect(W[dim + k]).toBeCloseTo(W0[dim + k] + g * C0[2 * dim + k], 6);
    }
  });

  it('with C at zero (word2vec\'s start) only C moves; frozen, W never does', () => {
    const W = rows(3, (i) => i / 10);
    const W0 = W.slice();
    const C = new Float32Array(3 * dim);
    const u = negativeSamplingUpdate(W, C, dim, [1], [2], [1], 0.5, false);
    expect(Array.from(W)).toEqual(Array.from(W0));
    expect(u.before[0]).toBe(0);
    expect(u.after[0]).toBeGreaterThan(0);
    negativeSamplingUpdate(W, C, dim, [1], [2], [1], 0.5, true);
    expect(Array.from(W)).toEqual(Array.from(W0));
  });
});
