/**
 * Complex FFTs for the t-SNE interpolation grid: a batched Stockham transform
 * (radix 4, 3 and 2, so lengths 2^a·3^b) and a 2D transform on an L×L grid built
 * from it.
 *
 * Why batched Stockham: the 2D transform is done on blocks of rows or columns
 * gathered into an L × B scratch buffer, where every butterfly's inner loop runs
 * over B·stride contiguous numbers. That keeps the JIT on simple typed-array loops
 * and the working set in cache, and Stockham needs no bit-reversal pass.
 */

/** True for lengths this module can transform: 2^a · 3^b, at least 1. */
export function isFftSize(n: number): boolean {
  if (!Number.isInteger(n) || n < 1) return false;
  while (n % 2 === 0) n /= 2;
  while (n % 3 === 0) n /= 3;
  return n === 1;
}

/** The smallest length ≥ n that isFftSize accepts. */
export function nextFftSize(n: number): number {
  let m = Math.max(1, Math.ceil(n));
  while (!isFftSize(m)) m++;
  return m;
}

export interface FftPlan {
  readonly n: number;
  /**
   * Transforms `batch` interleaved sequences of length n in place: element j of
   * sequence b lives at j·batch + b in (re, im). Forward uses e^{-2πi jk/n};
   * inverse uses e^{+2πi jk/n} and does NOT divide by n.
   */
  transform(re: Float64Array, im: Float64Array, batch: number, inverse: boolean): void;
}

/** A reusable plan for length n (twiddles and scratch buffers grow on demand). */
export function createFftPlan(n: number): FftPlan {
  if (!isFftSize(n)) throw new Error(`FFT length must be 2^a·3^b, got ${n}`);
  // Radix sequence: 4s first, then a 2 if needed, then 3s.
  const radices: number[] = [];
  let rest = n;
  while (rest % 4 === 0) {
    radices.push(4);
    rest /= 4;
  }
  if (rest % 2 === 0) {
    radices.push(2);
    rest /= 2;
  }
  while (rest % 3 === 0) {
    radices.push(3);
    rest /= 3;
  }
  const cosT = new Float64Array(n);
  const sinT = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const a = (-2 * Math.PI * k) / n;
    cosT[k] = Math.cos(a);
    sinT[k] = Math.sin(a);
  }
  let bufRe = new Float64Array(0);
  let bufIm = new Float64Array(0);

  function transform(re: Float64Array, im: Float64Array, batch: number, inverse: boolean): void {
    if (n === 1) return;
    const size = n * batch;
    if (bufRe.length < size) {
      bufRe = new Float64Array(size);
      bufIm = new Float64Array(size);
    }
    const sign = inverse ? -1 : 1; // conjugates the twiddles (sinT holds −sin of the forward angle)
    let xr: Float64Array = re;
    let xi: Float64Array = im;
    let yr: Float64Array = bufRe;
    let yi: Float64Array = bufIm;
    let len = n; // length of the sub-transforms at this stage
    let s = 1; // stride (product of radices done so far)
    for (const r of radices) {
      const m = len / r;
      const sb = s * batch; // contiguous run for one (p, j) pair
      if (r === 4) stage4(xr, xi, yr, yi, m, s, sb, sign);
      else if (r === 2) stage2(xr, xi, yr, yi, m, s, sb, sign);
      else stage3(xr, xi, yr, yi, m, s, sb, sign);
      const tr = xr;
      const ti = xi;
      xr = yr;
      xi = yi;
      yr = tr;
      yi = ti;
      len = m;
      s *= r;
    }
    if (xr !== re) {
      re.set(xr.subarray(0, size));
      im.set(xi.subarray(0, size));
    }
  }

  // Decimation in frequency: y[s(r·p + q)] = W_len^{q·p} · Σ_j x[s(p + j·m)] ω_r^{jq}.
  // W_len^{t} = table[t·s] because len·s = n.
  function stage2(
    xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array,
    m: number, s: number, sb: number, sign: number,
  ): void {
    for (let p = 0; p < m; p++) {
      const wr = cosT[p * s];
      const wi = sign * sinT[p * s];
      const a0 = sb * p;
      const b0 = sb * (p + m);
      const o0 = sb * 2 * p;
      const o1 = o0 + sb;
      for (let t = 0; t < sb; t++) {
        const ar = xr[a0 + t], ai = xi[a0 + t];
        const br = xr[b0 + t], bi = xi[b0 + t];
        yr[o0 + t] = ar + br;
        yi[o0 + t] = ai + bi;
        const dr = ar - br, di = ai - bi;
        yr[o1 + t] = dr * wr - di * wi;
        yi[o1 + t] = dr * wi + di * wr;
      }
    }
  }

  function stage4(
    xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array,
    m: number, s: number, sb: number, sign: number,
  ): void {
    for (let p = 0; p < m; p++) {
      const w1r = cosT[p * s], w1i = sign * sinT[p * s];
      const w2r = cosT[2 * p * s], w2i = sign * sinT[2 * p * s];
      const w3r = cosT[3 * p * s], w3i = sign * sinT[3 * p * s];
      const a0 = sb * p;
      const b0 = a0 + sb * m;
      const c0 = b0 + sb * m;
      const d0 = c0 + sb * m;
      const o0 = sb * 4 * p;
      const o1 = o0 + sb;
      const o2 = o1 + sb;
      const o3 = o2 + sb;
      for (let t = 0; t < sb; t++) {
        const ar = xr[a0 + t], ai = xi[a0 + t];
        const br = xr[b0 + t], bi = xi[b0 + t];
        const cr = xr[c0 + t], ci = xi[c0 + t];
        const dr = xr[d0 + t], di = xi[d0 + t];
        const apcR = ar + cr, apcI = ai + ci;
        const amcR = ar - cr, amcI = ai - ci;
        const bpdR = br + dr, bpdI = bi + di;
        // j·(b − d) with j = −i forward, +i inverse, folded into `sign`.
        const bmdR = br - dr, bmdI = bi - di;
        const jR = sign * bmdI;
        const jI = -sign * bmdR;
        yr[o0 + t] = apcR + bpdR;
        yi[o0 + t] = apcI + bpdI;
        const e1r = amcR + jR, e1i = amcI + jI;
        yr[o1 + t] = e1r * w1r - e1i * w1i;
        yi[o1 + t] = e1r * w1i + e1i * w1r;
        const e2r = apcR - bpdR, e2i = apcI - bpdI;
        yr[o2 + t] = e2r * w2r - e2i * w2i;
        yi[o2 + t] = e2r * w2i + e2i * w2r;
        const e3r = amcR - jR, e3i = amcI - jI;
        yr[o3 + t] = e3r * w3r - e3i * w3i;
        yi[o3 + t] = e3r * w3i + e3i * w3r;
      }
    }
  }

  function stage3(
    xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array,
    m: number, s: number, sb: number, sign: number,
  ): void {
    const c3 = -0.5; // cos(2π/3)
    const s3 = -sign * Math.sqrt(3) / 2; // imaginary part of ω = e^{∓2πi/3}
    for (let p = 0; p < m; p++) {
      const w1r = cosT[p * s], w1i = sign * sinT[p * s];
      const w2r = cosT[2 * p * s], w2i = sign * sinT[2 * p * s];
      const a0 = sb * p;
      const b0 = a0 + sb * m;
      const c0 = b0 + sb * m;
      const o0 = sb * 3 * p;
      const o1 = o0 + sb;
      const o2 = o1 + sb;
      for (let t = 0; t < sb; t++) {
        const ar = xr[a0 + t], ai = xi[a0 + t];
        const br = xr[b0 + t], bi = xi[b0 + t];
        const cr = xr[c0 + t], ci = xi[c0 + t];
        const sr = br + cr, si = bi + ci;
        const dr = br - cr, di = bi - ci;
        yr[o0 + t] = ar + sr;
        yi[o0 + t] = ai + si;
        // a + ω b + ω² c = a + c3·(b + c) + i·s3·(b − c)
        const mr = ar + c3 * sr, mi = ai + c3 * si;
        const e1r = mr - s3 * di, e1i = mi + s3 * dr;
        const e2r = mr + s3 * di, e2i = mi - s3 * dr;
        yr[o1 + t] = e1r * w1r - e1i * w1i;
        yi[o1 + t] = e1r * w1i + e1i * w1r;
        yr[o2 + t] = e2r * w2r - e2i * w2i;
        yi[o2 + t] = e2r * w2i + e2i * w2r;
      }
    }
  }

  return { n, transform };
}

/**
 * 2D FFT on an L×L row-major grid, done a block of rows or columns at a time.
 * `cols` limits the column pass to columns [0, cols): on the forward transform the
 * other columns must be zero; on the inverse only those columns come out right.
 * This is how the zero padding of a convolution is skipped (see tsneFft.ts).
 */
export interface Fft2d {
  readonly size: number;
  forward(re: Float64Array, im: Float64Array, cols?: number): void;
  /**
   * Forward transform of the real grid in `re` (`im` is ignored and overwritten),
   * about half the work of `forward`: column pairs share one complex transform,
   * and only half the rows are transformed, the rest follow by Hermitian symmetry.
   * `cols` (even) bounds the non-zero columns as in `forward`.
   */
  forwardReal(re: Float64Array, im: Float64Array, cols?: number): void;
  /** Includes the 1/L² normalisation. */
  inverse(re: Float64Array, im: Float64Array, cols?: number): void;
  /*
   * The passes the transforms above are made of, on a range of columns or rows, so
   * threads can share a pass and a caller can pause between pieces of a large grid
   * (tsneGrid.ts; each thread with its own Fft2d: the scratch is per instance).
   * Every column or row is transformed by the same arithmetic whatever range or block
   * it falls in, so a pass split anyhow gives the same bits as the whole pass.
   */
  /** Transforms columns [c0, c1) (no normalisation). */
  columns(re: Float64Array, im: Float64Array, c0: number, c1: number, inverse: boolean): void;
  /** Transforms rows [r0, r1) (no normalisation). */
  rows(re: Float64Array, im: Float64Array, r0: number, r1: number, inverse: boolean): void;
  /**
   * forwardReal's column pass on the real columns [c0, c1) (both even): writes the
   * complex spectra of those columns in rows 0..L/2 of (re, im).
   */
  realColumns(re: Float64Array, im: Float64Array, c0: number, c1: number): void;
}

export function createFft2d(L: number, block = 16): Fft2d {
  const plan = createFftPlan(L);
  const B = Math.max(1, Math.min(block, L));
  const gRe = new Float64Array(L * B);
  const gIm = new Float64Array(L * B);

  // Columns c0..c0+w-1: rows are already contiguous runs of w, so gather is a copy.
  function columnBlock(re: Float64Array, im: Float64Array, c0: number, w: number, inverse: boolean): void {
    for (let j = 0; j < L; j++) {
      const src = j * L + c0;
      const dst = j * w;
      for (let b = 0; b < w; b++) {
        gRe[dst + b] = re[src + b];
        gIm[dst + b] = im[src + b];
      }
    }
    plan.transform(gRe, gIm, w, inverse);
    for (let j = 0; j < L; j++) {
      const dst = j * L + c0;
      const src = j * w;
      for (let b = 0; b < w; b++) {
        re[dst + b] = gRe[src + b];
        im[dst + b] = gIm[src + b];
      }
    }
  }

  // Rows r0..r0+w-1, transposed into the scratch so the batch is contiguous.
  function rowBlock(re: Float64Array, im: Float64Array, r0: number, w: number, inverse: boolean): void {
    for (let b = 0; b < w; b++) {
      const src = (r0 + b) * L;
      for (let j = 0; j < L; j++) {
        gRe[j * w + b] = re[src + j];
        gIm[j * w + b] = im[src + j];
      }
    }
    plan.transform(gRe, gIm, w, inverse);
    for (let b = 0; b < w; b++) {
      const dst = (r0 + b) * L;
      for (let j = 0; j < L; j++) {
        re[dst + j] = gRe[j * w + b];
        im[dst + j] = gIm[j * w + b];
      }
    }
  }

  // Columns (2c, 2c+1) of a real grid as one complex column z = a + i·b, then
  // A(k) = (Z(k) + conj Z(−k))/2 and B(k) = (Z(k) − conj Z(−k))/(2i), for rows k ≤ L/2.
  function realColumnBlock(re: Float64Array, im: Float64Array, c0: number, w: number): void {
    for (let j = 0; j < L; j++) {
      const src = j * L + c0;
      const dst = j * w;
      for (let b = 0; b < w; b++) {
        gRe[dst + b] = re[src + 2 * b];
        gIm[dst + b] = re[src + 2 * b + 1];
      }
    }
    plan.transform(gRe, gIm, w, false);
    for (let k = 0; k <= L >> 1; k++) {
      const zk = k * w;
      const zn = ((L - k) % L) * w;
      const dst = k * L + c0;
      for (let b = 0; b < w; b++) {
        const zr = gRe[zk + b], zi = gIm[zk + b];
        const nr = gRe[zn + b], ni = gIm[zn + b];
        re[dst + 2 * b] = (zr + nr) / 2;
        im[dst + 2 * b] = (zi - ni) / 2;
        re[dst + 2 * b + 1] = (zi + ni) / 2;
        im[dst + 2 * b + 1] = (nr - zr) / 2;
      }
    }
  }

  // X(ky, kx) = conj X(−ky, −kx) for the rows a real transform skipped.
  function mirrorRows(re: Float64Array, im: Float64Array): void {
    for (let ky = (L >> 1) + 1; ky < L; ky++) {
      const src = (L - ky) * L;
      const dst = ky * L;
      re[dst] = re[src];
      im[dst] = -im[src];
      for (let kx = 1; kx < L; kx++) {
        re[dst + kx] = re[src + L - kx];
        im[dst + kx] = -im[src + L - kx];
      }
    }
  }

  function columns(re: Float64Array, im: Float64Array, c0: number, c1: number, inverse: boolean): void {
    for (let c = c0; c < c1; c += B) columnBlock(re, im, c, Math.min(B, c1 - c), inverse);
  }

  function rows(re: Float64Array, im: Float64Array, r0: number, r1: number, inverse: boolean): void {
    for (let r = r0; r < r1; r += B) rowBlock(re, im, r, Math.min(B, r1 - r), inverse);
  }

  function realColumns(re: Float64Array, im: Float64Array, c0: number, c1: number): void {
    if (c0 % 2 || c1 % 2) throw new Error(`realColumns needs even bounds, got ${c0}, ${c1}`);
    for (let c = c0; c < c1; c += 2 * B) realColumnBlock(re, im, c, Math.min(B, (c1 - c) >> 1));
  }

  function forward(re: Float64Array, im: Float64Array, cols = L): void {
    columns(re, im, 0, cols, false);
    rows(re, im, 0, L, false);
  }

  function forwardReal(re: Float64Array, im: Float64Array, cols = L): void {
    if (L % 2 || cols % 2) throw new Error(`forwardReal needs an even size and column count, got ${L}, ${cols}`);
    // Columns past `cols` are zero in the input and in every column transform.
    for (let j = 0; j <= L >> 1; j++) {
      re.fill(0, j * L + cols, (j + 1) * L);
      im.fill(0, j * L + cols, (j + 1) * L);
    }
    realColumns(re, im, 0, cols);
    rows(re, im, 0, (L >> 1) + 1, false);
    mirrorRows(re, im);
  }

  function inverse(re: Float64Array, im: Float64Array, cols = L): void {
    rows(re, im, 0, L, true);
    columns(re, im, 0, cols, true);
    const inv = 1 / (L * L);
    for (let j = 0; j < L; j++) {
      const o = j * L;
      for (let c = 0; c < cols; c++) {
        re[o + c] *= inv;
        im[o + c] *= inv;
      }
    }
  }

  return { size: L, forward, forwardReal, inverse, columns, rows, realColumns };
}
