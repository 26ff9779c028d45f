/**
 * The top eigenvectors of spectral initialisation's operator (I + D^-½ W D^-½)/2 for one
 * connected component: block subspace iteration with a Rayleigh–Ritz step, as
 * subspaceIteration.ts does for PCA, but with every pass over the n-long vectors in the
 * kernel task (spectralKernels.ts), so on a pool they all run on its threads and only
 * l×l matrices stay on this one. (With the operator alone on the threads, the
 * Rayleigh–Ritz step, the re-orthonormalisation and the transposes around the operator
 * kept 170–215 ms of GloVe 50k's spectral start on one thread while the others waited.)
 *
 * Re-orthonormalisation is Cholesky QR, twice (CholQR2: Yamamoto et al. 2015): the
 * block's Gram matrix in one pass, its Cholesky factor here, then Q ← Q·R⁻¹ in one
 * pass. It is as orthogonal as Gram–Schmidt twice when the block's condition number is
 * below ~10⁷, which holds here: the iterate is a Gaussian block at the start and A·V
 * after, whose columns are Ritz vectors scaled by Ritz values of one order of magnitude.
 * Gram–Schmidt needs a pass per pair of vectors. When a pivot collapses (a block with
 * dependent vectors: tiny components) the block falls back to Gram–Schmidt, which
 * replaces a collapsed vector by a random one.
 *
 * Same bits on any number of threads (spectralKernels.ts says why). Yields work done in
 * multiply-adds.
 */
import { orthonormalizeRows, symmetricEigen } from '../eigen';
import { serialPool } from '../parallel/pool';
import type { KernelJob, KernelPool } from '../parallel/types';
import type { Rng } from '../random';
import { AV, nodeBlocks, OP_GRAM, OP_RESIDUAL, OP_ROTATE, OP_SPMV, Q, spectralBytes, spectralTask, spectralViews, V, Y, type SpectralShared, type SpectralViews } from './spectralKernels';

export interface ComponentGraph {
  readonly m: number;
  readonly rowPtr: Int32Array;
  readonly cols: Int32Array;
  /** Edge weights with the column's D^-½ folded in. */
  readonly wt: Float64Array;
  readonly invSqrtDeg: Float64Array;
}

export interface BlockIterationOptions {
  readonly rng: Rng;
  /** Vectors iterated together (l); the first k of the answer are the wanted ones. */
  readonly blockSize: number;
  readonly k: number;
  /** Converged when every wanted residual ‖Av − θv‖ ≤ tol·θ₁. */
  readonly tol: number;
  readonly maxIterations: number;
  readonly pool?: KernelPool;
}

/** Nodes of the operator per command (one yield, ~10 ms at 6 vectors). */
const ROWS_PER_YIELD = 16384;
/** Smaller components are not worth a job on the threads. */
const PARALLEL_MIN_ROWS = 8192;

/**
 * The k leading Ritz vectors of the component's operator, node-major (node j's value of
 * vector r at j·l + r, l = blockSize), largest Ritz value first.
 */
export function* topComponentVectors(g: ComponentGraph, opts: BlockIterationOptions): Generator<number, { vectors: Float64Array; l: number }, void> {
  const { m, rowPtr } = g;
  const l = opts.blockSize;
  const nnz = rowPtr[m];
  const onPool = opts.pool && opts.pool.threads > 1 && typeof SharedArrayBuffer === 'function' && m >= PARALLEL_MIN_ROWS;
  const buffer = onPool ? new SharedArrayBuffer(spectralBytes(m, nnz, l)) : new ArrayBuffer(spectralBytes(m, nnz, l));
  const shared: SpectralShared = { m, nnz, block: l, buffer };
  const v = spectralViews(shared);
  v.rowPtr.set(rowPtr.subarray(0, m + 1));
  v.cols.set(g.cols.subarray(0, nnz));
  v.wt.set(g.wt.subarray(0, nnz));
  v.inv.set(g.invSqrtDeg);
  const job = (onPool ? (opts.pool as KernelPool) : serialPool()).attach(spectralTask, shared);
  try {
    // A Gaussian start, drawn vector by vector as subspaceIteration.ts draws its own.
    const q = v.blocks[Q];
    for (let r = 0; r < l; r++) for (let j = 0; j < m; j++) q[j * l + r] = opts.rng.gaussian();
    orthonormalizeBlock(job, v, Q, opts.rng);
    for (let iteration = 1; ; iteration++) {
      for (let i0 = 0; i0 < m; i0 += ROWS_PER_YIELD) {
        const i1 = Math.min(m, i0 + ROWS_PER_YIELD);
        job.run(OP_SPMV, [Q, Y, i0, i1]);
        yield (rowPtr[i1] - rowPtr[i0]) * 2 * l + (i1 - i0) * l;
      }
      const worst = rayleighRitz(job, v, opts.k);
      yield 3 * l * l * m;
      if (worst.residual <= opts.tol * Math.max(Math.abs(worst.theta0), 1e-300) || iteration >= opts.maxIterations) break;
      // A·V spans the same space as A·Q; orthonormalised it is the next iterate.
      orthonormalizeBlock(job, v, AV, opts.rng);
      yield 2 * l * l * m;
    }
    return { vectors: v.blocks[V].slice(), l };
  } finally {
    job.release();
  }
}

/** XᵀZ over all nodes (l×l). */
function gram(job: KernelJob<unknown>, v: SpectralViews, x: number, z: number): Float64Array {
  job.run(OP_GRAM, [x, z]);
  return sumPartials(v, v.l * v.l);
}

/** The first `width` values of every node block's partials, added in block order (which sets the bits, whatever the threads). */
function sumPartials(v: SpectralViews, width: number): Float64Array {
  const { l, partials } = v;
  const out = new Float64Array(width);
  for (let b = 0; b < nodeBlocks(v.m); b++) for (let t = 0; t < width; t++) out[t] += partials[b * l * l + t];
  return out;
}

/**
 * Rayleigh–Ritz on the orthonormal block Q with Y = A·Q: the eigenpairs of H = QᵀAQ turn
 * Q and Y into the Ritz vectors V and A·V. Returns the largest residual among the first
 * k and the top Ritz value.
 */
function rayleighRitz(job: KernelJob<unknown>, v: SpectralViews, k: number): { residual: number; theta0: number } {
  const { l, coef } = v;
  const c = gram(job, v, Q, Y);
  const h = new Float64Array(l * l);
  for (let a = 0; a < l; a++) for (let b = 0; b < l; b++) h[a * l + b] = (c[a * l + b] + c[b * l + a]) / 2;
  const small = symmetricEigen(h, l);
  // V[j, r] = Σ_c S[r, c]·Q[j, c]: the matrix is the eigenvectors, row by row.
  coef.set(small.vectors.subarray(0, l * l));
  job.run(OP_ROTATE, [Q, V, Y, AV]);
  coef.set(small.values.subarray(0, l), l * l);
  job.run(OP_RESIDUAL, [k]);
  const squares = sumPartials(v, k);
  let residual = 0;
  for (let r = 0; r < k; r++) residual = Math.max(residual, Math.sqrt(squares[r]));
  return { residual, theta0: small.values[0] };
}

/**
 * Makes Q an orthonormal basis of block `from` (Q itself, or A·V: its first pass then
 * writes Q, so the block is not copied first): Cholesky QR twice, or Gram–Schmidt when a
 * pivot collapses.
 */
export function orthonormalizeBlock(job: KernelJob<unknown>, v: SpectralViews, from: number, rng: Rng): void {
  let src = from;
  for (let pass = 0; pass < 2; pass++) {
    const inverse = inverseCholesky(gram(job, v, src, src), v.l);
    if (!inverse) {
      if (src !== Q) v.blocks[Q].set(v.blocks[src]);
      return gramSchmidt(v, rng);
    }
    v.coef.set(inverse);
    job.run(OP_ROTATE, [src, Q, -1, -1]);
    src = Q;
  }
}

/**
 * For a Gram matrix G = RᵀR (R upper triangular), the matrix M that makes each node's
 * row q into q·R⁻¹ (M[r, c] = R⁻¹[c, r]), or null when a pivot falls below 1e-14 of its
 * diagonal entry (the block is numerically dependent).
 */
export function inverseCholesky(G: Float64Array, l: number): Float64Array | null {
  const R = new Float64Array(l * l);
  for (let i = 0; i < l; i++) {
    let d = G[i * l + i];
    for (let p = 0; p < i; p++) d -= R[p * l + i] * R[p * l + i];
    if (!(d > 1e-14 * G[i * l + i]) || !(G[i * l + i] > 0)) return null;
    const rii = Math.sqrt(d);
    R[i * l + i] = rii;
    for (let c = i + 1; c < l; c++) {
      let s = G[i * l + c];
      for (let p = 0; p < i; p++) s -= R[p * l + i] * R[p * l + c];
      R[i * l + c] = s / rii;
    }
  }
  // T = R⁻¹ (upper triangular) by back substitution, column by column.
  const T = new Float64Array(l * l);
  for (let c = 0; c < l; c++) {
    T[c * l + c] = 1 / R[c * l + c];
    for (let r = c - 1; r >= 0; r--) {
      let s = 0;
      for (let p = r + 1; p <= c; p++) s += R[r * l + p] * T[p * l + c];
      T[r * l + c] = -s / R[r * l + r];
    }
  }
  const M = new Float64Array(l * l);
  for (let r = 0; r < l; r++) for (let c = 0; c < l; c++) M[r * l + c] = T[c * l + r];
  return M;
}

/** The rare fallback, on this thread: Gram–Schmidt twice on the block, row-major, then back. */
function gramSchmidt(v: SpectralViews, rng: Rng): void {
  const { m, l } = v;
  const q = v.blocks[Q];
  const rows = new Float64Array(l * m);
  for (let r = 0; r < l; r++) for (let j = 0; j < m; j++) rows[r * m + j] = q[j * l + r];
  orthonormalizeRows(rows, l, m, rng);
  for (let r = 0; r < l; r++) for (let j = 0; j < m; j++) q[j * l + r] = rows[r * m + j];
}
