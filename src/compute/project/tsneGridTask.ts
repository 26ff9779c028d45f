/**
 * The FFT repulsion's grid work (tsneFft.ts) as a kernel-pool task, so the threads share
 * it: spreading the charges, the 2D FFTs, the spectrum product, gathering the potentials,
 * and rebuilding the kernel spectra. Every command splits its work so that no result
 * depends on how it was split:
 *  - spread: each thread owns a band of grid columns and adds, in point order, every
 *    point's charges that land in its band — each node gets the same additions in the
 *    same order as on one thread (every thread reads every point: cheap next to the
 *    FFT) — then transforms its columns;
 *  - FFT passes: columns or rows shared out (each is transformed alike, see fft.ts);
 *  - product: row pairs (k, −k) shared out, each transformed forward, multiplied and
 *    transformed back by one thread, Z summed per row, the rows added in order by the
 *    caller;
 * Four commands (wake-ups of the threads) an iteration: spread, product, the inverse
 * column pass, gather.
 *  - gather: points shared out.
 * So the grid's forces and Z are the same bits on 1, 2 or 8 threads. One thread runs the
 * same task on a pool of one (serialPool) over an ordinary ArrayBuffer.
 */
import { shareOf } from '../parallel/share';
import type { KernelTask } from '../parallel/types';
import { createFft2d, type Fft2d } from './fft';

export interface GridShared {
  readonly buffer: SharedArrayBuffer | ArrayBuffer;
  readonly n: number;
  /** Lagrange nodes per axis. */
  readonly p: number;
  /** Largest FFT length the buffer holds. */
  readonly lMax: number;
}

/** The buffer's arrays (offsets in bytes), the same on every thread. */
interface GridViews {
  /** Positions in (n × 2), forces out (n × 2), unscaled by 1/L². */
  readonly y: Float64Array;
  readonly out: Float64Array;
  /** Per-point stencils: first node per axis and p weights per axis (spread writes, gather reads). */
  readonly startX: Int32Array;
  readonly startY: Int32Array;
  readonly wX: Float64Array;
  readonly wY: Float64Array;
  /** Each grid row's share of the Parseval sum for Z. */
  readonly zRow: Float64Array;
  readonly re: Float64Array;
  readonly im: Float64Array;
  /** Per mode (0 plain, 1 split): K̂, and the force multiplier −Im K̂y + i·Im K̂x. */
  readonly kHat: readonly Float64Array[];
  readonly mRe: readonly Float64Array[];
  readonly mIm: readonly Float64Array[];
}

function gridViews(s: GridShared): GridViews {
  const { buffer, n, p, lMax } = s;
  const cells = lMax * lMax;
  let at = 0;
  const f64 = (len: number): Float64Array => {
    const v = new Float64Array(buffer, at, len);
    at += 8 * len;
    return v;
  };
  const y = f64(2 * n), out = f64(2 * n), wX = f64(n * p), wY = f64(n * p), zRow = f64(lMax);
  const re = f64(cells), im = f64(cells);
  const kHat = [f64(cells), f64(cells)], mRe = [f64(cells), f64(cells)], mIm = [f64(cells), f64(cells)];
  const startX = new Int32Array(buffer, at, n);
  const startY = new Int32Array(buffer, at + 4 * n, n);
  return { y, out, startX, startY, wX, wY, zRow, re, im, kHat, mRe, mIm };
}

export function gridBytes(n: number, p: number, lMax: number): number {
  return 8 * (4 * n + 2 * n * p + lMax + 8 * lMax * lMax) + 8 * n;
}

export interface GridCtx {
  readonly s: GridShared;
  readonly v: GridViews;
  readonly ffts: Map<number, Fft2d>;
  /** Lagrange denominators Π_{b≠a}(a − b) for nodes 0..p−1. */
  readonly denom: Float64Array;
  /** One point's weights, while spread decides where they go. */
  readonly lx: Float64Array;
  readonly ly: Float64Array;
}

export const OP_SPREAD = 0;
export const OP_ROWS = 2;
export const OP_COLUMNS = 3;
export const OP_PRODUCT = 4;
export const OP_GATHER = 5;
export const OP_KERNEL = 6;
export const OP_UNPACK = 7;
export const OP_TRANSPOSE = 8;

function fftOf(c: GridCtx, L: number): Fft2d {
  let f = c.ffts.get(L);
  if (!f) {
    f = createFft2d(L);
    c.ffts.set(L, f);
  }
  return f;
}

/**
 * OP_SPREAD [L, x0, y0, s, from, to]: unit charges onto the p×p nodes around each point,
 * Lagrange-weighted, then forwardReal's column pass, for the column pairs [from, to) of
 * the L/4 pairs of columns [0, L/2) (the points' nodes: the rest is padding). Each thread
 * takes a band of those pairs, adds in point order the charges landing in its columns,
 * and transforms them; the first command also keeps every point's stencil (each thread
 * its share of the points) for gather and zeroes the padding columns' rows 0..L/2.
 */
function spread(c: GridCtx, args: Float64Array, thread: number, threads: number): void {
  const { s: { n, p }, v: { y, re, im, startX, startY, wX, wY }, denom, lx, ly } = c;
  const L = args[0], x0 = args[1], y0 = args[2], s = args[3];
  const m = L / 2;
  const half = 0.5 - (p - 1) / 2;
  const maxStart = m - p;
  const [j0, j1] = shareOf(args[4], args[5], thread, threads);
  const c0 = 2 * j0, c1 = 2 * j1;
  const first = args[4] === 0;
  // Only this thread touches these columns until the pass ends.
  if (c1 > c0) {
    for (let r = 0; r < L; r++) {
      re.fill(0, r * L + c0, r * L + c1);
      im.fill(0, r * L + c0, r * L + c1);
    }
  }
  if (first) {
    const [z0, z1] = shareOf(0, m + 1, thread, threads);
    for (let r = z0; r < z1; r++) {
      re.fill(0, r * L + m, (r + 1) * L);
      im.fill(0, r * L + m, (r + 1) * L);
    }
  }
  const [i0, i1] = first ? shareOf(0, n, thread, threads) : [0, 0];
  for (let i = 0; i < n; i++) {
    const tx = (y[2 * i] - x0) / s;
    let sx = Math.floor(tx + half);
    sx = sx < 0 ? 0 : sx > maxStart ? maxStart : sx;
    const mine = i >= i0 && i < i1;
    if (!mine && (sx + p <= c0 || sx >= c1)) continue;
    const ty = (y[2 * i + 1] - y0) / s;
    let sy = Math.floor(ty + half);
    sy = sy < 0 ? 0 : sy > maxStart ? maxStart : sy;
    const ux = tx - sx;
    const uy = ty - sy;
    for (let a = 0; a < p; a++) {
      let wx = 1, wy = 1;
      for (let b = 0; b < p; b++) {
        if (b === a) continue;
        wx *= ux - b;
        wy *= uy - b;
      }
      lx[a] = wx / denom[a];
      ly[a] = wy / denom[a];
    }
    if (mine) {
      startX[i] = sx;
      startY[i] = sy;
      const o = i * p;
      for (let a = 0; a < p; a++) {
        wX[o + a] = lx[a];
        wY[o + a] = ly[a];
      }
    }
    const b0 = c0 > sx ? c0 - sx : 0;
    const b1 = c1 - sx < p ? c1 - sx : p;
    for (let a = 0; a < p; a++) {
      const row = (sy + a) * L + sx;
      const w = ly[a];
      for (let b = b0; b < b1; b++) re[row + b] += w * lx[b];
    }
  }
  if (c1 > c0) fftOf(c, L).realColumns(re, im, c0, c1);
}

/**
 * OP_PRODUCT [L, mode, from, to]: for the spectrum rows ky in [from, to) ⊂ [0, L/2] after
 * OP_SPREAD: the forward row transform, the row pair (ky, L − ky) — the other half by
 * Hermitian symmetry — times the mode's force multiplier, Z's per-row sums Σ K̂·|Q̂|², and
 * the inverse row transform of both rows. Rows are transformed independently, so a
 * thread does all of this for its row pairs in one go.
 */
function product(c: GridCtx, args: Float64Array, thread: number, threads: number): void {
  const { v } = c;
  const L = args[0], mode = args[1];
  const kHat = v.kHat[mode], mRe = v.mRe[mode], mIm = v.mIm[mode];
  const { re, im, zRow } = v;
  const half = L >> 1;
  const [k0, k1] = shareOf(args[2], args[3], thread, threads);
  if (k1 <= k0) return;
  const fft = fftOf(c, L);
  fft.rows(re, im, k0, k1, false);
  for (let ky = k0; ky < k1; ky++) {
    const src = ky * L;
    if (ky > 0 && ky < half) {
      // Row L − ky = conj of row ky mirrored, written before row ky is overwritten.
      const dst = (L - ky) * L;
      let z = 0;
      for (let kx = 0; kx < L; kx++) {
        const from = src + (kx === 0 ? 0 : L - kx);
        const a = re[from], b = -im[from];
        const k = dst + kx;
        z += kHat[k] * (a * a + b * b);
        const cr = mRe[k], ci = mIm[k];
        re[k] = a * cr - b * ci;
        im[k] = a * ci + b * cr;
      }
      zRow[L - ky] = z;
    }
    let z = 0;
    for (let k = src; k < src + L; k++) {
      const a = re[k], b = im[k];
      z += kHat[k] * (a * a + b * b);
      const cr = mRe[k], ci = mIm[k];
      re[k] = a * cr - b * ci;
      im[k] = a * ci + b * cr;
    }
    zRow[ky] = z;
  }
  fft.rows(re, im, k0, k1, true);
  // The mirrored rows L − ky for ky in [max(k0, 1), min(k1, L/2)).
  const m0 = Math.max(k0, 1), m1 = Math.min(k1, half);
  if (m1 > m0) fft.rows(re, im, L - m1 + 1, L - m0 + 1, true);
}

/** OP_GATHER [L, scale]: φx (real part) and φy (imaginary part) interpolated back to the points, times scale. */
function gather(c: GridCtx, args: Float64Array, thread: number, threads: number): void {
  const { s: { n, p }, v } = c;
  const L = args[0], scale = args[1];
  const { re, im, wX, wY, startX, startY, out } = v;
  const [i0, i1] = shareOf(0, n, thread, threads);
  for (let i = i0; i < i1; i++) {
    const o = i * p;
    const sx = startX[i];
    const sy = startY[i];
    let fx = 0, fy = 0;
    for (let a = 0; a < p; a++) {
      const row = (sy + a) * L + sx;
      const wy = wY[o + a];
      for (let b = 0; b < p; b++) {
        const w = wy * wX[o + b];
        fx += w * re[row + b];
        fy += w * im[row + b];
      }
    }
    out[2 * i] = fx * scale;
    out[2 * i + 1] = fy * scale;
  }
}

/**
 * OP_KERNEL [L, s, split, 1/σ²]: the kernel K (real part) and Kx/s (imaginary part) on
 * the circulant embedding: offset d (target − source) in [−(m−1), m−1] lives at d mod L.
 * Kx is stored divided by s (so x/s = dx) and rescaled after the transform: packed next
 * to K ≈ 1, a tiny layout's Kx ~ s would otherwise drown in K's roundoff.
 */
function kernel(c: GridCtx, args: Float64Array, thread: number, threads: number): void {
  const { re, im } = c.v;
  const L = args[0], s = args[1], split = args[2] === 1, inv2 = args[3];
  const m = L / 2;
  const [r0, r1] = shareOf(0, L, thread, threads);
  for (let r = r0; r < r1; r++) {
    const dy = r < m ? r : r - L;
    const row = r * L;
    if (dy <= -m) {
      re.fill(0, row, row + L);
      im.fill(0, row, row + L);
      continue;
    }
    const y = dy * s;
    for (let col = 0; col < L; col++) {
      const at = row + col;
      const dx = col < m ? col : col - L;
      if (dx <= -m) {
        re[at] = 0;
        im[at] = 0;
        continue;
      }
      const x = dx * s;
      const q = 1 / (1 + x * x + y * y);
      if (split) {
        // Far part: (1 − e)/u, and its force −½∂x = x·((1 − e)/u² − e/(σ²u)).
        const e = Math.exp(-(1 + x * x + y * y) * inv2);
        re[at] = (1 - e) * q;
        im[at] = dx * q * ((1 - e) * q - e * inv2);
      } else {
        re[at] = q;
        im[at] = dx * q * q;
      }
    }
  }
}

/**
 * OP_UNPACK [L, s, mode]: the two real signals from C = FFT(K + i·Kx):
 *   K̂(k) = Re(C(k) + C(−k))/2,  K̂x(k) = i·(Re C(−k) − Re C(k))/2.
 */
function unpack(c: GridCtx, args: Float64Array, thread: number, threads: number): void {
  const { re } = c.v;
  const L = args[0], s = args[1], mode = args[2];
  const kHat = c.v.kHat[mode], mIm = c.v.mIm[mode];
  const [r0, r1] = shareOf(0, L, thread, threads);
  for (let ky = r0; ky < r1; ky++) {
    const nky = (L - ky) % L;
    for (let kx = 0; kx < L; kx++) {
      const a = ky * L + kx;
      const b = nky * L + ((L - kx) % L);
      kHat[a] = (re[a] + re[b]) / 2;
      mIm[a] = ((re[b] - re[a]) / 2) * s; // Im K̂x
    }
  }
}

/** OP_TRANSPOSE [L, mode]: Ky is Kx transposed, so Im K̂y is Im K̂x transposed. */
function transpose(c: GridCtx, args: Float64Array, thread: number, threads: number): void {
  const L = args[0], mode = args[1];
  const mRe = c.v.mRe[mode], mIm = c.v.mIm[mode];
  const [r0, r1] = shareOf(0, L, thread, threads);
  for (let ky = r0; ky < r1; ky++) {
    for (let kx = 0; kx < L; kx++) mRe[ky * L + kx] = -mIm[kx * L + ky];
  }
}

export const tsneGridTask: KernelTask<GridShared, GridCtx> = {
  name: 'tsne-grid',
  attach(s) {
    const denom = new Float64Array(s.p);
    for (let a = 0; a < s.p; a++) {
      let d = 1;
      for (let b = 0; b < s.p; b++) if (b !== a) d *= a - b;
      denom[a] = d;
    }
    return { s, v: gridViews(s), ffts: new Map(), denom, lx: new Float64Array(s.p), ly: new Float64Array(s.p) };
  },
  run(c, op, args, thread, threads) {
    const L = args[0];
    switch (op) {
      case OP_SPREAD:
        return spread(c, args, thread, threads);
      case OP_ROWS: {
        // args [L, from, to, inverse]
        const [a, b] = shareOf(args[1], args[2], thread, threads);
        return fftOf(c, L).rows(c.v.re, c.v.im, a, b, args[3] === 1);
      }
      case OP_COLUMNS: {
        const [a, b] = shareOf(args[1], args[2], thread, threads);
        return fftOf(c, L).columns(c.v.re, c.v.im, a, b, args[3] === 1);
      }
      case OP_PRODUCT:
        return product(c, args, thread, threads);
      case OP_GATHER:
        return gather(c, args, thread, threads);
      case OP_KERNEL:
        return kernel(c, args, thread, threads);
      case OP_UNPACK:
        return unpack(c, args, thread, threads);
      case OP_TRANSPOSE:
        return transpose(c, args, thread, threads);
    }
  },
};
