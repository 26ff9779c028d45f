import { describe, expect, it } from 'vitest';
import { densityLayer } from './densityLayer';
import { packRGBA, unpackRGBA } from './raster';

describe('densityLayer', () => {
  it('shades denser cells more opaquely in a few bands of one colour, and leaves empty cells clear', () => {
    const values = Float32Array.from([0, 0.01, 0.1, 0.3, 1, 0.5]);
    const layer = densityLayer({ minX: 0, minY: 0, maxX: 6, maxY: 1, cols: 6, rows: 1, sigma: 1, values, inside: 10 }, packRGBA(10, 20, 30));
    const alpha = Array.from(layer.rgba, (c) => unpackRGBA(c)[3]);
    expect(alpha[0]).toBe(0);
    expect(alpha[1]).toBe(0);
    expect(alpha[2]).toBeGreaterThan(0);
    for (let i = 2; i < 4; i++) expect(alpha[i + 1]).toBeGreaterThan(alpha[i]);
    expect(new Set(alpha).size).toBeLessThanOrEqual(6);
    expect(unpackRGBA(layer.rgba[4]).slice(0, 3)).toEqual([10, 20, 30]);
    expect([layer.cols, layer.rows, layer.maxX]).toEqual([6, 1, 6]);
  });
});
