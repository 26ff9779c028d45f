/**
 * One point's rho and sigma of UMAP's fuzzy simplicial set (umapGraph.ts explains
 * them): the per-row work, shared by the one-thread pass and the kernel threads
 * (umapSmoothParallel.ts), so both give the same values.
 */

const SMOOTH_K_TOLERANCE = 1e-5;
const MIN_K_DIST_SCALE = 1e-3;
const BISECTION_STEPS = 64;

/** Mean of all finite distances among the used columns: the floor for sigma when a point has rho = 0. */
export function meanDistance(graph: { k: number; indices: Int32Array; distances: Float32Array }, n: number, use: number): number {
  const { k, indices, distances } = graph;
  let total = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    for (let t = i * k; t < i * k + use; t++) {
      const j = indices[t];
      if (j < 0 || j === i || !Number.isFinite(distances[t])) continue;
      total += distances[t];
      count++;
    }
  }
  return count > 0 ? total / count : 0;
}

/** Point i's rho and sigma (bisection on sigma, see the module comment) into rhos[i], sigmas[i]. */
export function smoothRow(
  indices: Int32Array,
  distances: Float32Array,
  k: number,
  use: number,
  target: number,
  meanAll: number,
  i: number,
  rhos: Float32Array,
  sigmas: Float32Array,
): void {
  const base = i * k;
  let rho = 0;
  let sum = 0;
  let m = 0;
  for (let t = base; t < base + use; t++) {
    const j = indices[t];
    const d = distances[t];
    if (j < 0 || j === i || !Number.isFinite(d)) continue;
    if (rho === 0 && d > 0) rho = d;
    sum += d;
    m++;
  }
  rhos[i] = rho;
  let lo = 0;
  let hi = Infinity;
  let mid = 1;
  for (let it = 0; it < BISECTION_STEPS; it++) {
    let psum = 0;
    for (let t = base; t < base + use; t++) {
      const j = indices[t];
      const d = distances[t];
      if (j < 0 || j === i || !Number.isFinite(d)) continue;
      const x = d - rho;
      psum += x > 0 ? Math.exp(-x / mid) : 1;
    }
    if (Math.abs(psum - target) < SMOOTH_K_TOLERANCE) break;
    if (psum > target) {
      hi = mid;
      mid = (lo + hi) / 2;
    } else {
      lo = mid;
      mid = hi === Infinity ? mid * 2 : (lo + hi) / 2;
    }
  }
  const meanI = m > 0 ? sum / m : 0;
  const floor = MIN_K_DIST_SCALE * (rho > 0 ? meanI : meanAll);
  sigmas[i] = Math.max(mid, floor);
}

