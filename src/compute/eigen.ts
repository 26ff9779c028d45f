/**
 * Eigen-solvers over flat Float64Arrays, for PCA and the spectral initialisation:
 * orthonormalisation, the exact symmetric eigendecomposition (small matrices), top-k
 * subspace iteration (large ones, as a generator so callers can run it in slices),
 * sign fixing for reproducible output, and a subspace-similarity check for tests and
 * benchmarks. The vector and matrix kernels they share with kNN are in linalg.ts.
 */
import { multiplyABt } from './linalg';
import { createRng, type Rng } from './random';

/**
 * Makes the `rows` rows of Q (rows×D) orthonormal in place: modified Gram–Schmidt,
 * run twice ("twice is enough", Giraud et al.) so the result is orthogonal to working
 * precision even for nearly dependent rows. A row that collapses (linearly dependent
 * on the ones before it) is replaced by a fresh random direction from `rng`.
 */
export function orthonormalizeRows(Q: Float64Array, rows: number, D: number, rng: Rng): void {
  for (let r = 0; r < rows; r++) {
    const qr = r * D;
    let before = 0;
    for (let k = 0; k < D; k++) before += Q[qr + k] * Q[qr + k];
    for (let attempt = 0; ; attempt++) {
      for (let pass = 0; pass < 2; pass++) {
        for (let p = 0; p < r; p++) {
          const qp = p * D;
          let s = 0;
          for (let k = 0; k < D; k++) s += Q[qp + k] * Q[qr + k];
          for (let k = 0; k < D; k++) Q[qr + k] -= s * Q[qp + k];
        }
      }
      let norm = 0;
      for (let k = 0; k < D; k++) norm += Q[qr + k] * Q[qr + k];
      norm = Math.sqrt(norm);
      if (norm > 1e-10 * Math.sqrt(before) && norm > 1e-300) {
        for (let k = 0; k < D; k++) Q[qr + k] /= norm;
        break;
      }
      if (attempt > 8 || r >= D) throw new Error(`orthonormalizeRows: cannot find ${rows} independent directions in ${D} dimensions`);
      before = 0;
      for (let k = 0; k < D; k++) {
        Q[qr + k] = rng.gaussian();
        before += Q[qr + k] * Q[qr + k];
      }
    }
  }
}

export interface SymmetricEigen {
  /** Eigenvalues, largest first. */
  values: Float64Array;
  /** d×d, row i is the unit eigenvector for values[i]. */
  vectors: Float64Array;
}

/**
 * All eigenpairs of a symmetric d×d matrix (the input is not modified): Householder
 * reduction to tridiagonal form, then the implicit QL method (EISPACK tred2/tql2 as in
 * the public-domain JAMA library). O(d³): a few ms for d = 100, seconds for d ≈ 1000,
 * so large problems ask only for their top eigenpairs via subspace iteration instead.
 *
 * Stored transposed (W[c·d + r] = V[r][c]) so every inner loop walks memory contiguously,
 * and so row i of the result is eigenvector i.
 */
export function symmetricEigen(a: Float64Array, d: number): SymmetricEigen {
  if (a.length < d * d) throw new Error(`symmetricEigen: expected ${d}×${d} values, got ${a.length}`);
  const W = Float64Array.from(a.subarray(0, d * d));
  const vals = new Float64Array(d);
  const e = new Float64Array(d);
  if (d === 0) return { values: vals, vectors: W };
  tred2(W, vals, e, d);
  tql2(W, vals, e, d);
  return largestFirst(W, vals, d);
}

/**
 * All eigenpairs of the symmetric tridiagonal matrix with diagonal `diag` and
 * off-diagonal `off` (off[i] joins i and i + 1): the QL step of symmetricEigen without
 * the Householder reduction, which it does not need (Lanczos checks its Ritz values
 * with this every few steps).
 */
export function tridiagonalEigen(diag: ArrayLike<number>, off: ArrayLike<number>, m: number): SymmetricEigen {
  const W = new Float64Array(m * m);
  for (let i = 0; i < m; i++) W[i * m + i] = 1;
  const vals = Float64Array.from({ length: m }, (_, i) => diag[i]);
  // tql2 reads the off-diagonal as tred2 leaves it: e[i] joins i − 1 and i.
  const e = new Float64Array(m);
  for (let i = 1; i < m; i++) e[i] = off[i - 1];
  if (m > 0) tql2(W, vals, e, m);
  return largestFirst(W, vals, m);
}

/** tql2 leaves eigenvalues ascending, vectors as rows of W: reorder largest first. */
function largestFirst(W: Float64Array, vals: Float64Array, d: number): SymmetricEigen {
  const order = Array.from({ length: d }, (_, i) => i).sort((i, j) => vals[j] - vals[i] || i - j);
  const values = new Float64Array(d);
  const vectors = new Float64Array(d * d);
  for (let r = 0; r < d; r++) {
    const src = order[r];
    values[r] = vals[src];
    vectors.set(W.subarray(src * d, src * d + d), r * d);
  }
  return { values, vectors };
}

/** Householder tridiagonalisation; W holds Vᵀ (see symmetricEigen). */
function tred2(W: Float64Array, dd: Float64Array, e: Float64Array, n: number): void {
  // V[r][c] ≡ W[c*n + r]
  for (let j = 0; j < n; j++) dd[j] = W[j * n + n - 1];
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(dd[k]);
    if (scale === 0) {
      e[i] = dd[i - 1];
      for (let j = 0; j < i; j++) {
        dd[j] = W[j * n + i - 1];
        W[j * n + i] = 0;
        W[i * n + j] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        dd[k] /= scale;
        h += dd[k] * dd[k];
      }
      let f = dd[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      dd[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = dd[j];
        W[i * n + j] = f;
        const wj = j * n;
        g = e[j] + W[wj + j] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += W[wj + k] * dd[k];
          e[k] += W[wj + k] * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * dd[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * dd[j];
      for (let j = 0; j < i; j++) {
        f = dd[j];
        g = e[j];
        const wj = j * n;
        for (let k = j; k <= i - 1; k++) W[wj + k] -= f * e[k] + g * dd[k];
        dd[j] = W[wj + i - 1];
        W[wj + i] = 0;
      }
    }
    dd[i] = h;
  }
  // Accumulate the transformations.
  for (let i = 0; i < n - 1; i++) {
    W[i * n + n - 1] = W[i * n + i];
    W[i * n + i] = 1;
    const h = dd[i + 1];
    const wi1 = (i + 1) * n;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) dd[k] = W[wi1 + k] / h;
      for (let j = 0; j <= i; j++) {
        const wj = j * n;
        let g = 0;
        for (let k = 0; k <= i; k++) g += W[wi1 + k] * W[wj + k];
        for (let k = 0; k <= i; k++) W[wj + k] -= g * dd[k];
      }
    }
    for (let k = 0; k <= i; k++) W[wi1 + k] = 0;
  }
  for (let j = 0; j < n; j++) {
    dd[j] = W[j * n + n - 1];
    W[j * n + n - 1] = 0;
  }
  W[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}

/** Implicit QL iterations on the tridiagonal matrix (dd, e); rotations applied to rows of W. */
function tql2(W: Float64Array, dd: Float64Array, e: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(dd[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n) {
      if (Math.abs(e[m]) <= eps * tst1) break;
      m++;
    }
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 60) throw new Error('symmetricEigen: QL iteration did not converge');
        let g = dd[l];
        let p = (dd[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        dd[l] = e[l] / (p + r);
        dd[l + 1] = e[l] * (p + r);
        const dl1 = dd[l + 1];
        let h = g - dd[l];
        for (let i = l + 2; i < n; i++) dd[i] -= h;
        f += h;
        p = dd[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * dd[i] - s * g;
          dd[i + 1] = h + s * (c * g + s * dd[i]);
          const wi = i * n;
          const wi1 = wi + n;
          for (let k = 0; k < n; k++) {
            h = W[wi1 + k];
            W[wi1 + k] = s * W[wi + k] + c * h;
            W[wi + k] = c * W[wi + k] - s * h;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        dd[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    dd[l] += f;
    e[l] = 0;
  }
}

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
