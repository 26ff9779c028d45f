import { describe, expect, it } from 'vitest';
import { buildNoiseTable, buildVocab, encode, keepProbabilities, lookup, UNK, UNK_ID } from './vocab';

describe('vocab', () => {
  const streams = [['b', 'a', 'c', 'a'], ['a', 'b', 'd', 'e', 'e']];

  it('reserves ID 0 for <unk> and orders the rest by descending count, ties by first appearance', () => {
    const v = buildVocab(streams);
    expect(v.words).toEqual([UNK, 'a', 'b', 'e', 'c', 'd']);
    expect(Array.from(v.counts)).toEqual([0, 3, 2, 2, 1, 1]);
    expect(v.total).toBe(9);
  });

  it('maps words below minCount to <unk> and counts them there', () => {
    const v = buildVocab(streams, { minCount: 2 });
    expect(v.words).toEqual([UNK, 'a', 'b', 'e']);
    expect(v.counts[UNK_ID]).toBe(2);
    expect(lookup(v, 'c')).toBe(UNK_ID);
    expect(Array.from(encode(v, ['a', 'zzz', 'e']))).toEqual([1, 0, 3]);
  });

  it('keeps at most maxSize words besides <unk>', () => {
    expect(buildVocab(streams, { maxSize: 2 }).words).toEqual([UNK, 'a', 'b']);
  });

  it('buildNoiseTable draws IDs in proportion to count^0.75 and never <unk>', () => {
    const counts = new Float64Array([50, 1000, 100, 10]);
    const table = buildNoiseTable(counts, 0.75, 1 << 16);
    const hist = [0, 0, 0, 0];
    for (const id of table) hist[id]++;
    expect(hist[0]).toBe(0);
    const z = 1000 ** 0.75 + 100 ** 0.75 + 10 ** 0.75;
    expect(hist[1] / table.length).toBeCloseTo(1000 ** 0.75 / z, 2);
    expect(hist[2] / table.length).toBeCloseTo(100 ** 0.75 / z, 2);
    expect(hist[3] / table.length).toBeCloseTo(10 ** 0.75 / z, 2);
  });

  it('keepProbabilities follows word2vec: (sqrt(f/t) + 1)·t/f, capped at 1', () => {
    const counts = new Float64Array([0, 10000, 100, 1]);
    const keep = keepProbabilities(counts, 100000, 1e-3);
    const t = 100;
    expect(keep[1]).toBeCloseTo((Math.sqrt(10000 / t) + 1) * (t / 10000), 6);
    expect(keep[2]).toBe(1);
    expect(keep[3]).toBe(1);
    expect(Array.from(keepProbabilities(counts, 100000, 0))).toEqual([1, 1, 1, 1]);
  });
});
