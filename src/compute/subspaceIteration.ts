/**
 * The top eigenpairs of a symmetric operator by block subspace iteration with a
 * Rayleigh–Ritz step (the data path of PCA), the operator type every iterative solver
 * here takes (lanczos.ts too), and a dense matrix as such an operator.
 */
import { multiplyABt } from './linalg';
import { orthonormalizeRows } from './orthonormalize';
import type { Rng } from './random';
import { symmetricEigen } from './symmetricEigen';

/**
 * Applies a symmetric D×D operator to the `rows` rows of Q, writing A·Q[r] into row r
 * of Y. A generator so an expensive operator (one pass over a large data matrix) can
 * yield its progress in units of multiply-adds.
 */
export type SymmetricOperator = (Q: Float64Array, rows: number, Y: Float64Array) => Generator<number, void, void>;

export interface TopEigenOptions {
  rng: Rng;
  /** Block size; defaults to min(D, 2k + 10). More oversampling converges in fewer iterations. */
  blockSize?: number;
  /** Converged when every wanted residual ‖Av − θv‖ ≤ tol·θ₁. */
  tol?: number;
  maxIterations?: number;
}

export interface TopEigen {
  /** The k largest eigenvalues (Ritz values), largest first. */
  values: Float64Array;
  /** k×D, row i the unit eigenvector for values[i]. */
  vectors: Float64Array;
  iterations: number;
  converged: boolean;
}

/**
 * The k largest eigenpairs of a symmetric positive semi-definite operator by block
 * subspace iteration with a Rayleigh–Ritz step every iteration. Each iteration costs
 * one application of the operator to a block of vectors plus O(D·block²), so it wins
 * over a full O(D³) decomposition when k ≪ D and the spectrum decays (as real
 * embedding spectra do). Residual-based stopping means the answer is checked, not
 * assumed: a caller may fall back to `symmetricEigen` when `converged` is false.
 * Yields work done in multiply-adds.
 */
export function* topEigenpairs(apply: SymmetricOperator, D: number, k: number, opts: TopEigenOptions): Generator<number, TopEigen, void> {
  const l = Math.min(D, Math.max(k, opts.blockSize ?? 2 * k + 10));
  const tol = opts.tol ?? 1e-7;
  const maxIterations = opts.maxIterations ?? 200;
  let Q = new Float64Array(l * D);
  for (let i = 0; i < Q.length; i++) Q[i] = opts.rng.gaussian();
  orthonormalizeRows(Q, l, D, opts.rng);
  const Y = new Float64Array(l * D);
  const H = new Float64Array(l * l);
  let V = new Float64Array(l * D);
  const AV = new Float64Array(l * D);
  let theta: Float64Array = new Float64Array(l);
  let iterations = 0;
  let converged = false;
  for (;;) {
    iterations++;
    yield* apply(Q, l, Y);
    const rr = rayleighRitz(Q, Y, l, D, k, H, V, AV);
    theta = rr.theta;
    yield 3 * l * l * D;
    converged = rr.worstResidual <= tol * Math.max(Math.abs(theta[0]), 1e-300);
    if (converged || iterations === maxIterations) break;
    // A·V spans the same space as A·Q; orthonormalised it is the next iterate.
    const next = V;
    V = Q;
    Q = next;
    Q.set(AV);
    orthonormalizeRows(Q, l, D, opts.rng);
  }
  return { values: theta.slice(0, k), vectors: V.slice(0, k * D), iterations, converged };
}

/**
 * Rayleigh–Ritz on the block Q (l×D, orthonormal rows) with Y = A·Q: H = Q·A·Qᵀ, whose
 * eigenpairs rotate Q into the best approximations V (and A·V) the block holds.
 * Returns the Ritz values and the largest residual ‖Av − θv‖ among the first k.
 */
function rayleighRitz(
  Q: Float64Array,
  Y: Float64Array,
  l: number,
  D: number,
  k: number,
  H: Float64Array,
  V: Float64Array,
  AV: Float64Array,
): { theta: Float64Array; worstResidual: number } {
  for (let a = 0; a < l; a++) {
    for (let b = a; b < l; b++) {
      let s = 0;
      const qa = a * D;
      const yb = b * D;
      const qb = b * D;
      const ya = a * D;
      for (let j = 0; j < D; j++) s += Q[qa + j] * Y[yb + j] + Q[qb + j] * Y[ya + j];
      H[a * l + b] = H[b * l + a] = s / 2;
    }
  }
  const small = symmetricEigen(H, l);
  const theta = small.values;
  V.fill(0);
  AV.fill(0);
  for (let r = 0; r < l; r++) {
    const vr = r * D;
    for (let c = 0; c < l; c++) {
      const s = small.vectors[r * l + c];
      if (s === 0) continue;
      const qc = c * D;
      for (let j = 0; j < D; j++) {
        V[vr + j] += s * Q[qc + j];
        AV[vr + j] += s * Y[qc + j];
      }
    }
  }
  let worstResidual = 0;
  for (let r = 0; r < k; r++) {
    let res = 0;
    const o = r * D;
    for (let j = 0; j < D; j++) {
      const d = AV[o + j] - theta[r] * V[o + j];
      res += d * d;
    }
    worstResidual = Math.max(worstResidual, Math.sqrt(res));
  }
  return { theta, worstResidual };
}

/** A dense symmetric matrix as a SymmetricOperator. */
export function denseOperator(S: Float64Array, D: number): SymmetricOperator {
  return function* (Q, rows, Y) {
    // (S·q)_a = q·S[a] because S is symmetric: Y = Q·Sᵀ = Q·S.
    multiplyABt(Q, rows, S, D, D, Y);
    yield D * D * rows;
  };
}
