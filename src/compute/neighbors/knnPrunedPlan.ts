/**
 * The plan of the pruned kNN graph (knnPruned.ts, whose module comment says why it is
 * exact): axes near the top principal ones (knnPrunedAxes.ts), every row's z row (its
 * projection and residual norm) and margin magnitude, the k-d order of the rows
 * (knnPrunedKdOrder.ts), their bound terms, the blocks' balls and the tile order. The
 * projection works in chunks of rows, and the terms and balls in blocks of the k-d
 * order, so that several threads can share them (knnPrunedParallel.ts).
 */
import type { Metric } from '../dataset';
import { rowNorms } from '../linalg';
import { createDenseArena, padTo4, type DenseArena, type DenseKernelChoice } from '../simd/dense';
import { axesOf, DEFAULT_AXES, DEFAULT_SAMPLE, type Axes } from './knnPrunedAxes';
import { B, blockBall, tileOrder, type Balls } from './knnPrunedBalls';
import { kdOrder } from './knnPrunedKdOrder';
/** Rows per projection chunk. */
export const CHUNK = 256;

export interface PlanOptions {
  kernel?: DenseKernelChoice;
  /** Rotated dimensions m (the bound works in m + 1); default 63. */
  axes?: number;
  /** Sample rows the axes come from; default 1024. */
  sampleRows?: number;
}

/**
 * The margin coefficient: each of the f32 sums involved (a K-term dot product in four
 * lanes, a projection, a residual) is within ~(K/4 + 3)·2⁻²⁴ of its magnitude; 16× that
 * and at least 2⁻¹² keeps the bound below the key with room to spare.
 */
export function marginCoefficient(ld: number): number {
  return Math.max(2 ** -12, 16 * (ld / 4 + 8) * 2 ** -24);
}

/** Unit rows (zero rows stay zero) for cosine; on a SharedArrayBuffer when threads will read them. */
function unitRows(X: Float32Array, n: number, dim: number, norms: Float32Array, shared: boolean): Float32Array {
  const U = shared ? new Float32Array(new SharedArrayBuffer(n * dim * 4)) : new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const inv = norms[i] > 0 ? 1 / norms[i] : 0;
    for (let t = 0; t < dim; t++) U[i * dim + t] = X[i * dim + t] * inv;
  }
  return U;
}

/** The rows the plan works on and their ranking terms, before the axes. */
export interface PlanRows {
  readonly cosine: boolean;
  /** Bound scale per key unit: 1 (euclidean), 2 (cosine). */
  readonly scale: number;
  /** Ranking terms by original row (knn.ts): squared norms, or inverse norms for cosine. */
  readonly term: Float32Array;
  /** The rows the bound is taken on: unit rows for cosine, else the rows themselves. */
  readonly U: Float32Array;
}

/** What the projection needs besides the rows, before any row is projected. */
export interface PlanStart extends PlanRows {
  readonly axes: Axes;
}

/** A row's ranking term from its norm: its squared norm, or its inverse norm for cosine (0 for a zero row). */
function termOf(norm: number, cosine: boolean): number {
  return cosine ? (norm > 0 ? 1 / norm : 0) : norm * norm;
}

/**
 * Euclidean rows [r0, r0 + rows) of X: their norms (as rowNorms computes them on one
 * thread) into `norms` and their ranking terms into `term` — what planRows leaves to
 * the caller when it is given no norms.
 */
export function euclideanTerms(X: Float32Array, dim: number, r0: number, rows: number, norms: Float32Array, term: Float32Array): void {
  const chunk = rowNorms(X.subarray(r0 * dim, (r0 + rows) * dim), rows, dim);
  norms.set(chunk, r0);
  for (let a = 0; a < rows; a++) term[r0 + a] = termOf(chunk[a], false);
}

/**
 * The ranking terms and the rows the bound is taken on. Euclidean rows need no norms
 * for the axes: with `norms` null the terms are left 0 for the caller to fill before the
 * projection reads them (knnPrunedParallel.ts does, chunk by chunk on every thread).
 * `shared`: cosine's unit rows go on a SharedArrayBuffer, for threads to read.
 */
export function planRows(X: Float32Array, n: number, dim: number, metric: Metric, norms: Float32Array | null, shared = false): PlanRows {
  const cosine = metric === 'cosine';
  if (cosine && !norms) throw new Error('planRows: cosine needs the row norms');
  const term = new Float32Array(n);
  if (norms) for (let i = 0; i < n; i++) term[i] = termOf(norms[i], cosine);
  const U = cosine ? unitRows(X, n, dim, norms as Float32Array, shared) : X;
  return { cosine, scale: cosine ? 2 : 1, term, U };
}

/** The rows, their terms and the axes, all on this thread. */
export function startPlan(X: Float32Array, n: number, dim: number, metric: Metric, norms: Float32Array, opts: PlanOptions): PlanStart {
  const rows = planRows(X, n, dim, metric, norms);
  return { ...rows, axes: axesOf(rows.U, n, dim, opts.axes ?? DEFAULT_AXES, opts.sampleRows ?? DEFAULT_SAMPLE, opts.kernel ?? 'auto') };
}

/** Bytes of the projection's shared blocks (the axes, and their transpose) and of one thread's scratch. */
export function projectionBytes(dim: number, m: number): { axes: number[]; scratch: number[] } {
  const ld = padTo4(dim);
  const mp = padTo4(m);
  return { axes: [mp * ld * 4, ld * mp * 4], scratch: [CHUNK * ld * 4, CHUNK * mp * 4, CHUNK * ld * 4] };
}

/** Writes the axes as f32 rows (pW: mp × ld) and columns (pWt: ld × mp) for the projection's `dots`. */
export function loadAxes(arena: DenseArena, axes: { W: Float64Array; m: number }, dim: number, pW: number, pWt: number): void {
  const { W, m } = axes;
  const ld = padTo4(dim);
  const mp = padTo4(m);
  const w32 = arena.f32(pW, mp * ld);
  const wt32 = arena.f32(pWt, ld * mp);
  for (let r = 0; r < m; r++) {
    for (let t = 0; t < dim; t++) {
      w32[r * ld + t] = W[r * dim + t];
      wt32[t * mp + r] = W[r * dim + t];
    }
  }
}

/** Where one projection works in an arena: the axes (loadAxes) and one thread's scratch. */
export interface ProjectionPtrs {
  readonly pW: number;
  readonly pWt: number;
  readonly pC: number;
  readonly pY: number;
  readonly pR: number;
}

/**
 * Rows [r0, r0 + rows) (rows ≤ CHUNK) of z (n × mz, original order) and each row's
 * margin magnitude w: the centred squared norm plus ‖z‖² (bound roundings), plus the
 * key's magnitude in bound units (~its terms' size: t_i for euclidean; for cosine the
 * products are ≤ 1 before the 1 − …, so 1 a row, doubled). Returns the multiply-adds.
 */
export function projectChunk(
  arena: DenseArena,
  p: ProjectionPtrs,
  U: Float32Array,
  dim: number,
  m: number,
  mean: Float32Array,
  term: Float32Array,
  cosine: boolean,
  r0: number,
  rows: number,
  Z: Float32Array,
  w: Float64Array,
): number {
  const ld = padTo4(dim);
  const mp = padTo4(m);
  const mz = padTo4(m + 1);
  const centred = arena.f32(p.pC, CHUNK * ld);
  for (let a = 0; a < rows; a++) {
    const o = (r0 + a) * dim;
    for (let t = 0; t < dim; t++) centred[a * ld + t] = U[o + t] - mean[t];
  }
  arena.dots(p.pC, ld, rows, p.pW, ld, mp, ld, p.pY, mp, 0);
  arena.dots(p.pY, mp, rows, p.pWt, mp, ld, mp, p.pR, ld, 0);
  // Views after the kernels (a grown arena would have detached earlier ones).
  const c32 = arena.f32(p.pC, CHUNK * ld);
  const y = arena.f32(p.pY, CHUNK * mp);
  const rec = arena.f32(p.pR, CHUNK * ld);
  for (let a = 0; a < rows; a++) {
    let s = 0;
    let res = 0;
    for (let t = 0; t < dim; t++) {
      const c = c32[a * ld + t];
      s += c * c;
      res += (c - rec[a * ld + t]) ** 2;
    }
    const i = r0 + a;
    let zz = 0;
    for (let r = 0; r < m; r++) {
      const v = y[a * mp + r];
      Z[i * mz + r] = v;
      zz += v * v;
    }
    Z[i * mz + m] = Math.sqrt(res);
    zz += res;
    w[i] = s + zz + (cosine ? 2 : term[i]);
  }
  return rows * dim * 2 * mp;
}

/** What the tile loop needs besides the rows, computed once (on one thread). */
export interface PrunedPlan {
  readonly n: number;
  readonly dim: number;
  readonly ld: number;
  readonly mz: number;
  /** Bound scale per key unit: 1 (euclidean), 2 (cosine). */
  readonly scale: number;
  /** Ranking terms by original row (knn.ts): squared norms, or inverse norms for cosine. */
  readonly term: Float32Array;
  /** Position p in k-d order → original row. */
  readonly perm: Int32Array;
  /** z rows in k-d order (n × mz). */
  readonly z: Float32Array;
  /** Bound terms ‖z‖² − c·w in k-d order (n + 4, pads 0). */
  readonly q: Float32Array;
  /** Tiles (I, J) in visiting order, as pairs. */
  readonly order: Int32Array;
  readonly balls: Balls;
}

/** The rest of the plan from the projected rows (z and w in original order), on one thread. */
export function finishPlan(start: PlanStart, Z: Float32Array, w: Float64Array, n: number, dim: number): PrunedPlan {
  const { m } = start.axes;
  const ld = padTo4(dim);
  const mz = padTo4(m + 1);
  const perm = kdOrder(Z, n, mz, m);
  const blocks = Math.ceil(n / B);
  const out: PlanBlocks = {
    z: new Float32Array(n * mz),
    q: new Float32Array(n + 4),
    balls: { centre: new Float64Array(blocks * mz), radius: new Float64Array(blocks), margin: new Float64Array(blocks), mz, n },
  };
  planBlocks(Z, w, perm, n, mz, marginCoefficient(ld), out, 0, blocks);
  return { n, dim, ld, mz, scale: start.scale, term: start.term, perm, z: out.z, q: out.q, order: tileOrder(out.balls, blocks), balls: out.balls };
}

/** What planBlocks writes: z rows and bound terms in k-d order, and the blocks' balls. */
export interface PlanBlocks {
  readonly z: Float32Array;
  readonly q: Float32Array;
  readonly balls: Balls;
}

/**
 * Blocks [b0, b1) of B positions of the k-d order: their z rows and bound terms
 * ‖z‖² − c·w, and their balls. Blocks are independent, so threads may split them.
 */
export function planBlocks(Z: Float32Array, w: Float64Array, perm: Int32Array, n: number, mz: number, c: number, out: PlanBlocks, b0: number, b1: number): void {
  const { z, q } = out;
  for (let p = b0 * B; p < Math.min(n, b1 * B); p++) {
    const i = perm[p];
    z.set(Z.subarray(i * mz, (i + 1) * mz), p * mz);
    let zz = 0;
    for (let t = 0; t < mz; t++) zz += Z[i * mz + t] * Z[i * mz + t];
    q[p] = zz - c * w[i];
  }
  for (let I = b0; I < b1; I++) blockBall(Z, w, perm, c, out.balls, I);
}

/** Axes, z rows, k-d order, bound terms and tile order, all on this thread. */
export function* planPruned(
  X: Float32Array,
  n: number,
  dim: number,
  metric: Metric,
  norms: Float32Array,
  opts: PlanOptions,
): Generator<{ cost: number; progress: number }, PrunedPlan, void> {
  const start = startPlan(X, n, dim, metric, norms, opts);
  yield { cost: Math.min(n, opts.sampleRows ?? DEFAULT_SAMPLE) * dim * dim, progress: 0.02 };
  const { m, mean } = start.axes;
  const mz = padTo4(m + 1);
  const bytes = projectionBytes(dim, m);
  const arena = createDenseArena([...bytes.axes, ...bytes.scratch], opts.kernel ?? 'auto');
  const [pW, pWt, pC, pY, pR] = arena.ptr;
  loadAxes(arena, start.axes, dim, pW, pWt);
  const Z = new Float32Array(n * mz);
  const w = new Float64Array(n);
  for (let r0 = 0; r0 < n; r0 += CHUNK) {
    const cost = projectChunk(arena, { pW, pWt, pC, pY, pR }, start.U, dim, m, mean, start.term, start.cosine, r0, Math.min(CHUNK, n - r0), Z, w);
    yield { cost, progress: 0.03 };
  }
  return finishPlan(start, Z, w, n, dim);
}

/** Puts the plan's rows into an arena (pX: n × ld, pZ: n × mz, pQ: n + 4) and opens thresholds (pThrB: +∞, pads −∞). */
export function fillPruned(arena: DenseArena, plan: PrunedPlan, X: Float32Array, pX: number, pZ: number, pQ: number, pThrB: number): void {
  const { n, dim, ld, mz, perm } = plan;
  const x = arena.f32(pX, n * ld);
  for (let p = 0; p < n; p++) x.set(X.subarray(perm[p] * dim, (perm[p] + 1) * dim), p * ld);
  arena.f32(pZ, n * mz).set(plan.z);
  arena.f32(pQ, n + 4).set(plan.q);
  const thrB = arena.f32(pThrB, n + 4);
  thrB.fill(Infinity, 0, n);
  thrB.fill(-Infinity, n);
}
