import { describe, expect, it } from 'vitest';
import { checkRows, expandSubsetCoords, gatherRows, gatherValues, keepRows, maskOfRows, rowsOfMask, subsetId } from './subset';

describe('subsets', () => {
  it('turns a mask into sorted rows and back', () => {
    const mask = Uint8Array.from([0, 1, 1, 0, 1]);
    const rows = rowsOfMask(mask);
    expect(Array.from(rows)).toEqual([1, 2, 4]);
    expect(maskOfRows(rows, 5)).toEqual(mask);
  });

  it('names the same rows of the same parent the same way, and anything else differently', () => {
    const a = subsetId('glove', Uint32Array.from([1, 2, 4]));
    expect(subsetId('glove', Uint32Array.from([1, 2, 4]))).toBe(a);
    expect(a.startsWith('glove|subset:3:')).toBe(true);
    const others = [
      subsetId('glove', Uint32Array.from([1, 2, 5])),
      subsetId('glove', Uint32Array.from([1, 2])),
      subsetId('mnist', Uint32Array.from([1, 2, 4])),
      subsetId('glove', Uint32Array.from([0, 3, 4])),
    ];
    expect(new Set([a, ...others]).size).toBe(5);
    // Many similar subsets, no collision.
    const ids = new Set<string>();
    for (let s = 0; s < 2000; s++) ids.add(subsetId('p', Uint32Array.from([s, s + 1, s + 7])));
    expect(ids.size).toBe(2000);
  });

  it('gathers the rows’ vectors into a table of its own', () => {
    const v = Float32Array.from([0, 0, 1, 1, 2, 2, 3, 3]);
    expect(gatherRows(v, 2, Uint32Array.from([1, 3]))).toEqual(Float32Array.from([1, 1, 3, 3]));
    expect(() => gatherRows(v, 2, Uint32Array.from([4]))).toThrow(/out of range/);
    expect(gatherValues(Uint32Array.from([7, 8, 9]), Uint32Array.from([2, 0]))).toEqual(Uint32Array.from([9, 7]));
  });

  it('checks that rows are sorted, distinct and in range', () => {
    expect(() => checkRows(Uint32Array.from([1, 1]), 5)).toThrow(/sorted and distinct/);
    expect(() => checkRows(Uint32Array.from([2, 1]), 5)).toThrow(/sorted and distinct/);
    expect(() => checkRows(Uint32Array.from([5]), 5)).toThrow(/out of range/);
    expect(() => checkRows(Uint32Array.from([0, 4]), 5)).not.toThrow();
  });

  it('spreads a subset’s layout over all rows, NaN for the rest', () => {
    const out = expandSubsetCoords(Float32Array.from([10, 11, 40, 41]), Uint32Array.from([1, 4]), 5);
    expect(Array.from(out)).toEqual([NaN, NaN, 10, 11, NaN, NaN, NaN, NaN, 40, 41]);
    expect(() => expandSubsetCoords(new Float32Array(2), Uint32Array.from([1, 4]), 5)).toThrow();
  });

  it('keeps only the masked rows of a layout, leaving the original untouched', () => {
    const coords = Float32Array.from([1, 2, 3, 4, 5, 6]);
    expect(Array.from(keepRows(coords, Uint8Array.from([0, 1, 0])))).toEqual([NaN, NaN, 3, 4, NaN, NaN]);
    expect(Array.from(coords)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
