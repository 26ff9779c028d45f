/**
 * The plain-JS twins of dense.wat's exports, for engines without WebAssembly SIMD and
 * as the reference the SIMD kernels are tested against. Same arguments (byte offsets
 * into one buffer, strides and lengths in elements), same results within f32 rounding:
 * these accumulate in f64, so they are the more exact of the two.
 *
 * The 2×4 register tile of `dots` keeps eight independent sums in flight; a single
 * running sum is latency-bound in V8 and ran ~3× slower.
 */
export interface DenseViews {
  readonly f32: Float32Array;
  readonly f64: Float64Array;
  readonly i32: Int32Array;
}

export function viewsOf(buffer: ArrayBufferLike): DenseViews {
  return { f32: new Float32Array(buffer), f64: new Float64Array(buffer), i32: new Int32Array(buffer) };
}

function put(v: DenseViews, p: number, value: number, mode: number): void {
  if (mode) v.f64[p >> 3] += value;
  else v.f32[p >> 2] = value;
}

/** See dense.wat `dots`: out = A·Bᵀ (mode 0 stores f32, mode 1 adds into f64). */
export function dotsJs(
  v: DenseViews, pA: number, lda: number, m: number, pB: number, ldb: number, nb: number,
  K: number, pOut: number, ldo: number, mode: number,
): void {
  const X = v.f32;
  const a0 = pA >> 2;
  const b0 = pB >> 2;
  const es = mode ? 8 : 4;
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const p0 = a0 + i * lda;
    const p1 = p0 + lda;
    let j = 0;
    for (; j + 3 < nb; j += 4) {
      const q0 = b0 + j * ldb;
      const q1 = q0 + ldb;
      const q2 = q1 + ldb;
      const q3 = q2 + ldb;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let t = 0; t < K; t++) {
        const u0 = X[p0 + t];
        const u1 = X[p1 + t];
        const w0 = X[q0 + t];
        const w1 = X[q1 + t];
        const w2 = X[q2 + t];
        const w3 = X[q3 + t];
        s00 += u0 * w0; s01 += u0 * w1; s02 += u0 * w2; s03 += u0 * w3;
        s10 += u1 * w0; s11 += u1 * w1; s12 += u1 * w2; s13 += u1 * w3;
      }
      const o0 = pOut + (i * ldo + j) * es;
      const o1 = o0 + ldo * es;
      put(v, o0, s00, mode); put(v, o0 + es, s01, mode); put(v, o0 + 2 * es, s02, mode); put(v, o0 + 3 * es, s03, mode);
      put(v, o1, s10, mode); put(v, o1 + es, s11, mode); put(v, o1 + 2 * es, s12, mode); put(v, o1 + 3 * es, s13, mode);
    }
    for (; j < nb; j++) {
      const q = b0 + j * ldb;
      let s0 = 0;
      let s1 = 0;
      for (let t = 0; t < K; t++) {
        s0 += X[p0 + t] * X[q + t];
        s1 += X[p1 + t] * X[q + t];
      }
      put(v, pOut + (i * ldo + j) * es, s0, mode);
      put(v, pOut + ((i + 1) * ldo + j) * es, s1, mode);
    }
  }
  for (; i < m; i++) {
    const p = a0 + i * lda;
    for (let j = 0; j < nb; j++) {
      const q = b0 + j * ldb;
      let s = 0;
      for (let t = 0; t < K; t++) s += X[p + t] * X[q + t];
      put(v, pOut + (i * ldo + j) * es, s, mode);
    }
  }
}

/** See dense.wat `colstats`. */
export function colstatsJs(v: DenseViews, pX: number, ld: number, r0: number, r1: number, pSum: number, pMin: number, pMax: number): void {
  const X = v.f32;
  const F = v.f64;
  const s0 = pSum >> 3;
  const lo = pMin >> 2;
  const hi = pMax >> 2;
  for (let i = r0; i < r1; i++) {
    const o = (pX >> 2) + i * ld;
    for (let c = 0; c < ld; c++) {
      const x = X[o + c];
      F[s0 + c] += x;
      if (x < X[lo + c]) X[lo + c] = x;
      if (x > X[hi + c]) X[hi + c] = x;
    }
  }
}

/** See dense.wat `centerPack` (pIdx = 0: identity columns, ld = ldo). */
export function centerPackJs(
  v: DenseViews, pX: number, ld: number, r0: number, r1: number, pIdx: number, D: number, pMean: number, pOut: number, ldo: number,
): void {
  const X = v.f32;
  const I = v.i32;
  const m = pMean >> 2;
  for (let i = r0; i < r1; i++) {
    const src = (pX >> 2) + i * ld;
    const dst = (pOut >> 2) + i * ldo;
    if (pIdx === 0) {
      for (let a = 0; a < ldo; a++) X[dst + a] = X[src + a] - X[m + a];
    } else {
      for (let a = 0; a < D; a++) X[dst + a] = X[src + I[(pIdx >> 2) + a]] - X[m + a];
      for (let a = D; a < ldo; a++) X[dst + a] = 0;
    }
  }
}

/** See dense.wat `transpose`. */
export function transposeJs(v: DenseViews, pX: number, ld: number, r0: number, rows: number, cols: number, pOut: number, ldo: number): void {
  const X = v.f32;
  for (let r = 0; r < rows; r++) {
    const src = (pX >> 2) + (r0 + r) * ld;
    const dst = (pOut >> 2) + r;
    for (let c = 0; c < cols; c++) X[dst + c * ldo] = X[src + c];
  }
}

/** See dense.wat `keyTile` (same keys in f32, same listed pairs, same order). */
export function keyTileJs(
  v: DenseViews, pTile: number, m: number, nb: number, ldo: number, i0: number, j0: number,
  pTerm: number, pThr: number, metric: number, pList: number,
): number {
  const T = v.f32;
  const t = pTerm >> 2;
  const thr = pThr >> 2;
  const list = pList >> 2;
  const diagonal = i0 === j0;
  let count = 0;
  for (let a = 0; a < m; a++) {
    const ti = T[t + i0 + a];
    const thrI = T[thr + i0 + a];
    const row = (pTile >> 2) + a * ldo;
    for (let b = diagonal ? a + 1 : 0; b < nb; b++) {
      const d = T[row + b];
      // Math.fround at each step: the same f32 arithmetic as the SIMD lanes.
      const key = metric
        ? Math.fround(1 - Math.fround(Math.fround(d * ti) * T[t + j0 + b]))
        : Math.fround(Math.fround(ti + T[t + j0 + b]) - Math.fround(d + d));
      T[row + b] = key;
      if (key <= thrI || key <= T[thr + j0 + b]) v.i32[list + count++] = a * ldo + b;
    }
  }
  return count;
}

/** See dense.wat `gather`. */
export function gatherJs(v: DenseViews, pX: number, ld: number, pIds: number, m: number, pOut: number): void {
  for (let r = 0; r < m; r++) {
    const src = (pX >> 2) + v.i32[(pIds >> 2) + r] * ld;
    v.f32.copyWithin((pOut >> 2) + r * ld, src, src + ld);
  }
}

/** See dense.wat `project`. */
export function projectJs(v: DenseViews, pX: number, ld: number, pIds: number, m: number, pV: number, offset: number, pOut: number): void {
  const X = v.f32;
  const w = pV >> 2;
  for (let r = 0; r < m; r++) {
    const src = (pX >> 2) + v.i32[(pIds >> 2) + r] * ld;
    let s = 0;
    for (let t = 0; t < ld; t++) s += X[src + t] * X[w + t];
    X[(pOut >> 2) + r] = offset + s;
  }
}

/** See dense.wat `listDots`: out[e] = A row (t / ldo) · B row (t mod ldo), t = list[e], summed in f64 as dotsJs does. */
export function listDotsJs(v: DenseViews, pA: number, pB: number, ld: number, pList: number, count: number, ldo: number, pOut: number): void {
  const X = v.f32;
  const list = pList >> 2;
  for (let e = 0; e < count; e++) {
    const t = v.i32[list + e];
    const a = (t / ldo) | 0;
    const p = (pA >> 2) + a * ld;
    const q = (pB >> 2) + (t - a * ldo) * ld;
    let s = 0;
    for (let u = 0; u < ld; u++) s += X[p + u] * X[q + u];
    X[(pOut >> 2) + e] = s;
  }
}

/**
 * See dense.wat `pack8`: output column c < D of row k is X[k][idx[c]] − mean[c] (pIdx 0:
 * the identity), into micro-panels of 8 columns; zero for D ≤ c < padTo8(D) and past `rows`.
 */
export function pack8Js(v: DenseViews, pX: number, ld: number, rows: number, K: number, pP: number, pIdx: number, D: number, pMean: number): void {
  const X = v.f32;
  const P = pP >> 2;
  const blocks = (D + 7) >> 3;
  const idx = pIdx >> 2;
  const mean = pMean >> 2;
  for (let k = 0; k < K; k++) {
    const src = (pX >> 2) + k * ld;
    for (let c8 = 0; c8 < blocks; c8++) {
      const dst = P + c8 * K * 8 + k * 8;
      for (let l = 0; l < 8; l++) {
        const c = c8 * 8 + l;
        X[dst + l] = k < rows && c < D ? X[src + (pIdx ? v.i32[idx + c] : c)] - X[mean + c] : 0;
      }
    }
  }
}

/** See dense.wat `xw`: out[i][r] = Σ_{a<K} X[i][a]·W[a][r] (W and out w floats a row). */
export function xwJs(v: DenseViews, pX: number, ld: number, m: number, pW: number, K: number, w: number, pOut: number): void {
  const X = v.f32;
  const W = pW >> 2;
  for (let i = 0; i < m; i++) {
    const x = (pX >> 2) + i * ld;
    const o = (pOut >> 2) + i * w;
    for (let r = 0; r < w; r++) {
      let s = 0;
      for (let a = 0; a < K; a++) s += X[x + a] * X[W + a * w + r];
      X[o + r] = s;
    }
  }
}

/** See dense.wat `compact`. */
export function compactJs(v: DenseViews, pX: number, ld: number, rows: number, cols: number, pBias: number, pOut: number, ldo: number): void {
  const X = v.f32;
  const b = pBias >> 2;
  for (let i = 0; i < rows; i++) {
    const s = (pX >> 2) + i * ld;
    const o = (pOut >> 2) + i * ldo;
    for (let c = 0; c < cols; c++) X[o + c] = X[s + c] - X[b + c];
  }
}

/** See dense.wat `symmetrise64` (the same operations in the same order). */
export function symmetrise64Js(v: DenseViews, pM: number, ld: number, D: number, scale: number, pD: number, f: number): void {
  const M = v.f64;
  const m = pM >> 3;
  const d = pD >> 3;
  for (let a = 0; a < D; a++) {
    const fa = f * M[d + a];
    for (let b = a; b < D; b++) {
      const x = (M[m + a * ld + b] - fa * M[d + b]) * scale;
      M[m + a * ld + b] = x;
      M[m + b * ld + a] = x;
    }
  }
}

/** See dense.wat `syrk8`: C[a][b] += Σ_k P[a][k]·P[b][k] on 4×8 tiles of the upper triangle (f64 sums). */
export function syrk8Js(v: DenseViews, pP: number, K: number, a0: number, a1: number, b0: number, b1: number, pC: number, ldc: number): void {
  const X = v.f32;
  const C = v.f64;
  const P = pP >> 2;
  const c0 = pC >> 3;
  for (let a = a0; a < a1; a += 4) {
    for (let b = Math.max(b0, a & ~7); b < b1; b += 8) {
      const pb = P + (b >> 3) * K * 8;
      for (let r = 0; r < 4; r++) {
        const pa = P + ((a + r) >> 3) * K * 8 + ((a + r) & 7);
        for (let l = 0; l < 8; l++) {
          let s = 0;
          for (let k = 0; k < K; k++) s += X[pa + k * 8] * X[pb + k * 8 + l];
          C[c0 + (a + r) * ldc + b + l] += s;
        }
      }
    }
  }
}

/** See dense.wat `gemv64`: y = A·x in f64 (n even); lanes summed as the kernel does (even j, odd j). */
export function gemv64Js(v: DenseViews, pA: number, lda: number, m: number, n: number, pX: number, pY: number): void {
  const F = v.f64;
  const x = pX >> 3;
  for (let i = 0; i < m; i++) {
    const a = (pA >> 3) + i * lda;
    let even = 0;
    let odd = 0;
    for (let j = 0; j < n; j += 2) {
      even += F[a + j] * F[x + j];
      odd += F[a + j + 1] * F[x + j + 1];
    }
    F[(pY >> 3) + i] = even + odd;
  }
}

/**
 * See dense.wat `rowDist64`: f64 squared distance (mode 0) or dot product (mode 1) of row
 * a with X rows ids[s], summed in the kernel's lane order: (s0 + s1) + (s2 + s3), lane l
 * over t ≡ l (mod 4) in order of t (the same bits as the kernel).
 */
export function rowDist64Js(v: DenseViews, pA: number, pX: number, ld: number, pIds: number, count: number, mode: number, pOut: number): void {
  const X = v.f32;
  const a = pA >> 2;
  for (let s = 0; s < count; s++) {
    const b = (pX >> 2) + v.i32[(pIds >> 2) + s] * ld;
    v.f64[(pOut >> 3) + s] = mode ? laneDot(X, a, X, b, ld) : laneSquaredDistance(X, a, X, b, ld);
  }
}

/** Σ x[p + t]·y[q + t] over t < len in f64, in rowDist64's lane order (len need not be a multiple of 4). */
function laneDot(x: Float32Array, p: number, y: Float32Array, q: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const full = len & ~3;
  let t = 0;
  for (; t < full; t += 4) {
    s0 += x[p + t] * y[q + t];
    s1 += x[p + t + 1] * y[q + t + 1];
    s2 += x[p + t + 2] * y[q + t + 2];
    s3 += x[p + t + 3] * y[q + t + 3];
  }
  if (t < len) s0 += x[p + t] * y[q + t];
  if (t + 1 < len) s1 += x[p + t + 1] * y[q + t + 1];
  if (t + 2 < len) s2 += x[p + t + 2] * y[q + t + 2];
  return s0 + s1 + (s2 + s3);
}

/** Σ (x[p + t] − y[q + t])² over t < len in f64, in rowDist64's lane order. */
function laneSquaredDistance(x: Float32Array, p: number, y: Float32Array, q: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const full = len & ~3;
  let t = 0;
  for (; t < full; t += 4) {
    const d0 = x[p + t] - y[q + t];
    const d1 = x[p + t + 1] - y[q + t + 1];
    const d2 = x[p + t + 2] - y[q + t + 2];
    const d3 = x[p + t + 3] - y[q + t + 3];
    s0 += d0 * d0;
    s1 += d1 * d1;
    s2 += d2 * d2;
    s3 += d3 * d3;
  }
  if (t < len) s0 += (x[p + t] - y[q + t]) ** 2;
  if (t + 1 < len) s1 += (x[p + t + 1] - y[q + t + 1]) ** 2;
  if (t + 2 < len) s2 += (x[p + t + 2] - y[q + t + 2]) ** 2;
  return s0 + s1 + (s2 + s3);
}

/** These kernels behind dense.wat's call surface, on one buffer (dense.ts's JS arenas; `views` is replaced when the buffer grows). */
export class JsKernels {
  views: DenseViews;
  constructor(buffer: ArrayBufferLike) {
    this.views = viewsOf(buffer);
  }
  dots(pA: number, lda: number, m: number, pB: number, ldb: number, nb: number, K: number, pOut: number, ldo: number, mode: 0 | 1): void {
    dotsJs(this.views, pA, lda, m, pB, ldb, nb, K, pOut, ldo, mode);
  }
  colstats(pX: number, ld: number, r0: number, r1: number, pSum: number, pMin: number, pMax: number): void {
    colstatsJs(this.views, pX, ld, r0, r1, pSum, pMin, pMax);
  }
  centerPack(pX: number, ld: number, r0: number, r1: number, pIdx: number, D: number, pMean: number, pOut: number, ldo: number): void {
    centerPackJs(this.views, pX, ld, r0, r1, pIdx, D, pMean, pOut, ldo);
  }
  pack8(pX: number, ld: number, rows: number, K: number, pP: number, pIdx: number, D: number, pMean: number): void {
    pack8Js(this.views, pX, ld, rows, K, pP, pIdx, D, pMean);
  }
  xw(pX: number, ld: number, m: number, pW: number, K: number, w: number, pOut: number): void {
    xwJs(this.views, pX, ld, m, pW, K, w, pOut);
  }
  compact(pX: number, ld: number, rows: number, cols: number, pBias: number, pOut: number, ldo: number): void {
    compactJs(this.views, pX, ld, rows, cols, pBias, pOut, ldo);
  }
  syrk8(pP: number, K: number, a0: number, a1: number, b0: number, b1: number, pC: number, ldc: number): void {
    syrk8Js(this.views, pP, K, a0, a1, b0, b1, pC, ldc);
  }
  symmetrise64(pM: number, ld: number, D: number, scale: number, pD: number, f: number): void {
    symmetrise64Js(this.views, pM, ld, D, scale, pD, f);
  }
  gemv64(pA: number, lda: number, m: number, n: number, pX: number, pY: number): void {
    gemv64Js(this.views, pA, lda, m, n, pX, pY);
  }
  transpose(pX: number, ld: number, r0: number, rows: number, cols: number, pOut: number, ldo: number): void {
    transposeJs(this.views, pX, ld, r0, rows, cols, pOut, ldo);
  }
  keyTile(pTile: number, m: number, nb: number, ldo: number, i0: number, j0: number, pTerm: number, pThr: number, metric: 0 | 1, pList: number): number {
    return keyTileJs(this.views, pTile, m, nb, ldo, i0, j0, pTerm, pThr, metric, pList);
  }
  listDots(pA: number, pB: number, ld: number, pList: number, count: number, ldo: number, pOut: number): void {
    listDotsJs(this.views, pA, pB, ld, pList, count, ldo, pOut);
  }
  listDotsRuns(pA: number, pB: number, ld: number, pList: number, count: number, ldo: number, pOut: number): void {
    listDotsJs(this.views, pA, pB, ld, pList, count, ldo, pOut);
  }
  rowDist64(pA: number, pX: number, ld: number, pIds: number, count: number, mode: 0 | 1, pOut: number): void {
    rowDist64Js(this.views, pA, pX, ld, pIds, count, mode, pOut);
  }
  gather(pX: number, ld: number, pIds: number, m: number, pOut: number): void {
    gatherJs(this.views, pX, ld, pIds, m, pOut);
  }
  project(pX: number, ld: number, pIds: number, m: number, pV: number, offset: number, pOut: number): void {
    projectJs(this.views, pX, ld, pIds, m, pV, offset, pOut);
  }
}
