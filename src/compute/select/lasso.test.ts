import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pointsInPolygon } from './lasso';

describe('pointsInPolygon', () => {
  // A 5 × 5 grid of points at integer coordinates 0..4.
  const n = 25;
  const grid = new Float32Array(2 * n).map((_, t) => (t % 2 === 0 ? Math.floor(t / 2) % 5 : Math.floor(t / 10)));

  it('picks the points inside a square', () => {
    const { mask, count } = pointsInPolygon(grid, n, [[0.5, 0.5], [2.5, 0.5], [2.5, 2.5], [0.5, 2.5]]);
    expect(count).toBe(4);
    const picked = [...mask.keys()].filter((i) => mask[i]).map((i) => [grid[2 * i], grid[2 * i + 1]]);
    expect(picked).toEqual([[1, 1], [2, 1], [1, 2], [2, 2]]);
  });

  it('handles a concave lasso (an L shape leaves its notch out)', () => {
    const L: [number, number][] = [[-0.5, -0.5], [4.5, -0.5], [4.5, 1.5], [1.5, 1.5], [1.5, 4.5], [-0.5, 4.5]];
    const { count, mask } = pointsInPolygon(grid, n, L);
    // Rows y=0,1 (10 points) + column x=0,1 for y=2..4 (6 points).
    expect(count).toBe(16);
    expect(mask[3 * 5 + 3]).toBe(0);
  });

  it('selects nothing with fewer than three vertices, and skips NaN points', () => {
    expect(pointsInPolygon(grid, n, [[0, 0], [4, 4]]).count).toBe(0);
    const withNaN = Float32Array.from([NaN, NaN, 1, 1]);
    expect(pointsInPolygon(withNaN, 2, [[0, 0], [2, 0], [2, 2], [0, 2]]).count).toBe(1);
  });

  it('agrees with the bounding box for any axis-aligned rectangle', () => {
    fc.assert(
      fc.property(fc.double({ min: -1, max: 5, noNaN: true }), fc.double({ min: -1, max: 5, noNaN: true }), fc.double({ min: 0.1, max: 4 }), (x0, y0, w) => {
        const { count } = pointsInPolygon(grid, n, [[x0, y0], [x0 + w, y0], [x0 + w, y0 + w], [x0, y0 + w]]);
        let expected = 0;
        for (let i = 0; i < n; i++) {
          const x = grid[2 * i], y = grid[2 * i + 1];
          if (x > x0 && x < x0 + w && y > y0 && y < y0 + w) expected++;
        }
        // Points exactly on an edge may fall either way.
        let onEdge = 0;
        for (let i = 0; i < n; i++) {
          const x = grid[2 * i], y = grid[2 * i + 1];
          const within = x >= x0 && x <= x0 + w && y >= y0 && y <= y0 + w;
          if (within && (x === x0 || x === x0 + w || y === y0 || y === y0 + w)) onEdge++;
        }
        expect(count).toBeGreaterThanOrEqual(expected);
        expect(count).toBeLessThanOrEqual(expected + onEdge);
      }),
    );
  });
});
