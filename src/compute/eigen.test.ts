import { describe, expect, it } from 'vitest';
import { denseOperator, fixSigns, orthonormalizeRows, subspaceSimilarity, symmetricEigen, topEigenpairs, tridiagonalEigen, type TopEigen } from './eigen';
import { createRng } from './random';

function randomF64(len: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: len }, () => rng.gaussian());
}

/** A symmetric d×d matrix U·diag(spectrum)·Uᵀ with a random orthonormal U. */
function withSpectrum(spectrum: number[], seed: number): { A: Float64Array; U: Float64Array } {
  const d = spectrum.length;
  const U = randomF64(d * d, seed);
  orthonormalizeRows(U, d, d, createRng(seed + 1));
  const A = new Float64Array(d * d);
  for (let a = 0; a < d; a++)
    for (let b = 0; b < d; b++) {
      let s = 0;
      for (let r = 0; r < d; r++) s += U[r * d + a] * spectrum[r] * U[r * d + b];
      A[a * d + b] = s;
    }
  return { A, U };
}

function run<T>(gen: Generator<number, T, void>): T {
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
  }
}

describe('orthonormalisation and subspaces', () => {
  it('orthonormalizeRows makes rows orthonormal and replaces a dependent row', () => {
    const D = 6;
    const Q = randomF64(3 * D, 4);
    for (let j = 0; j < D; j++) Q[2 * D + j] = 2 * Q[j] - Q[D + j]; // row 2 depends on rows 0, 1
    orthonormalizeRows(Q, 3, D, createRng(1));
    for (let a = 0; a < 3; a++)
      for (let b = 0; b < 3; b++) {
        let s = 0;
        for (let j = 0; j < D; j++) s += Q[a * D + j] * Q[b * D + j];
        expect(s).toBeCloseTo(a === b ? 1 : 0, 12);
      }
  });

  it('fixSigns makes the largest-magnitude entry of each row positive, lowest index on ties', () => {
    const V = new Float64Array([0.1, -0.9, 0.2, /* */ -0.5, 0.5, 0.25]);
    expect(fixSigns(V, 2, 3)).toEqual([true, true]);
    expect(Array.from(V)).toEqual([-0.1, 0.9, -0.2, 0.5, -0.5, -0.25]);
  });

  it('subspaceSimilarity is 1 for the same subspace in another basis and 0 for orthogonal ones', () => {
    const e = (i: number): number[] => Array.from({ length: 4 }, (_, j) => (j === i ? 1 : 0));
    const A = [...e(0), ...e(1)];
    const rotated = [1, 1, 0, 0, 1, -2, 0, 0]; // spans e0, e1 too
    expect(subspaceSimilarity(A, rotated, 2, 4)).toBeCloseTo(1, 12);
    expect(subspaceSimilarity(A, [...e(2), ...e(3)], 2, 4)).toBeCloseTo(0, 12);
    expect(subspaceSimilarity(A, [...e(0), ...e(2)], 2, 4)).toBeCloseTo(0.5, 12);
  });
});

describe('symmetricEigen', () => {
  it('returns eigenpairs, largest first, with A·v = λ·v and orthonormal vectors', () => {
    const d = 30;
    const A = randomF64(d * d, 5);
    for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) A[a * d + b] = A[b * d + a];
    const { values, vectors } = symmetricEigen(A, d);
    for (let r = 1; r < d; r++) expect(values[r]).toBeLessThanOrEqual(values[r - 1]);
    for (let r = 0; r < d; r++) {
      for (let a = 0; a < d; a++) {
        let s = 0;
        for (let b = 0; b < d; b++) s += A[a * d + b] * vectors[r * d + b];
        expect(s).toBeCloseTo(values[r] * vectors[r * d + a], 10);
      }
      for (let q = 0; q < d; q++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += vectors[r * d + j] * vectors[q * d + j];
        expect(s).toBeCloseTo(r === q ? 1 : 0, 10);
      }
    }
  });

  it('recovers a known spectrum, including repeated and zero eigenvalues', () => {
    const spectrum = [9, 4, 4, 1, 0, 0];
    const { A } = withSpectrum(spectrum, 6);
    const { values } = symmetricEigen(A, spectrum.length);
    spectrum.forEach((v, i) => expect(values[i]).toBeCloseTo(v, 10));
  });

  it('handles 1×1 and diagonal matrices', () => {
    expect(Array.from(symmetricEigen(new Float64Array([-2]), 1).values)).toEqual([-2]);
    const { values, vectors } = symmetricEigen(new Float64Array([1, 0, 0, 3]), 2);
    expect(Array.from(values)).toEqual([3, 1]);
    expect(Math.abs(vectors[1])).toBe(1);
  });
});

describe('topEigenpairs', () => {
  it('finds the top k eigenpairs of a decaying spectrum and reports convergence', () => {
    const d = 60;
    const spectrum = Array.from({ length: d }, (_, i) => 1 / (1 + i) ** 2);
    const { A, U } = withSpectrum(spectrum, 7);
    const top: TopEigen = run(topEigenpairs(denseOperator(A, d), d, 5, { rng: createRng(1) }));
    expect(top.converged).toBe(true);
    for (let r = 0; r < 5; r++) {
      expect(top.values[r]).toBeCloseTo(spectrum[r], 10);
      let c = 0;
      for (let j = 0; j < d; j++) c += top.vectors[r * d + j] * U[r * d + j];
      expect(Math.abs(c)).toBeGreaterThan(1 - 1e-8);
    }
  });

  it('says it did not converge when stopped early on a flat spectrum', () => {
    const d = 40;
    const spectrum = Array.from({ length: d }, (_, i) => 1 - i * 0.001);
    const { A } = withSpectrum(spectrum, 8);
    const top = run(topEigenpairs(denseOperator(A, d), d, 3, { rng: createRng(1), blockSize: 4, maxIterations: 3 }));
    expect(top.converged).toBe(false);
    expect(top.iterations).toBe(3);
  });
});

describe('tridiagonalEigen', () => {
  it('gives the same eigenpairs as symmetricEigen of the dense tridiagonal matrix', () => {
    const diag = [4, -1, 2.5, 3, 0.5, 7];
    const off = [1, 0.3, -2, 0, 0.8];
    const m = diag.length;
    const T = new Float64Array(m * m);
    for (let i = 0; i < m; i++) {
      T[i * m + i] = diag[i];
      if (i + 1 < m) T[i * m + i + 1] = T[(i + 1) * m + i] = off[i];
    }
    const dense = symmetricEigen(T, m);
    const tri = tridiagonalEigen(diag, off, m);
    for (let r = 0; r < m; r++) {
      expect(tri.values[r]).toBeCloseTo(dense.values[r], 12);
      let dotp = 0;
      for (let c = 0; c < m; c++) dotp += tri.vectors[r * m + c] * dense.vectors[r * m + c];
      expect(Math.abs(dotp)).toBeCloseTo(1, 10);
    }
  });
});
