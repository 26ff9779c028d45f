import { describe, expect, it } from 'vitest';
import { createRng } from './random';
import { blurGaussian, boxWidths, densityGrid } from './density';

const spec = { minX: 0, minY: 0, maxX: 10, maxY: 10, cols: 50, rows: 50, sigma: 2 };

describe('densityGrid', () => {
  it('keeps the mass of the points that fall inside, away from the edges', () => {
    const rng = createRng(3);
    const coords = new Float32Array(2000).map(() => 5 + rng.gaussian() * 0.8);
    const g = densityGrid(coords, spec);
    expect(g.inside).toBe(1000);
    const total = g.values.reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1000, 0);
  });

  it('peaks where the points are dense, with row 0 at the top of the data', () => {
    const coords = new Float32Array(400);
    for (let i = 0; i < 200; i++) {
      coords[2 * i] = 2 + (i % 10) * 0.01;
      coords[2 * i + 1] = 8 + (i % 7) * 0.01; // near the top-left corner
    }
    const g = densityGrid(coords, spec);
    let best = 0;
    for (let c = 1; c < g.values.length; c++) if (g.values[c] > g.values[best]) best = c;
    const [col, row] = [best % 50, Math.floor(best / 50)];
    expect(col).toBeGreaterThanOrEqual(9);
    expect(col).toBeLessThanOrEqual(11);
    expect(row).toBeGreaterThanOrEqual(9);
    expect(row).toBeLessThanOrEqual(11);
  });

  it('ignores points outside the rectangle and non-finite ones', () => {
    const g = densityGrid(Float32Array.from([-1, 5, 5, 11, NaN, 5, 5, Infinity, 5, 5]), spec);
    expect(g.inside).toBe(1);
  });
});

describe('blurGaussian', () => {
  it('spreads one cell into a bell with the requested standard deviation', () => {
    const cols = 101;
    const values = new Float32Array(cols * cols);
    values[50 * cols + 50] = 1;
    blurGaussian(values, cols, cols, 4);
    let m = 0;
    let v = 0;
    for (let x = 0; x < cols; x++) {
      const w = values[50 * cols + x];
      m += w;
      v += w * (x - 50) ** 2;
    }
    // The row through the centre carries the x-profile; its variance ≈ σ².
    expect(Math.sqrt(v / m)).toBeGreaterThan(3.6);
    expect(Math.sqrt(v / m)).toBeLessThan(4.4);
    expect(values[50 * cols + 50]).toBeGreaterThan(values[50 * cols + 54]);
  });

  it('uses odd box widths whose variances add up to σ²', () => {
    for (const sigma of [1, 2.5, 7]) {
      const w = boxWidths(sigma);
      expect(w.every((x) => x % 2 === 1)).toBe(true);
      const variance = w.reduce((a, x) => a + (x * x - 1) / 12, 0);
      expect(Math.abs(Math.sqrt(variance) - sigma)).toBeLessThan(0.35);
    }
  });
});
