/**
 * The short-range half of a split t-SNE kernel, summed exactly over close pairs.
 *
 * The Cauchy kernel K = 1/u (u = 1 + r²) splits into
 *   K_near = e/u  and  K_far = (1 − e)/u,   e = exp(−u/σ²).
 * K_far has no pole (the zero of 1 − e at u = 0 cancels it), so a coarse grid
 * interpolates it well; K_near dies off like a Gaussian and only pairs closer than
 * r_c need it. The force kernel is −½∇K, so the near force is
 *   G_near = (y_i − y_j) · e · (1/u² + 1/(σ²u)).
 *
 * Pairs are found with a cell list (cell side r_c/2, the forward half of the 5×5
 * stencil so each pair is visited once), points sorted by cell for locality.
 *
 * The pair loop runs in WebAssembly SIMD where the engine has it (tsneNear.wat, four
 * candidates at a time in f32, exp by polynomial), else in JS (f64, K and its force
 * weight from a table). The two agree to ~1e-6 of the largest force; the kernel is
 * 2.5–3× faster per candidate pair (see `costPerPair`).
 */
import type { KernelPool } from '../parallel/types';
import { COST_PER_PAIR, createNearKernel, QUANTUM, type NearKernel } from './tsneNearKernel';
import { createParallelNearKernel, parallelNearAvailable } from './tsneNearParallel';

export interface NearField {
  /**
   * Bins the points into cells for `cutoff` and returns how many candidate pairs
   * `add` would test (the cost of the near field, known before paying it).
   */
  prepare(y: Float64Array, cutoff: number): number;
  /**
   * After prepare(y): out[2i..2i+1] += Σ_{j≠i, r<r_c} G_near(y_i − y_j);
   * returns Σ_{i≠j, r<r_c} K_near.
   */
  add(out: Float64Array, sigma: number): number;
  /** add() in pieces: yields every few hundred thousand candidate pairs. */
  addSteps(out: Float64Array, sigma: number): Generator<void, number, void>;
  /** Which pair loop runs. */
  readonly kind: 'wasm' | 'js';
  /** Releases the kernel threads' job, if any. */
  dispose(): void;
  /**
   * Cost of one candidate pair relative to the FFT's cost units (tsneFft.ts weighs the
   * split against the fine grid with it). Measured in Node 20 on x86-64.
   */
  readonly costPerPair: number;
}

/** Distance beyond which K_near/K < tol: exp(−(1 + r²)/σ²) < tol. */
export function nearCutoff(sigma: number, tol = 1e-3): number {
  return Math.sqrt(Math.max(0, sigma * sigma * Math.log(1 / tol) - 1));
}

/**
 * The near field for n points: on the pool's threads when it has several (and the engine
 * shares memory), else the one-thread SIMD kernel, else JS.
 */
export function createNearField(n: number, kernel: 'auto' | 'js' = 'auto', pool?: KernelPool): NearField {
  const simd = kernel === 'js' ? null : parallelNearAvailable(pool) ? createParallelNearKernel(n, pool) : createNearKernel(n);
  const cellOf = new Int32Array(n);
  const perm = new Int32Array(n);
  const sx = new Float64Array(n);
  const sy = new Float64Array(n);
  const fx = new Float64Array(n);
  const fy = new Float64Array(n);
  let cellStart = new Int32Array(0);
  /** Candidate pairs per cell row (from prepare), to size the kernel's slices. */
  let rowPairs = new Float64Array(0);
  let nx = 0;
  let ny = 0;
  let binnedCutoff = 0;

  function bin(y: Float64Array, cutoff: number): void {
    let xmin = Infinity, xmax = -Infinity, ymin = Infinity, ymax = -Infinity;
    for (let i = 0; i < n; i++) {
      const a = y[2 * i], b = y[2 * i + 1];
      if (a < xmin) xmin = a;
      if (a > xmax) xmax = a;
      if (b < ymin) ymin = b;
      if (b > ymax) ymax = b;
    }
    // Cells of half the cutoff (a 5×5 stencil tests ~40% fewer pairs than 3×3 with
    // cutoff-sized cells), and not more than ~4n of them.
    const side = Math.max(cutoff / 2, Math.sqrt(((xmax - xmin) * (ymax - ymin)) / (4 * n + 1)), 1e-12);
    binnedCutoff = cutoff;
    nx = Math.floor((xmax - xmin) / side) + 1;
    ny = Math.floor((ymax - ymin) / side) + 1;
    const cells = nx * ny;
    if (cellStart.length < cells + 1) cellStart = new Int32Array(cells + 1);
    cellStart.fill(0, 0, cells + 1);
    for (let i = 0; i < n; i++) {
      const cx = Math.min(nx - 1, Math.floor((y[2 * i] - xmin) / side));
      const cy = Math.min(ny - 1, Math.floor((y[2 * i + 1] - ymin) / side));
      const c = cy * nx + cx;
      cellOf[i] = c;
      cellStart[c + 1]++;
    }
    for (let c = 0; c < cells; c++) cellStart[c + 1] += cellStart[c];
    // Counting sort, stable in i, so the visiting order is fixed by the input.
    for (let i = 0; i < n; i++) {
      const at = cellStart[cellOf[i]]++;
      perm[at] = i;
    }
    for (let c = cells; c > 0; c--) cellStart[c] = cellStart[c - 1];
    cellStart[0] = 0;
    // Relative to the middle of the layout: only differences matter, and the SIMD
    // kernel's f32 copies keep the most digits near zero.
    const mx = (xmin + xmax) / 2, my = (ymin + ymax) / 2;
    for (let t = 0; t < n; t++) {
      sx[t] = y[2 * perm[t]] - mx;
      sy[t] = y[2 * perm[t] + 1] - my;
    }
  }

  // Candidate pairs: per occupied cell, its count times the count in the forward
  // half of the 5×5 stencil (plus pairs within the cell).
  function prepare(y: Float64Array, cutoff: number): number {
    bin(y, cutoff);
    if (rowPairs.length < ny) rowPairs = new Float64Array(ny);
    let pairs = 0;
    for (let cy = 0; cy < ny; cy++) {
      const before = pairs;
      for (let cx = 0; cx < nx; cx++) {
        const c = cy * nx + cx;
        const here = cellStart[c + 1] - cellStart[c];
        if (here === 0) continue;
        let fwd = cellStart[cy * nx + Math.min(nx - 1, cx + 2) + 1] - cellStart[c + 1];
        for (let dy = 1; dy <= 2 && cy + dy < ny; dy++) {
          const r = (cy + dy) * nx;
          fwd += cellStart[r + Math.min(nx - 1, cx + 2) + 1] - cellStart[r + Math.max(0, cx - 2)];
        }
        pairs += (here * (here - 1)) / 2 + here * fwd;
      }
      rowPairs[cy] = pairs - before;
    }
    return pairs;
  }

  // K_near and the force weight e·(1/u² + 1/(σ²u)) tabulated on r² ∈ [0, r_c²]
  // (linear interpolation, relative error ~1e-6): Math.exp per pair would cost more
  // than everything else in the loop.
  const TABLE = 4096;
  const kTab = new Float64Array(TABLE + 2);
  const wTab = new Float64Array(TABLE + 2);
  let tabKey = '';

  function tabulate(sigma: number, cutoff: number): void {
    const key = `${sigma}:${cutoff}`;
    if (key === tabKey) return;
    const inv2 = 1 / (sigma * sigma);
    const step = (cutoff * cutoff) / TABLE;
    for (let t = 0; t < TABLE + 2; t++) {
      const u = 1 + t * step;
      const e = Math.exp(-u * inv2);
      kTab[t] = e / u;
      wTab[t] = (e / u) * (1 / u + inv2);
    }
    tabKey = key;
  }

  /** The kernel's pass (false: it cannot hold this many cells, so JS does this one). */
  function* addStepsSimd(k: NearKernel, out: Float64Array, sigma: number): Generator<void, number | null, void> {
    const cutoff = binnedCutoff;
    if (!k.load(sx, sy, cellStart, nx * ny)) return null;
    const z = yield* k.pass(nx, ny, rowPairs, cutoff * cutoff, 1 / (sigma * sigma));
    const gx = k.fx(), gy = k.fy();
    for (let t = 0; t < n; t++) {
      out[2 * perm[t]] += gx[t];
      out[2 * perm[t] + 1] += gy[t];
    }
    return 2 * z;
  }

  function* addSteps(out: Float64Array, sigma: number): Generator<void, number, void> {
    if (simd) {
      const z = yield* addStepsSimd(simd, out, sigma);
      if (z !== null) return z;
    }
    const cutoff = binnedCutoff;
    tabulate(sigma, cutoff);
    fx.fill(0);
    fy.fill(0);
    const rc2 = cutoff * cutoff;
    const scale = TABLE / rc2;
    let z = 0;
    let work = 0;
    for (let cy = 0; cy < ny; cy++) {
      for (let cx = 0; cx < nx; cx++) {
        const c = cy * nx + cx;
        const a0 = cellStart[c], a1 = cellStart[c + 1];
        if (a0 === a1) continue;
        // Forward half of the 5×5 stencil: the cell itself (b > a), two to the right,
        // and the next two rows from cx − 2 to cx + 2 (contiguous runs of cells).
        z += pairSums(sx, sy, fx, fy, kTab, wTab, rc2, scale, a0, a1, a0, a1, true);
        let others = 0;
        const right = cellStart[cy * nx + Math.min(nx - 1, cx + 2) + 1];
        if (right > a1) z += pairSums(sx, sy, fx, fy, kTab, wTab, rc2, scale, a0, a1, a1, right, false);
        others += right - a1;
        for (let dy = 1; dy <= 2 && cy + dy < ny; dy++) {
          const r = (cy + dy) * nx;
          const lo = cellStart[r + Math.max(0, cx - 2)];
          const hi = cellStart[r + Math.min(nx - 1, cx + 2) + 1];
          if (hi > lo) z += pairSums(sx, sy, fx, fy, kTab, wTab, rc2, scale, a0, a1, lo, hi, false);
          others += hi - lo;
        }
        work += (a1 - a0) * ((a1 - a0) / 2 + others);
        if (work > QUANTUM) {
          work = 0;
          yield;
        }
      }
    }
    for (let t = 0; t < n; t++) {
      out[2 * perm[t]] += fx[t];
      out[2 * perm[t] + 1] += fy[t];
    }
    return z;
  }

  return {
    kind: simd ? 'wasm' : 'js',
    costPerPair: simd ? simd.costPerPair : COST_PER_PAIR.js,
    dispose: () => simd?.dispose(),
    prepare,
    addSteps,
    add(out, sigma) {
      const gen = addSteps(out, sigma);
      for (;;) {
        const r = gen.next();
        if (r.done) return r.value;
      }
    },
  };
}

/**
 * Pairs (a, b), a in [a0, a1), b in [b0, b1) (or b > a within one cell when `same`),
 * closer than the cutoff: adds ±force to both and returns 2·Σ K_near. A plain function
 * with every array passed in, so the JIT keeps them in registers.
 */
function pairSums(
  sx: Float64Array, sy: Float64Array, fx: Float64Array, fy: Float64Array,
  kTab: Float64Array, wTab: Float64Array, rc2: number, scale: number,
  a0: number, a1: number, b0: number, b1: number, same: boolean,
): number {
  let z = 0;
  for (let a = a0; a < a1; a++) {
    const xa = sx[a], ya = sy[a];
    let gx = 0, gy = 0;
    for (let b = same ? a + 1 : b0; b < b1; b++) {
      const dx = xa - sx[b];
      const dy = ya - sy[b];
      const r2 = dx * dx + dy * dy;
      if (r2 >= rc2) continue;
      const t = r2 * scale;
      const ti = t | 0;
      const f = t - ti;
      z += kTab[ti] + f * (kTab[ti + 1] - kTab[ti]);
      const w = wTab[ti] + f * (wTab[ti + 1] - wTab[ti]);
      gx += w * dx;
      gy += w * dy;
      fx[b] -= w * dx;
      fy[b] -= w * dy;
    }
    fx[a] += gx;
    fy[a] += gy;
  }
  return 2 * z;
}
