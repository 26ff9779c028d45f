/**
 * Seeded synthetic data with real neighbour structure: the metric and thread tests'
 * fixtures, and the table the kernel threads warm up on (project/warmKernels.ts).
 */
import { createRng } from './random';

/** n points in `dim` dimensions: `clusters` Gaussian blobs of unit variance, centres `spread` apart per axis (std), label = blob. */
export function labelledBlobs(n: number, dim: number, clusters: number, seed: number, spread = 10): { vectors: Float32Array; codes: Uint32Array } {
  const rng = createRng(seed);
  const centres = Float32Array.from({ length: clusters * dim }, () => rng.gaussian() * spread);
  const vectors = new Float32Array(n * dim);
  const codes = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % clusters;
    codes[i] = c;
    for (let t = 0; t < dim; t++) vectors[i * dim + t] = centres[c * dim + t] + rng.gaussian();
  }
  return { vectors, codes };
}
