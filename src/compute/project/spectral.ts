/**
 * Spectral initialisation for UMAP: the 2 leading non-trivial eigenvectors of the
 * normalised adjacency D^-½ W D^-½ (= the 2 smallest non-trivial ones of the
 * normalised Laplacian, as umap-learn uses). A graph-aware start lets SGD spend its
 * epochs on local detail instead of untangling a random layout, which is where most
 * of the global structure (and kNN recall) of umap-learn's layouts comes from.
 *
 * Solved by block subspace iteration (spectralIteration.ts) on the PSD operator
 * (I + D^-½ W D^-½)/2, whose top eigenvector is the trivial √degree one. We need only
 * the span, not converged vectors, so the tolerance is loose, the block small (6) and
 * the iterations capped at 15: on GloVe and MNIST 10k, 8, 20 and 100 iterations (and
 * even a random start) gave the same kNN recall and 10-NN accuracy within seed noise,
 * while 100 iterations of a block of 8 cost more than a third of the whole UMAP run.
 *
 * Disconnected graphs: each connected component is laid out on its own (its own
 * eigenproblem) and the components are placed on a grid, largest first, with a size
 * proportional to √(points) — umap-learn does a similar per-component layout; we do
 * not have the data here to place components by their centroids, so their relative
 * positions carry no meaning. Components too small for an eigenproblem get a small
 * seeded random disc.
 *
 * A generator: it yields work done (multiply-adds) so a Steppable can run it in slices.
 */
import type { KernelPool } from '../parallel/types';
import { createRng, type Rng } from '../random';
import { topComponentVectors } from './spectralIteration';
import type { CsrGraph } from './umapGraph';

export interface SpectralOptions {
  seed?: number;
  /** Subspace block size (vectors iterated together); more converges in fewer steps. */
  blockSize?: number;
  maxIterations?: number;
  tol?: number;
  /** Kernel threads for the iteration's passes over the vectors (spectralKernels.ts): the same layout, bit for bit. */
  pool?: KernelPool;
}

/** Connected components by BFS over the CSR graph; labels are 0..count-1 in order of first node. */
export function connectedComponents(g: CsrGraph): { count: number; labels: Int32Array } {
  const { n, rowPtr, cols } = g;
  const labels = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  let count = 0;
  for (let s = 0; s < n; s++) {
    if (labels[s] >= 0) continue;
    let head = 0;
    let tail = 0;
    queue[tail++] = s;
    labels[s] = count;
    while (head < tail) {
      const u = queue[head++];
      for (let t = rowPtr[u]; t < rowPtr[u + 1]; t++) {
        const v = cols[t];
        if (labels[v] < 0) {
          labels[v] = count;
          queue[tail++] = v;
        }
      }
    }
    count++;
  }
  return { count, labels };
}

/** n×2 spectral coordinates (unscaled; the caller normalises the range). */
export function* spectralLayout(g: CsrGraph, opts: SpectralOptions = {}): Generator<number, Float32Array, void> {
  const n = g.n;
  const out = new Float32Array(n * 2);
  const rng = createRng(opts.seed ?? 0);
  if (n === 0) return out;
  const { count, labels } = connectedComponents(g);
  if (count === 1) {
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    const xy = yield* componentLayout(g, all, rng, opts);
    out.set(xy);
    return out;
  }

  // Members of each component, components largest first (ties by label for determinism).
  const sizes = new Int32Array(count);
  for (let i = 0; i < n; i++) sizes[labels[i]]++;
  const order = Array.from({ length: count }, (_, c) => c).sort((a, b) => sizes[b] - sizes[a] || a - b);
  const starts = new Int32Array(count + 1);
  for (let c = 0; c < count; c++) starts[c + 1] = starts[c] + sizes[c];
  const members = new Int32Array(n);
  const fill = starts.slice(0, count);
  for (let i = 0; i < n; i++) members[fill[labels[i]]++] = i;

  const cellsPerRow = Math.ceil(Math.sqrt(count));
  const largest = sizes[order[0]];
  for (let r = 0; r < count; r++) {
    const c = order[r];
    const nodes = members.subarray(starts[c], starts[c + 1]);
    const xy = yield* componentLayout(g, nodes, rng, opts);
    // Fit the component into radius ∝ √size inside its grid cell (cell pitch 3, max radius 1).
    const radius = Math.max(0.1, Math.sqrt(nodes.length / largest));
    const cx = 3 * (r % cellsPerRow);
    const cy = 3 * Math.floor(r / cellsPerRow);
    let maxAbs = 0;
    for (let t = 0; t < xy.length; t++) maxAbs = Math.max(maxAbs, Math.abs(xy[t]));
    const scale = maxAbs > 0 ? radius / maxAbs : 0;
    for (let t = 0; t < nodes.length; t++) {
      out[2 * nodes[t]] = cx + xy[2 * t] * scale;
      out[2 * nodes[t] + 1] = cy + xy[2 * t + 1] * scale;
    }
  }
  return out;
}

/** Spectral (or, when too small, random) 2D coordinates of one connected component, centred. */
function* componentLayout(g: CsrGraph, nodes: Int32Array, rng: Rng, opts: SpectralOptions): Generator<number, Float64Array, void> {
  const m = nodes.length;
  const xy = new Float64Array(m * 2);
  const blockSize = Math.min(m, opts.blockSize ?? 6);
  if (m < 4 || blockSize < 3) {
    for (let t = 0; t < m; t++) {
      const a = 2 * Math.PI * rng.next();
      const r = Math.sqrt(rng.next());
      xy[2 * t] = r * Math.cos(a);
      xy[2 * t + 1] = r * Math.sin(a);
    }
    return xy;
  }

  // Local CSR view: the whole graph when it is one component, else a relabelled copy.
  const sub = m === g.n ? g : subgraph(g, nodes);
  const { rowPtr, cols, vals } = sub;
  const invSqrtDeg = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let d = 0;
    for (let t = rowPtr[i]; t < rowPtr[i + 1]; t++) d += vals[t];
    invSqrtDeg[i] = d > 0 ? 1 / Math.sqrt(d) : 0;
  }
  const nnz = rowPtr[m];
  // Edge weights with the column's D^-½ folded in: the product the operator takes per
  // edge and per vector.
  const wt = new Float64Array(nnz);
  for (let t = 0; t < nnz; t++) wt[t] = vals[t] * invSqrtDeg[cols[t]];
  const { vectors, l } = yield* topComponentVectors(
    { m, rowPtr, cols, wt, invSqrtDeg },
    { rng, blockSize, k: 3, tol: opts.tol ?? 1e-4, maxIterations: opts.maxIterations ?? 15, pool: opts.pool },
  );
  // Vector 0 is the trivial √degree one; vectors 1 and 2 are the layout.
  for (let t = 0; t < m; t++) {
    xy[2 * t] = vectors[t * l + 1];
    xy[2 * t + 1] = vectors[t * l + 2];
  }
  return xy;
}

function subgraph(g: CsrGraph, nodes: Int32Array): CsrGraph {
  const local = new Map<number, number>();
  for (let t = 0; t < nodes.length; t++) local.set(nodes[t], t);
  const m = nodes.length;
  const rowPtr = new Int32Array(m + 1);
  for (let t = 0; t < m; t++) rowPtr[t + 1] = rowPtr[t] + (g.rowPtr[nodes[t] + 1] - g.rowPtr[nodes[t]]);
  const cols = new Int32Array(rowPtr[m]);
  const vals = new Float32Array(rowPtr[m]);
  for (let t = 0; t < m; t++) {
    let o = rowPtr[t];
    for (let e = g.rowPtr[nodes[t]]; e < g.rowPtr[nodes[t] + 1]; e++) {
      // Same component, so every neighbour is present in `local`.
      cols[o] = local.get(g.cols[e]) as number;
      vals[o++] = g.vals[e];
    }
  }
  return { n: m, rowPtr, cols, vals };
}
