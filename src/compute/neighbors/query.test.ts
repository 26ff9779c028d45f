import { describe, expect, it } from 'vitest';
import { nearestTo } from './knn';
import { nearestToQuery, nearestToVector, queryVector } from './query';

// Four 2-d "words": king and queen differ from man and woman by the same offset.
const WORDS = ['king', 'queen', 'man', 'woman', 'apple'];
const vectors = Float32Array.from([
  5, 5, // king
  5, 7, // queen
  1, 0.2, // man
  1, 2.2, // woman
  -3, 0.5, // apple
]);
const n = WORDS.length;
const idx = (w: string) => WORDS.indexOf(w);

function randomTable(rows: number, dim: number, seed: number): Float32Array {
  const out = new Float32Array(rows * dim);
  let s = seed;
  for (let i = 0; i < out.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 32 - 0.5;
  }
  return out;
}

describe('neighbours of any query', () => {
  it('king − man + woman is nearest to queen once the three inputs are excluded', () => {
    const terms = [
      { index: idx('king'), weight: 1 },
      { index: idx('man'), weight: -1 },
      { index: idx('woman'), weight: 1 },
    ];
    for (const metric of ['euclidean', 'cosine', 'dot'] as const) {
      const res = nearestToQuery(vectors, n, 2, { kind: 'arithmetic', terms }, 3, metric);
      expect(res.map((r) => WORDS[r.index])).not.toContain('king');
      expect(WORDS[res[0].index]).toBe('queen');
    }
  });

  it('a row query agrees with the exact kNN of the selected point (cosine and euclidean)', () => {
    const table = randomTable(300, 7, 3);
    for (const metric of ['cosine', 'euclidean'] as const) {
      const a = nearestToQuery(table, 300, 7, { kind: 'row', index: 17 }, 25, metric);
      const b = nearestTo(table, 300, 7, 17, 25, metric);
      expect(a.map((x) => x.index)).toEqual(b.map((x) => x.index));
      a.forEach((x, j) => expect(x.value).toBeCloseTo(b[j].value, 5));
    }
  });

  it('lists k = 100 and more, nearest first, never the query rows', () => {
    const table = randomTable(1000, 5, 9);
    const res = nearestToQuery(table, 1000, 5, { kind: 'row', index: 0 }, 500, 'euclidean');
    expect(res).toHaveLength(500);
    expect(res.some((r) => r.index === 0)).toBe(false);
    for (let j = 1; j < res.length; j++) expect(res[j].value).toBeGreaterThanOrEqual(res[j - 1].value);
    const dots = nearestToQuery(table, 1000, 5, { kind: 'row', index: 0 }, 100, 'dot');
    expect(dots).toHaveLength(100);
    for (let j = 1; j < dots.length; j++) expect(dots[j].value).toBeLessThanOrEqual(dots[j - 1].value);
  });

  it('the centroid of a set is the mean of its unit vectors under cosine and of the vectors otherwise', () => {
    const rows = Uint32Array.from([idx('man'), idx('woman')]);
    const e = queryVector(vectors, n, 2, { kind: 'centroid', rows }, 'euclidean');
    expect(Array.from(e)).toEqual([1, expect.closeTo(1.2, 6)]);
    const c = queryVector(vectors, n, 2, { kind: 'centroid', rows }, 'cosine');
    const unit = (x: number, y: number) => [x / Math.hypot(x, y), y / Math.hypot(x, y)];
    const [m, w] = [unit(1, 0.2), unit(1, 2.2)];
    expect(c[0]).toBeCloseTo((m[0] + w[0]) / 2, 6);
    expect(c[1]).toBeCloseTo((m[1] + w[1]) / 2, 6);
    const res = nearestToQuery(vectors, n, 2, { kind: 'centroid', rows }, 10, 'euclidean');
    expect(res.map((r) => WORDS[r.index])).toEqual(['apple', 'king', 'queen']);
  });

  it('gives a zero vector cosine similarity 0 and breaks ties by the lower row', () => {
    const table = Float32Array.from([1, 0, 0, 0, 2, 0, 3, 0]);
    const res = nearestToVector(table, 4, 2, Float64Array.from([1, 0]), 4, 'cosine', Uint8Array.from([1, 0, 0, 0]));
    expect(res).toEqual([
      { index: 2, value: 1 },
      { index: 3, value: 1 },
      { index: 1, value: 0 },
    ]);
  });

  it('refuses rows outside the table and empty queries', () => {
    expect(() => queryVector(vectors, n, 2, { kind: 'row', index: 9 }, 'cosine')).toThrow(/out of range/);
    expect(() => queryVector(vectors, n, 2, { kind: 'centroid', rows: new Uint32Array(0) }, 'cosine')).toThrow(/no rows/);
  });
});
