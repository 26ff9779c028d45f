import { describe, expect, it } from 'vitest';
import { climb, mapRegions } from './mapRegions';
import { createRng } from './random';

/** Blobs of `per` points around each centre, interleaved row by row (row i belongs to blob i % k). */
function blobs(centres: [number, number][], per: number, spread: number, seed = 1): Float32Array {
  const rng = createRng(seed);
  const k = centres.length;
  const coords = new Float32Array(2 * k * per);
  for (let i = 0; i < k * per; i++) {
    const [cx, cy] = centres[i % k];
    coords[2 * i] = cx + rng.gaussian() * spread;
    coords[2 * i + 1] = cy + rng.gaussian() * spread;
  }
  return coords;
}

describe('mapRegions', () => {
  it('finds one region per well-separated cluster, biggest first, named from its first row', () => {
    const coords = blobs([[0, 0], [20, 0], [10, 18]], 1000, 1);
    const [coarse] = mapRegions(coords);
    expect(coarse.row.length).toBe(3);
    // Each blob's first row is one of rows 0, 1, 2 (rows interleave the blobs).
    expect(Array.from(coarse.row).sort()).toEqual([0, 1, 2]);
    for (let k = 0; k < 3; k++) {
      expect(coarse.count[k]).toBeGreaterThan(900);
      const r = coarse.row[k];
      // The name sits at the region's peak, near its blob's centre.
      expect(Math.hypot(coarse.x[k] - coords[2 * r], coarse.y[k] - coords[2 * r + 1])).toBeLessThan(4);
    }
  });

  it('splits into finer regions at the narrower scale: two close clusters are one coarse region and two fine ones', () => {
    const coords = blobs([[0, 0], [3.2, 0], [40, 0]], 2000, 0.6, 2);
    const [coarse, fine] = mapRegions(coords, { sigmas: [9, 1.5] });
    expect(coarse.row.length).toBe(2);
    expect(fine.row.length).toBe(3);
  });

  it('ignores specks smaller than the minimum share, and copes with no finite points', () => {
    const coords = new Float32Array([...blobs([[0, 0]], 2000, 1), 50, 50]);
    expect(mapRegions(coords)[0].row.length).toBe(1);
    expect(mapRegions(Float32Array.from([NaN, 1]))[0].row.length).toBe(0);
  });
});

describe('climb', () => {
  it('sends every cell above the floor to the top of its hill, and flat tops to a single peak', () => {
    const values = Float32Array.from([1, 2, 3, 2, 1, 0, 0, 5, 5, 0]);
    const peak = climb(values, 10, 1);
    expect(Array.from(peak.subarray(0, 5))).toEqual([2, 2, 2, 2, 2]);
    expect(peak[5]).toBe(-1);
    expect(peak[7]).toBe(7);
    expect(peak[8]).toBe(7);
  });
});
