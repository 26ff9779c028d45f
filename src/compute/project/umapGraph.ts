/**
 * UMAP's fuzzy simplicial set, built straight from a kNN graph into flat CSR arrays.
 *
 * Per point i (McInnes et al. 2018, §3 and umap-learn's `smooth_knn_dist`):
 *   rho_i   = distance to the nearest neighbour at non-zero distance (local connectivity 1),
 *   sigma_i = the bandwidth with Σ_j exp(−max(0, d_ij − rho_i)/sigma_i) = log2(nNeighbors),
 * found by bisection. Directed membership w_ij = exp(−max(0, d_ij − rho_i)/sigma_i), and
 * the symmetric graph is the fuzzy union w_ij + w_ji − w_ij·w_ji.
 *
 * `nNeighbors` counts the point itself, as in umap-learn and umap-js (their kNN lists
 * the point first, at distance 0, and skips it): our graphs never list a point as its
 * own neighbour, so the first nNeighbors − 1 columns are used. Same edges, same weights.
 */
import type { KnnGraph } from '../neighbors/knn';
import type { KernelPool } from '../parallel/types';
import { meanDistance, smoothRow } from './umapSmooth';
import { parallelSmoothAvailable, parallelSmoothSteps } from './umapSmoothParallel';

/** A symmetric sparse matrix in CSR form; row i spans [rowPtr[i], rowPtr[i+1]). */
export interface CsrGraph {
  readonly n: number;
  readonly rowPtr: Int32Array;
  readonly cols: Int32Array;
  readonly vals: Float32Array;
}

/** Rows of bisection between yields (≈ 10–20 ms of work). */
const ROWS_PER_YIELD = 4096;
/** Fewer rows are not worth a job on the kernel threads. */
const PARALLEL_MIN_ROWS = 8192;

/** Columns of a self-free graph that make up nNeighbors (self included) neighbourhoods. */
export function columnsFor(nNeighbors: number, k: number): number {
  return Math.max(1, Math.min(k, Math.floor(nNeighbors) - 1));
}

/**
 * rho and sigma for every point from the first nNeighbors − 1 entries of each row
 * (entries equal to -1 or to the row itself are ignored).
 */
export function smoothKnnDistances(graph: KnnGraph, n: number, nNeighbors: number, pool?: KernelPool): { rhos: Float32Array; sigmas: Float32Array } {
  return drain(smoothKnnDistanceSteps(graph, n, nNeighbors, pool));
}

/**
 * smoothKnnDistances as a generator yielding every ROWS_PER_YIELD rows (for Steppables);
 * given a kernel pool of several threads, the rows are shared among them (the same
 * values: each row's bisection is the same code on the same inputs).
 */
export function* smoothKnnDistanceSteps(
  graph: KnnGraph,
  n: number,
  nNeighbors: number,
  pool?: KernelPool,
): Generator<number, { rhos: Float32Array; sigmas: Float32Array }, void> {
  const { k, indices, distances } = graph;
  const use = columnsFor(nNeighbors, k);
  const target = Math.log2(Math.max(2, nNeighbors));
  const meanAll = meanDistance(graph, n, use);
  if (n >= PARALLEL_MIN_ROWS && parallelSmoothAvailable(pool)) return yield* parallelSmoothSteps(pool, graph, n, use, target, meanAll, ROWS_PER_YIELD);
  const rhos = new Float32Array(n);
  const sigmas = new Float32Array(n);

  for (let i = 0; i < n; i++) {
    smoothRow(indices, distances, k, use, target, meanAll, i, rhos, sigmas);
    if ((i + 1) % ROWS_PER_YIELD === 0) yield ROWS_PER_YIELD;
  }
  return { rhos, sigmas };
}

/**
 * The symmetric fuzzy graph of UMAP as CSR (rows sorted by column, no self loops,
 * no zero entries). Memory: two passes over counts, no per-point arrays.
 */
export function fuzzySimplicialSet(graph: KnnGraph, n: number, nNeighbors: number, pool?: KernelPool): CsrGraph {
  return drain(fuzzySimplicialSetSteps(graph, n, nNeighbors, pool));
}

/** fuzzySimplicialSet as a generator: yields during the bisection (the costly part, on the pool's threads when given). */
export function* fuzzySimplicialSetSteps(graph: KnnGraph, n: number, nNeighbors: number, pool?: KernelPool): Generator<number, CsrGraph, void> {
  const { k, indices, distances } = graph;
  if (indices.length !== n * k || distances.length !== n * k) {
    throw new Error(`umap: graph has ${indices.length} entries, expected ${n}×${k}`);
  }
  const use = columnsFor(nNeighbors, k);
  const { rhos, sigmas } = yield* smoothKnnDistanceSteps(graph, n, nNeighbors, pool);

  // Directed memberships, and every edge written in both directions (counting sort by row).
  const counts = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    for (let t = i * k; t < i * k + use; t++) {
      const j = indices[t];
      if (j < 0 || j === i || j >= n) continue;
      counts[i + 1]++;
      counts[j + 1]++;
    }
  }
  for (let i = 0; i < n; i++) counts[i + 1] += counts[i];
  const total = counts[n];
  const cols = new Int32Array(total);
  const vals = new Float32Array(total);
  const fill = counts.slice(0, n);
  for (let i = 0; i < n; i++) {
    const rho = rhos[i];
    const sigma = sigmas[i];
    for (let t = i * k; t < i * k + use; t++) {
      const j = indices[t];
      if (j < 0 || j === i || j >= n) continue;
      const x = distances[t] - rho;
      const w = x <= 0 || sigma === 0 ? 1 : Math.exp(-x / sigma);
      cols[fill[i]] = j;
      vals[fill[i]++] = w;
      cols[fill[j]] = i;
      vals[fill[j]++] = w;
    }
    if ((i + 1) % ROWS_PER_YIELD === 0) yield ROWS_PER_YIELD;
  }

  // Per row: sort by column; a column seen twice is (w_ij, w_ji) → union a + b − ab.
  // (A column seen once means the reverse edge is absent: w + 0 − 0 = w.)
  const rowPtr = new Int32Array(n + 1);
  let out = 0;
  for (let i = 0; i < n; i++) {
    const start = counts[i];
    const end = counts[i + 1];
    sortRowByColumn(cols, vals, start, end);
    rowPtr[i] = out;
    let t = start;
    while (t < end) {
      const c = cols[t];
      let w = vals[t];
      t++;
      while (t < end && cols[t] === c) {
        w = w + vals[t] - w * vals[t];
        t++;
      }
      if (w > 0) {
        cols[out] = c;
        vals[out++] = w;
      }
    }
    if ((i + 1) % ROWS_PER_YIELD === 0) yield ROWS_PER_YIELD;
  }
  rowPtr[n] = out;
  return { n, rowPtr, cols: cols.slice(0, out), vals: vals.slice(0, out) };
}

/** Runs a generator to its return value. */
function drain<T>(g: Generator<number, T, void>): T {
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
  }
}

/** Sorts a row segment by column: insertion sort for the usual ~2k entries, a keyed sort for hubs. */
function sortRowByColumn(cols: Int32Array, vals: Float32Array, start: number, end: number): void {
  if (end - start > 64) {
    const order = Array.from({ length: end - start }, (_, t) => start + t);
    order.sort((x, y) => cols[x] - cols[y] || x - y);
    const c = order.map((t) => cols[t]);
    const v = order.map((t) => vals[t]);
    for (let t = 0; t < c.length; t++) {
      cols[start + t] = c[t];
      vals[start + t] = v[t];
    }
    return;
  }
  for (let a = start + 1; a < end; a++) {
    const c = cols[a];
    const v = vals[a];
    let b = a - 1;
    while (b >= start && cols[b] > c) {
      cols[b + 1] = cols[b];
      vals[b + 1] = vals[b];
      b--;
    }
    cols[b + 1] = c;
    vals[b + 1] = v;
  }
}
