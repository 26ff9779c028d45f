import { describe, expect, it } from 'vitest';
import { easeInOut, remap } from './transition';
import { toScreen } from './viewMath';

describe('remap', () => {
  it('gives the data coordinates, in the new view, of the screen spot each point had in the old view', () => {
    const a = { sx: 10, ox: 5, sy: -10, oy: 300 };
    const b = { sx: 2, ox: -40, sy: -3, oy: 100 };
    const coords = Float32Array.from([1, 2, -3, 4.5]);
    const out = remap(coords, a, b);
    for (let i = 0; i < 2; i++) {
      const [ax, ay] = toScreen(a, coords[2 * i], coords[2 * i + 1]);
      const [bx, by] = toScreen(b, out[2 * i], out[2 * i + 1]);
      expect(bx).toBeCloseTo(ax, 3);
      expect(by).toBeCloseTo(ay, 3);
    }
  });
});

describe('easeInOut', () => {
  it('starts at 0, ends at 1, passes the middle at one half and never goes back', () => {
    expect(easeInOut(0)).toBe(0);
    expect(easeInOut(1)).toBe(1);
    expect(easeInOut(0.5)).toBeCloseTo(0.5);
    for (let t = 0; t < 1; t += 0.05) expect(easeInOut(t + 0.05)).toBeGreaterThanOrEqual(easeInOut(t));
  });
});
