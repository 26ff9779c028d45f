import { PCA } from 'ml-pca';
import { describe, expect, it } from 'vitest';
import { orthonormalizeRows, subspaceSimilarity } from '../eigen';
import { createRng } from '../random';
import { createPca, pca, type PcaResult } from './pca';

/**
 * n rows drawn from N(offset, U·diag(spectrum)·Uᵀ) with a random orthonormal U, so
 * the true components and variances are known.
 */
function gaussianData(n: number, spectrum: number[], seed: number, offset = 3): Float32Array {
  const dim = spectrum.length;
  const rng = createRng(seed);
  const U = Float64Array.from({ length: dim * dim }, () => rng.gaussian());
  orthonormalizeRows(U, dim, dim, rng);
  const X = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < dim; r++) {
      const z = rng.gaussian() * Math.sqrt(spectrum[r]);
      for (let j = 0; j < dim; j++) X[i * dim + j] += z * U[r * dim + j];
    }
    for (let j = 0; j < dim; j++) X[i * dim + j] += offset + j;
  }
  return X;
}

function toRows(X: Float32Array, n: number, dim: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from(X.subarray(i * dim, (i + 1) * dim)));
}

/** |cos| between component c of `res` and column c of ml-pca's eigenvectors. */
function absCosWithMlPca(res: PcaResult, ml: PCA, c: number, dim: number): number {
  const E = ml.getEigenvectors();
  let s = 0;
  let nb = 0;
  for (let j = 0; j < dim; j++) {
    s += res.basis[c * dim + j] * E.get(j, c);
    nb += E.get(j, c) ** 2;
  }
  return Math.abs(s) / Math.sqrt(nb);
}

function expectMatchesMlPca(X: Float32Array, n: number, dim: number, k: number, res: PcaResult, separated: number): void {
  const ml = new PCA(toRows(X, n, dim));
  const ratios = ml.getExplainedVariance();
  const eig = ml.getEigenvalues();
  expect(res.components).toBe(k);
  for (let c = 0; c < k; c++) {
    expect(Math.abs(res.explainedRatio[c] - ratios[c])).toBeLessThan(1e-4);
    expect(res.explainedVariance[c]).toBeCloseTo(eig[c], 4);
    if (c < separated) expect(absCosWithMlPca(res, ml, c, dim)).toBeGreaterThanOrEqual(0.9999);
  }
}

/** X less its column means, taken in f64 (the reference the one-pass shortcuts must match). */
function centredInF64(X: Float32Array, n: number, dim: number): Float32Array {
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) mean[j] += X[i * dim + j] / n;
  return Float32Array.from(X, (x, t) => x - mean[t % dim]);
}

/** Scores equal (both results sign their components alike) within rel × the largest score. */
function expectScoresClose(got: Float32Array, want: Float32Array, rel: number): void {
  expect(got.length).toBe(want.length);
  let scale = 0;
  let worst = 0;
  for (let t = 0; t < want.length; t++) scale = Math.max(scale, Math.abs(want[t]));
  for (let t = 0; t < want.length; t++) worst = Math.max(worst, Math.abs(got[t] - want[t]));
  expect(worst).toBeLessThanOrEqual(rel * scale);
}

const decaying = (dim: number): number[] => Array.from({ length: dim }, (_, i) => 10 / (1 + i) ** 1.5);

describe('pca', () => {
  it('agrees with ml-pca on 500×20 data with a known, decaying covariance spectrum', () => {
    const n = 500;
    const dim = 20;
    const X = gaussianData(n, decaying(dim), 1);
    expectMatchesMlPca(X, n, dim, 5, pca(X, n, dim, 5), 5);
  });

  it('recovers the variances it was generated with', () => {
    const spectrum = [50, 20, 5, 1, 0.5, 0.1];
    const res = pca(gaussianData(20000, spectrum, 2), 20000, 6, 3);
    res.explainedVariance.forEach((v, c) => expect(v / spectrum[c]).toBeGreaterThan(0.95));
    res.explainedVariance.forEach((v, c) => expect(v / spectrum[c]).toBeLessThan(1.05));
    const total = spectrum.reduce((a, b) => a + b, 0);
    expect(res.totalVariance / total).toBeGreaterThan(0.95);
    expect(res.totalVariance / total).toBeLessThan(1.05);
  });

  it('every solver gives the same answer above the full-decomposition size (300×150)', () => {
    const n = 300;
    const dim = 150;
    const X = gaussianData(n, decaying(dim), 3);
    const full = pca(X, n, dim, 4, { solver: 'full' });
    expectMatchesMlPca(X, n, dim, 4, full, 4);
    for (const solver of ['auto', 'iterative', 'data', 'gram'] as const) {
      const other = pca(X, n, dim, 4, { solver });
      for (let c = 0; c < 4; c++) {
        // The data and Gram paths sum their float32 products in another order: ~1e-8 apart.
        expect(Math.abs(other.explainedVariance[c] / full.explainedVariance[c] - 1)).toBeLessThan(1e-6);
        let s = 0;
        for (let j = 0; j < dim; j++) s += other.basis[c * dim + j] * full.basis[c * dim + j];
        expect(s).toBeGreaterThan(0.9999); // same sign convention, so +1 not just |1|
      }
    }
  });

  it('agrees with ml-pca on mostly-zero data', () => {
    const n = 400;
    const dim = 40;
    const rng = createRng(4);
    const X = new Float32Array(n * dim);
    for (let i = 0; i < X.length; i++) if (rng.next() < 0.15) X[i] = rng.next() * (1 + (i % dim) / 4);
    expectMatchesMlPca(X, n, dim, 3, pca(X, n, dim, 3), 0);
  });

  it('scores are the centred rows projected on an orthonormal basis, with the stated variances', () => {
    const n = 400;
    const dim = 8;
    const X = gaussianData(n, decaying(dim), 5);
    const k = 3;
    const res = pca(X, n, dim, k);
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) {
        let s = 0;
        for (let j = 0; j < dim; j++) s += res.basis[a * dim + j] * res.basis[b * dim + j];
        expect(s).toBeCloseTo(a === b ? 1 : 0, 5);
      }
      let mean = 0;
      let sq = 0;
      for (let i = 0; i < n; i++) mean += res.scores[i * k + a] / n;
      for (let i = 0; i < n; i++) sq += (res.scores[i * k + a] - mean) ** 2;
      expect(Math.abs(mean)).toBeLessThan(1e-4);
      expect(sq / (n - 1) / res.explainedVariance[a]).toBeCloseTo(1, 5);
    }
    let s = 0;
    for (let j = 0; j < dim; j++) s += (X[7 * dim + j] - res.mean[j]) * res.basis[dim + j];
    expect(res.scores[7 * k + 1]).toBeCloseTo(s, 4);
  });

  it("makes each component's largest-magnitude loading positive", () => {
    const res = pca(gaussianData(300, decaying(10), 6), 300, 10, 4);
    for (let c = 0; c < 4; c++) {
      const row = Array.from(res.basis.subarray(c * 10, (c + 1) * 10));
      const biggest = row.reduce((best, v) => (Math.abs(v) > Math.abs(best) ? v : best), 0);
      expect(biggest).toBeGreaterThan(0);
    }
  });

  it('is deterministic for a seed, and step budgets do not change the result', () => {
    const n = 300;
    const dim = 150;
    const X = gaussianData(n, decaying(dim), 7);
    const a = pca(X, n, dim, 3, { seed: 9 });
    const task = createPca(X, n, dim, 3, { seed: 9 });
    let last = 0;
    let steps = 0;
    while (!task.step(0.01)) {
      expect(task.progress()).toBeGreaterThanOrEqual(last);
      expect(task.progress()).toBeLessThan(1);
      last = task.progress();
      steps++;
    }
    expect(steps).toBeGreaterThan(3);
    expect(task.progress()).toBe(1);
    expect(task.snapshot().phase).toBe('done');
    const b = task.result();
    expect(Array.from(b.scores)).toEqual(Array.from(a.scores));
    expect(b.explainedVariance).toEqual(a.explainedVariance);
  });

  it('on wide data (fewer rows than dimensions) the Gram path gives the covariance path\'s variances and subspace', () => {
    const n = 40;
    const dim = 300;
    const X = gaussianData(n, decaying(dim), 11);
    const viaGram = pca(X, n, dim, 6);
    const viaCov = pca(X, n, dim, 6, { solver: 'iterative' });
    expect(viaGram.totalVariance / viaCov.totalVariance).toBeCloseTo(1, 6);
    for (let c = 0; c < 6; c++) expect(viaGram.explainedVariance[c] / viaCov.explainedVariance[c]).toBeCloseTo(1, 5);
    expect(subspaceSimilarity(viaGram.basis, viaCov.basis, 6, dim)).toBeGreaterThan(0.99999);
    // Scores are the centred rows on the axes, whichever matrix gave them.
    for (const i of [0, 17, 39]) {
      let s = 0;
      for (let j = 0; j < dim; j++) s += (X[i * dim + j] - viaGram.mean[j]) * viaGram.basis[dim + j];
      expect(viaGram.scores[i * 6 + 1]).toBeCloseTo(s, 4);
      expect(Math.abs(viaGram.scores[i * 6 + 1] - viaCov.scores[i * 6 + 1])).toBeLessThan(1e-4);
    }
  });

  it('the WebAssembly SIMD and the JS kernels agree within 1e-5 relative', () => {
    for (const [n, dim, solver] of [[500, 37, 'auto'], [300, 150, 'iterative'], [30, 200, 'auto']] as const) {
      const X = gaussianData(n, decaying(dim), 12);
      const simd = pca(X, n, dim, 5, { kernel: 'wasm', solver });
      const js = pca(X, n, dim, 5, { kernel: 'js', solver });
      expect(Math.abs(simd.totalVariance / js.totalVariance - 1)).toBeLessThan(1e-5);
      for (let c = 0; c < 5; c++) expect(Math.abs(simd.explainedVariance[c] / js.explainedVariance[c] - 1)).toBeLessThan(1e-5);
      expect(subspaceSimilarity(simd.basis, js.basis, 5, dim)).toBeGreaterThan(1 - 1e-5);
      let worst = 0;
      let scale = 0;
      for (let t = 0; t < simd.scores.length; t++) {
        worst = Math.max(worst, Math.abs(simd.scores[t] - js.scores[t]));
        scale = Math.max(scale, Math.abs(js.scores[t]));
      }
      expect(worst / scale).toBeLessThan(1e-5);
    }
  });

  it('sums the covariance about sampled means in one pass, and again about the mean when the sample is far off: ml-pca\'s answer either way', () => {
    // The shift is the mean of rows 0, 64, 128, … (256 of 16,384): a spike of 1000 on
    // exactly those rows puts it far from μ (the rows are then summed again about μ, over
    // the shifted sums left in C); a spike on other rows leaves it close.
    const n = 16384;
    const spectrum = [5, 3, 2, 1, 0.5];
    const dim = spectrum.length;
    for (const spiked of [0, 1]) {
      const X = gaussianData(n, spectrum, 21, 0);
      for (let i = spiked; i < n; i += 64) X[i * dim] += 1000;
      const res = pca(X, n, dim, dim);
      const ml = new PCA(toRows(X, n, dim));
      const eig = ml.getEigenvalues();
      for (let c = 0; c < dim; c++) {
        expect(Math.abs(res.explainedVariance[c] / eig[c] - 1)).toBeLessThan(1e-5);
        expect(absCosWithMlPca(res, ml, c, dim)).toBeGreaterThanOrEqual(0.9999);
      }
    }
  });

  it('projects raw rows only when the mean is small beside the spread: the scores of data centred first, for small and large offsets', () => {
    const n = 3000;
    const spectrum = [4, 2, 1, 0.5];
    for (const offset of [0.01, 1000]) {
      const X = gaussianData(n, spectrum, 22, offset);
      const res = pca(X, n, spectrum.length, 3);
      const ref = pca(centredInF64(X, n, spectrum.length), n, spectrum.length, 3);
      expectScoresClose(res.scores, ref.scores, 1e-5);
    }
  });

  it('clamps components to n − 1 when there are fewer rows than dimensions', () => {
    const n = 6;
    const dim = 10;
    const X = gaussianData(n, decaying(dim), 8);
    const res = pca(X, n, dim, 10);
    expect(res.components).toBe(5);
    expect(res.scores.length).toBe(n * 5);
    expect(res.basis.length).toBe(5 * dim);
    expect(res.explainedRatio.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expectMatchesMlPca(X, n, dim, 5, res, 0);
  });

  it('clamps components to dim', () => {
    const res = pca(gaussianData(50, [3, 2, 1], 9), 50, 3, 7);
    expect(res.components).toBe(3);
    expect(res.explainedRatio.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it('ignores constant columns, and gives components beyond the rank zero variance on a constant axis', () => {
    const n = 200;
    const inner = gaussianData(n, [4, 1], 10);
    const dim = 4; // columns 0 and 2 constant, 1 and 3 from `inner`
    const X = new Float32Array(n * dim);
    for (let i = 0; i < n; i++) {
      X[i * dim] = 7;
      X[i * dim + 1] = inner[i * 2];
      X[i * dim + 2] = -0.1;
      X[i * dim + 3] = inner[i * 2 + 1];
    }
    const res = pca(X, n, dim, 3);
    const ref = pca(inner, n, 2, 2);
    expect(res.components).toBe(3);
    expect(res.explainedVariance[0]).toBeCloseTo(ref.explainedVariance[0], 6);
    expect(res.explainedVariance[1]).toBeCloseTo(ref.explainedVariance[1], 6);
    expect(res.explainedVariance[2]).toBe(0);
    expect(res.basis[0]).toBe(0);
    expect(res.basis[2]).toBe(0);
    expect(Array.from(res.basis.subarray(8, 12))).toEqual([1, 0, 0, 0]);
    for (let i = 0; i < n; i++) expect(res.scores[i * 3 + 2]).toBe(0);
  });

  it('returns zero variance and zero scores for data with no variance at all', () => {
    const X = new Float32Array(5 * 3).fill(2.5);
    const res = pca(X, 5, 3, 2);
    expect(res.totalVariance).toBe(0);
    expect(res.explainedRatio).toEqual([0, 0]);
    expect(Array.from(res.scores)).toEqual(new Array(10).fill(0));
    expect(Array.from(res.mean)).toEqual([2.5, 2.5, 2.5]);
  });

  it('throws a clear error for fewer than 2 rows, a mismatched buffer or non-finite values', () => {
    expect(() => pca(new Float32Array(3), 1, 3, 2)).toThrow(/at least 2 rows/);
    expect(() => pca(new Float32Array(0), 0, 3, 2)).toThrow(/at least 2 rows/);
    expect(() => pca(new Float32Array(5), 2, 3, 2)).toThrow(/expected 2 × 3/);
    expect(() => pca(new Float32Array(6), 2, 3, 0)).toThrow(/components/);
    expect(() => pca(new Float32Array([1, 2, NaN, 4, 5, 6]), 2, 3, 1)).toThrow(/column 2 contains NaN/);
  });
});
