import { describe, expect, it } from 'vitest';
import { EMPTY_SEARCH } from './exploreTypes';
import { dimMask, litSet } from './litSet';

const base = { lasso: null, pick: null, search: EMPTY_SEARCH, isolation: null, neighbors: null, selected: -1 };
const search = (mask: number[], error: string | null = null) => ({ query: 'q', matches: Uint8Array.from(mask), count: mask.filter(Boolean).length, error });

describe('the dim mask and the lit set', () => {
  it('dims by lasso ∩ pick ∩ search, and by nothing when none is active', () => {
    expect(dimMask(base)).toBeNull();
    const lasso = { mask: Uint8Array.from([1, 1, 0, 1]), count: 3 };
    expect(dimMask({ ...base, lasso })).toBe(lasso.mask);
    const pick = { column: 'c', codes: [0], mask: Uint8Array.from([0, 1, 1, 1]), count: 3 };
    expect(Array.from(dimMask({ ...base, lasso, pick, search: search([1, 1, 1, 0]) })!)).toEqual([0, 1, 0, 0]);
  });

  it('a search with an invalid regex dims nothing (its error is shown instead)', () => {
    expect(dimMask({ ...base, search: search([0, 0, 0, 0], 'Invalid regular expression') })).toBeNull();
  });

  it('an empty intersection lights nothing', () => {
    const lasso = { mask: Uint8Array.from([1, 0, 0, 0]), count: 1 };
    expect(litSet({ ...base, lasso, search: search([0, 1, 0, 0]) }, 4)).toBeNull();
  });

  it('the neighbour list lights the selected row and its neighbours when no filter is active', () => {
    const set = litSet({ ...base, selected: 0, neighbors: [{ index: 2, value: 0.5 }] }, 4);
    expect(set && [Array.from(set.mask), set.count, set.what]).toEqual([[1, 0, 1, 0], 2, 'neighbors']);
  });

  it('under a filter, a new selection and neighbour list keep the same set (no pass over every row per click)', () => {
    const s = search([1, 0, 1, 1]);
    const a = litSet({ ...base, search: s, selected: 0, neighbors: [{ index: 2, value: 0.5 }] }, 4);
    const b = litSet({ ...base, search: s, selected: 3, neighbors: [{ index: 1, value: 0.7 }] }, 4);
    expect(b).toBe(a);
    expect(b && [Array.from(b.mask), b.count, b.what]).toEqual([[1, 0, 1, 1], 3, 'search']);
    const lasso = { mask: Uint8Array.from([1, 1, 1]), count: 3 };
    const both = litSet({ ...base, search: s, lasso }, 4);
    expect(both && [Array.from(both.mask), both.what]).toEqual([[1, 0, 1, 0], 'combined']);
  });
});
