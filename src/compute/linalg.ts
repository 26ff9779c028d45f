/**
 * Small dense linear-algebra kernels over flat typed arrays, shared by the eigen-solvers,
 * kNN queries and the metrics. Row-major throughout: row i of an n×dim matrix starts at
 * i·dim. The eigen-solvers live in eigen.ts and lanczos.ts; the bulk products of PCA and
 * of the kNN graph run in the dense SIMD kernels (simd/dense.ts).
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
    let r = 0;
    // Four rows of B at a time: a single running sum waits on each add (Lanczos applies
    // a covariance to one vector per step, and ran ~4× slower that way).
    for (; r + 3 < bRows; r += 4) {
      const b0 = r * D;
      const b1 = b0 + D;
      const b2 = b1 + D;
      const b3 = b2 + D;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let j = 0; j < D; j++) {
        const u = A[a0 + j];
        s0 += u * B[b0 + j];
        s1 += u * B[b1 + j];
        s2 += u * B[b2 + j];
        s3 += u * B[b3 + j];
      }
      const o = i * bRows + r;
      out[o] = s0; out[o + 1] = s1; out[o + 2] = s2; out[o + 3] = s3;
    }
    for (; r < bRows; r++) {
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
