import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { composeFrame, fitFrame, procrustes2D, projectFrame, projectPoint } from './frame';

/** n points spread mostly along axis 0, then axis 1, in `dim` dimensions. */
function cloud(n: number, dim: number, seed = 1): Float32Array {
  const rng = createRng(seed);
  const v = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) for (let k = 0; k < dim; k++) v[i * dim + k] = rng.gaussian() * (k === 0 ? 10 : k === 1 ? 4 : 0.5) + 3;
  return v;
}

describe('fitFrame / projectFrame', () => {
  it('fitFrame finds the two directions of largest spread and centres the picture', () => {
    const n = 400, dim = 6;
    const v = cloud(n, dim);
    const f = fitFrame(v, n, dim);
    expect(Math.abs(f.basis[0])).toBeGreaterThan(0.99);
    expect(Math.abs(f.basis[dim + 1])).toBeGreaterThan(0.99);
    const xy = projectFrame(f, v, n);
    let mx = 0, my = 0;
    for (let i = 0; i < n; i++) { mx += xy[2 * i]; my += xy[2 * i + 1]; }
    expect(Math.abs(mx / n)).toBeLessThan(1e-3);
    expect(Math.abs(my / n)).toBeLessThan(1e-3);
  });

  it('a fixed frame does not move points whose vectors did not move', () => {
    const n = 50, dim = 4;
    const v = cloud(n, dim);
    const f = fitFrame(v, n, dim);
    const before = projectFrame(f, v, n);
    v[0] += 5; // only row 0 changes
    const after = projectFrame(f, v, n);
    for (let i = 1; i < n; i++) {
      expect(after[2 * i]).toBe(before[2 * i]);
      expect(after[2 * i + 1]).toBe(before[2 * i + 1]);
    }
    expect(after[0]).not.toBe(before[0]);
  });

  it('projectPoint agrees with projectFrame', () => {
    const n = 10, dim = 3;
    const v = cloud(n, dim);
    const f = fitFrame(v, n, dim);
    const xy = projectFrame(f, v, n);
    const [x, y] = projectPoint(f, v, 4 * dim);
    expect(x).toBeCloseTo(xy[8], 5);
    expect(y).toBeCloseTo(xy[9], 5);
  });

  it('firstRow leaves rows out of the fit (but they are still projected)', () => {
    const n = 100, dim = 3;
    const v = cloud(n, dim);
    v.set([1e4, 1e4, 1e4], 0); // a wild row 0 would dominate the fit
    const f = fitFrame(v, n, dim, { firstRow: 1 });
    expect(Math.abs(f.basis[0])).toBeGreaterThan(0.99);
    expect(projectFrame(f, v, n)).toHaveLength(2 * n);
  });

  it('falls back to coordinate axes for a table with no variance or too few rows', () => {
    const f = fitFrame(new Float32Array(8).fill(1), 4, 2);
    expect(projectFrame(f, new Float32Array([3, 5]), 1).length).toBe(2);
    const one = fitFrame(new Float32Array([1, 2, 3]), 1, 3);
    expect(Array.from(one.basis)).toEqual([1, 0, 0, 0, 1, 0]);
    const flat = fitFrame(new Float32Array([1, 2, 3]), 3, 1);
    expect(Array.from(flat.basis)).toEqual([1, 0]);
  });
});

describe('procrustes2D / alignment', () => {
  const P = new Float32Array([0, 0, 2, 0, 0, 1, 3, 2, -1, 4]);
  const n = 5;
  const apply = (t: ReturnType<typeof procrustes2D>, i: number): [number, number] => [
    P[2 * i] * t.r00 + P[2 * i + 1] * t.r10 + t.tx,
    P[2 * i] * t.r01 + P[2 * i + 1] * t.r11 + t.ty,
  ];

  it('recovers a rotation plus shift exactly', () => {
    const a = 0.7, c = Math.cos(a), s = Math.sin(a);
    const Q = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) {
      Q[2 * i] = P[2 * i] * c - P[2 * i + 1] * s + 5;
      Q[2 * i + 1] = P[2 * i] * s + P[2 * i + 1] * c - 2;
    }
    const t = procrustes2D(P, Q, n);
    for (let i = 0; i < n; i++) {
      const [x, y] = apply(t, i);
      expect(x).toBeCloseTo(Q[2 * i], 4);
      expect(y).toBeCloseTo(Q[2 * i + 1], 4);
    }
  });

  it('recovers a reflection (a PCA axis that flipped sign)', () => {
    const Q = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) {
      Q[2 * i] = -P[2 * i];
      Q[2 * i + 1] = P[2 * i + 1];
    }
    const t = procrustes2D(P, Q, n);
    expect(t.r00 * t.r11 - t.r01 * t.r10).toBeCloseTo(-1, 6);
    for (let i = 0; i < n; i++) expect(apply(t, i)[0]).toBeCloseTo(Q[2 * i], 4);
  });

  it('identical point sets give the identity; no scaling ever', () => {
    const t = procrustes2D(P, P, n);
    expect(t.r00).toBeCloseTo(1, 6);
    expect(t.r11).toBeCloseTo(1, 6);
    expect(t.tx).toBeCloseTo(0, 5);
    const Q = P.map((x) => x * 3);
    const u = procrustes2D(P, Q, n);
    expect(Math.hypot(u.r00, u.r01)).toBeCloseTo(1, 6);
  });

  it('re-fitting with align keeps the picture where it was when the table has not changed', () => {
    const N = 200, dim = 5;
    const v = cloud(N, dim, 3);
    const f0 = fitFrame(v, N, dim);
    // A deliberately rotated and shifted frame stands in for "the picture on screen".
    const shown = composeFrame(f0, { r00: 0, r01: 1, r10: -1, r11: 0, tx: 7, ty: -3 });
    const before = projectFrame(shown, v, N);
    const refit = fitFrame(v, N, dim, { align: before });
    const after = projectFrame(refit, v, N);
    for (let i = 0; i < 2 * N; i++) expect(after[i]).toBeCloseTo(before[i], 2);
  });
});
