/** Small seeded data sets shared by the metric tests. */
import { createRng } from '../random';

export { labelledBlobs } from '../blobs';

/** n×2 uniform random layout in the unit square. */
export function randomLayout(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n * 2 }, () => rng.next());
}
