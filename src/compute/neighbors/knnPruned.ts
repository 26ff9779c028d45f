/**
 * The exact kNN graph of knn.ts with partial-distance pruning, for wide data (MNIST's
 * 784 pixels): the same graph, pair for pair, with most of the full-width dot products
 * skipped.
 *
 * Why it is exact. Rotate onto m orthonormal axes W (near the top principal axes of a row
 * sample: any orthonormal W is valid, good axes only prune more) and keep each row's
 * residual norm r = ‖(x − μ) − WᵀW(x − μ)‖. For two rows
 *     ‖x − y‖² = ‖W(x − y)‖² + ‖R(x − y)‖² ≥ ‖Wx − Wy‖² + (r_x − r_y)²,
 * which is the squared distance between the (m + 1)-vectors z = (W(x − μ), r). So one
 * pass of the brute-force tiles over z (32 floats a row instead of 784) gives a lower
 * bound for every pair, and keyTile lists only the pairs whose bound is within a row's
 * current worst kept key. Those pairs get their full key — the very f32 key the
 * brute-force tile computes (listDots sums like `dots`, the key formula is keyTile's) —
 * and go through the same heaps. A pair left out has a key above both rows' current
 * worst, so it could never have stayed in their heaps: every heap ends holding the same
 * k + KNN_SLACK best (key, index) as brute force's, and finishRow picks the same final k.
 *
 * The bound is computed in float32 from float32 projections, so it is lowered by a
 * margin c·(magnitudes of both rows) that covers every rounding involved (the full
 * key's K-term dot product, the projection, the residual) many times over; the margin
 * costs a little pruning, never a neighbour. Cosine ranks by 1 − cos, which on unit
 * rows is half the squared distance, so the bound is taken on the unit rows and
 * compared with twice the key (a zero row has key 1 to everything; its unit row is 0,
 * whose bound, at most 1, stays below 2).
 *
 * Pruning needs thresholds early: rows are put in the order of a k-d split of z
 * (leaves of B rows, so each tile pairs two compact groups) and the diagonal tiles —
 * each group with itself — run first, filling every heap with near rows.
 */
import type { Metric } from '../dataset';
import { orthonormalizeRows } from '../orthonormalize';
import { rowNorms } from '../linalg';
import { createRng } from '../random';
import { createDenseArena, padTo4, type DenseArena, type DenseKernelChoice } from '../simd/dense';
import type { Steppable } from '../task';
import { finishRow, heapOffer, KNN_SLACK, type KnnGraph, type RowHeaps } from './knnHeap';

export interface PrunedKnnOptions {
  norms?: Float32Array;
  kernel?: DenseKernelChoice;
  /** Rotated dimensions m (the bound works in m + 1); default 31. */
  axes?: number;
  /** Sample rows the axes come from; default 1024. */
  sampleRows?: number;
  /** Filled with how much the run pruned (for tests and benches). */
  stats?: PrunedStats;
}

/** Rows per tile side (keyTile and the heaps work per tile, as in knn.ts). */
const B = 64;
const DEFAULT_AXES = 63;
const DEFAULT_SAMPLE = 1024;
/** Rows per projection chunk. */
const CHUNK = 256;

/** How much a run pruned: tiles visited and skipped whole, pairs whose full key was computed. */
export interface PrunedStats {
  tiles: number;
  skipped: number;
  listed: number;
}

/** Pruning pays when the full rows are much wider than the bound's m + 1. */
export function prunedKnnPays(n: number, dim: number): boolean {
  return dim >= 128 && n >= 1024;
}

/** What the tile loop works on: rows in k-d order, their z rows, and the heaps. */
export interface PrunedState {
  readonly arena: DenseArena;
  readonly n: number;
  readonly ld: number;
  readonly mz: number;
  /** Position p in k-d order → original row. */
  readonly perm: Int32Array;
  readonly pX: number;
  readonly pZ: number;
  readonly pQ: number;
  readonly pThrB: number;
  readonly pTile: number;
  readonly pList: number;
  readonly pDots: number;
  /** Ranking terms by original row (knn.ts): squared norms, or inverse norms for cosine. */
  readonly term: Float32Array;
  /** Bound scale per key unit: 1 (euclidean), 2 (cosine). */
  readonly scale: number;
}

/**
 * The margin coefficient: each of the f32 sums involved (a K-term dot product in four
 * lanes, a projection, a residual) is within ~(K/4 + 3)·2⁻²⁴ of its magnitude; 16× that
 * and at least 2⁻¹² keeps the bound below the key with room to spare.
 */
function marginCoefficient(ld: number): number {
  return Math.max(2 ** -12, 16 * (ld / 4 + 8) * 2 ** -24);
}

/**
 * m orthonormal axes (m×dim, f64) near the top principal ones, and the centre: a
 * randomised range finder on evenly spaced sample rows (two power iterations, each an
 * f32 `dots` pass, re-orthonormalised in f64). Any orthonormal axes keep the bound
 * valid; better ones only prune more, and a full eigen-solve for 63 axes cost more than
 * it saved.
 */
function axesOf(U: Float32Array, n: number, dim: number, m: number, sampleRows: number, kernel: DenseKernelChoice): { W: Float64Array; mean: Float32Array; m: number } {
  const ns = Math.min(n, sampleRows);
  const l = Math.max(1, Math.min(m, dim));
  const ld = padTo4(dim);
  const nsp = padTo4(ns);
  const a = createDenseArena([ns * ld * 4, ld * nsp * 4, l * ld * 4, l * nsp * 4], kernel);
  const [pS, pSt, pG, pY] = a.ptr;
  const S = a.f32(pS, ns * ld);
  const mean = new Float32Array(dim);
  const sum = new Float64Array(dim);
  const rows = Int32Array.from({ length: ns }, (_, s) => Math.floor((s * n) / ns));
  for (const i of rows) for (let t = 0; t < dim; t++) sum[t] += U[i * dim + t];
  for (let t = 0; t < dim; t++) mean[t] = sum[t] / ns;
  rows.forEach((i, s) => {
    for (let t = 0; t < dim; t++) S[s * ld + t] = U[i * dim + t] - mean[t];
  });
  a.transpose(pS, ld, 0, ns, dim, pSt, nsp);
  const rng = createRng(1);
  const W = Float64Array.from({ length: l * dim }, () => rng.gaussian());
  orthonormalizeRows(W, l, dim, rng);
  for (let it = 0; it < 2; it++) {
    const G = a.f32(pG, l * ld);
    for (let r = 0; r < l; r++) for (let t = 0; t < dim; t++) G[r * ld + t] = W[r * dim + t];
    a.dots(pG, ld, l, pS, ld, ns, ld, pY, nsp, 0); // Y = G·Sᵀ (l × ns)
    a.dots(pY, nsp, l, pSt, nsp, dim, nsp, pG, ld, 0); // G = Y·S (l × dim)
    const G2 = a.f32(pG, l * ld);
    for (let r = 0; r < l; r++) for (let t = 0; t < dim; t++) W[r * dim + t] = G2[r * ld + t];
    orthonormalizeRows(W, l, dim, rng);
  }
  return { W, mean, m: l };
}

/** Unit rows (zero rows stay zero) for cosine. */
function unitRows(X: Float32Array, n: number, dim: number, norms: Float32Array): Float32Array {
  const U = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const inv = norms[i] > 0 ? 1 / norms[i] : 0;
    for (let t = 0; t < dim; t++) U[i * dim + t] = X[i * dim + t] * inv;
  }
  return U;
}

/**
 * z rows (n × mz, original order) and each row's margin magnitude w: the centred
 * squared norm plus ‖z‖² (bound roundings), plus the key's magnitude in bound units.
 */
function* project(
  arena: DenseArena,
  U: Float32Array,
  n: number,
  dim: number,
  axes: { W: Float64Array; mean: Float32Array; m: number },
  keyMagnitude: (i: number) => number,
): Generator<number, { Z: Float32Array; w: Float64Array; mz: number }, void> {
  const { W, mean, m } = axes;
  const ld = padTo4(dim);
  const mp = padTo4(m);
  const mz = padTo4(m + 1);
  const [pW, pWt, pC, pY, pR] = arena.extend([mp * ld * 4, ld * mp * 4, CHUNK * ld * 4, CHUNK * mp * 4, CHUNK * ld * 4]);
  const w32 = arena.f32(pW, mp * ld);
  const wt32 = arena.f32(pWt, ld * mp);
  for (let r = 0; r < m; r++) {
    for (let t = 0; t < dim; t++) {
      w32[r * ld + t] = W[r * dim + t];
      wt32[t * mp + r] = W[r * dim + t];
    }
  }
  const Z = new Float32Array(n * mz);
  const w = new Float64Array(n);
  const centred = arena.f32(pC, CHUNK * ld);
  const y = arena.f32(pY, CHUNK * mp);
  const rec = arena.f32(pR, CHUNK * ld);
  for (let r0 = 0; r0 < n; r0 += CHUNK) {
    const rows = Math.min(CHUNK, n - r0);
    for (let a = 0; a < rows; a++) {
      const o = (r0 + a) * dim;
      for (let t = 0; t < dim; t++) centred[a * ld + t] = U[o + t] - mean[t];
    }
    arena.dots(pC, ld, rows, pW, ld, mp, ld, pY, mp, 0);
    arena.dots(pY, mp, rows, pWt, mp, ld, mp, pR, ld, 0);
    for (let a = 0; a < rows; a++) {
      let s = 0;
      let res = 0;
      for (let t = 0; t < dim; t++) {
        const c = centred[a * ld + t];
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
      w[i] = s + zz + keyMagnitude(i);
    }
    yield rows * dim * 2 * mp;
  }
  return { Z, w, mz };
}

/** Positions → rows: a k-d split of z on its widest coordinate, halves aligned to B. */
function kdOrder(Z: Float32Array, n: number, mz: number, m: number): Int32Array {
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  const split = (lo: number, hi: number): void => {
    const size = hi - lo;
    if (size <= B) return;
    let best = 0;
    let bestSpread = -1;
    for (let c = 0; c <= m; c++) {
      let min = Infinity;
      let max = -Infinity;
      for (let p = lo; p < hi; p++) {
        const v = Z[perm[p] * mz + c];
        if (v < min) min = v;
        if (v > max) max = v;
      }
      if (max - min > bestSpread) {
        bestSpread = max - min;
        best = c;
      }
    }
    const part = perm.subarray(lo, hi);
    part.sort((a, b) => Z[a * mz + best] - Z[b * mz + best] || a - b);
    const left = B * Math.ceil(Math.floor(size / 2) / B);
    split(lo, lo + left);
    split(lo + left, hi);
  };
  split(0, n);
  return perm;
}

/**
 * Steppable exact kNN graph by pruning (see the module comment). Budget units are
 * brute-force tiles' worth of multiply-adds (B·B·dim), as in knn.ts.
 */
export function createPrunedKnnGraph(
  vectors: Float32Array,
  n: number,
  dim: number,
  k: number,
  metric: Metric,
  opts: PrunedKnnOptions = {},
): Steppable<number, KnnGraph> {
  if (vectors.length !== n * dim) throw new Error(`knnGraph: expected ${n}×${dim} = ${n * dim} values, got ${vectors.length}`);
  const kk = Math.min(k, Math.max(0, n - 1));
  const kh = Math.min(kk + KNN_SLACK, Math.max(0, n - 1));
  const norms = opts.norms ?? rowNorms(vectors, n, dim);
  const indices = new Int32Array(n * kk);
  const distances = new Float32Array(n * kk);
  const stats: PrunedStats = opts.stats ?? { tiles: 0, skipped: 0, listed: 0 };
  let rowsDone = 0;
  let progress = 0;
  const work = kk > 0 ? prunedWork(vectors, n, dim, kk, kh, metric, norms, opts, indices, distances, stats) : null;
  if (!work) rowsDone = n;
  return {
    step(budget) {
      if (!work || rowsDone >= n) return true;
      const unit = B * B * dim;
      let spent = 0;
      while (spent < budget * unit) {
        const r = work.next();
        if (r.done) {
          rowsDone = n;
          progress = 1;
          return true;
        }
        spent += r.value.cost;
        progress = Math.max(progress, Math.min(0.99, r.value.progress));
      }
      return false;
    },
    progress: () => progress,
    snapshot: () => rowsDone,
    result() {
      if (rowsDone < n) throw new Error('knnGraph: result() called before the task finished');
      return { k: kk, indices, distances };
    },
  };
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

/** Axes, z rows, k-d order, bound terms and tile order (see the module comment). */
export function* planPruned(
  X: Float32Array,
  n: number,
  dim: number,
  metric: Metric,
  norms: Float32Array,
  opts: Pick<PrunedKnnOptions, 'axes' | 'sampleRows' | 'kernel'>,
): Generator<{ cost: number; progress: number }, PrunedPlan, void> {
  const cosine = metric === 'cosine';
  const ld = padTo4(dim);
  const term = new Float32Array(n);
  for (let i = 0; i < n; i++) term[i] = cosine ? (norms[i] > 0 ? 1 / norms[i] : 0) : norms[i] * norms[i];
  const U = cosine ? unitRows(X, n, dim, norms) : X;
  const axes = axesOf(U, n, dim, opts.axes ?? DEFAULT_AXES, opts.sampleRows ?? DEFAULT_SAMPLE, opts.kernel ?? 'auto');
  yield { cost: Math.min(n, opts.sampleRows ?? DEFAULT_SAMPLE) * dim * dim, progress: 0.02 };
  const scale = cosine ? 2 : 1;
  // The key's rounding, in bound units: ~its terms' size (t_i for euclidean; for cosine
  // the products are ≤ 1 before the 1 − …, so 1 a row), doubled for cosine.
  const keyMagnitude = (i: number): number => (cosine ? 2 : term[i]);
  const { Z, w, mz } = yield* projectSteps(createDenseArena([], opts.kernel ?? 'auto'), U, n, dim, axes, keyMagnitude);
  const perm = kdOrder(Z, n, mz, axes.m);
  const c = marginCoefficient(ld);
  const z = new Float32Array(n * mz);
  const q = new Float32Array(n + 4);
  for (let p = 0; p < n; p++) {
    const i = perm[p];
    z.set(Z.subarray(i * mz, (i + 1) * mz), p * mz);
    let zz = 0;
    for (let t = 0; t < mz; t++) zz += Z[i * mz + t] * Z[i * mz + t];
    q[p] = zz - c * w[i];
  }
  const balls = blockBalls(Z, w, perm, n, mz, c);
  return { n, dim, ld, mz, scale, term, perm, z, q, order: tileOrder(balls, Math.ceil(n / B)), balls };
}

/** Blocks, in bytes, of one thread's tile loop: tile, pair list, pair dots, bound thresholds. */
export function threadBlocks(n: number): number[] {
  const ldt = padTo4(B);
  return [B * ldt * 4, B * ldt * 4, B * ldt * 4, (n + 4) * 4];
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

/** One thread's heaps (by original row) and key thresholds. */
export interface PrunedHeaps extends RowHeaps {
  readonly thr: Float32Array;
}

/** Visits tiles [from, to) of the plan's order — every `stride`-th from `from` — into these heaps, counting into `stats`. */
export function pruneTiles(s: PrunedState, order: Int32Array, balls: Balls, from: number, to: number, stride: number, kh: number, h: PrunedHeaps, stats: PrunedStats): void {
  for (let t = from; t < to; t += stride) {
    const I = order[2 * t];
    const J = order[2 * t + 1];
    stats.tiles++;
    if (skippable(balls, I, J, s.arena.f32(s.pThrB, s.n))) {
      stats.skipped++;
      continue;
    }
    stats.listed += pruneTile(s, I, J, kh, h.key, h.idx, h.size, h.thr);
  }
}

function* prunedWork(
  X: Float32Array,
  n: number,
  dim: number,
  kk: number,
  kh: number,
  metric: Metric,
  norms: Float32Array,
  opts: PrunedKnnOptions,
  indices: Int32Array,
  distances: Float32Array,
  stats: PrunedStats,
): Generator<{ cost: number; progress: number }, void, void> {
  const plan = yield* planPruned(X, n, dim, metric, norms, opts);
  const { ld, mz } = plan;
  const arena = createDenseArena([n * ld * 4, n * mz * 4, (n + 4) * 4, ...threadBlocks(n)], opts.kernel ?? 'auto');
  const [pX, pZ, pQ, pTile, pList, pDots, pThrB] = arena.ptr;
  fillPruned(arena, plan, X, pX, pZ, pQ, pThrB);
  const s: PrunedState = { arena, n, ld, mz, perm: plan.perm, pX, pZ, pQ, pThrB, pTile, pList, pDots, term: plan.term, scale: plan.scale };
  const h: PrunedHeaps = { key: new Float64Array(n * kh), idx: new Int32Array(n * kh), size: new Int32Array(n), thr: new Float32Array(n).fill(Infinity) };
  const totalTiles = plan.order.length / 2;
  const CHUNK_TILES = 64;
  for (let t0 = 0; t0 < totalTiles; t0 += CHUNK_TILES) {
    const before = stats.listed;
    const t1 = Math.min(totalTiles, t0 + CHUNK_TILES);
    pruneTiles(s, plan.order, plan.balls, t0, t1, 1, kh, h, stats);
    yield { cost: (t1 - t0) * B * B * (mz + 4) + (stats.listed - before) * dim, progress: 0.05 + (0.9 * t1) / totalTiles };
  }
  for (let i = 0; i < n; i++) finishRow(X, dim, dim, metric, norms, i, h.idx, i * kh, h.size[i], kk, indices, distances);
  yield { cost: n * kh * dim, progress: 1 };
}

function* projectSteps(
  arena: DenseArena,
  U: Float32Array,
  n: number,
  dim: number,
  axes: { W: Float64Array; mean: Float32Array; m: number },
  keyMagnitude: (i: number) => number,
): Generator<{ cost: number; progress: number }, { Z: Float32Array; w: Float64Array; mz: number }, void> {
  const g = project(arena, U, n, dim, axes, keyMagnitude);
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
    yield { cost: r.value, progress: 0.03 };
  }
}

/** Each block's centre and radius in z, and its largest margin term c·w (for whole-tile skips). */
export interface Balls {
  readonly centre: Float64Array;
  readonly radius: Float64Array;
  readonly margin: Float64Array;
  readonly mz: number;
  readonly n: number;
}

function blockBalls(Z: Float32Array, w: Float64Array, perm: Int32Array, n: number, mz: number, c: number): Balls {
  const blocks = Math.ceil(n / B);
  const centre = new Float64Array(blocks * mz);
  const radius = new Float64Array(blocks);
  const margin = new Float64Array(blocks);
  for (let I = 0; I < blocks; I++) {
    const p0 = I * B;
    const p1 = Math.min(n, p0 + B);
    const o = I * mz;
    for (let p = p0; p < p1; p++) for (let t = 0; t < mz; t++) centre[o + t] += Z[perm[p] * mz + t] / (p1 - p0);
    for (let p = p0; p < p1; p++) {
      let d = 0;
      for (let t = 0; t < mz; t++) d += (Z[perm[p] * mz + t] - centre[o + t]) ** 2;
      radius[I] = Math.max(radius[I], Math.sqrt(d));
      margin[I] = Math.max(margin[I], c * w[perm[p]]);
    }
    // f64 rounding of the centre and radius: widen the ball by far more than it.
    radius[I] = radius[I] * (1 + 1e-9) + 1e-30;
  }
  return { centre, radius, margin, mz, n };
}

function centreDistance(b: Balls, I: number, J: number): number {
  let d = 0;
  for (let t = 0; t < b.mz; t++) d += (b.centre[I * b.mz + t] - b.centre[J * b.mz + t]) ** 2;
  return Math.sqrt(d);
}

/**
 * The tiles of the upper triangle (I ≤ J, as pairs in one Int32Array), nearest block
 * pairs first: each block with itself, then by the distance of their centres, so the
 * thresholds tighten early. (Meeting each block's 4–16 nearest blocks first and the
 * rest in row-block order, for cache reuse, listed 5–10 % more pairs and ran no faster.)
 */
function tileOrder(b: Balls, blocks: number): Int32Array {
  const total = (blocks * (blocks + 1)) / 2;
  const dist = new Float64Array(total);
  const pairs = new Int32Array(2 * total);
  let t = 0;
  for (let I = 0; I < blocks; I++) {
    for (let J = I; J < blocks; J++) {
      pairs[2 * t] = I;
      pairs[2 * t + 1] = J;
      dist[t++] = I === J ? -1 : centreDistance(b, I, J);
    }
  }
  const idx = Int32Array.from({ length: total }, (_, i) => i).sort((x, y) => dist[x] - dist[y] || x - y);
  const out = new Int32Array(2 * total);
  for (let r = 0; r < total; r++) {
    out[2 * r] = pairs[2 * idx[r]];
    out[2 * r + 1] = pairs[2 * idx[r] + 1];
  }
  return out;
}

/**
 * Whether no pair of tile (I, J) can pass keyTile: the balls' gap bounds every pair's
 * ‖z_i − z_j‖ from below, and the gap², less the largest margins, is above every
 * threshold of both blocks (each pair's bound is at least that, keyTile lists it only
 * when it is at most one of its rows' thresholds).
 */
function skippable(b: Balls, I: number, J: number, thrB: Float32Array): boolean {
  if (I === J) return false;
  const gap = centreDistance(b, I, J) - b.radius[I] - b.radius[J];
  if (gap <= 0) return false;
  const bound = gap * gap * (1 - 1e-9) - b.margin[I] - b.margin[J];
  for (const K of [I, J]) {
    const p1 = Math.min(b.n, K * B + B);
    for (let p = K * B; p < p1; p++) if (!(thrB[p] < bound)) return false;
  }
  return true;
}

/**
 * Tile (I, J) of the k-d ordered rows: bounds from z, keyTile lists the pairs within a
 * row's threshold, listDots gives their full dot products, and each pair is offered
 * with brute force's key to both rows' heaps. Returns how many pairs were listed.
 */
function pruneTile(
  s: PrunedState,
  I: number,
  J: number,
  kh: number,
  heapKey: Float64Array,
  heapIdx: Int32Array,
  heapSize: Int32Array,
  thr: Float32Array,
): number {
  const { arena, n, ld, mz, perm, term, scale } = s;
  const ldt = padTo4(B);
  const i0 = I * B;
  const i1 = Math.min(n, i0 + B);
  const j0 = J * B;
  const j1 = Math.min(n, j0 + B);
  arena.dots(s.pZ + i0 * mz * 4, mz, i1 - i0, s.pZ + j0 * mz * 4, mz, j1 - j0, mz, s.pTile, ldt, 0);
  const count = arena.keyTile(s.pTile, i1 - i0, j1 - j0, ldt, i0, j0, s.pQ, s.pThrB, 0, s.pList);
  if (count === 0) return 0;
  arena.listDots(s.pX + i0 * ld * 4, s.pX + j0 * ld * 4, ld, s.pList, count, ldt, s.pDots);
  // Views after the kernels: the arena does not grow past this point, but keep them local.
  const list = arena.i32(s.pList, count);
  const dots = arena.f32(s.pDots, count);
  const thrB = arena.f32(s.pThrB, n);
  const cosine = scale === 2;
  for (let e = 0; e < count; e++) {
    const t = list[e];
    const a = (t / ldt) | 0;
    const pi = i0 + a;
    const pj = j0 + t - a * ldt;
    const oi = perm[pi];
    const oj = perm[pj];
    const d = dots[e];
    // keyTile's f32 arithmetic, with the lower row's term first as in the brute-force tiles.
    const key = cosine
      ? Math.fround(1 - Math.fround(Math.fround(d * term[Math.min(oi, oj)]) * term[Math.max(oi, oj)]))
      : Math.fround(Math.fround(term[oi] + term[oj]) - Math.fround(d + d));
    // Thresholds only fall: several threads may share them (knnPrunedParallel.ts), and a
    // full heap's root bounds the row's final kh-th key whichever thread holds it.
    if (key <= thr[oi] && heapOffer(heapKey, heapIdx, heapSize, oi, kh, key, oj) && heapSize[oi] === kh && heapKey[oi * kh] < thr[oi]) {
      thr[oi] = heapKey[oi * kh];
      thrB[pi] = scale * thr[oi];
    }
    if (key <= thr[oj] && heapOffer(heapKey, heapIdx, heapSize, oj, kh, key, oi) && heapSize[oj] === kh && heapKey[oj * kh] < thr[oj]) {
      thr[oj] = heapKey[oj * kh];
      thrB[pj] = scale * thr[oj];
    }
  }
  return count;
}
