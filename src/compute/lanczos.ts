/**
 * The k largest eigenpairs of a symmetric operator by the Lanczos method with full
 * reorthogonalisation — for PCA's covariance (D in the hundreds) and UMAP's spectral
 * initialisation (n in the tens of thousands, k = 3).
 *
 * Why not block subspace iteration (eigen.ts `topEigenpairs`): each of its iterations
 * applies the operator to a whole block of 2k + 10 vectors and gains only a factor
 * λ_{l+1}/λ_k; Lanczos applies it to ONE vector per step and its Krylov space converges
 * on the extreme eigenvalues far faster (Chebyshev-like), so 40–80 single applications
 * replace 20 × 30 block ones (MNIST's 717×717 covariance: ~10× less work).
 *
 * Full reorthogonalisation (classical Gram–Schmidt against every earlier vector, twice)
 * keeps the basis orthogonal to working precision, so no spurious copies of converged
 * eigenvalues appear and the Ritz pairs can be trusted; it costs 4·m·D per step, small
 * beside the operator for the sizes here. When the Krylov space becomes invariant (β ≈
 * 0: a rank-deficient matrix, or a start vector with no component along some
 * eigenvectors) it continues from a fresh random direction orthogonal to the basis.
 *
 * Convergence is checked, not assumed: the residual of Ritz pair i is |β_m·s_{m,i}|,
 * and the run stops when the k wanted ones are ≤ tol·θ₁ (or the basis spans R^D, which
 * is exact). Yields work in multiply-adds like every eigen-solver here.
 */
import { tridiagonalEigen, tridiagonalRitz, type SymmetricOperator, type TopEigen } from './eigen';
import type { Rng } from './random';

export interface LanczosOptions {
  rng: Rng;
  /** Converged when every wanted residual ≤ tol·θ₁. Default 1e-8. */
  tol?: number;
  /** Largest Krylov basis; default min(D, max(4k + 60, 100)). */
  maxSteps?: number;
}

/** Subtracts from w its components along the first m rows of V (twice: "twice is enough"). Returns nothing. */
function reorthogonalize(V: Float64Array, m: number, D: number, w: Float64Array): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < m; i++) {
      const o = i * D;
      let s = 0;
      for (let t = 0; t < D; t++) s += V[o + t] * w[t];
      for (let t = 0; t < D; t++) w[t] -= s * V[o + t];
    }
  }
}

function dot(u: Float64Array, v: Float64Array): number {
  let s = 0;
  for (let t = 0; t < u.length; t++) s += u[t] * v[t];
  return s;
}

/**
 * Rows i < kk of S·V (S m×m from T's eigenvectors, V the m×D Lanczos basis), in a k×D
 * array. The inner loop is its own function: ritzVectors runs once per solve, so as one
 * loop nest it ran in the interpreter until V8 compiled it mid-run; addScaled runs k·m
 * times a solve and is already optimised after a first (warm-up) one.
 */
function ritzVectors(S: Float64Array, V: Float64Array, m: number, D: number, k: number, kk: number): Float64Array {
  const vectors = new Float64Array(k * D);
  for (let i = 0; i < kk; i++) {
    for (let j = 0; j < m; j++) {
      const s = S[i * m + j];
      if (s !== 0) addScaled(vectors, i * D, s, V, j * D, D);
    }
  }
  return vectors;
}

/** out[o + t] += s·V[vo + t] for t < D. */
function addScaled(out: Float64Array, o: number, s: number, V: Float64Array, vo: number, D: number): void {
  for (let t = 0; t < D; t++) out[o + t] += s * V[vo + t];
}

function divideInto(out: Float64Array, w: Float64Array, b: number): void {
  for (let t = 0; t < w.length; t++) out[t] = w[t] / b;
}

function norm(w: Float64Array): number {
  let s = 0;
  for (let t = 0; t < w.length; t++) s += w[t] * w[t];
  return Math.sqrt(s);
}

/** A unit random vector orthogonal to the first m rows of V, or null when they span R^D. */
function freshDirection(V: Float64Array, m: number, D: number, rng: Rng, out: Float64Array): boolean {
  if (m >= D) return false;
  for (let attempt = 0; attempt < 5; attempt++) {
    for (let t = 0; t < D; t++) out[t] = rng.gaussian();
    reorthogonalize(V, m, D, out);
    const nrm = norm(out);
    if (nrm > 1e-6) {
      for (let t = 0; t < D; t++) out[t] /= nrm;
      return true;
    }
  }
  return false;
}

export function* lanczosTop(apply: SymmetricOperator, D: number, k: number, opts: LanczosOptions): Generator<number, TopEigen, void> {
  const tol = opts.tol ?? 1e-8;
  const maxSteps = Math.max(k, Math.min(D, opts.maxSteps ?? Math.max(4 * k + 60, 100)));
  const V = new Float64Array(maxSteps * D);
  const alpha = new Float64Array(maxSteps);
  const beta = new Float64Array(maxSteps);
  const w = new Float64Array(D);
  const v = V.subarray(0, D);
  if (!freshDirection(V, 0, D, opts.rng, v)) throw new Error('lanczos: cannot start in 0 dimensions');
  let m = 0;
  let converged = false;
  /** Largest |α| or β so far: the scale against which β counts as zero. */
  let scale = 0;
  // Check once the basis can hold k pairs, then every few steps: a check is the QL
  // iteration on T tracking only each eigenvector's last component (O(m²)); the full
  // eigenvectors of T are computed once, at the end.
  let nextCheck = Math.min(maxSteps, k + 4);
  for (;;) {
    const vj = V.subarray(m * D, (m + 1) * D);
    yield* apply(vj, 1, w);
    const a = dot(w, vj);
    alpha[m] = a;
    reorthogonalize(V, m + 1, D, w);
    yield 4 * (m + 1) * D;
    const b = norm(w);
    m++;
    scale = Math.max(scale, Math.abs(a), b);
    const invariant = !(b > 1e-10 * Math.max(scale, 1e-300));
    if (m === nextCheck || m === maxSteps) {
      const check = tridiagonalRitz(alpha, beta, m);
      const theta1 = Math.max(Math.abs(check.values[0]), 1e-300);
      let worst = 0;
      // Invariant subspace: its Ritz pairs are exact (residual 0). Copies of a repeated
      // eigenvalue lie outside it, so an invariant step never triggers a check by itself:
      // the run goes on from a fresh direction and the next scheduled check sees them.
      const bEff = invariant ? 0 : b;
      for (let i = 0; i < Math.min(k, m); i++) worst = Math.max(worst, Math.abs(bEff * check.last[i]));
      converged = m >= k && worst <= tol * theta1;
      if (converged || m === maxSteps) break;
      nextCheck = Math.min(maxSteps, m + Math.max(2, Math.ceil(m / 8)));
    }
    if (m === maxSteps) break;
    const next = V.subarray(m * D, (m + 1) * D);
    if (invariant) {
      beta[m - 1] = 0;
      if (!freshDirection(V, m, D, opts.rng, next)) {
        converged = true; // the basis spans R^D: T holds every eigenvalue
        break;
      }
    } else {
      beta[m - 1] = b;
      divideInto(next, w, b);
    }
  }
  const ritz = tridiagonalEigen(alpha, beta, m);
  yield m * m * m;
  const kk = Math.min(k, m);
  const vectors = ritzVectors(ritz.vectors, V, m, D, k, kk);
  yield kk * m * D;
  return { values: ritz.values.slice(0, k), vectors, iterations: m, converged };
}
