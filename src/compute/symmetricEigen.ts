/**
 * Every eigenpair of a small symmetric matrix (Householder + implicit QL, EISPACK's
 * tred2/tql2 as in JAMA), and of a symmetric tridiagonal one (Lanczos's checks).
 */

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

/**
 * The eigenvalues of the same tridiagonal matrix, largest first, and the LAST component
 * of each unit eigenvector (Lanczos's residual estimates need only these): the QL
 * rotations applied to one tracked component instead of whole vectors, O(m²) instead
 * of O(m³), so Lanczos can check convergence often.
 */
export function tridiagonalRitz(diag: ArrayLike<number>, off: ArrayLike<number>, m: number): { values: Float64Array; last: Float64Array } {
  const W = new Float64Array(m);
  if (m > 0) W[m - 1] = 1;
  const vals = Float64Array.from({ length: m }, (_, i) => diag[i]);
  const e = new Float64Array(m);
  for (let i = 1; i < m; i++) e[i] = off[i - 1];
  if (m > 0) tql2(W, vals, e, m, 1);
  const order = Array.from({ length: m }, (_, i) => i).sort((i, j) => vals[j] - vals[i] || i - j);
  return { values: Float64Array.from(order, (i) => vals[i]), last: Float64Array.from(order, (i) => W[i]) };
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

/**
 * √(a² + b²) without overflow (EISPACK's pythag): Math.hypot's variadic builtin cost
 * ~100 ns a call, most of a QL sweep that tracks few components (Lanczos's checks).
 */
function hypot(a: number, b: number): number {
  const x = Math.abs(a);
  const y = Math.abs(b);
  const big = x > y ? x : y;
  if (big === 0) return 0;
  const r = (x > y ? y : x) / big;
  return big * Math.sqrt(1 + r * r);
}

/**
 * Implicit QL iterations on the tridiagonal matrix (dd, e); rotations applied to rows of
 * W (n rows of `cols` tracked components each: all n, or fewer when only those are wanted).
 */
function tql2(W: Float64Array, dd: Float64Array, e: Float64Array, n: number, cols = n): void {
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
        let r = hypot(p, 1);
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
          r = hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * dd[i] - s * g;
          dd[i + 1] = h + s * (c * g + s * dd[i]);
          const wi = i * cols;
          const wi1 = wi + cols;
          for (let k = 0; k < cols; k++) {
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
