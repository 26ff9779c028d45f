import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateDataset, type FullDataset } from '../dataset';
import { allocate, randomSampleIndices, sampleDataset, strataOf, stratifiedSampleIndices, takeRows } from './sample';

const sortedDistinct = (a: Uint32Array, n: number): boolean => a.every((v, i) => v < n && (i === 0 || v > a[i - 1]));

describe('randomSampleIndices(n, k, seed)', () => {
  it('returns k distinct sorted indices below n, the same for the same seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 2500 }), fc.integer(), (n, k, seed) => {
        const a = randomSampleIndices(n, k, seed);
        expect(a.length).toBe(Math.min(n, k));
        expect(sortedDistinct(a, n)).toBe(true);
        expect(Array.from(randomSampleIndices(n, k, seed))).toEqual(Array.from(a));
      }),
      { numRuns: 200 },
    );
  });

  it('different seeds give different samples, and every row is about equally likely', () => {
    expect(Array.from(randomSampleIndices(1000, 10, 1))).not.toEqual(Array.from(randomSampleIndices(1000, 10, 2)));
    const hits = new Uint32Array(10);
    for (let s = 0; s < 2000; s++) for (const i of randomSampleIndices(10, 3, s)) hits[i]++;
    // Expected 600 each.
    for (const h of hits) expect(Math.abs(h - 600)).toBeLessThan(120);
  });
});

describe('stratifiedSampleIndices(strata, k, seed)', () => {
  it('keeps each group’s share and at least one row of a rare group', () => {
    const strata = new Uint32Array(10_000);
    for (let i = 0; i < strata.length; i++) strata[i] = i < 9000 ? 0 : i < 9990 ? 1 : 2; // 90% / 9.9% / 0.1%
    const s = stratifiedSampleIndices(strata, 100, 7);
    expect(s.length).toBe(100);
    expect(sortedDistinct(s, strata.length)).toBe(true);
    const per = [0, 0, 0];
    for (const i of s) per[strata[i]]++;
    expect(per[2]).toBeGreaterThanOrEqual(1);
    expect(per[0]).toBeGreaterThanOrEqual(88);
    expect(per[1]).toBeGreaterThanOrEqual(9);
  });

  it('returns exactly min(n, k) distinct rows for any grouping', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 300 }), fc.integer({ min: 0, max: 400 }), (codes, k) => {
        const s = stratifiedSampleIndices(Uint32Array.from(codes), k, 3);
        expect(s.length).toBe(Math.min(codes.length, k));
        expect(sortedDistinct(s, codes.length)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('allocate splits by largest remainder and never exceeds a group', () => {
    expect(allocate([50, 30, 20], 10)).toEqual([5, 3, 2]);
    expect(allocate([1000, 1], 5)).toEqual([4, 1]);
    expect(allocate([2, 2], 10)).toEqual([2, 2]);
  });
});

describe('takeRows(dataset, indices)', () => {
  const ds: FullDataset = {
    id: 'd',
    name: 'd',
    n: 4,
    dim: 2,
    vectors: Float32Array.from([0, 0, 1, 1, 2, 2, 3, 3]),
    labels: ['a', 'b', 'a', '<img src=x>'],
    columns: [
      { name: 'c', type: 'category', codes: Uint32Array.from([0, 1, 0, 1]), categories: ['x', 'y'] },
      { name: 'v', type: 'number', values: Float64Array.from([1.5, 2.5, 3.5, 4.5]) },
      { name: 't', type: 'text', values: ['p', 'q', 'r', 's'] },
    ],
    images: { width: 1, height: 1, channels: 1, pixels: Uint8Array.from([10, 20, 30, 40]) },
    metric: 'euclidean',
  };

  it('copies vectors, labels (duplicates kept), every column type and images', () => {
    const t = takeRows(ds, Uint32Array.from([1, 3]), { name: 'sample' });
    validateDataset(t);
    expect([t.n, t.name, Array.from(t.vectors)]).toEqual([2, 'sample', [1, 1, 3, 3]]);
    expect(t.labels).toEqual(['b', '<img src=x>']);
    expect(t.columns.map((c): unknown[] => (c.type === 'category' ? Array.from(c.codes) : c.type === 'number' ? Array.from(c.values) : [...c.values]))).toEqual([[1, 1], [2.5, 4.5], ['q', 's']]);
    expect(Array.from(t.images!.pixels)).toEqual([20, 40]);
  });

  it('strataOf groups text and number columns by their text', () => {
    expect(Array.from(strataOf(ds.columns[0], 4))).toEqual([0, 1, 0, 1]);
    const codes = strataOf({ name: 'w', type: 'text', values: ['a', 'b', 'a', ''] }, 4);
    expect(codes[0]).toBe(codes[2]);
    expect(codes[0]).not.toBe(codes[1]);
  });
});

describe('sampleDataset(dataset, choice)', () => {
  function big(n: number): FullDataset {
    const vectors = new Float32Array(n * 2);
    for (let i = 0; i < n; i++) vectors[2 * i] = i;
    return {
      id: 'big#1',
      name: 'big.tsv',
      n,
      dim: 2,
      vectors,
      labels: Array.from({ length: n }, (_, i) => `w${i}`),
      columns: [{ name: 'group', type: 'category', codes: Uint32Array.from({ length: n }, (_, i) => (i % 100 === 0 ? 1 : 0)), categories: ['many', 'few'] }],
      metric: 'euclidean',
    };
  }

  it('a seeded random sample says "showing 1,000 of 150,000", keeps rows whole, and gets an id of its own', () => {
    const ds = big(150_000);
    const { dataset, sample } = sampleDataset(ds, { rows: 'random', size: 1000, seed: 1 });
    expect(dataset.n).toBe(1000);
    expect(dataset.name).toBe('big.tsv — showing 1,000 of 150,000');
    expect(sample).toEqual({ shown: 1000, total: 150_000, how: 'random sample, seed 1' });
    expect(dataset.id).not.toBe(ds.id);
    expect(dataset.id.startsWith(ds.id)).toBe(true);
    // Row i of the sample is some original row r: its vector and label moved together.
    for (let i = 0; i < dataset.n; i += 97) expect(dataset.labels[i]).toBe(`w${dataset.vectors[2 * i]}`);
    expect(sampleDataset(ds, { rows: 'random', size: 1000, seed: 1 }).dataset.labels).toEqual(dataset.labels);
  });

  it('a stratified sample keeps a rare group; "all" (or a size ≥ n) gives the dataset itself', () => {
    const ds = big(150_000);
    const strat = sampleDataset(ds, { rows: 'stratified', column: 'group', size: 1000, seed: 2 });
    const col = strat.dataset.columns[0];
    const few = col.type === 'category' ? Array.from(col.codes).filter((c) => c === 1).length : 0;
    expect([strat.dataset.n, few]).toEqual([1000, 10]);
    expect(strat.sample?.how).toBe('stratified by group, seed 2');
    expect(sampleDataset(ds, { rows: 'all' })).toEqual({ dataset: ds, sample: null });
    expect(sampleDataset(ds, { rows: 'random', size: 200_000, seed: 1 }).dataset).toBe(ds);
    expect(() => sampleDataset(ds, { rows: 'stratified', column: 'nope', size: 10, seed: 1 })).toThrow(/no column "nope"/);
  });
});
