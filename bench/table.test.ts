import { describe, expect, it } from 'vitest';
import { withRatios } from './table';
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
