/**
 * Orthonormal rows: modified Gram–Schmidt, twice, for the eigen-solvers, PCA's tests
 * and the pruned kNN's axes.
 */
import type { Rng } from './random';

/**
 * Makes the `rows` rows of Q (rows×D) orthonormal in place: modified Gram–Schmidt,
 * run twice ("twice is enough", Giraud et al.) so the result is orthogonal to working
 * precision even for nearly dependent rows. A row that collapses (linearly dependent
 * on the ones before it) is replaced by a fresh random direction from `rng`.
 */
export function orthonormalizeRows(Q: Float64Array, rows: number, D: number, rng: Rng): void {
  for (let r = 0; r < rows; r++) {
    const qr = r * D;
    let before = 0;
    for (let k = 0; k < D; k++) before += Q[qr + k] * Q[qr + k];
    for (let attempt = 0; ; attempt++) {
      for (let pass = 0; pass < 2; pass++) {
        for (let p = 0; p < r; p++) {
          const qp = p * D;
          let s = 0;
          for (let k = 0; k < D; k++) s += Q[qp + k] * Q[qr + k];
          for (let k = 0; k < D; k++) Q[qr + k] -= s * Q[qp + k];
        }
      }
      let norm = 0;
      for (let k = 0; k < D; k++) norm += Q[qr + k] * Q[qr + k];
      norm = Math.sqrt(norm);
      if (norm > 1e-10 * Math.sqrt(before) && norm > 1e-300) {
        for (let k = 0; k < D; k++) Q[qr + k] /= norm;
        break;
      }
      if (attempt > 8 || r >= D) throw new Error(`orthonormalizeRows: cannot find ${rows} independent directions in ${D} dimensions`);
      before = 0;
      for (let k = 0; k < D; k++) {
        Q[qr + k] = rng.gaussian();
        before += Q[qr + k] * Q[qr + k];
      }
    }
  }
}
