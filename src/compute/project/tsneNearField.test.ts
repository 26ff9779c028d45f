import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { createNearField, nearCutoff } from './tsneNearField';

/** Exact K_near sum and forces over all pairs closer than the cutoff (f64, Math.exp). */
function exactNear(y: Float64Array, n: number, sigma: number, rc: number): { ex: Float64Array; ze: number; inside: number } {
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
  return { ex, ze, inside };
}

/** Relative RMS difference of two force fields. */
function relRms(a: Float64Array, b: Float64Array): number {
  let num = 0;
  let den = 0;
  for (let k = 0; k < a.length; k++) {
    num += (a[k] - b[k]) ** 2;
    den += b[k] ** 2;
  }
  return Math.sqrt(num / den);
}

describe.each(['auto', 'js'] as const)('createNearField (kernel %s)', (kernel) => {
  it('runs the SIMD kernel where the engine has it', () => {
    expect(createNearField(4, kernel).kind).toBe(kernel === 'js' ? 'js' : 'wasm');
  });

  it('matches the exact sums on tight clusters spread over many cell rows (several slices)', () => {
    // 6,000 points in 30 tight clusters: dense cells, runs far longer than one quad,
    // and more candidate pairs than one slice of the pass.
    const n = 6000;
    const rng = createRng(11);
    const centres = Array.from({ length: 30 }, () => [rng.next() * 120, rng.next() * 120]);
    const y = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      const [cx, cy] = centres[i % 30];
      y[2 * i] = cx + rng.gaussian() * 1.2;
      y[2 * i + 1] = cy + rng.gaussian() * 1.2;
    }
    const sigma = 1.5;
    const rc = nearCutoff(sigma);
    const nf = createNearField(n, kernel);
    expect(nf.prepare(y, rc)).toBeGreaterThan(1 << 19);
    const out = new Float64Array(2 * n);
    const z = nf.add(out, sigma);
    const { ex, ze } = exactNear(y, n, sigma, rc);
    expect(Math.abs(z - ze) / ze).toBeLessThan(1e-5);
    expect(relRms(out, ex)).toBeLessThan(2e-5);
  });

  it('sums K_near and its force over exactly the pairs closer than the cutoff', () => {
    const n = 700;
    const rng = createRng(3);
    const y = Float64Array.from({ length: 2 * n }, () => rng.gaussian() * 6);
    const sigma = 1.5;
    const rc = nearCutoff(sigma);
    const nf = createNearField(n, kernel);
    const candidates = nf.prepare(y, rc);
    const out = new Float64Array(2 * n);
    const z = nf.add(out, sigma);

    const { ex, ze, inside } = exactNear(y, n, sigma, rc);
    expect(inside).toBeGreaterThan(n); // the test exercises real pairs
    expect(candidates).toBeGreaterThanOrEqual(inside / 2);
    expect(Math.abs(z - ze) / ze).toBeLessThan(1e-5);
    // JS: tabulated kernels (linear interpolation); SIMD: f32 with a polynomial exp.
    expect(relRms(out, ex)).toBeLessThan(2e-5);
  });

  it('adds to the output rather than overwriting it', () => {
    const y = Float64Array.from([0, 0, 0.5, 0]);
    const nf = createNearField(2, kernel);
    nf.prepare(y, nearCutoff(1));
    const out = Float64Array.from([10, 10, 10, 10]);
    nf.add(out, 1);
    expect(out[0]).toBeLessThan(10); // pushed towards −x, away from the other point
    expect(out[2]).toBeGreaterThan(10);
    expect(out[0] - 10).toBeCloseTo(-(out[2] - 10), 12);
  });

});

describe('nearCutoff', () => {
  it('puts the cutoff where the near kernel falls below the tolerance', () => {
    const sigma = 2;
    const rc = nearCutoff(sigma, 1e-4);
    expect(Math.exp(-(1 + rc * rc) / (sigma * sigma))).toBeCloseTo(1e-4, 10);
  });
});
