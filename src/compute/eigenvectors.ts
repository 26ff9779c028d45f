/**
 * Conventions and comparisons for computed eigenvectors: a fixed sign per vector, and
 * how much two spanned subspaces agree (tests and benches).
 */
import { orthonormalizeRows } from './orthonormalize';
import { createRng } from './random';

/**
 * Flips the sign of each of the `rows` rows of V (rows×d) so its largest-magnitude
 * entry (lowest index on ties) is positive: eigenvectors are only defined up to sign,
 * and a fixed convention keeps layouts from mirroring between runs and libraries.
 * Returns which rows were flipped.
 */
export function fixSigns(V: Float64Array | Float32Array, rows: number, d: number): boolean[] {
  const flipped: boolean[] = [];
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    let best = 0;
    let bestAbs = -1;
    for (let k = 0; k < d; k++) {
      const abs = Math.abs(V[o + k]);
      if (abs > bestAbs) {
        bestAbs = abs;
        best = k;
      }
    }
    const flip = V[o + best] < 0;
    if (flip) for (let k = 0; k < d; k++) V[o + k] = -V[o + k];
    flipped.push(flip);
  }
  return flipped;
}

/**
 * How much two k-dimensional subspaces of R^dim agree, given spanning rows A and B
 * (k×dim each; orthonormalised internally): ‖ÂB̂ᵀ‖²_F / k, the mean squared cosine of
 * the principal angles. 1 for the same subspace, 0 for orthogonal ones; blind to sign
 * and to rotations within the subspace, which is what comparing PCA bases needs.
 */
export function subspaceSimilarity(A: ArrayLike<number>, B: ArrayLike<number>, k: number, dim: number): number {
  const rng = createRng(0);
  const a = Float64Array.from({ length: k * dim }, (_, i) => A[i]);
  const b = Float64Array.from({ length: k * dim }, (_, i) => B[i]);
  orthonormalizeRows(a, k, dim, rng);
  orthonormalizeRows(b, k, dim, rng);
  let sum = 0;
  for (let r = 0; r < k; r++) {
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < dim; j++) s += a[r * dim + j] * b[c * dim + j];
      sum += s * s;
    }
  }
  return sum / k;
}
