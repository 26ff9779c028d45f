/**
 * The vector work of spectral initialisation (spectral.ts, spectralIteration.ts) as a
 * kernel task: the operator Y = (Q + D^-½ W D^-½ Q)/2 and the block's small products,
 * on a block of l vectors stored node-major (node j's l values side by side), so an
 * edge reads its neighbour's values from one cache line instead of one per vector (one
 * vector at a time, the scattered reads cost ~1.5× more CPU on GloVe 50k).
 *
 * Every op gives the same bits on any number of threads:
 *  - SPMV and ROTATE write each node's values from that node's inputs alone, so how the
 *    nodes are split does not matter (SPMV splits them so each thread gets the same
 *    number of edges);
 *  - GRAM and RESIDUAL are sums over nodes: each fixed run of NODE_BLOCK nodes writes its
 *    own partial sums, and the caller adds the partials in block order. The blocks, not
 *    the threads, set the order of the additions.
 * With one thread the same task runs on this thread (serialPool), on the same layout.
 */
import { shareOf } from '../parallel/share';
import type { KernelTask } from '../parallel/types';
import { rowAtPrefix } from './umapSgdParallel';

/** Nodes summed into one partial: the unit of GRAM and RESIDUAL, whatever the thread count. */
const NODE_BLOCK = 1024;

/** The four node-major blocks of l vectors: the iterate, its image, the Ritz vectors and their image. */
export const Q = 0;
export const Y = 1;
export const V = 2;
export const AV = 3;

export const OP_SPMV = 0;
export const OP_GRAM = 1;
export const OP_ROTATE = 2;
export const OP_RESIDUAL = 3;

/** One component's graph and its vector blocks, in one buffer (shared when threads use it). */
export interface SpectralShared {
  readonly m: number;
  readonly nnz: number;
  /** Vectors in the block (l). */
  readonly block: number;
  readonly buffer: SharedArrayBuffer | ArrayBuffer;
}

export interface SpectralViews {
  readonly m: number;
  readonly l: number;
  readonly rowPtr: Int32Array;
  readonly cols: Int32Array;
  /** Edge weights with the column's D^-½ folded in. */
  readonly wt: Float64Array;
  readonly inv: Float64Array;
  /** Q, Y, V, AV: m × l each, node-major. */
  readonly blocks: readonly Float64Array[];
  /** GRAM's l×l partials per node block, then RESIDUAL's. */
  readonly partials: Float64Array;
  /** ROTATE's l×l matrix, then RESIDUAL's l Ritz values. */
  readonly coef: Float64Array;
}

interface SpectralCtx extends SpectralViews {
  readonly acc: Float64Array;
}

export const nodeBlocks = (m: number): number => Math.ceil(m / NODE_BLOCK);

/** Byte offsets of rowPtr, cols, wt, inv, the four blocks, partials, coef; and the total. */
function layout(m: number, nnz: number, l: number): { offsets: number[]; bytes: number } {
  const offsets: number[] = [];
  let at = 0;
  const take = (bytes: number, align: number): void => {
    at = Math.ceil(at / align) * align;
    offsets.push(at);
    at += bytes;
  };
  take(4 * (m + 1), 4);
  take(4 * nnz, 4);
  take(8 * nnz, 8);
  take(8 * m, 8);
  // Each block on its own cache lines, so threads writing neighbouring blocks share none.
  for (let b = 0; b < 4; b++) take(8 * m * l, 64);
  take(8 * nodeBlocks(m) * l * l, 64);
  take(8 * (l * l + l), 64);
  return { offsets, bytes: at };
}

export function spectralBytes(m: number, nnz: number, l: number): number {
  return layout(m, nnz, l).bytes;
}

export function spectralViews(s: SpectralShared): SpectralViews {
  const { m, nnz, block: l, buffer } = s;
  const o = layout(m, nnz, l).offsets;
  return {
    m,
    l,
    rowPtr: new Int32Array(buffer, o[0], m + 1),
    cols: new Int32Array(buffer, o[1], nnz),
    wt: new Float64Array(buffer, o[2], nnz),
    inv: new Float64Array(buffer, o[3], m),
    blocks: [0, 1, 2, 3].map((b) => new Float64Array(buffer, o[4 + b], m * l)),
    partials: new Float64Array(buffer, o[8], nodeBlocks(m) * l * l),
    coef: new Float64Array(buffer, o[9], l * l + l),
  };
}

/** Nodes [i0, i1) of dst from src: dst = (src + D^-½ W D^-½ src)/2, all l vectors in one pass over the edges. */
function spmv(c: SpectralCtx, src: Float64Array, dst: Float64Array, i0: number, i1: number): void {
  const { rowPtr, cols, wt, inv, l, acc } = c;
  if (l === 6) return spmv6(c, src, dst, i0, i1);
  for (let i = i0; i < i1; i++) {
    acc.fill(0);
    for (let t = rowPtr[i]; t < rowPtr[i + 1]; t++) {
      const w = wt[t];
      const o = cols[t] * l;
      for (let r = 0; r < l; r++) acc[r] += w * src[o + r];
    }
    for (let r = 0; r < l; r++) dst[i * l + r] = 0.5 * (src[i * l + r] + inv[i] * acc[r]);
  }
}

/**
 * spmv for the default block of 6, its sums in locals rather than in `acc` (the same
 * order, so the same bits): GloVe 50k's 15 products took 97 ms instead of 225 on one thread.
 */
function spmv6(c: SpectralCtx, src: Float64Array, dst: Float64Array, i0: number, i1: number): void {
  const { rowPtr, cols, wt, inv } = c;
  for (let i = i0; i < i1; i++) {
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let a4 = 0;
    let a5 = 0;
    for (let t = rowPtr[i]; t < rowPtr[i + 1]; t++) {
      const w = wt[t];
      const o = cols[t] * 6;
      a0 += w * src[o];
      a1 += w * src[o + 1];
      a2 += w * src[o + 2];
      a3 += w * src[o + 3];
      a4 += w * src[o + 4];
      a5 += w * src[o + 5];
    }
    const o = i * 6;
    const d = inv[i];
    dst[o] = 0.5 * (src[o] + d * a0);
    dst[o + 1] = 0.5 * (src[o + 1] + d * a1);
    dst[o + 2] = 0.5 * (src[o + 2] + d * a2);
    dst[o + 3] = 0.5 * (src[o + 3] + d * a3);
    dst[o + 4] = 0.5 * (src[o + 4] + d * a4);
    dst[o + 5] = 0.5 * (src[o + 5] + d * a5);
  }
}

/**
 * Node block b's partial XᵀZ (l×l, row a column c = Σ_j X[j,a]·Z[j,c], summed in node
 * order): one sweep of the block per row a, its l sums running side by side.
 */
function gramBlock(c: SpectralCtx, X: Float64Array, Z: Float64Array, b: number): void {
  const { m, l, partials, acc } = c;
  const j0 = b * NODE_BLOCK;
  const j1 = Math.min(m, j0 + NODE_BLOCK);
  const out = b * l * l;
  if (l === 6) return gramBlock6(X, Z, j0, j1, partials, out);
  for (let a = 0; a < l; a++) {
    acc.fill(0);
    for (let j = j0; j < j1; j++) {
      const x = X[j * l + a];
      for (let col = 0; col < l; col++) acc[col] += x * Z[j * l + col];
    }
    for (let col = 0; col < l; col++) partials[out + a * l + col] = acc[col];
  }
}

/** gramBlock for the default block of 6, its sums in locals (same order, same bits). */
function gramBlock6(X: Float64Array, Z: Float64Array, j0: number, j1: number, partials: Float64Array, out: number): void {
  for (let a = 0; a < 6; a++) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    let s5 = 0;
    for (let j = j0; j < j1; j++) {
      const o = j * 6;
      const x = X[o + a];
      s0 += x * Z[o];
      s1 += x * Z[o + 1];
      s2 += x * Z[o + 2];
      s3 += x * Z[o + 3];
      s4 += x * Z[o + 4];
      s5 += x * Z[o + 5];
    }
    const p = out + a * 6;
    partials[p] = s0;
    partials[p + 1] = s1;
    partials[p + 2] = s2;
    partials[p + 3] = s3;
    partials[p + 4] = s4;
    partials[p + 5] = s5;
  }
}

/** Nodes [i0, i1): dst[j, r] = Σ_c M[r, c]·src[j, c] with M = coef's l×l matrix (in place when dst is src). */
function rotate(c: SpectralCtx, src: Float64Array, dst: Float64Array, i0: number, i1: number): void {
  const { l, coef, acc } = c;
  if (l === 6) return rotate6(coef, src, dst, i0, i1);
  for (let j = i0; j < i1; j++) {
    const o = j * l;
    for (let r = 0; r < l; r++) {
      let s = 0;
      for (let col = 0; col < l; col++) s += coef[r * l + col] * src[o + col];
      acc[r] = s;
    }
    for (let r = 0; r < l; r++) dst[o + r] = acc[r];
  }
}

/**
 * rotate for the default block of 6 (spectral.ts), written out: the node's values in
 * locals, not re-read per output. The same products summed in the same order as the
 * general loop, so the same bits; on GloVe 50k a pass took 0.7 ms instead of 2.3.
 */
function rotate6(M: Float64Array, src: Float64Array, dst: Float64Array, i0: number, i1: number): void {
  for (let j = i0; j < i1; j++) {
    const o = j * 6;
    const q0 = src[o];
    const q1 = src[o + 1];
    const q2 = src[o + 2];
    const q3 = src[o + 3];
    const q4 = src[o + 4];
    const q5 = src[o + 5];
    for (let r = 0; r < 6; r++) {
      const b = r * 6;
      dst[o + r] = 0 + M[b] * q0 + M[b + 1] * q1 + M[b + 2] * q2 + M[b + 3] * q3 + M[b + 4] * q4 + M[b + 5] * q5;
    }
  }
}

/** Node block b's Σ_j (AV[j, r] − θ_r·V[j, r])² for r < k (θ after coef's matrix), into its partials' first k slots. */
function residualBlock(c: SpectralCtx, k: number, b: number): void {
  const { m, l, partials, coef, blocks } = c;
  const v = blocks[V];
  const av = blocks[AV];
  const j0 = b * NODE_BLOCK;
  const j1 = Math.min(m, j0 + NODE_BLOCK);
  for (let r = 0; r < k; r++) {
    const theta = coef[l * l + r];
    let s = 0;
    for (let j = j0; j < j1; j++) {
      const d = av[j * l + r] - theta * v[j * l + r];
      s += d * d;
    }
    partials[b * l * l + r] = s;
  }
}

export const spectralTask: KernelTask<SpectralShared, SpectralCtx> = {
  name: 'spectral',
  attach(s) {
    return { ...spectralViews(s), acc: new Float64Array(s.block) };
  },
  run(c, op, args, thread, threads) {
    const { m, blocks } = c;
    if (op === OP_SPMV) {
      // args: source block, destination block, first node, end node; this thread's share by edges.
      const [src, dst, a, b] = [args[0], args[1], args[2], args[3]];
      const [e0, e1] = shareOf(c.rowPtr[a], c.rowPtr[b], thread, threads);
      const i0 = thread === 0 ? a : rowAtPrefix(c.rowPtr, a, b, e0);
      const i1 = thread === threads - 1 ? b : rowAtPrefix(c.rowPtr, a, b, e1);
      spmv(c, blocks[src], blocks[dst], i0, i1);
      return;
    }
    if (op === OP_ROTATE) {
      // args: source, destination, and optionally a second pair (−1: none) turned by the same matrix.
      const [i0, i1] = shareOf(0, m, thread, threads);
      rotate(c, blocks[args[0]], blocks[args[1]], i0, i1);
      if (args[2] >= 0) rotate(c, blocks[args[2]], blocks[args[3]], i0, i1);
      return;
    }
    const [b0, b1] = shareOf(0, nodeBlocks(m), thread, threads);
    for (let b = b0; b < b1; b++) {
      if (op === OP_GRAM) gramBlock(c, blocks[args[0]], blocks[args[1]], b);
      else if (op === OP_RESIDUAL) residualBlock(c, args[0], b);
    }
  },
};
