/**
 * Principal component analysis of an n×dim table, as a Steppable so a worker can
 * report progress on large inputs; `pca()` runs it to the end.
 *
 * How (each choice measured in Node on 50k×100 GloVe and 10k×784 MNIST):
 * 1. Column statistics (pcaProducts.ts, on the dense kernels: WebAssembly SIMD or its JS
 *    twin): one pass for column sums and min/max — a column with min = max is constant
 *    and drops out of everything after (MNIST's blank border pixels) — and the rows are
 *    centred onto the D active columns. The covariance path streams them from X through
 *    a small staging block on each pass and centres them where they are used (in pack8
 *    on the way into a covariance panel; in a centred staging block for the scores) —
 *    and when no column is constant it sums the covariance about sampled means in the
 *    statistics pass itself and projects raw rows (pcaProducts.ts), two passes in all;
 *    the Gram and data paths, which read them many times, copy them in once and centre
 *    them in place.
 * 2. Which matrix to decompose:
 *    - fewer rows than active columns (n − 1 < D, "wide" data such as 100 × 10 000):
 *      the n×n Gram matrix Xc·Xcᵀ. Its eigenvectors u give the axes v = Xcᵀu/‖Xcᵀu‖ with
 *      the same variances λ/(n − 1), at n²·D instead of n·D² multiply-adds;
 *    - D ≤ 1024: the D×D covariance, from packed row panels through a register-tiled
 *      SYRK kernel (4×8 tile of f32x4 accumulators, ~1.6× the 2×4 dot tile it replaced);
 *    - otherwise subspace iteration on the data itself (each step one pass: Xᵀ(X·Q)).
 *    Eigenpairs: all of them (Householder + QL) up to 32; above, the top k by Lanczos
 *    (lanczos.ts; the covariance applied by an f64 SIMD mat-vec) with a checked
 *    fallback to the full decomposition.
 * 3. Scores = centred rows × basisᵀ, through the xw kernel (a broadcast tile, no reductions).
 *
 * Conventions: components are clamped to min(components, dim, n − 1) and the result
 * says how many it holds. Variances use the n − 1 denominator. Each basis row's
 * largest-magnitude loading is positive (lowest index on ties). Components beyond
 * the rank of the data (e.g. constant columns) have zero variance and are unit axes of
 * zero-variance columns, so their scores are zero. Fewer than 2 rows throws: there is
 * no variance to analyse.
 */
import { denseOperator, fixSigns, symmetricEigen, topEigenpairs, type SymmetricOperator } from '../eigen';
import { lanczosTop } from '../lanczos';
import { createRng, type Rng } from '../random';
import type { DenseKernelChoice } from '../simd/dense';
import type { Steppable } from '../task';
import type { KernelPool } from '../parallel/types';
import { sharedDenseAvailable } from '../simd/dense';
import { axesFromGram, centreData, covariance, dataOperator, gram, MAX_THREADED_COMPONENTS, projectRows, traceOf, type CentredData } from './pcaProducts';

export interface PcaOptions {
  seed?: number;
  /**
   * Eigen-solver: 'auto' (default) picks by size; 'full' always decomposes the whole
   * covariance; 'iterative' always uses subspace iteration on the covariance;
   * 'data' iterates on the data without forming the covariance; 'gram' decomposes the
   * n×n Gram matrix (auto's choice when n − 1 < D). For tests and benches.
   */
  solver?: 'auto' | 'full' | 'iterative' | 'data' | 'gram';
  /** Dense kernel: 'auto' (WebAssembly SIMD where available), 'wasm' or 'js'. For tests and benches. */
  kernel?: DenseKernelChoice;
  /**
   * Kernel threads for the covariance and the projection (the same result bit for bit;
   * used when the data takes the covariance path and memory can be shared).
   */
  pool?: KernelPool;
}

export interface PcaResult {
  /** How many components this result holds (≤ the number asked for). */
  components: number;
  /** n × components, row-major. */
  scores: Float32Array;
  /** components × dim, row i = unit direction of component i. */
  basis: Float32Array;
  mean: Float32Array;
  /** Variance along each component (n − 1 denominator), largest first. */
  explainedVariance: number[];
  /** explainedVariance / totalVariance (0 when the data has no variance). */
  explainedRatio: number[];
  /** Sum of all column variances. */
  totalVariance: number;
}

export interface PcaSnapshot {
  phase: 'statistics' | 'covariance' | 'eigen' | 'scores' | 'done';
  progress: number;
}

/** Units of the Steppable budget: one unit ≈ one million multiply-adds (about a millisecond). */
const WORK_UNIT = 1e6;
const FULL_EIGEN_MAX_DIM = 32;
const COVARIANCE_MAX_DIM = 1024;

export function pca(vectors: Float32Array, n: number, dim: number, components: number, opts: PcaOptions = {}): PcaResult {
  const task = createPca(vectors, n, dim, components, opts);
  while (!task.step(Number.POSITIVE_INFINITY)) {
    /* runs in one step */
  }
  return task.result();
}

export function createPca(
  vectors: Float32Array,
  n: number,
  dim: number,
  components: number,
  opts: PcaOptions = {},
): Steppable<PcaSnapshot, PcaResult> {
  validate(vectors, n, dim, components);
  const state: PcaSnapshot = { phase: 'statistics', progress: 0 };
  const estimate = { total: 1, done: 0 };
  const work = pcaWork(vectors, n, dim, Math.min(components, dim, n - 1), opts, state, estimate);
  let result: PcaResult | null = null;
  return {
    step(budget) {
      if (result) return true;
      let spent = 0;
      while (spent < budget * WORK_UNIT) {
        const r = work.next();
        if (r.done) {
          result = r.value;
          state.phase = 'done';
          state.progress = 1;
          return true;
        }
        spent += r.value;
        estimate.done += r.value;
        // The estimate grows once the method is chosen; never let the bar move backwards.
        state.progress = Math.max(state.progress, Math.min(0.99, estimate.done / estimate.total));
      }
      return false;
    },
    progress: () => state.progress,
    snapshot: () => ({ ...state }),
    result() {
      if (!result) throw new Error('pca: result() called before the task finished');
      return result;
    },
  };
}

function validate(vectors: Float32Array, n: number, dim: number, components: number): void {
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`pca: dim must be a positive integer, got ${dim}`);
  if (!Number.isInteger(n) || n < 2) throw new Error(`pca: needs at least 2 rows to measure variance, got ${n}`);
  if (vectors.length !== n * dim) throw new Error(`pca: expected ${n} × ${dim} = ${n * dim} values, got ${vectors.length}`);
  if (!Number.isInteger(components) || components < 1) throw new Error(`pca: components must be a positive integer, got ${components}`);
}

function* pcaWork(
  X: Float32Array,
  n: number,
  dim: number,
  k: number,
  opts: PcaOptions,
  state: PcaSnapshot,
  estimate: { total: number; done: number },
): Generator<number, PcaResult, void> {
  const rng = createRng(opts.seed ?? 1);
  const solver = opts.solver ?? 'auto';
  estimate.total = 2 * n * dim + n * dim * k; // refined once the method is known

  const pool = opts.pool;
  const threaded = !!pool && pool.threads > 1 && opts.kernel !== 'js' && k <= MAX_THREADED_COMPONENTS && n - 1 >= dim && dim <= COVARIANCE_MAX_DIM && (solver === 'auto' || solver === 'full' || solver === 'iterative') && sharedDenseAvailable();
  // The covariance path reads the centred rows twice (covariance, scores): it streams
  // them from X. The Gram and data paths read them many times: they keep them resident.
  const stream = n - 1 >= dim && dim <= COVARIANCE_MAX_DIM && solver !== 'gram' && solver !== 'data';
  const c = yield* centreData(X, n, dim, opts.kernel ?? 'auto', threaded ? (pool as KernelPool) : null, stream);
  try {
    return yield* decompose(c, n, dim, k, state, estimate, rng, solver);
  } finally {
    c.threads?.job.release();
  }
}

/** From the centred data: the matrix to decompose (Gram, covariance or the data itself), its top pairs, the scores. */
function* decompose(
  c: CentredData,
  n: number,
  dim: number,
  k: number,
  state: PcaSnapshot,
  estimate: { total: number; done: number },
  rng: Rng,
  solver: NonNullable<PcaOptions['solver']>,
): Generator<number, PcaResult, void> {
  const { D, active } = c;
  const kActive = Math.min(k, D);
  let values: Float64Array = new Float64Array(0);
  let axes: Float64Array = new Float64Array(0);
  let totalVariance = 0;
  let scores: Float32Array | null = null;
  const useGram = solver === 'gram' || (solver === 'auto' && n - 1 < D);
  if (D > 0 && useGram) {
    state.phase = 'covariance';
    estimate.total += (n * n * D) / 2 + 4 * n * n * n + k * n * D;
    const G = yield* gram(c);
    totalVariance = traceOf(G, n) / (n - 1);
    state.phase = 'eigen';
    const top = yield* symmetricTop(G, n, kActive, solver === 'gram' ? 'auto' : solver, rng, estimate);
    // Gram eigenvalue λ = (n − 1)·variance; the axis is Xcᵀu normalised, the score u·√λ.
    values = top.values.map((v) => Math.max(0, v) / (n - 1));
    axes = yield* axesFromGram(c, top.vectors, kActive);
    const flipped = fixSigns(axes, kActive, D);
    scores = new Float32Array(n * k);
    for (let r = 0; r < kActive; r++) {
      const s = Math.sqrt(Math.max(0, top.values[r])) * (flipped[r] ? -1 : 1);
      for (let i = 0; i < n; i++) scores[i * k + r] = top.vectors[r * n + i] * s;
    }
  } else if (D > 0) {
    const useData = solver === 'data' || (solver === 'auto' && D > COVARIANCE_MAX_DIM);
    let top: { values: Float64Array; vectors: Float64Array };
    if (useData) {
      state.phase = 'eigen';
      const l = Math.min(D, 2 * kActive + 10);
      estimate.total += 15 * 2 * n * D * l;
      const apply = dataOperator(c, l);
      top = yield* topEigenpairs(apply, D, kActive, { rng, maxIterations: 100, tol: 1e-6 });
      totalVariance = yield* dataTrace(c);
    } else {
      state.phase = 'covariance';
      estimate.total += (n * D * D) / 2;
      const { C, apply } = yield* covariance(c);
      totalVariance = traceOf(C, D);
      state.phase = 'eigen';
      top = yield* symmetricTop(C, D, kActive, solver, rng, estimate, apply);
    }
    values = top.values.map((v) => Math.max(0, v));
    axes = top.vectors;
    fixSigns(axes, kActive, D);
    state.phase = 'scores';
    scores = yield* projectRows(c, axes, kActive, k, totalVariance);
  }
  return assemble(c.mean, dim, active, k, kActive, values, axes, scores ?? new Float32Array(n * k), totalVariance);
}

/** Back to full dimension; components past the rank are unit axes of constant columns (scores 0). */
function assemble(
  mean: Float64Array,
  dim: number,
  active: Int32Array,
  k: number,
  kActive: number,
  values: Float64Array,
  axes: Float64Array,
  scores: Float32Array,
  totalVariance: number,
): PcaResult {
  const D = active.length;
  const basis = new Float32Array(k * dim);
  const explainedVariance: number[] = [];
  for (let c = 0; c < kActive; c++) {
    for (let a = 0; a < D; a++) basis[c * dim + active[a]] = axes[c * D + a];
    explainedVariance.push(values[c]);
  }
  const isActive = new Uint8Array(dim);
  for (const j of active) isActive[j] = 1;
  const inactive: number[] = [];
  for (let j = 0; j < dim; j++) if (!isActive[j]) inactive.push(j);
  for (let c = kActive; c < k; c++) {
    basis[c * dim + inactive[c - kActive]] = 1;
    explainedVariance.push(0);
  }
  return {
    components: k,
    scores,
    basis,
    mean: Float32Array.from(mean),
    explainedVariance,
    explainedRatio: explainedVariance.map((v) => (totalVariance > 0 ? v / totalVariance : 0)),
    totalVariance,
  };
}

/** Σ of the centred active columns' squares / (n − 1), for the data path (one JS pass). */
function* dataTrace(c: CentredData): Generator<number, number, void> {
  const { arena, n, D, ldp, pXc } = c;
  const Xc = arena.f32(pXc, n * ldp);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const o = i * ldp;
    for (let a = 0; a < D; a++) s += Xc[o + a] * Xc[o + a];
  }
  yield n * D;
  return s / (n - 1);
}

/** Top k eigenpairs of a symmetric matrix: full decomposition when small, else Lanczos with a checked fallback. */
function* symmetricTop(
  C: Float64Array,
  D: number,
  k: number,
  solver: NonNullable<PcaOptions['solver']>,
  rng: Rng,
  estimate: { total: number },
  apply: SymmetricOperator = denseOperator(C, D),
): Generator<number, { values: Float64Array; vectors: Float64Array }, void> {
  const full = (): { values: Float64Array; vectors: Float64Array } => {
    const all = symmetricEigen(C, D);
    return { values: all.values.slice(0, k), vectors: all.vectors.slice(0, k * D) };
  };
  if (solver === 'full' || (solver === 'auto' && (D <= FULL_EIGEN_MAX_DIM || 3 * k >= D))) {
    estimate.total += 4 * D * D * D;
    const r = full();
    yield 4 * D * D * D;
    return r;
  }
  estimate.total += D * D * Math.min(D, 4 * k + 60);
  const top = yield* lanczosTop(apply, D, k, { rng });
  if (top.converged || solver === 'iterative') return top;
  // Not converged within its basis (a nearly flat spectrum): decompose it all.
  const r = full();
  yield 4 * D * D * D;
  return r;
}

