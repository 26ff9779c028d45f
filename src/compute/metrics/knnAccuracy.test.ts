import { describe, expect, it } from 'vitest';
import { MISSING_CODE } from '../dataset';
import { createRng } from '../random';
import { knnAccuracy } from './knnAccuracy';
import { randomLayout } from './metrics.fixtures';

describe('knnAccuracy(layout, codes, k)', () => {
  const n = 600;
  // Three labelled clusters far apart in the plane.
  const rng = createRng(8);
  const codes = Uint32Array.from({ length: n }, (_, i) => i % 3);
  const layout = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    layout[2 * i] = codes[i] * 100 + rng.gaussian();
    layout[2 * i + 1] = rng.gaussian();
  }

  it('is 1 when every label forms its own separated cluster', () => {
    expect(knnAccuracy(layout, codes, 10)).toBe(1);
  });

  it('is near 1/labels when positions ignore labels', () => {
    const acc = knnAccuracy(randomLayout(n, 3), codes, 10);
    expect(acc).toBeGreaterThan(0.2);
    expect(acc).toBeLessThan(0.5);
  });

  it('breaks a tie in favour of the label that reached it first (nearer votes)', () => {
    // Five points on a line at x = 0..4 with labels 1 1 2 2 1, k = 4 (everyone else).
    // Point 0 sees labels 1, 2, 2, 1 nearest first: 2 reaches two votes first → wrong.
    // Worked through for every point, the rule gets all five wrong (the alternative
    // "tie → label of the nearest neighbour" would get point 0 and 1 right).
    const pts = Float32Array.from([0, 0, 1, 0, 2, 0, 3, 0, 4, 0]);
    expect(knnAccuracy(pts, Uint32Array.from([1, 1, 2, 2, 1]), 4)).toBe(0);
  });

  it('skips points whose own label is missing', () => {
    const withMissing = codes.slice();
    for (let i = 0; i < n; i += 2) withMissing[i] = MISSING_CODE;
    expect(knnAccuracy(layout, withMissing, 5)).toBe(1);
  });
});
