import { describe, expect, it } from 'vitest';
import { medianRound, withRatios } from './table';
import type { BenchRow } from './types';

describe('the bench table’s ratios', () => {
  const rows: BenchRow[] = [
    { section: 'kNN', case: 'MNIST 10k×784', impl: 'sprout', threads: 1, ms: 1000 },
    { section: 'kNN', case: 'MNIST 10k×784', impl: 'sprout, 2 threads', threads: 2, ms: 800 },
    { section: 'kNN', case: 'MNIST 10k×784', impl: 'sprout, 2 one-thread copies at once', threads: 1, copies: 2, ms: 1250 },
    { section: 'kNN', case: 'MNIST 10k×784', impl: 'scikit-learn brute', threads: 1, ms: 3000 },
  ];
  const rated = withRatios(rows);

  it('gives a peer its time over ours and our 2-thread run our 1-thread time over its own', () => {
    expect(rated[3].vsSprout).toBeCloseTo(3, 9);
    expect(rated[1].scaling).toBeCloseTo(1.25, 9);
  });

  it('gives two copies run at once the work they did together per unit of one copy’s time alone', () => {
    // Each copy took 1.25 s where one alone takes 1 s: together they did 2 runs in 1.25 s, 1.6 runs' worth a second.
    expect(rated[2].scaling).toBeCloseTo(1.6, 9);
    expect(rated[2].vsSprout).toBeUndefined();
  });
});

describe('thread rows run in rounds, in turn', () => {
  it('take the median of the rounds\' own ratios, not the ratio of the rows\' medians', () => {
    // The 1-thread row's median is round 2's run, the 2-thread row's round 3's: a slow minute's against a fast one's.
    const one: BenchRow = { section: 't-SNE', case: 'MNIST 10k×784', impl: 'sprout', threads: 1, ms: 4800, rounds: [6030, 4800, 4770] };
    const two: BenchRow = { section: 't-SNE', case: 'MNIST 10k×784', impl: 'sprout, 2 threads', threads: 2, ms: 4560, rounds: [4840, 3970, 4560] };
    const copies: BenchRow = { section: 't-SNE', case: 'MNIST 10k×784', impl: 'sprout, 2 one-thread copies at once', threads: 1, copies: 2, ms: 5580, rounds: [5580, 5330, 6580] };
    const [, rTwo, rCopies] = withRatios([one, two, copies]);
    expect(rTwo.scaling).toBeCloseTo(4800 / 3970, 9); // rounds 1.246, 1.209, 1.046
    expect(rCopies.scaling).toBeCloseTo((2 * 4800) / 5330, 9); // rounds 2.161, 1.801, 1.450
  });

  it('fall back to the rows\' times when their rounds do not pair up (a round failed)', () => {
    const one: BenchRow = { section: 'kNN', case: 'x', impl: 'sprout', threads: 1, ms: 1000, rounds: [1000, 1100] };
    const two: BenchRow = { section: 'kNN', case: 'x', impl: 'sprout, 2 threads', threads: 2, ms: 500, rounds: [500, 520, 480] };
    expect(withRatios([one, two])[1].scaling).toBeCloseTo(2, 9);
  });
});

describe('a thread row run in several rounds', () => {
  const round = (ms: number, cpuMs: number, load: [number, number]): BenchRow => ({ section: 'UMAP', case: 'GloVe 50k×100', impl: 'sprout, 2 threads', threads: 2, ms, cpuMs, load, note: `NN-descent in run of ${ms} ms` });

  it('reports its median run (time and CPU of the same run), every round’s time, and the load over all', () => {
    const row = medianRound([round(9000, 15000, [1.1, 1.2]), round(7000, 13000, [1.2, 1.5]), round(8000, 14000, [1.0, 1.3])]);
    expect(row.ms).toBe(8000);
    expect(row.cpuMs).toBe(14000);
    expect(row.rounds).toEqual([9000, 7000, 8000]);
    expect(row.load).toEqual([1.0, 1.5]);
    expect(row.note).toMatch(/^NN-descent in run of 8000 ms; median of 3 runs in turn .*9\.00 s, 7\.00 s, 8\.00 s/);
  });

  it('leaves out a round that failed, and takes the lower middle of an even count', () => {
    const row = medianRound([round(9000, 1, [1, 1]), { ...round(0, 0, [1, 1]), ms: null }, round(7000, 2, [1, 1])]);
    expect(row.ms).toBe(7000);
    expect(row.rounds).toEqual([9000, 7000]);
  });

  it('keeps a lone timed run’s note as it was (no "median of" for one run)', () => {
    const row = medianRound([round(9000, 1, [1, 1]), { ...round(0, 0, [1, 1]), ms: null }]);
    expect(row.ms).toBe(9000);
    expect(row.note).toBe('NN-descent in run of 9000 ms');
  });
});
