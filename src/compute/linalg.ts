/**
 * Small dense linear-algebra kernels over flat typed arrays, shared by PCA, kNN and
 * the projections. Row-major throughout: row i of an n×dim matrix starts at i·dim.
 * The eigen-solvers built on them live in eigen.ts.
 *
 * Written for V8: plain indexed loops (no per-element closures, no subarray in hot
 * loops), Float64 accumulators where sums grow long, and Float64Array for anything
 * an eigen-solver touches.
 */

/** Σ a[ai+k]·b[bi+k] for k < len (Float64 accumulation, unrolled by 4). */
export function dot(a: Float32Array, ai: number, b: Float32Array, bi: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < len; k += 4) {
    s0 += a[ai + k] * b[bi + k];
    s1 += a[ai + k + 1] * b[bi + k + 1];
    s2 += a[ai + k + 2] * b[bi + k + 2];
    s3 += a[ai + k + 3] * b[bi + k + 3];
  }
  for (; k < len; k++) s0 += a[ai + k] * b[bi + k];
  return s0 + s1 + s2 + s3;
}

/** Σ (a[ai+k] − b[bi+k])² for k < len. */
export function squaredDistance(a: Float32Array, ai: number, b: Float32Array, bi: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let k = 0;
  for (; k + 1 < len; k += 2) {
    const d0 = a[ai + k] - b[bi + k];
    const d1 = a[ai + k + 1] - b[bi + k + 1];
    s0 += d0 * d0;
    s1 += d1 * d1;
  }
  if (k < len) {
    const d = a[ai + k] - b[bi + k];
    s0 += d * d;
  }
  return s0 + s1;
}

/** Euclidean length of every row. */
export function rowNorms(vectors: Float32Array, n: number, dim: number): Float32Array {
  const norms = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * dim;
    norms[i] = Math.sqrt(dot(vectors, o, vectors, o, dim));
  }
  return norms;
}

/** Mean of every column (Float64: a float32 running sum over 50k rows loses digits). */
export function columnMeans(vectors: Float32Array, n: number, dim: number): Float64Array {
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    const o = i * dim;
    for (let j = 0; j < dim; j++) mean[j] += vectors[o + j];
  }
  if (n > 0) for (let j = 0; j < dim; j++) mean[j] /= n;
  return mean;
}

/**
 * Sample variance (denominator n − 1) of every column, two-pass around `mean` so a
 * large offset does not swamp a small spread. Zero when n < 2.
 */
export function columnVariances(vectors: Float32Array, n: number, dim: number, mean: ArrayLike<number>): Float64Array {
  const v = new Float64Array(dim);
  if (n < 2) return v;
  for (let i = 0; i < n; i++) {
    const o = i * dim;
    for (let j = 0; j < dim; j++) {
      const d = vectors[o + j] - mean[j];
      v[j] += d * d;
    }
  }
  for (let j = 0; j < dim; j++) v[j] /= n - 1;
  return v;
}

/** A centred copy: row i minus `mean`. */
export function centerRows(vectors: Float32Array, n: number, dim: number, mean: ArrayLike<number>): Float32Array {
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const o = i * dim;
    for (let j = 0; j < dim; j++) out[o + j] = vectors[o + j] - mean[j];
  }
  return out;
}

/**
 * Adds PᵀP to the upper triangle (b ≥ a, in 4-wide tiles, so a few entries just
 * below the diagonal are touched too and must be ignored) of the D×D matrix `gram`.
 * P is a column-major panel: column c holds `len` values at P[c·stride …].
 * D must be a multiple of 4 (pad P with zero columns).
 *
 * A 2×4 register tile reads 6 values per 8 multiply-adds; measured ~3× faster in V8
 * than row-by-row rank-1 updates, which stream the whole gram matrix through cache
 * once per row.
 */
export function addPanelGram(P: Float64Array, stride: number, len: number, D: number, gram: Float64Array): void {
  for (let a = 0; a < D; a += 2) {
    const pa0 = a * stride;
    const pa1 = pa0 + stride;
    for (let b = a & ~3; b < D; b += 4) {
      const pb0 = b * stride;
      const pb1 = pb0 + stride;
      const pb2 = pb1 + stride;
      const pb3 = pb2 + stride;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let i = 0; i < len; i++) {
        const u0 = P[pa0 + i];
        const u1 = P[pa1 + i];
        const v0 = P[pb0 + i];
        const v1 = P[pb1 + i];
        const v2 = P[pb2 + i];
        const v3 = P[pb3 + i];
        s00 += u0 * v0; s01 += u0 * v1; s02 += u0 * v2; s03 += u0 * v3;
        s10 += u1 * v0; s11 += u1 * v1; s12 += u1 * v2; s13 += u1 * v3;
      }
      const c0 = a * D + b;
      const c1 = c0 + D;
      gram[c0] += s00; gram[c0 + 1] += s01; gram[c0 + 2] += s02; gram[c0 + 3] += s03;
      gram[c1] += s10; gram[c1 + 1] += s11; gram[c1 + 2] += s12; gram[c1 + 3] += s13;
    }
  }
}

/** Copies the upper triangle of a D×D matrix onto its lower triangle. */
export function symmetrizeFromUpper(m: Float64Array, D: number): void {
  for (let a = 0; a < D; a++) for (let b = a + 1; b < D; b++) m[b * D + a] = m[a * D + b];
}

/**
 * out[i·bRows + r] = A[i]·B[r] for the aRows rows of A and bRows rows of B (both
 * row-major with D columns), i.e. out = A·Bᵀ. A 2×4 register tile keeps eight
 * independent sums in flight: a single running sum is bound by add latency and ran
 * ~3× slower here.
 */
export function multiplyABt(A: Float64Array, aRows: number, B: Float64Array, bRows: number, D: number, out: Float64Array): void {
  let i = 0;
  for (; i + 1 < aRows; i += 2) {
    const a0 = i * D;
    const a1 = a0 + D;
    let r = 0;
    for (; r + 3 < bRows; r += 4) {
      const b0 = r * D;
      const b1 = b0 + D;
      const b2 = b1 + D;
      const b3 = b2 + D;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let j = 0; j < D; j++) {
        const u0 = A[a0 + j];
        const u1 = A[a1 + j];
        const v0 = B[b0 + j];
        const v1 = B[b1 + j];
        const v2 = B[b2 + j];
        const v3 = B[b3 + j];
        s00 += u0 * v0; s01 += u0 * v1; s02 += u0 * v2; s03 += u0 * v3;
        s10 += u1 * v0; s11 += u1 * v1; s12 += u1 * v2; s13 += u1 * v3;
      }
      const o0 = i * bRows + r;
      const o1 = o0 + bRows;
      out[o0] = s00; out[o0 + 1] = s01; out[o0 + 2] = s02; out[o0 + 3] = s03;
      out[o1] = s10; out[o1 + 1] = s11; out[o1 + 2] = s12; out[o1 + 3] = s13;
    }
    for (; r < bRows; r++) {
      const b0 = r * D;
      let s0 = 0;
      let s1 = 0;
      for (let j = 0; j < D; j++) {
        const v = B[b0 + j];
        s0 += A[a0 + j] * v;
        s1 += A[a1 + j] * v;
      }
      out[i * bRows + r] = s0;
      out[(i + 1) * bRows + r] = s1;
    }
  }
  for (; i < aRows; i++) {
    const a0 = i * D;
    for (let r = 0; r < bRows; r++) {
      const b0 = r * D;
      let s0 = 0;
      let s1 = 0;
      let j = 0;
      for (; j + 1 < D; j += 2) {
        s0 += A[a0 + j] * B[b0 + j];
        s1 += A[a0 + j + 1] * B[b0 + j + 1];
      }
      if (j < D) s0 += A[a0 + j] * B[b0 + j];
      out[i * bRows + r] = s0 + s1;
    }
  }
}

/**
 * Y += Tᵀ·Z: Y[r] += Σᵢ T[i·l + r]·Z[i] for the R rows of Z (R×D) and the l rows of
 * Y (l×D). Tiled 4 rows of Z × 2 rows of Y so each load/store of Y carries 4 products.
 */
export function addAtB(T: Float64Array, R: number, l: number, Z: Float64Array, D: number, Y: Float64Array): void {
  let i = 0;
  for (; i + 3 < R; i += 4) {
    const z0 = i * D;
    const z1 = z0 + D;
    const z2 = z1 + D;
    const z3 = z2 + D;
    let r = 0;
    for (; r + 1 < l; r += 2) {
      const t = i * l + r;
      const a0 = T[t], a1 = T[t + l], a2 = T[t + 2 * l], a3 = T[t + 3 * l];
      const b0 = T[t + 1], b1 = T[t + 1 + l], b2 = T[t + 1 + 2 * l], b3 = T[t + 1 + 3 * l];
      const y0 = r * D;
      const y1 = y0 + D;
      for (let j = 0; j < D; j++) {
        const w0 = Z[z0 + j];
        const w1 = Z[z1 + j];
        const w2 = Z[z2 + j];
        const w3 = Z[z3 + j];
        Y[y0 + j] += a0 * w0 + a1 * w1 + a2 * w2 + a3 * w3;
        Y[y1 + j] += b0 * w0 + b1 * w1 + b2 * w2 + b3 * w3;
      }
    }
    for (; r < l; r++) {
      const t = i * l + r;
      const a0 = T[t], a1 = T[t + l], a2 = T[t + 2 * l], a3 = T[t + 3 * l];
      const y0 = r * D;
      for (let j = 0; j < D; j++) Y[y0 + j] += a0 * Z[z0 + j] + a1 * Z[z1 + j] + a2 * Z[z2 + j] + a3 * Z[z3 + j];
    }
  }
  for (; i < R; i++) {
    const z0 = i * D;
    for (let r = 0; r < l; r++) {
      const a = T[i * l + r];
      const y0 = r * D;
      for (let j = 0; j < D; j++) Y[y0 + j] += a * Z[z0 + j];
    }
  }
}
