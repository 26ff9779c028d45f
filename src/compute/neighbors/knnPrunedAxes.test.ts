import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { createSharedDenseArena, type DenseKernelKind } from '../simd/dense';
import { axesBytes, axesOf, axesShape, centreSample, finishAxes, powerRows, startAxes } from './knnPrunedAxes';

/** Rows with a few strong directions, so the axes have something to find. */
function rowsWithDirections(n: number, dim: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const dirs = Array.from({ length: 4 }, () => Float32Array.from({ length: dim }, () => rng.gaussian()));
  const X = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < dim; t++) X[i * dim + t] = 0.1 * rng.gaussian();
    dirs.forEach((d, k) => {
      const a = rng.gaussian() * (4 - k);
      for (let t = 0; t < dim; t++) X[i * dim + t] += a * d[t];
    });
  }
  return X;
}

describe('the pruned kNN axes', () => {
  it.each<DenseKernelKind>(['wasm', 'js'])('are orthonormal (%s kernel)', (kernel) => {
    const n = 300;
    const dim = 37;
    const { W, m } = axesOf(rowsWithDirections(n, dim, 1), n, dim, 12, 200, kernel);
    expect(m).toBe(12);
    for (let a = 0; a < m; a++) {
      for (let b = 0; b <= a; b++) {
        let s = 0;
        for (let t = 0; t < dim; t++) s += W[a * dim + t] * W[b * dim + t];
        expect(s).toBeCloseTo(a === b ? 1 : 0, 9);
      }
    }
  });

  it('are the same bits whichever sample rows and axes each thread works on (how knnPrunedParallel.ts splits them)', () => {
    const n = 500;
    const dim = 50;
    const X = rowsWithDirections(n, dim, 2);
    const whole = axesOf(X, n, dim, 21, 256, 'wasm');
    const s = axesShape(n, dim, 21, 256);
    // A shared arena, as the threads use, the sample centred and the axes iterated in uneven pieces (in any order).
    const { arena } = createSharedDenseArena(axesBytes(s));
    const [pS, pSt, pG, pY] = arena.ptr;
    const p = { pS, pSt, pG, pY };
    const { mean, rng } = startAxes(arena, p, X, n, s);
    for (const [r0, r1] of [[100, 256], [0, 37], [37, 100]]) centreSample(arena, p, X, n, s, mean, r0, r1);
    for (const [r0, r1] of [[13, 21], [0, 5], [5, 13]]) powerRows(arena, p, s, r0, r1);
    const split = finishAxes(arena, p, s, mean, rng);
    expect(Array.from(split.mean)).toEqual(Array.from(whole.mean));
    expect(Array.from(split.W)).toEqual(Array.from(whole.W));
  });

  it('point along the data\'s strongest direction first', () => {
    const n = 400;
    const dim = 20;
    const X = rowsWithDirections(n, dim, 3);
    const { W } = axesOf(X, n, dim, 4, 400, 'wasm');
    // The first axis captures more of the rows' spread than any later one.
    const spread = (a: number): number => {
      let s = 0;
      for (let i = 0; i < n; i++) {
        let d = 0;
        for (let t = 0; t < dim; t++) d += X[i * dim + t] * W[a * dim + t];
        s += d * d;
      }
      return s;
    };
    for (let a = 1; a < 4; a++) expect(spread(0)).toBeGreaterThan(spread(a));
  });
});
