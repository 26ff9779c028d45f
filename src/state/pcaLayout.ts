/** Picks two PCA components out of the n × k score matrix as an n × 2 layout. */
export function layoutFromScores(scores: Float32Array, k: number, x: number, y: number): Float32Array {
  const n = scores.length / k;
  const out = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    out[2 * i] = scores[i * k + x];
    out[2 * i + 1] = scores[i * k + y];
  }
  return out;
}
