import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { kdOrder } from './knnPrunedKdOrder';

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
});
