/**
 * Seeded sampling of point indices for the layout metrics: exact metrics cost
 * O(n²·dim), so at 10k+ points they are estimated on a uniform random subset of
 * query points (every point still counts as a candidate neighbour).
 */
import { createRng } from '../random';

/**
 * `m` distinct indices of [0, n) drawn uniformly without replacement (partial
 * Fisher–Yates with createRng(seed)), returned in ascending order. All of them when m ≥ n.
 */
export function samplePoints(n: number, m: number, seed: number): Int32Array {
  const take = Math.max(0, Math.min(n, Math.floor(m)));
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  if (take === n) return all;
  const rng = createRng(seed);
  for (let i = 0; i < take; i++) {
    const j = i + rng.int(n - i);
    const t = all[i];
    all[i] = all[j];
    all[j] = t;
  }
  return all.slice(0, take).sort();
}
