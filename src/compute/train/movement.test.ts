import { describe, expect, it } from 'vitest';
import { frequencyBands, meanCosineToStart, meanRowLength } from './movement';

describe('frequencyBands', () => {
  it('takes the top and bottom share by count, leaving out <unk>', () => {
    const counts = [1000, 50, 3, 40, 1, 30, 20, 10, 8, 6, 5];
    const b = frequencyBands(counts, 0.2);
    expect([...b.frequent]).toEqual([1, 3]);
    expect([...b.rare]).toEqual([2, 4]);
    expect([b.frequentMinCount, b.rareMaxCount]).toEqual([40, 3]);
  });

  it('keeps at least one row per band, and none for an empty vocabulary', () => {
    expect(frequencyBands([9, 2, 1]).frequent.length).toBe(1);
    expect(frequencyBands([9]).rare.length).toBe(0);
  });
});

describe('meanRowLength', () => {
  it('averages the rows’ L2 lengths', () => {
    expect(meanRowLength(Float32Array.from([3, 4, 0, 1, 9, 9]), 2, [0, 1])).toBe(3);
    expect(meanRowLength(new Float32Array(4), 2, [])).toBeNaN();
  });
});

describe('meanCosineToStart', () => {
  const start = Float32Array.from([1, 0, 0, 1, 3, 4]);
  it('is 1 for unmoved (or only rescaled) rows, −1 for flipped ones, 0 for orthogonal ones', () => {
    const now = Float32Array.from([5, 0, 0, -2, -4, 3]);
    expect(meanCosineToStart(now, start, 2, [0])).toBe(1);
    expect(meanCosineToStart(now, start, 2, [1])).toBe(-1);
    expect(meanCosineToStart(now, start, 2, [2])).toBeCloseTo(0, 6);
    expect(meanCosineToStart(now, start, 2, [0, 1])).toBe(0);
    expect(meanCosineToStart(now, start, 2, [])).toBeNaN();
  });
});
