import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { sampleCandidates } from './nndescentJoin';
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
  it('gives the entry-by-entry lists exactly, heap layout included, however the rows are split', () => {
    const n = 300;
    const k = 9;
    const maxC = 7;
    const heaps = randomHeaps(n, k, 3);
    for (const round of [0, 4]) {
      const want = lists(n, maxC);
      referenceSample(heaps, want, n, 11, round);
      for (const splits of [[0, n], [0, 97, 98, 300]]) {
        const got = lists(n, maxC);
        for (let s = 0; s + 1 < splits.length; s++) sampleCandidates(heaps, got, n, splits[s], splits[s + 1], 11, round);
        expect(Array.from(got.newC)).toEqual(Array.from(want.newC));
        expect(Array.from(got.oldC)).toEqual(Array.from(want.oldC));
        expect(Array.from(got.newP)).toEqual(Array.from(want.newP));
        expect(Array.from(got.oldP)).toEqual(Array.from(want.oldP));
      }
    }
  });
});
