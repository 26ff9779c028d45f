/**
 * The heavy products of PCA on the dense kernels (WebAssembly SIMD, or their JS twins):
 * column statistics, centring, the D×D covariance, the n×n Gram matrix, the data as an
 * operator for very wide covariances, and the projection onto the basis. Each is a
 * generator that yields its work in multiply-adds, so pca.ts can run it in slices.
 *
 * Rows are padded to a multiple of 4 floats; statistics come from one pass (f64 sums,
 * f32 min/max: a column is constant exactly when min = max); then the rows are centred
 * and packed to the D active columns — streamed chunk by chunk from X (for the
 * covariance by pack8 itself, from the raw staged rows into its panel), or all at once
 * in place (see centreData) — so the products never see a constant column nor a mean.
 * Products accumulate in f32 inside a tile and in f64 across panels of PANEL_ROWS rows
 * (or K-chunks), which keeps float32 rounding at ~1e-6 relative however many rows there are.
 *
 * Streamed data with no column constant in a sample of rows (GloVe; not MNIST's blank
 * pixels) read X twice instead of three times: the statistics pass also sums the
 * covariance about the sample's means s, Σ(x − s)(x − s)ᵀ, corrected by n·(μ − s)(μ − s)ᵀ
 * in f64 once μ is known (summed again about μ when the sample was too far off); the
 * scores pass projects raw rows and subtracts μ·V when ‖μ‖ is small beside the spread.
 * GloVe 50k×100: a pass (copy into the arena and read) cost ~2 ms of ~25.
 */
import { createDenseArena, createSharedDenseArena, copyRowsPadded, padTo4, type DenseArena, type DenseKernelChoice } from '../simd/dense';
import type { SymmetricOperator } from '../eigen';
import type { KernelJob, KernelPool } from '../parallel/types';
import { OP_COVARIANCE, OP_PROJECT, PANEL_ROWS, padTo8, pcaTask, wholePanel, type PcaCtx } from './pcaParallel';
import { sampleShift, shiftOffsets } from './pcaShift';

/** Rows per statistics / centring / projection call (one yield each); also the staging block's rows when streaming. */
const CHUNK_ROWS = PANEL_ROWS;
/**
 * Rows of the triangle per `dots` call in the Gram matrix: each call computes a
 * BLOCK × (n − a0) strip, so the square below the diagonal inside a strip is wasted; 16
 * keeps that near 8/n.
 */
const BLOCK = 16;
/** K per `dots` call when forming the Gram matrix (f64 accumulation between chunks). */
const GRAM_K_CHUNK = 1024;

export interface CentredData {
  readonly arena: DenseArena;
  readonly n: number;
  readonly dim: number;
  /** Column means of the input (f64). */
  readonly mean: Float64Array;
  /** The non-constant columns, ascending. */
  readonly active: Int32Array;
  /** active.length, and its padded row stride. */
  readonly D: number;
  readonly ldp: number;
  /**
   * Byte offset of all n centred, packed rows (n × ldp f32) when they are resident (the
   * Gram and data paths read them many times), or -1 when they are streamed.
   */
  readonly pXc: number;
  /**
   * Byte offset of the centred rows [r0, r1) (stride ldp, at most CHUNK_ROWS of them),
   * valid until the next call: resident rows in place, or streamed ones copied from the
   * input and centred into a staging block.
   */
  rows(r0: number, r1: number): number;
  /**
   * Byte offset of the rows [r0, r1) (at most CHUNK_ROWS) as pack8 takes them, valid until
   * the next call: streamed ones copied raw from the input (pack8 centres and gathers
   * them with `packArgs`), resident ones already centred (then `packArgs` is the identity
   * and a zero mean).
   */
  rawRows(r0: number, r1: number): number;
  /** pack8's row stride, column indices (0: identity), and mean for the rows rawRows gives. */
  readonly packArgs: { readonly ld: number; readonly pIdx: number; readonly pMean: number };
  /**
   * The covariance's blocks (panel, C with row stride padTo8(ld), gemv64's x and y) when
   * streaming — carved up front so the statistics pass can fill C — else null.
   */
  readonly cov: CovarianceBlocks | null;
  /**
   * Set when the statistics pass has already summed (x − shift)(x − shift)ᵀ into cov's C
   * (every column active): `shift` is the sample's column means, as pack8 used them.
   */
  readonly shifted: { readonly shift: Float64Array } | null;
  /**
   * On several threads (the arena then shared, and sized once): the job, and the blocks
   * the projection uses, carved up front (a shared arena does not grow).
   */
  readonly threads: { readonly job: KernelJob<PcaCtx>; readonly pV: number; readonly pS: number; readonly pBias: number; readonly pOut: number } | null;
}

export interface CovarianceBlocks {
  readonly pPanel: number;
  readonly pC: number;
  readonly pX: number;
  readonly pY: number;
}

/** Components the projection's blocks are sized for, on several threads (PCA asks for at most this many there). */
export const MAX_THREADED_COMPONENTS = 64;

/**
 * Measures X's columns and centres it onto the active columns.
 *
 * Resident (`stream` false): X is copied once into the arena and centred in place, for
 * the products that read it many times. Streamed: the arena holds only a staging block of
 * CHUNK_ROWS rows, and every pass (statistics, covariance unless the statistics pass
 * summed it, projection) copies its rows in from X — an n×dim arena would be a fresh
 * memory the size of the data, and touching its pages for the first time cost more than
 * the extra copies (GloVe 50k×100: ~15 ms of page faults for 20 MB, a copy of it ~1 ms).
 */
export function* centreData(
  X: Float32Array,
  n: number,
  dim: number,
  kernel: DenseKernelChoice,
  pool: KernelPool | null = null,
  stream = false,
): Generator<number, CentredData, void> {
  const ld = padTo4(dim);
  const D8 = padTo8(ld);
  const dataRows = stream ? CHUNK_ROWS : n;
  // the data (resident) or the raw staging block, sums, min, max, column indices, packed mean, centred staging block, a zero mean, the shift
  const blocks = [dataRows * ld * 4, ld * 8, ld * 4, ld * 4, dim * 4, ld * 4, stream ? CHUNK_ROWS * ld * 4 : 0, ld * 4, ld * 4];
  // Threads: the covariance panel, C, gemv64's x and y, the basis, a chunk of scores as xw and compact give them and the bias, sized for any D ≤ dim.
  const k4 = padTo4(MAX_THREADED_COMPONENTS);
  const shared = pool ? createSharedDenseArena([...blocks, D8 * PANEL_ROWS * 4, D8 * D8 * 8, D8 * 8, D8 * 8, k4 * ld * 4, CHUNK_ROWS * k4 * 4, k4 * 4, CHUNK_ROWS * k4 * 4]) : null;
  const arena = shared ? shared.arena : createDenseArena(blocks, kernel);
  const [pX, pSum, pMin, pMax, pIdx, pMean, pStage, pZero, pShift, pPanelShared, pCShared, pVecX, pVecY, pV, pS, pBias, pOut] = arena.ptr;
  const job = shared && pool ? pool.attach(pcaTask, { memory: shared.memory }) : null;
  // The job is attached before the statistics pass (it sums the covariance too): release
  // it if the pass throws (NaN or infinite values), as pca.ts does once it has the data.
  try {
    // The covariance's panel, C and gemv64 vectors (streaming is the covariance path): carved here, so the first pass can fill C.
    const cov = !stream ? null : job ? { pPanel: pPanelShared, pC: pCShared, pX: pVecX, pY: pVecY } : carveCovariance(arena, D8);
    /** Copies X's rows [r0, r1) into the arena: in place when resident, to the raw staging block when streamed. Returns where row r0 went. */
    const load = (r0: number, r1: number): number => {
      const at = stream ? pX : pX + r0 * ld * 4;
      copyRowsPadded(arena, at, X.subarray(r0 * dim, r1 * dim), r1 - r0, dim);
      return at;
    };
    if (!stream) load(0, n);
    const restart = (): void => {
      arena.f64(pSum, ld).fill(0);
      arena.f32(pMin, ld).fill(Infinity);
      arena.f32(pMax, ld).fill(-Infinity);
    };
    restart();
    const shift = cov ? sampleShift(arena, X, n, dim, pX, pSum, pMin, pMax, pShift) : null;
    if (cov) restart();
    for (let r0 = 0; r0 < n; r0 += CHUNK_ROWS) {
      const r1 = Math.min(n, r0 + CHUNK_ROWS);
      if (!stream) {
        arena.colstats(pX, ld, r0, r1, pSum, pMin, pMax);
        yield (r1 - r0) * ld;
        continue;
      }
      const at = load(r0, r1);
      arena.colstats(at, ld, 0, r1 - r0, pSum, pMin, pMax);
      if (shift && cov) {
        // The same pass's rows go on into the covariance, centred on the shift (see covariance()).
        const K = padTo4(r1 - r0);
        arena.pack8(at, ld, r1 - r0, K, cov.pPanel, 0, dim, pShift);
        if (job) job.run(OP_COVARIANCE, [cov.pPanel, cov.pC, D8, K]);
        else wholePanel(arena, cov.pPanel, cov.pC, D8, K);
        yield (r1 - r0) * (ld + (dim * dim) / 2);
      } else yield (r1 - r0) * ld;
    }
    const sum = arena.f64(pSum, dim);
    const lo = arena.f32(pMin, dim);
    const hi = arena.f32(pMax, dim);
    const mean = new Float64Array(dim);
    const active: number[] = [];
    for (let j = 0; j < dim; j++) {
      mean[j] = sum[j] / n;
      if (!Number.isFinite(mean[j]) || Number.isNaN(lo[j]) || Number.isNaN(hi[j])) {
        throw new Error(`pca: column ${j} contains NaN or infinite values`);
      }
      if (hi[j] > lo[j]) active.push(j);
    }
    const D = active.length;
    const ldp = padTo4(Math.max(1, D));
    const identity = D === dim;
    const packedMean = arena.f32(pMean, ld);
    for (let a = 0; a < D; a++) packedMean[a] = mean[active[a]];
    if (!identity) arena.i32(pIdx, D).set(active);
    const pIdxArg = identity ? 0 : pIdx;
    let rows: (r0: number, r1: number) => number;
    let rawRows: (r0: number, r1: number) => number;
    let packArgs: CentredData['packArgs'];
    if (stream) {
      rows = (r0, r1) => {
        arena.centerPack(load(r0, r1), ld, 0, r1 - r0, pIdxArg, D, pMean, pStage, ldp);
        return pStage;
      };
      rawRows = load;
      packArgs = { ld, pIdx: pIdxArg, pMean };
    } else {
      // In place: the packed row i (stride ldp ≤ ld) never overtakes the unread part of X.
      for (let r0 = 0; r0 < n; r0 += CHUNK_ROWS) {
        const r1 = Math.min(n, r0 + CHUNK_ROWS);
        arena.centerPack(pX, ld, r0, r1, pIdxArg, D, pMean, pX, ldp);
        yield (r1 - r0) * ldp;
      }
      rows = (r0) => pX + r0 * ldp * 4;
      rawRows = rows;
      packArgs = { ld: ldp, pIdx: 0, pMean: pZero };
    }
    const threads = job ? { job, pV, pS, pBias, pOut } : null;
    // A column constant in all the data is constant in the sample: with a shift, D = dim.
    const shifted = shift ? { shift } : null;
    return { arena, n, dim, mean, active: Int32Array.from(active), D, ldp, pXc: stream ? -1 : pX, rows, rawRows, packArgs, cov, shifted, threads };
  } catch (e) {
    job?.release();
    throw e;
  }
}

/** The resident centred rows (the Gram and data paths); centreData must have been asked not to stream. */
function resident(c: CentredData): number {
  if (c.pXc < 0) throw new Error('pca: this product needs the centred rows resident (centreData with stream = false)');
  return c.pXc;
}

/** Sum of the active columns' variances (n − 1 denominator) from a covariance's or Gram matrix's trace. */
export function traceOf(M: Float64Array, size: number): number {
  let t = 0;
  for (let i = 0; i < size; i++) t += M[i * size + i];
  return t;
}

/**
 * The D×D covariance of the centred columns (n − 1 denominator), symmetric, f64, and
 * the same matrix as an operator on the dense kernels (gemv64) for Lanczos.
 */
export function* covariance(c: CentredData): Generator<number, { C: Float64Array; apply: SymmetricOperator }, void> {
  const { arena, n, D, ldp } = c;
  const R = PANEL_ROWS;
  const D8 = padTo8(ldp);
  const { pPanel, pC, pX, pY } = c.cov ?? carveCovariance(arena, D8);
  const offsets = c.shifted ? shiftOffsets(arena.f64(pC, D8 * D8), D8, D, n, c.mean, c.shifted.shift) : null;
  if (!offsets) {
    // The shifted sums, if the statistics pass made them, are of no use: start again.
    if (c.shifted) arena.f64(pC, D8 * D8).fill(0);
    for (let r0 = 0; r0 < n; r0 += R) {
      const rows = Math.min(R, n - r0);
      const K = padTo4(rows);
      arena.pack8(c.rawRows(r0, r0 + rows), c.packArgs.ld, rows, K, pPanel, c.packArgs.pIdx, D, c.packArgs.pMean);
      if (c.threads) c.threads.job.run(OP_COVARIANCE, [pPanel, pC, D8, K]);
      else wholePanel(arena, pPanel, pC, D8, K);
      yield (rows * D * D) / 2;
    }
  }
  // C = (S − n·(μ − s)(μ − s)ᵀ) / (n − 1), mirrored in place for gemv64 (its x block holds
  // μ − s meanwhile: zero when summed about μ); the JS copy row by row.
  arena.f64(pX, D).set(offsets ?? new Float64Array(D));
  arena.symmetrise64(pC, D8, D, 1 / (n - 1), pX, offsets ? n : 0);
  const M = arena.f64(pC, D8 * D8);
  const C = new Float64Array(D * D);
  for (let a = 0; a < D; a++) C.set(M.subarray(a * D8, a * D8 + D), a * D);
  const apply: SymmetricOperator = function* (Q, count, Y) {
    for (let r = 0; r < count; r++) applyOnce(arena, pC, D8, D, pX, pY, Q, r, Y);
    yield D * D * count;
  };
  return { C, apply };
}

function carveCovariance(arena: DenseArena, D8: number): CovarianceBlocks {
  const [pPanel, pC, pX, pY] = arena.extend([D8 * PANEL_ROWS * 4, D8 * D8 * 8, D8 * 8, D8 * 8]);
  return { pPanel, pC, pX, pY };
}

/** Y row r = M·(Q row r) through gemv64 (x's pad entries D ≤ j < ld stay 0). */
function applyOnce(arena: DenseArena, pM: number, ld: number, D: number, pX: number, pY: number, Q: Float64Array, r: number, Y: Float64Array): void {
  arena.f64(pX, D).set(Q.subarray(r * D, (r + 1) * D));
  arena.gemv64(pM, ld, D, ld, pX, pY);
  Y.set(arena.f64(pY, D), r * D);
}

/** The n×n Gram matrix Xc·Xcᵀ of the centred rows (no denominator), symmetric, f64. */
export function* gram(c: CentredData): Generator<number, Float64Array, void> {
  const { arena, n, ldp } = c;
  const pXc = resident(c);
  const [pG] = arena.extend([n * n * 8]);
  const rowBytes = ldp * 4;
  for (let k0 = 0; k0 < ldp; k0 += GRAM_K_CHUNK) {
    const K = Math.min(GRAM_K_CHUNK, ldp - k0);
    for (let a0 = 0; a0 < n; a0 += BLOCK) {
      const a1 = Math.min(n, a0 + BLOCK);
      arena.dots(pXc + a0 * rowBytes + k0 * 4, ldp, a1 - a0, pXc + a0 * rowBytes + k0 * 4, ldp, n - a0, K, pG + (a0 * n + a0) * 8, n, 1);
    }
    yield (n * n * K) / 2;
  }
  const G = Float64Array.from(arena.f64(pG, n * n));
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) G[b * n + a] = G[a * n + b];
  return G;
}

/**
 * The covariance as an operator without forming it (very wide data): for each panel,
 * T = P·Qᵀ and Yᵀ += Pᵀ·T, both as `dots` on transposed panels, f64 across panels.
 * Q's rows are rounded to f32 on the way in, so residuals below ~1e-6 are noise.
 */
export function dataOperator(c: CentredData, maxRows: number): SymmetricOperator {
  const { arena, n, D, ldp } = c;
  const pXc = resident(c);
  const R = PANEL_ROWS;
  const lq = padTo4(maxRows);
  const [pQ, pT, pTt, pPanel, pYt] = arena.extend([maxRows * ldp * 4, R * lq * 4, lq * R * 4, ldp * R * 4, D * maxRows * 8]);
  return function* (Q, rows, Y) {
    const q32 = arena.f32(pQ, rows * ldp);
    for (let r = 0; r < rows; r++) for (let a = 0; a < D; a++) q32[r * ldp + a] = Q[r * D + a];
    arena.f64(pYt, D * rows).fill(0);
    for (let r0 = 0; r0 < n; r0 += R) {
      const len = Math.min(R, n - r0);
      if (len < R) {
        arena.f32(pPanel, ldp * R).fill(0);
        arena.f32(pTt, lq * R).fill(0);
      }
      arena.dots(pXc + r0 * ldp * 4, ldp, len, pQ, ldp, rows, ldp, pT, lq, 0);
      arena.transpose(pT, lq, 0, len, rows, pTt, R);
      arena.transpose(pXc, ldp, r0, len, D, pPanel, R);
      arena.dots(pPanel, R, D, pTt, R, rows, padTo4(len), pYt, rows, 1);
      yield 2 * len * D * rows;
    }
    const Yt = arena.f64(pYt, D * rows);
    for (let r = 0; r < rows; r++) for (let a = 0; a < D; a++) Y[r * D + a] = Yt[a * rows + r] / (n - 1);
  };
}

/**
 * n×stride scores (stride ≥ k; columns past k stay 0): the centred rows times the k
 * basis rows V (k×D over the active columns). Streamed rows with every column active
 * skip their centring when the mean is small beside the spread (‖μ‖² ≤ the total
 * variance, so f32 sums of raw rows lose at most ~half a digit more than of centred
 * ones): raw x·V, less μ·V per column.
 */
export function* projectRows(c: CentredData, V: Float64Array, k: number, stride: number, totalVariance: number): Generator<number, Float32Array, void> {
  const { arena, n, D, ldp, mean } = c;
  // k rounded up to the 4-wide tile with zero rows: edge columns would run one lane at a time.
  const k4 = padTo4(k);
  const threaded = c.threads && k4 <= padTo4(MAX_THREADED_COMPONENTS) ? c.threads : null;
  const [pV, pS, pBias, pOut] = threaded ? [threaded.pV, threaded.pS, threaded.pBias, threaded.pOut] : arena.extend([k4 * ldp * 4, CHUNK_ROWS * k4 * 4, k4 * 4, CHUNK_ROWS * stride * 4]);
  // W = Vᵀ (ldp × k4), zero past D and past k, for xw.
  const w32 = arena.f32(pV, ldp * k4);
  w32.fill(0);
  for (let r = 0; r < k; r++) for (let a = 0; a < D; a++) w32[a * k4 + r] = V[r * D + a];
  let meanSquare = 0;
  for (let a = 0; a < D; a++) meanSquare += mean[a] * mean[a];
  const raw = c.pXc < 0 && D === c.dim && meanSquare <= totalVariance;
  const bias = arena.f32(pBias, k4);
  bias.fill(0);
  if (raw) for (let r = 0; r < k; r++) bias[r] = dotOf(V, r * D, mean, D);
  // compact leaves the columns past k alone: zero them once for every chunk.
  arena.f32(pOut, CHUNK_ROWS * stride).fill(0);
  const scores = new Float32Array(n * stride);
  for (let r0 = 0; r0 < n; r0 += CHUNK_ROWS) {
    const rows = Math.min(CHUNK_ROWS, n - r0);
    const pRows = raw ? c.rawRows(r0, r0 + rows) : c.rows(r0, r0 + rows);
    if (threaded) threaded.job.run(OP_PROJECT, [pRows, ldp, rows, pV, k4, pS]);
    else arena.xw(pRows, ldp, rows, pV, ldp, k4, pS);
    arena.compact(pS, k4, rows, k, pBias, pOut, stride);
    scores.set(arena.f32(pOut, rows * stride), r0 * stride);
    yield rows * D * k;
  }
  return scores;
}

/** Σ_a V[o + a]·μ[a], in f64. */
function dotOf(V: Float64Array, o: number, mu: Float64Array, D: number): number {
  let s = 0;
  for (let a = 0; a < D; a++) s += V[o + a] * mu[a];
  return s;
}

/**
 * Principal axes from the Gram matrix's eigenvectors U (k×n): v = Xcᵀu / ‖Xcᵀu‖. The
 * centred rows are transposed (D × n) so that Xcᵀu is one more `dots` call.
 * Returns V (k×D over the active columns).
 */
export function* axesFromGram(c: CentredData, U: Float64Array, k: number): Generator<number, Float64Array, void> {
  const { arena, n, D, ldp } = c;
  const pXc = resident(c);
  const np = padTo4(n);
  const [pT, pU, pOut] = arena.extend([D * np * 4, k * np * 4, D * k * 4]);
  arena.transpose(pXc, ldp, 0, n, D, pT, np);
  const u32 = arena.f32(pU, k * np);
  for (let r = 0; r < k; r++) for (let i = 0; i < n; i++) u32[r * np + i] = U[r * n + i];
  arena.dots(pT, np, D, pU, np, k, np, pOut, k, 0);
  yield D * n * k;
  const out = arena.f32(pOut, D * k);
  const V = new Float64Array(k * D);
  for (let r = 0; r < k; r++) {
    let norm = 0;
    for (let a = 0; a < D; a++) {
      const x = out[a * k + r];
      V[r * D + a] = x;
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (let a = 0; a < D; a++) V[r * D + a] /= norm;
  }
  return V;
}
