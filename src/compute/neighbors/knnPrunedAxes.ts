/**
 * The pruned kNN graph's axes (knnPruned.ts): m orthonormal directions near the top
 * principal ones, from a randomised range finder on evenly spaced sample rows — two
 * power iterations, each an f32 `dots` pass, then orthonormalised in f64. Any
 * orthonormal axes keep the bound valid; better ones only prune more, and a full
 * eigen-solve for 63 axes cost more than it saved.
 *
 * In steps so that several threads can share the costly ones (knnPrunedParallel.ts):
 * the sample rows are centred and transposed independently; between the power passes
 * a row is only rescaled, never mixed with the others, so each thread iterates its own
 * rows; and `dots` gives every dot product bit for bit the same wherever it is
 * computed, so the axes do not depend on the split.
 */
import { orthonormalizeRows } from '../orthonormalize';
import { createRng, type Rng } from '../random';
import { createDenseArena, padTo4, type DenseArena, type DenseKernelChoice } from '../simd/dense';

export const DEFAULT_AXES = 63;
export const DEFAULT_SAMPLE = 1024;

/** The axes: m rows of dim (f64, orthonormal) and the centre they are taken about. */
export interface Axes {
  readonly W: Float64Array;
  readonly mean: Float32Array;
  readonly m: number;
}

/** Sizes of a range finder: ns sample rows, l axes, rows dim wide (ld and nsp padded to 4). */
export interface AxesShape {
  readonly ns: number;
  readonly l: number;
  readonly dim: number;
  readonly ld: number;
  readonly nsp: number;
}

/** Where a range finder works in an arena: the centred sample (ns × ld), its transpose (ld × nsp), the axes' rows (l × ld), their products with the sample (l × nsp). */
export interface AxesPtrs {
  readonly pS: number;
  readonly pSt: number;
  readonly pG: number;
  readonly pY: number;
}

export function axesShape(n: number, dim: number, axes = DEFAULT_AXES, sampleRows = DEFAULT_SAMPLE): AxesShape {
  const ns = Math.min(n, sampleRows);
  return { ns, l: Math.max(1, Math.min(axes, dim)), dim, ld: padTo4(dim), nsp: padTo4(ns) };
}

/** Bytes of the blocks AxesPtrs names, in that order. */
export function axesBytes(s: AxesShape): number[] {
  return [s.ns * s.ld * 4, s.ld * s.nsp * 4, s.l * s.ld * 4, s.l * s.nsp * 4];
}

/** The sample: ns evenly spaced rows of n. */
function sampleRow(r: number, n: number, ns: number): number {
  return Math.floor((r * n) / ns);
}

/**
 * The sample's centre, and the random start rows (from a fixed seed: the axes are part
 * of the plan, not of the user's randomness). Returns the centre and the generator,
 * whose stream finishAxes continues. Then centreSample writes the centred rows.
 */
export function startAxes(a: DenseArena, p: AxesPtrs, U: Float32Array, n: number, s: AxesShape): { mean: Float32Array; rng: Rng } {
  const { ns, l, dim, ld } = s;
  const mean = new Float32Array(dim);
  const sum = new Float64Array(dim);
  for (let r = 0; r < ns; r++) {
    const o = sampleRow(r, n, ns) * dim;
    for (let t = 0; t < dim; t++) sum[t] += U[o + t];
  }
  for (let t = 0; t < dim; t++) mean[t] = sum[t] / ns;
  const rng = createRng(1);
  const G = a.f32(p.pG, l * ld);
  for (let r = 0; r < l; r++) for (let t = 0; t < dim; t++) G[r * ld + t] = rng.gaussian();
  return { mean, rng };
}

/** Sample rows [r0, r1), centred, into S (rows) and Sᵀ (columns): rows are independent, so threads may split them. */
export function centreSample(a: DenseArena, p: AxesPtrs, U: Float32Array, n: number, s: AxesShape, mean: Float32Array, r0: number, r1: number): void {
  const { ns, dim, ld, nsp } = s;
  if (r1 <= r0) return;
  const S = a.f32(p.pS, ns * ld);
  for (let r = r0; r < r1; r++) {
    const o = sampleRow(r, n, ns) * dim;
    for (let t = 0; t < dim; t++) S[r * ld + t] = U[o + t] - mean[t];
  }
  a.transpose(p.pS, ld, r0, r1 - r0, dim, p.pSt + r0 * 4, nsp);
}

/** Rows [r0, r1) of the axes through both power iterations: g ← (g·Sᵀ)·S, rescaled before each. */
export function powerRows(a: DenseArena, p: AxesPtrs, s: AxesShape, r0: number, r1: number): void {
  const { ns, dim, ld, nsp } = s;
  const rows = r1 - r0;
  if (rows <= 0) return;
  const pG = p.pG + r0 * ld * 4;
  const pY = p.pY + r0 * nsp * 4;
  for (let it = 0; it < 2; it++) {
    // Rows only rescaled between the passes, not orthonormalised: Gram–Schmidt's row
    // operations are lower triangular, so they do not change the rows' span nor the one
    // Gram–Schmidt at the end gives (three of them were 40 of the axes' ~95 ms on MNIST).
    unitRowsInPlace(a.f32(pG, rows * ld), rows, dim, ld);
    a.dots(pG, ld, rows, p.pS, ld, ns, ld, pY, nsp, 0); // Y = G·Sᵀ (rows × ns)
    a.dots(pY, nsp, rows, p.pSt, nsp, dim, nsp, pG, ld, 0); // G = Y·S (rows × dim)
  }
}

/** The iterated rows as orthonormal f64 axes. */
export function finishAxes(a: DenseArena, p: AxesPtrs, s: AxesShape, mean: Float32Array, rng: Rng): Axes {
  const { l, dim, ld } = s;
  const G = a.f32(p.pG, l * ld);
  const W = new Float64Array(l * dim);
  for (let r = 0; r < l; r++) for (let t = 0; t < dim; t++) W[r * dim + t] = G[r * ld + t];
  orthonormalizeRows(W, l, dim, rng);
  return { W, mean, m: l };
}

/** The axes on this thread, in an arena of their own. */
export function axesOf(U: Float32Array, n: number, dim: number, m: number, sampleRows: number, kernel: DenseKernelChoice): Axes {
  const s = axesShape(n, dim, m, sampleRows);
  const a = createDenseArena(axesBytes(s), kernel);
  const [pS, pSt, pG, pY] = a.ptr;
  const p = { pS, pSt, pG, pY };
  const { mean, rng } = startAxes(a, p, U, n, s);
  centreSample(a, p, U, n, s, mean, 0, s.ns);
  powerRows(a, p, s, 0, s.l);
  return finishAxes(a, p, s, mean, rng);
}

/** Scales each of the `rows` rows (dim wide, ld apart) to unit length, in f32: keeps power iteration's rows from overflowing. */
function unitRowsInPlace(G: Float32Array, rows: number, dim: number, ld: number): void {
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let t = 0; t < dim; t++) s += G[r * ld + t] * G[r * ld + t];
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let t = 0; t < dim; t++) G[r * ld + t] *= inv;
  }
}
