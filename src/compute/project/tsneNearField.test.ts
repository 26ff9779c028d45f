import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { createNearField, nearCutoff } from './tsneNearField';

describe('createNearField', () => {
  it('sums K_near and its force over exactly the pairs closer than the cutoff', () => {
    const n = 700;
    const rng = createRng(3);
    const y = Float64Array.from({ length: 2 * n }, () => rng.gaussian() * 6);
    const sigma = 1.5;
    const rc = nearCutoff(sigma);
    const nf = createNearField(n);
    const candidates = nf.prepare(y, rc);
    const out = new Float64Array(2 * n);
    const z = nf.add(out, sigma);

    const ex = new Float64Array(2 * n);
    let ze = 0;
    let inside = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        const dx = y[2 * i] - y[2 * j];
        const dy = y[2 * i + 1] - y[2 * j + 1];
        const r2 = dx * dx + dy * dy;
        if (r2 >= rc * rc) continue;
        inside++;
        const u = 1 + r2;
        const e = Math.exp(-u / (sigma * sigma));
        ze += e / u;
        const w = e * (1 / (u * u) + 1 / (sigma * sigma * u));
        ex[2 * i] += w * dx;
        ex[2 * i + 1] += w * dy;
      }
    }
    expect(inside).toBeGreaterThan(n); // the test exercises real pairs
    expect(candidates).toBeGreaterThanOrEqual(inside / 2);
    expect(Math.abs(z - ze) / ze).toBeLessThan(1e-5);
    // The kernels are tabulated (linear interpolation): relative error ~1e-5.
    let num = 0;
    let den = 0;
    for (let k = 0; k < 2 * n; k++) {
      num += (out[k] - ex[k]) ** 2;
      den += ex[k] ** 2;
    }
    expect(Math.sqrt(num / den)).toBeLessThan(2e-5);
  });

  it('adds to the output rather than overwriting it', () => {
    const y = Float64Array.from([0, 0, 0.5, 0]);
    const nf = createNearField(2);
    nf.prepare(y, nearCutoff(1));
    const out = Float64Array.from([10, 10, 10, 10]);
    nf.add(out, 1);
    expect(out[0]).toBeLessThan(10); // pushed towards −x, away from the other point
    expect(out[2]).toBeGreaterThan(10);
    expect(out[0] - 10).toBeCloseTo(-(out[2] - 10), 12);
  });

  it('puts the cutoff where the near kernel falls below the tolerance', () => {
    const sigma = 2;
    const rc = nearCutoff(sigma, 1e-4);
    expect(Math.exp(-(1 + rc * rc) / (sigma * sigma))).toBeCloseTo(1e-4, 10);
  });
});
