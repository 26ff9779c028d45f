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
import { createGrid } from './tsneGrid';
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

/**
 * `pool`: kernel threads for the grid (tsneGrid.ts: the same bits on any number of
 * threads) and the near field's pairs (tsneNearParallel.ts).
 */
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
  const grid = createGrid(n, p, pool);
  // The key (L and spacing rung) of the spectra cached per mode (plain, split), so
  // alternating modes does not recompute them.
  const spectra: [string | null, string | null] = [null, null];
  let last = { size: 0, spacing: 0, nodes: 0, split: false };

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
    grid.reserve(L);
    const m = L / 2;
    const sNeeded = range / (m - p - 1);
    // Largest rung s = hMax·2^(−j/levels) with s ≥ sNeeded (capped for degenerate, tiny ranges).
    const rung = Math.min(Math.floor(levels * Math.log2(hMax / sNeeded)), levels * 200);
    const s = hMax * Math.pow(2, -rung / levels);
    last = { size: L, spacing: s, nodes: m, split };
    const x0 = (xmin + xmax) / 2 - (s * (m - 1)) / 2;
    const y0 = (ymin + ymax) / 2 - (s * (m - 1)) / 2;
    const mode = split ? 1 : 0;
    const key = `${L}:${rung}`;
    if (spectra[mode] !== key) {
      spectra[mode] = null;
      yield* grid.buildSpectra(L, s, mode, split ? 1 / (sigma * sigma) : 0);
      spectra[mode] = key;
    }
    yield;

    yield* grid.spread(y, L, x0, y0, s);
    yield;
    // Z by Parseval; the grid sum includes each point with itself: K(0) = 1, or K_far(0) = 1 − e^{−1/σ²}.
    let Z = (yield* grid.product(L, mode)) / (L * L) - n * (split ? 1 - Math.exp(-1 / (sigma * sigma)) : 1);
    yield;
    yield* grid.inverse(L);
    yield;

    grid.gather(out, L);
    if (split && near) {
      yield;
      Z += yield* near.addSteps(out, sigma);
    }
    return Z;
  }

  return {
    phases,
    compute: (y, out) => drain(phases(y, out)),
    lastGrid: () => last,
    dispose: () => {
      near?.dispose();
      grid.dispose();
    },
  };
}
