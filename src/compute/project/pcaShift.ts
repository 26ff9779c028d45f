/**
 * The one-pass covariance's shift (pcaProducts.ts): the statistics pass sums
 * Σ(x − s)(x − s)ᵀ about the column means s of a sample of rows, and the covariance's sums
 * are then S − n·(μ − s)(μ − s)ᵀ, in f64 once μ is known. Here: choosing s, and checking
 * that the correction is small enough to subtract (else the caller sums again about μ).
 */
import { padTo4, type DenseArena } from '../simd/dense';
import { PANEL_ROWS } from './pcaParallel';

/** Rows in the shift's sample: one staging block's worth (the statistics pass's chunk). */
const SAMPLE_ROWS = PANEL_ROWS;

/**
 * Largest share of a column's shifted sum of squares Σ(x − s)² that n·(μ − s)² may be
 * for the shifted covariance to be kept: the subtraction then at most doubles its f32
 * rounding. The means of 256 rows spread over the data sit ~1/16 of a standard
 * deviation from μ (a share of ~1/256) unless the sample meets a pattern in the rows
 * (every 64th row different, say); such data are summed again about μ.
 */
const MAX_SHIFT_SHARE = 0.5;

/**
 * The shift for the covariance's sums: the column means of SAMPLE_ROWS rows spread evenly
 * over X (the first rows can be far from typical: GloVe's are its most frequent words),
 * staged at pStage, written to pShift as f32 (ld entries, zero past dim) and returned in
 * f64 as pack8 will use them. Null when a column is constant (or NaN) in the sample: it
 * may be constant in all the data, and a shifted sum over every column would then carry
 * it (MNIST's 67 blank pixels of 784 would cost 20 % more multiply-adds), so those data
 * take the two-pass way. Leaves the sample's statistics in pSum, pMin, pMax.
 */
export function sampleShift(arena: DenseArena, X: Float32Array, n: number, dim: number, pStage: number, pSum: number, pMin: number, pMax: number, pShift: number): Float64Array | null {
  const rows = Math.min(n, SAMPLE_ROWS);
  const ld = padTo4(dim);
  const stage = arena.f32(pStage, rows * ld);
  for (let i = 0; i < rows; i++) {
    const r = Math.floor((i * n) / rows);
    stage.set(X.subarray(r * dim, (r + 1) * dim), i * ld);
  }
  arena.colstats(pStage, ld, 0, rows, pSum, pMin, pMax);
  const lo = arena.f32(pMin, dim);
  const hi = arena.f32(pMax, dim);
  for (let j = 0; j < dim; j++) if (!(hi[j] > lo[j])) return null;
  const sum = arena.f64(pSum, dim);
  const s32 = arena.f32(pShift, dim);
  for (let j = 0; j < dim; j++) s32[j] = sum[j] / rows;
  return Float64Array.from(s32);
}

/**
 * M's upper triangle holds S = Σ (x − s)(x − s)ᵀ; the covariance's sums are S −
 * n·(μ − s)(μ − s)ᵀ. Returns μ − s, or null when some column's correction is too large a
 * share of its S (MAX_SHIFT_SHARE) for that subtraction.
 */
export function shiftOffsets(M: Float64Array, ld: number, D: number, n: number, mean: Float64Array, shift: Float64Array): Float64Array | null {
  const d = new Float64Array(D);
  for (let a = 0; a < D; a++) {
    d[a] = mean[a] - shift[a];
    if (n * d[a] * d[a] > MAX_SHIFT_SHARE * M[a * ld + a]) return null;
  }
  return d;
}
