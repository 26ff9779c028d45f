import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { exactRepulsion } from './tsneForces';
import { createBarnesHutRepulsion } from './tsneBarnesHut';

function layout(n: number, scale: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const y = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const c = i % 7;
    y[2 * i] = scale * (Math.cos(c) + 0.2 * rng.gaussian());
    y[2 * i + 1] = scale * (Math.sin(c) + 0.2 * rng.gaussian());
  }
  return y;
}

function relErr(a: Float64Array, za: number, b: Float64Array, zb: number): number {
  let num = 0;
  let den = 0;
  for (let k = 0; k < a.length; k++) {
    num += (a[k] / za - b[k] / zb) ** 2;
    den += (b[k] / zb) ** 2;
  }
  return Math.sqrt(num / den);
}

describe('createBarnesHutRepulsion', () => {
  it('is exact with θ = 0 (every cell opened)', () => {
    const n = 300;
    const y = layout(n, 5, 1);
    const ex = new Float64Array(2 * n);
    const Ze = exactRepulsion(n).compute(y, ex);
    const bh = new Float64Array(2 * n);
    const Zb = createBarnesHutRepulsion(n, { theta: 0 }).compute(y, bh);
    expect(Math.abs(Zb - Ze) / Ze).toBeLessThan(1e-12);
    expect(relErr(bh, Zb, ex, Ze)).toBeLessThan(1e-12);
  });

  it('agrees with the exact gradient at θ = 0.5 and degrades gracefully at θ = 0.8', () => {
    const n = 1200;
    const y = layout(n, 20, 2);
    const ex = new Float64Array(2 * n);
    const Ze = exactRepulsion(n).compute(y, ex);
    const errs = [0.5, 0.8].map((theta) => {
      const out = new Float64Array(2 * n);
      const Z = createBarnesHutRepulsion(n, { theta }).compute(y, out);
      return { f: relErr(out, Z, ex, Ze), z: Math.abs(Z - Ze) / Ze };
    });
    expect(errs[0].f).toBeLessThan(0.03);
    expect(errs[0].z).toBeLessThan(0.02);
    expect(errs[1].f).toBeLessThan(0.1);
    expect(errs[1].f).toBeGreaterThan(errs[0].f);
  });

  it('copes with many coincident points (depth limit)', () => {
    const n = 50;
    const y = new Float64Array(2 * n);
    y[0] = 1; // one point apart, the rest at the origin
    const out = new Float64Array(2 * n);
    const Z = createBarnesHutRepulsion(n).compute(y, out);
    const ex = new Float64Array(2 * n);
    const Ze = exactRepulsion(n).compute(y, ex);
    expect(Z).toBeCloseTo(Ze, 8);
    expect(out[0]).toBeCloseTo(ex[0], 8);
  });
});
