/** Small seeded data sets shared by the metric tests. */
import { createRng } from '../random';

/** n points in `dim` dimensions: `clusters` well separated Gaussian blobs, label = blob. */
export function labelledBlobs(n: number, dim: number, clusters: number, seed: number): { vectors: Float32Array; codes: Uint32Array } {
  const rng = createRng(seed);
  const centres = Float32Array.from({ length: clusters * dim }, () => rng.gaussian() * 10);
  const vectors = new Float32Array(n * dim);
  const codes = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % clusters;
    codes[i] = c;
    for (let t = 0; t < dim; t++) vectors[i * dim + t] = centres[c * dim + t] + rng.gaussian();
  }
  return { vectors, codes };
}

/** n×2 uniform random layout in the unit square. */
export function randomLayout(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n * 2 }, () => rng.next());
}
