/**
 * Repulsive t-SNE forces by polynomial interpolation on a grid and FFT convolution
 * (the idea of FIt-SNE, Linderman et al. 2019), rearranged so one iteration needs
 * only ONE forward and ONE inverse 2D FFT:
 *
 *  - Every point spreads a unit charge onto the p×p nearest grid nodes with
 *    Lagrange weights (a sliding stencil on a uniform grid, spacing s).
 *  - The forces come from two odd kernels, Kx = dx/(1+d²)², Ky = dy/(1+d²)²,
 *    whose spectra are purely imaginary, so Q̂·(i·K̂x) + i·Q̂·(i·K̂y) is a single
 *    complex spectrum whose inverse FFT gives φx in the real part and φy in the
 *    imaginary part. (FIt-SNE instead convolves four charges 1, x, y, x²+y² with
 *    1/(1+d²)², which needs more transforms and loses digits to cancellation.)
 *  - Z = Σ_{i≠j} 1/(1+d²) never needs an inverse transform: by Parseval it is
 *    Σ_k K̂(k)·|Q̂(k)|² / L² − n.
 *  - The kernel spectra depend only on the FFT length L and the spacing s; s is
 *    quantised to a geometric ladder so they are recomputed only when the
 *    embedding has grown past a rung, not every iteration.
 *  - The convolution is zero-padded to L = 2m for m nodes a side; the 2D FFT skips
 *    the columns that are all zero going in (or not needed coming out).
 *  - Once the layout is wide and sparse, the kernel is split (tsneNearField.ts):
 *    the grid carries only the smooth far part, at about three times the spacing
 *    (a ninth of the grid), and pairs closer than a few units are summed exactly.
 *    Each call picks whichever of the two costs less, from the grid sizes and a
 *    count of candidate near pairs.
 */
import type { KernelPool } from '../parallel/types';
import { createFft2d, type Fft2d } from './fft';
import { drain, type Repulsion } from './tsneForces';
import { createNearField, nearCutoff } from './tsneNearField';

export interface FftRepulsionOptions {
  /** Lagrange nodes per axis around each point (the stencil). Default 3. */
  readonly interpolationPoints?: number;
  /** Largest node spacing without the split, in embedding units (the kernel's scale is 1). Default 1/3. */
  readonly maxSpacing?: number;
  /** Smallest FFT length (2 × nodes a side). Default 64. */
  readonly minGrid?: number;
  /** Rungs of the spacing ladder per doubling. Default 8 (spacing within 9% of the finest that fits). */
  readonly spacingLevels?: number;
  /**
   * Width σ of the near/far kernel split; 0 never splits. Default 1.5: with
   * splitSpacing 1 the force error matches the unsplit grid at spacing 1/3 (~2%).
   */
  readonly sigma?: number;
  /** Largest node spacing for the far part when split. Default 1. */
  readonly splitSpacing?: number;
}

export interface FftRepulsion extends Repulsion {
  /** Grid of the last call (for benchmarks and tests). */
  lastGrid(): { size: number; spacing: number; nodes: number; split: boolean };
  /** Releases the near field's kernel threads, if it has any. */
  dispose(): void;
}

/**
 * The FFT length to use for at least n: 2^a or 3·2^a (a ≥ 4). Radix-3 passes are
 * slower per point than radix-4 ones, so at most one; multiples of 4 keep m = L/2 even.
 */
function gridSizeAtLeast(n: number): number {
  let pow = 16;
  for (;;) {
    if (pow >= n) return pow;
    if (1.5 * pow >= n) return 1.5 * pow;
    pow *= 2;
  }
}

/**
 * Relative cost used to choose split or not, per L²·log2 L of one iteration's
 * transforms; the near field states its cost per candidate pair in the same units
 * (measured in Node 20 on x86-64; only their ratio matters).
 */
const COST_PER_GRID_UNIT = 5.8;

interface KernelSpectra {
  readonly key: string;
  /** K̂ (real: K is even), for Z by Parseval. */
  readonly kHat: Float64Array;
  /** The force multiplier −Im K̂y + i·Im K̂x. */
  readonly mRe: Float64Array;
  readonly mIm: Float64Array;
}

/** `pool`: kernel threads for the near field's pairs (the grid stays on this thread). */
export function createFftRepulsion(n: number, opts: FftRepulsionOptions = {}, pool?: KernelPool): FftRepulsion {
  const p = opts.interpolationPoints ?? 3;
  const maxSpacing = opts.maxSpacing ?? 1 / 3;
  const minGrid = opts.minGrid ?? 64;
  const levels = opts.spacingLevels ?? 8;
  const sigma = opts.sigma ?? 1.5;
  const splitSpacing = opts.splitSpacing ?? 1;
  if (!(p >= 2 && Number.isInteger(p))) throw new Error(`interpolationPoints must be an integer ≥ 2, got ${p}`);
  const cutoff = sigma > 0 ? nearCutoff(sigma) : 0;
  const near = sigma > 0 ? createNearField(n, 'auto', pool) : null;

  // Lagrange denominators Π_{b≠a}(a − b) for nodes 0..p−1.
  const denom = new Float64Array(p);
  for (let a = 0; a < p; a++) {
    let d = 1;
    for (let b = 0; b < p; b++) if (b !== a) d *= a - b;
    denom[a] = d;
  }

  // Per-point stencil: first node and p weights per axis (reused by spread and gather).
  const startX = new Int32Array(n);
  const startY = new Int32Array(n);
  const wX = new Float64Array(n * p);
  const wY = new Float64Array(n * p);

  const ffts = new Map<number, Fft2d>();
  let re = new Float64Array(0);
  let im = new Float64Array(0);
  // One cached spectrum per mode, so alternating modes does not recompute them.
  const spectra: { plain: KernelSpectra | null; split: KernelSpectra | null } = { plain: null, split: null };
  let last = { size: 0, spacing: 0, nodes: 0, split: false };

  function fftFor(L: number): Fft2d {
    let f = ffts.get(L);
    if (!f) {
      f = createFft2d(L);
      ffts.set(L, f);
    }
    if (re.length < L * L) {
      re = new Float64Array(L * L);
      im = new Float64Array(L * L);
    }
    return f;
  }

  function* kernelSpectra(fft: Fft2d, L: number, s: number, split: boolean, key: string): Generator<void, KernelSpectra, void> {
    const cached = split ? spectra.split : spectra.plain;
    if (cached && cached.key === key) return cached;
    // The mode's previous buffers are reused when big enough: fresh large arrays
    // cost page faults on first touch, which would dominate a rebuild.
    const reuse = cached && cached.kHat.length >= L * L ? cached : null;
    if (split) spectra.split = null;
    else spectra.plain = null;
    const m = L / 2;
    const inv2 = split ? 1 / (sigma * sigma) : 0;
    re.fill(0, 0, L * L);
    im.fill(0, 0, L * L);
    // Circulant embedding: offset d (target − source) in [−(m−1), m−1] lives at d mod L.
    // Kx is stored divided by s (so x/s = dx) and rescaled after the transform: packed
    // next to K ≈ 1, a tiny layout's Kx ~ s would otherwise drown in K's roundoff.
    for (let dy = -(m - 1); dy <= m - 1; dy++) {
      const row = ((dy + L) % L) * L;
      const y = dy * s;
      for (let dx = -(m - 1); dx <= m - 1; dx++) {
        const x = dx * s;
        const q = 1 / (1 + x * x + y * y);
        const at = row + ((dx + L) % L);
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
      if ((dy & 63) === 0) yield;
    }
    yield* fft.forwardSteps(re, im);
    yield;
    // Unpack the two real signals from C = FFT(K + i·Kx):
    //   K̂(k) = Re(C(k) + C(−k))/2,  K̂x(k) = i·(Re C(−k) − Re C(k))/2.
    const kHat = reuse ? reuse.kHat : new Float64Array(L * L);
    const mRe = reuse ? reuse.mRe : new Float64Array(L * L);
    const mIm = reuse ? reuse.mIm : new Float64Array(L * L);
    for (let ky = 0; ky < L; ky++) {
      const nky = (L - ky) % L;
      for (let kx = 0; kx < L; kx++) {
        const a = ky * L + kx;
        const b = nky * L + ((L - kx) % L);
        kHat[a] = (re[a] + re[b]) / 2;
        mIm[a] = ((re[b] - re[a]) / 2) * s; // Im K̂x
      }
    }
    yield;
    // Ky is Kx transposed, so Im K̂y is Im K̂x transposed.
    for (let ky = 0; ky < L; ky++) {
      for (let kx = 0; kx < L; kx++) mRe[ky * L + kx] = -mIm[kx * L + ky];
    }
    const result = { key, kHat, mRe, mIm };
    if (split) spectra.split = result;
    else spectra.plain = result;
    return result;
  }

  /** FFT length for a range at spacing ≤ hMax: nodes a side m with range/s ≤ m − p − 1. */
  function sizeFor(range: number, hMax: number): number {
    return Math.max(gridSizeAtLeast(minGrid), gridSizeAtLeast(2 * (Math.ceil(range / hMax) + p + 1)));
  }

  function* phases(y: Float64Array, out: Float64Array): Generator<void, number, void> {
    let xmin = Infinity, xmax = -Infinity, ymin = Infinity, ymax = -Infinity;
    for (let i = 0; i < n; i++) {
      const a = y[2 * i], b = y[2 * i + 1];
      if (a < xmin) xmin = a;
      if (a > xmax) xmax = a;
      if (b < ymin) ymin = b;
      if (b > ymax) ymax = b;
    }
    const range = Math.max(xmax - xmin, ymax - ymin, 1e-300);

    // Split only when the coarse grid plus the near pairs cost less than the fine grid.
    const plainSize = sizeFor(range, maxSpacing);
    let split = false;
    if (near) {
      const splitSize = sizeFor(range, splitSpacing);
      if (splitSize < plainSize) {
        const gridCost = (L: number) => COST_PER_GRID_UNIT * L * L * Math.log2(L);
        const pairs = near.prepare(y, cutoff);
        split = gridCost(splitSize) + near.costPerPair * pairs < gridCost(plainSize);
      }
    }
    const hMax = split ? splitSpacing : maxSpacing;
    const L = split ? sizeFor(range, splitSpacing) : plainSize;
    const fft = fftFor(L);
    const m = L / 2;
    const sNeeded = range / (m - p - 1);
    // Largest rung s = hMax·2^(−j/levels) with s ≥ sNeeded (capped for degenerate, tiny ranges).
    const rung = Math.min(Math.floor(levels * Math.log2(hMax / sNeeded)), levels * 200);
    const s = hMax * Math.pow(2, -rung / levels);
    last = { size: L, spacing: s, nodes: m, split };
    const x0 = (xmin + xmax) / 2 - (s * (m - 1)) / 2;
    const y0 = (ymin + ymax) / 2 - (s * (m - 1)) / 2;
    const { kHat, mRe, mIm } = yield* kernelSpectra(fft, L, s, split, `${L}:${rung}`);
    yield;

    spread(y, x0, y0, s, L);
    yield* fft.forwardRealSteps(re, im, m);
    yield;

    // Z by Parseval, then the force spectrum Q̂·(−Im K̂y + i·Im K̂x).
    let zSum = 0;
    const total = L * L;
    for (let k = 0; k < total; k++) {
      const a = re[k], b = im[k];
      zSum += kHat[k] * (a * a + b * b);
      const cr = mRe[k], ci = mIm[k];
      re[k] = a * cr - b * ci;
      im[k] = a * ci + b * cr;
    }
    // The grid sum includes each point with itself: K(0) = 1, or K_far(0) = 1 − e^{−1/σ²}.
    let Z = zSum / total - n * (split ? 1 - Math.exp(-1 / (sigma * sigma)) : 1);
    yield* fft.inverseSteps(re, im, m);
    yield;

    gather(out, L);
    if (split && near) {
      yield;
      Z += yield* near.addSteps(out, sigma);
    }
    return Z;
  }

  /** Unit charges onto the p×p nodes around each point, Lagrange-weighted; stencils kept for gather. */
  function spread(y: Float64Array, x0: number, y0: number, s: number, L: number): void {
    const m = L / 2;
    const half = 0.5 - (p - 1) / 2;
    const maxStart = m - p;
    re.fill(0, 0, L * L);
    for (let i = 0; i < n; i++) {
      const tx = (y[2 * i] - x0) / s;
      const ty = (y[2 * i + 1] - y0) / s;
      let sx = Math.floor(tx + half);
      let sy = Math.floor(ty + half);
      sx = sx < 0 ? 0 : sx > maxStart ? maxStart : sx;
      sy = sy < 0 ? 0 : sy > maxStart ? maxStart : sy;
      startX[i] = sx;
      startY[i] = sy;
      const ux = tx - sx;
      const uy = ty - sy;
      const o = i * p;
      for (let a = 0; a < p; a++) {
        let lx = 1, ly = 1;
        for (let b = 0; b < p; b++) {
          if (b === a) continue;
          lx *= ux - b;
          ly *= uy - b;
        }
        wX[o + a] = lx / denom[a];
        wY[o + a] = ly / denom[a];
      }
      for (let a = 0; a < p; a++) {
        const row = (sy + a) * L + sx;
        const wy = wY[o + a];
        for (let b = 0; b < p; b++) re[row + b] += wy * wX[o + b];
      }
    }
  }

  /** φx (real part) and φy (imaginary part) interpolated back to the points. */
  function gather(out: Float64Array, L: number): void {
    for (let i = 0; i < n; i++) {
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
      out[2 * i] = fx;
      out[2 * i + 1] = fy;
    }
  }

  return {
    phases,
    compute: (y, out) => drain(phases(y, out)),
    lastGrid: () => last,
    dispose: () => near?.dispose(),
  };
}
