import { describe, expect, it } from 'vitest';
import { denseOperator, orthonormalizeRows, symmetricEigen } from './eigen';
import { lanczosTop } from './lanczos';
import { createRng } from './random';

function runGenerator<T>(gen: Generator<number, T, void>): T {
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
  }
}

/** U·diag(spectrum)·Uᵀ with a random orthonormal U. */
function withSpectrum(spectrum: number[], seed: number): Float64Array {
  const D = spectrum.length;
  const rng = createRng(seed);
  const U = Float64Array.from({ length: D * D }, () => rng.gaussian());
  orthonormalizeRows(U, D, D, rng);
  const A = new Float64Array(D * D);
  for (let r = 0; r < D; r++) for (let a = 0; a < D; a++) for (let b = 0; b < D; b++) A[a * D + b] += spectrum[r] * U[r * D + a] * U[r * D + b];
  return A;
}

describe('lanczosTop', () => {
  it('finds the k largest eigenpairs of a decaying spectrum, as the full decomposition does', () => {
    const D = 200;
    const A = withSpectrum(Array.from({ length: D }, (_, i) => 10 / (1 + i) ** 1.2), 1);
    const full = symmetricEigen(A, D);
    const top = runGenerator(lanczosTop(denseOperator(A, D), D, 6, { rng: createRng(2) }));
    expect(top.converged).toBe(true);
    expect(top.iterations).toBeLessThan(D);
    for (let c = 0; c < 6; c++) {
      expect(top.values[c] / full.values[c]).toBeCloseTo(1, 9);
      let s = 0;
      for (let t = 0; t < D; t++) s += top.vectors[c * D + t] * full.vectors[c * D + t];
      expect(Math.abs(s)).toBeGreaterThan(1 - 1e-8);
    }
  });

  it('finds both copies of a repeated eigenvalue and handles a rank-deficient matrix', () => {
    const spectrum = [5, 5, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const A = withSpectrum(spectrum, 3);
    const top = runGenerator(lanczosTop(denseOperator(A, 12), 12, 3, { rng: createRng(4) }));
    expect(Array.from(top.values, (v) => Number(v.toFixed(8)))).toEqual([5, 5, 3]);
  });
});
