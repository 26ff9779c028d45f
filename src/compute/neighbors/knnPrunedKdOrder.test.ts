import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { kdOrder, kdSubtree, kdTop } from './knnPrunedKdOrder';

describe('the k-d order of the pruned kNN graph', () => {
  it('is a permutation whose root split puts the first half (aligned to 64) of the widest coordinate’s order (value, row) first, and each leaf in its parent’s order', () => {
    const rng = createRng(3);
    const n = 1000;
    const m = 3;
    const mz = 4;
    // Coarse values: many ties, broken by row.
    const Z = Float32Array.from({ length: n * mz }, (_, t) => Math.round(rng.gaussian() * (t % mz === 2 ? 8 : 1)));
    const perm = kdOrder(Z, n, mz, m);
    expect([...perm].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    const byWidest = Array.from({ length: n }, (_, i) => i).sort((a, b) => Z[a * mz + 2] - Z[b * mz + 2] || a - b);
    const left = 512;
    expect([...perm.subarray(0, left)].sort((a, b) => a - b)).toEqual(byWidest.slice(0, left).sort((a, b) => a - b));
    // 1000 rows: leaves of 64 under nodes of 128 or fewer; a leaf is sorted by its parent's coordinate.
    const leaf = [...perm.subarray(0, 64)];
    const sortedSomeCoordinate = [0, 1, 2, 3].some((c) => leaf.every((r, t) => t === 0 || Z[leaf[t - 1] * mz + c] < Z[r * mz + c] || (Z[leaf[t - 1] * mz + c] === Z[r * mz + c] && leaf[t - 1] < r)));
    expect(sortedSomeCoordinate).toBe(true);
  });

  it('is the same order when its top nodes are split first and their subtrees finished in any order (as threads do)', () => {
    const rng = createRng(4);
    const n = 2000;
    const m = 5;
    const mz = 8;
    const Z = Float32Array.from({ length: n * mz }, () => Math.round(rng.gaussian() * 4));
    const whole = kdOrder(Z, n, mz, m);
    for (const parts of [2, 3, 5]) {
      const perm = new Int32Array(n);
      const key = new Float32Array(n);
      const nodes = kdTop(Z, perm, key, n, mz, m, parts);
      expect(nodes.length).toBeGreaterThanOrEqual(parts);
      expect(nodes.map((v) => v.hi - v.lo).reduce((a, b) => a + b)).toBe(n);
      for (const node of [...nodes].reverse()) kdSubtree(Z, perm, key, mz, m, node);
      expect(Array.from(perm)).toEqual(Array.from(whole));
    }
  });
});
