import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { exactRepulsion } from './tsneForces';
import { createFftRepulsion } from './tsneFft';

/** n points in 10 Gaussian clusters on a circle of radius `scale` (cluster std 0.15·scale). */
function layout(n: number, scale: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const y = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const c = i % 10;
    y[2 * i] = scale * (Math.cos(c) + 0.15 * rng.gaussian());
    y[2 * i + 1] = scale * (Math.sin(c) + 0.15 * rng.gaussian());
  }
  return y;
}

/** ‖F̃/Z̃ − F/Z‖ / ‖F/Z‖ over all points, and the relative error of Z. */
function compare(y: Float64Array, n: number, approx: (y: Float64Array, out: Float64Array) => number) {
  const ex = new Float64Array(2 * n);
  const Ze = exactRepulsion(n).compute(y, ex);
  const ap = new Float64Array(2 * n);
  const Za = approx(y, ap);
  let num = 0;
  let den = 0;
  for (let k = 0; k < 2 * n; k++) {
    num += (ap[k] / Za - ex[k] / Ze) ** 2;
    den += (ex[k] / Ze) ** 2;
  }
  return { force: Math.sqrt(num / den), z: Math.abs(Za - Ze) / Ze };
}

describe('createFftRepulsion', () => {
  it('agrees with the exact gradient on a compact layout (fine grid, no split)', () => {
    const n = 800;
    const y = layout(n, 3, 1);
    const f = createFftRepulsion(n);
    const err = compare(y, n, (p, o) => f.compute(p, o));
    expect(f.lastGrid().split).toBe(false);
    expect(err.force).toBeLessThan(0.02);
    expect(err.z).toBeLessThan(2e-3);
  });

  it('agrees with the exact gradient on a wide layout, where it splits near and far', () => {
    const n = 1500;
    const y = layout(n, 40, 2);
    const f = createFftRepulsion(n);
    const err = compare(y, n, (p, o) => f.compute(p, o));
    expect(f.lastGrid().split).toBe(true);
    expect(err.force).toBeLessThan(0.03);
    expect(err.z).toBeLessThan(2e-3);
  });

  it('the unsplit grid on the same wide layout is also close', () => {
    const n = 1500;
    const y = layout(n, 40, 2);
    const f = createFftRepulsion(n, { sigma: 0 });
    const err = compare(y, n, (p, o) => f.compute(p, o));
    expect(f.lastGrid().split).toBe(false);
    expect(err.force).toBeLessThan(0.03);
  });

  it('stays accurate on a vanishingly small layout (early exaggeration can shrink it to 1e-20)', () => {
    const n = 400;
    for (const scale of [1e-4, 1e-12, 1e-20]) {
      const y = layout(n, scale, 5);
      const err = compare(y, n, (p, o) => createFftRepulsion(n).compute(p, o));
      expect(err.force).toBeLessThan(1e-6);
      expect(err.z).toBeLessThan(1e-9);
    }
  });

  it('gets more accurate as the grid gets finer', () => {
    const n = 600;
    const y = layout(n, 8, 3);
    const coarse = compare(y, n, (p, o) => createFftRepulsion(n, { sigma: 0, maxSpacing: 0.8 }).compute(p, o));
    const fine = compare(y, n, (p, o) => createFftRepulsion(n, { sigma: 0, maxSpacing: 0.1 }).compute(p, o));
    expect(fine.force).toBeLessThan(coarse.force / 10);
    expect(fine.force).toBeLessThan(2e-3);
  });

  it('gives bit-identical output for the same input, also when reusing cached kernels', () => {
    const n = 500;
    const y = layout(n, 20, 4);
    const f = createFftRepulsion(n);
    const a = new Float64Array(2 * n);
    const b = new Float64Array(2 * n);
    const za = f.compute(y, a);
    const zb = f.compute(y, b);
    const c = new Float64Array(2 * n);
    const zc = createFftRepulsion(n).compute(y, c);
    expect(zb).toBe(za);
    expect(zc).toBe(za);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Array.from(c)).toEqual(Array.from(a));
  });

  it('handles degenerate layouts: one point, and all points at one spot', () => {
    const one = new Float64Array(2);
    const out1 = new Float64Array(2);
    expect(createFftRepulsion(1).compute(one, out1)).toBeCloseTo(0, 8);
    const n = 5;
    const same = new Float64Array(2 * n).fill(0.5);
    const out = new Float64Array(2 * n);
    const Z = createFftRepulsion(n).compute(same, out);
    expect(Z).toBeCloseTo(n * (n - 1), 6); // every q_ij = 1
    for (const v of out) expect(Math.abs(v)).toBeLessThan(1e-8);
  });
});
