import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { canonicalHeaps, pushMin, type NNHeaps } from './nndescentState';

function emptyHeaps(n: number, k: number): NNHeaps {
  return { k, idx: new Int32Array(n * k).fill(-1), dist: new Float32Array(n * k).fill(Infinity), flag: new Uint8Array(n * k) };
}

describe('NN-descent heaps fed in a racing order', () => {
  // Offers to row 0: 40 candidates, each offered 1–3 times at distances a rounding or
  // more apart, with ties — as RP trees meet one pair in several leaves.
  const rng = createRng(5);
  const offers: [number, number][] = [];
  const best = new Map<number, number>();
  for (let j = 1; j <= 40; j++) {
    const base = Math.fround(Math.round(rng.next() * 20) / 20);
    for (let r = 0; r < 1 + rng.int(3); r++) {
      const d = Math.fround(base + r * 2 ** -20 * rng.int(3));
      offers.push([j, d]);
      best.set(j, Math.min(best.get(j) ?? Infinity, d));
    }
  }
  const k = 9;
  const expected = [...best].sort((a, b) => a[1] - b[1] || a[0] - b[0]).slice(0, k);

  it('hold the k best (smallest distance of each index, then index) whatever the order, laid out one way once canonical', () => {
    let first: NNHeaps | null = null;
    for (let trial = 0; trial < 20; trial++) {
      const h = emptyHeaps(1, k);
      for (const [j, d] of createRng(100 + trial).shuffle([...offers])) pushMin(h, 0, j, d, 1);
      const held = Array.from(h.idx, (j, t) => [j, h.dist[t]] as [number, number]).sort((a, b) => a[1] - b[1] || a[0] - b[0]);
      expect(held).toEqual(expected);
      canonicalHeaps(h, 0, 1);
      if (!first) first = h;
      expect(Array.from(h.idx)).toEqual(Array.from(first.idx));
      expect(Array.from(h.dist)).toEqual(Array.from(first.dist));
      // Canonical is a valid max-heap: worst first.
      for (let t = 1; t < k; t++) expect(h.dist[t - 1] >= h.dist[t]).toBe(true);
    }
  });
});
