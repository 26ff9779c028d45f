import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { createLayoutIndex } from './layoutKnn';

function bruteKnn(layout: Float32Array, n: number, i: number, k: number): number[] {
  const d = (j: number): number => (layout[2 * j] - layout[2 * i]) ** 2 + (layout[2 * j + 1] - layout[2 * i + 1]) ** 2;
  return Array.from({ length: n }, (_, j) => j)
    .filter((j) => j !== i)
    .sort((a, b) => d(a) - d(b) || a - b)
    .slice(0, k);
}

describe('createLayoutIndex(layout, n).knn(i, k, out)', () => {
  it('returns the exact k nearest other points, nearest first, ties by lower index', () => {
    const rng = createRng(4);
    const n = 700;
    const layout = new Float32Array(n * 2);
    for (let i = 0; i < n; i++) {
      // A dense blob, a far outlier group, and a lattice with many exact ties.
      if (i < 400) {
        layout[2 * i] = rng.gaussian();
        layout[2 * i + 1] = rng.gaussian() * 0.1;
      } else if (i < 420) {
        layout[2 * i] = 500 + rng.next();
        layout[2 * i + 1] = -300;
      } else {
        layout[2 * i] = (i % 17) * 0.5;
        layout[2 * i + 1] = Math.floor(i / 17) * 0.5;
      }
    }
    const index = createLayoutIndex(layout, n);
    const out = new Int32Array(12);
    for (let i = 0; i < n; i += 7) {
      expect(index.knn(i, 12, out)).toBe(12);
      expect(Array.from(out)).toEqual(bruteKnn(layout, n, i, 12));
    }
  });

  it('handles all points at one spot and k ≥ n', () => {
    const layout = new Float32Array(2 * 5).fill(3);
    const index = createLayoutIndex(layout, 5);
    const out = new Int32Array(10);
    expect(index.knn(2, 10, out)).toBe(4);
    expect(Array.from(out.subarray(0, 4))).toEqual([0, 1, 3, 4]);
  });
});
