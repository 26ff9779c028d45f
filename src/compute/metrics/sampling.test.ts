import { describe, expect, it } from 'vitest';
import { samplePoints } from './sampling';

describe('samplePoints(n, m, seed)', () => {
  it('draws m distinct sorted indices in [0, n), the same for the same seed', () => {
    const a = samplePoints(1000, 100, 5);
    expect(a.length).toBe(100);
    expect(new Set(a).size).toBe(100);
    for (let t = 1; t < a.length; t++) expect(a[t]).toBeGreaterThan(a[t - 1]);
    expect(a[0]).toBeGreaterThanOrEqual(0);
    expect(a[99]).toBeLessThan(1000);
    expect(samplePoints(1000, 100, 5)).toEqual(a);
    expect(samplePoints(1000, 100, 6)).not.toEqual(a);
  });

  it('returns every index when m ≥ n', () => {
    expect(Array.from(samplePoints(5, 9, 1))).toEqual([0, 1, 2, 3, 4]);
  });
});
