/**
 * The two halves of the t-SNE gradient (openTSNE's convention, without the factor 4):
 *   ∂C/∂y_i = Σ_j p_ij q_ij (y_i − y_j)  −  (1/Z) Σ_j q_ij² (y_i − y_j),   q_ij = 1/(1 + |y_i − y_j|²)
 * The attractive half is exact over the sparse P; the repulsive half is where the
 * approximations (tsneFft.ts, tsneBarnesHut.ts) come in. `exactRepulsion` is the
 * O(N²) reference they are tested against.
 */
import type { SparseMatrix } from './perplexity';

/**
 * Computes the repulsive sums for an n × 2 embedding: out[2i..2i+1] = Σ_j q_ij² (y_i − y_j)
 * (unnormalised), and returns Z = Σ_{i≠j} q_ij.
 */
export interface Repulsion {
  compute(y: Float64Array, out: Float64Array): number;
  /**
   * The same as `compute`, in a few resumable phases (yields between them) so a
   * caller can bound the work per call at large n. Returns Z.
   */
  phases(y: Float64Array, out: Float64Array): Generator<void, number, void>;
  /** Releases kernel threads the repulsion holds, if any. */
  dispose?(): void;
}

/** Runs a phased computation to the end. */
export function drain<T>(gen: Generator<void, T, void>): T {
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
  }
}

/**
 * out[2i..2i+1] += scale · Σ_j p_ij q_ij (y_i − y_j) for rows [from, to) of a
 * symmetric P given by its strict upper triangle (`upperTriangle`): each pair is
 * evaluated once and pushes both ends, which halves the divisions and lookups.
 * Rows are processed in order, so the sums are deterministic.
 */
export function attractiveForces(
  upper: SparseMatrix,
  y: Float64Array,
  out: Float64Array,
  scale: number,
  from = 0,
  to = upper.n,
): void {
  const { rowPtr, cols, vals } = upper;
  for (let i = from; i < to; i++) {
    const xi = y[2 * i];
    const yi = y[2 * i + 1];
    let fx = 0;
    let fy = 0;
    for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) {
      const j = cols[e];
      const dx = xi - y[2 * j];
      const dy = yi - y[2 * j + 1];
      const pq = (scale * vals[e]) / (1 + dx * dx + dy * dy);
      const gx = pq * dx;
      const gy = pq * dy;
      fx += gx;
      fy += gy;
      out[2 * j] -= gx;
      out[2 * j + 1] -= gy;
    }
    out[2 * i] += fx;
    out[2 * i + 1] += fy;
  }
}

/** The strict upper triangle (j > i) of a symmetric CSR matrix. */
export function upperTriangle(P: SparseMatrix): SparseMatrix {
  return drain(upperTriangleSteps(P));
}

/** upperTriangle() in pieces, pausing every few thousand rows. */
export function* upperTriangleSteps(P: SparseMatrix): Generator<void, SparseMatrix, void> {
  const { n, rowPtr, cols, vals } = P;
  const ptr = new Int32Array(n + 1);
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) if (cols[e] > i) nnz++;
    ptr[i + 1] = nnz;
    if ((i & 8191) === 8191) yield;
  }
  const c = new Int32Array(nnz);
  const v = new Float64Array(nnz);
  let o = 0;
  for (let i = 0; i < n; i++) {
    for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) {
      if (cols[e] <= i) continue;
      c[o] = cols[e];
      v[o++] = vals[e];
    }
    if ((i & 8191) === 8191) yield;
  }
  return { n, rowPtr: ptr, cols: c, vals: v };
}

/**
 * KL(P‖Q) = Σ p log p + Σ p log(1 + d²) + log Z  (P sums to 1; q_ij = 1/((1+d²)·Z)),
 * from the strict upper triangle of the symmetric P (each pair counted twice).
 * Kept out of the gradient loop: the logarithms would double its cost.
 */
export function klDivergence(upper: SparseMatrix, y: Float64Array, Z: number): number {
  const { rowPtr, cols, vals } = upper;
  let kl = 0;
  for (let i = 0; i < upper.n; i++) {
    for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) {
      const p = vals[e];
      if (p <= 0) continue;
      const j = cols[e];
      const dx = y[2 * i] - y[2 * j];
      const dy = y[2 * i + 1] - y[2 * j + 1];
      kl += p * (Math.log(p) + Math.log1p(dx * dx + dy * dy));
    }
  }
  return 2 * kl + Math.log(Z);
}

/** Exact O(N²) repulsion, the reference for the approximations. */
export function exactRepulsion(n: number): Repulsion {
  function* phases(y: Float64Array, out: Float64Array): Generator<void, number, void> {
    out.fill(0, 0, 2 * n);
    let Z = 0;
    for (let i = 0; i < n; i++) {
      const xi = y[2 * i];
      const yi = y[2 * i + 1];
      let fx = 0;
      let fy = 0;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const dx = xi - y[2 * j];
        const dy = yi - y[2 * j + 1];
        const q = 1 / (1 + dx * dx + dy * dy);
        Z += q;
        fx += q * q * dx;
        fy += q * q * dy;
      }
      out[2 * i] = fx;
      out[2 * i + 1] = fy;
      if ((i & 1023) === 1023) yield; // 1024 rows of n pairs per pause
    }
    return Z;
  }
  return { phases, compute: (y, out) => drain(phases(y, out)) };
}
