import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { bucketReverse, chunksOf, sampleCandidates, sampleOwnedCandidates } from './nndescentJoin';
import { addCandidate, pairPriority, type NNCandidates, type NNHeaps } from './nndescentState';

/** The plain entry-by-entry sampling: each heap entry offers j to i's list and i to j's. */
function referenceSample(heaps: NNHeaps, c: NNCandidates, n: number, seed: number, round: number): void {
  const { k, idx, flag } = heaps;
  c.newC.fill(-1);
  c.oldC.fill(-1);
  c.newP.fill(Infinity);
  c.oldP.fill(Infinity);
  for (let i = 0; i < n; i++) {
    for (let t = i * k; t < (i + 1) * k; t++) {
      const j = idx[t];
      if (j < 0) continue;
      const pri = pairPriority(seed, round, i, j);
      const [cs, ps] = flag[t] ? [c.newC, c.newP] : [c.oldC, c.oldP];
      addCandidate(cs, ps, c.maxC, i, j, pri);
      addCandidate(cs, ps, c.maxC, j, i, pri);
    }
  }
}

function randomHeaps(n: number, k: number, seed: number): NNHeaps {
  const rng = createRng(seed);
  const idx = new Int32Array(n * k);
  const flag = new Uint8Array(n * k);
  for (let t = 0; t < n * k; t++) {
    // a few hubs draw many reverse entries; some slots empty; mutual pairs happen
    const r = rng.next();
    idx[t] = r < 0.05 ? -1 : r < 0.3 ? rng.int(5) : rng.int(n);
    if (idx[t] === Math.floor(t / k)) idx[t] = -1;
    flag[t] = rng.next() < 0.4 ? 1 : 0;
  }
  return { k, idx, dist: new Float32Array(n * k), flag };
}

const lists = (n: number, maxC: number): NNCandidates => ({
  maxC,
  newC: new Int32Array(n * maxC),
  newP: new Float32Array(n * maxC),
  oldC: new Int32Array(n * maxC),
  oldP: new Float32Array(n * maxC),
});

describe('sampleCandidates (row by row)', () => {
  it('gives the entry-by-entry lists exactly, heap layout included', () => {
    const n = 300;
    const k = 9;
    const maxC = 7;
    const heaps = randomHeaps(n, k, 3);
    for (const round of [0, 4]) {
      const want = lists(n, maxC);
      referenceSample(heaps, want, n, 11, round);
      const got = lists(n, maxC);
      sampleCandidates(heaps, got, n, 11, round);
      expect(got).toEqual(want);
    }
  });

  it('gives the same lists, layout included, when threads share them through reverse buckets', () => {
    // 700 rows: 11 chunks, the last one short, dealt unevenly round 2, 3 and 5 threads.
    const n = 700;
    const k = 9;
    const maxC = 7;
    const heaps = randomHeaps(n, k, 5);
    const want = lists(n, maxC);
    sampleCandidates(heaps, want, n, 11, 2);
    for (const threads of [2, 3, 5]) {
      const buckets = { pos: new Int32Array(n * k), dst: new Int32Array(n * k), start: new Int32Array(chunksOf(n) * (threads + 1)) };
      // Threads in reverse order: each reads only what bucketReverse left, not what another thread did first.
      for (let t = threads - 1; t >= 0; t--) bucketReverse(heaps, buckets, n, t, threads);
      const got = lists(n, maxC);
      got.newC.fill(7);
      for (let t = threads - 1; t >= 0; t--) sampleOwnedCandidates(heaps, got, buckets, n, t, threads, 11, 2);
      expect(got).toEqual(want);
    }
  });
});
