/**
 * The k-d blocks of the pruned kNN graph (knnPruned.ts) as balls in z: each block's
 * centre, radius and largest margin, the order the tiles are visited in (nearest block
 * pairs first), and the test that skips a whole tile.
 */

/** Rows per block, which is a tile's side (keyTile and the heaps work per tile, as in knn.ts). */
export const B = 64;

/** Each block's centre and radius in z, and its largest margin term c·w (for whole-tile skips). */
export interface Balls {
  readonly centre: Float64Array;
  readonly radius: Float64Array;
  readonly margin: Float64Array;
  readonly mz: number;
  readonly n: number;
}

/** Block I's ball, into `balls` (its centre zero before): blocks are independent, so threads may split them. */
export function blockBall(Z: Float32Array, w: Float64Array, perm: Int32Array, c: number, balls: Balls, I: number): void {
  const { centre, radius, margin, mz, n } = balls;
  const p0 = I * B;
  const p1 = Math.min(n, p0 + B);
  const o = I * mz;
  for (let p = p0; p < p1; p++) for (let t = 0; t < mz; t++) centre[o + t] += Z[perm[p] * mz + t] / (p1 - p0);
  for (let p = p0; p < p1; p++) {
    let d = 0;
    for (let t = 0; t < mz; t++) d += (Z[perm[p] * mz + t] - centre[o + t]) ** 2;
    radius[I] = Math.max(radius[I], Math.sqrt(d));
    margin[I] = Math.max(margin[I], c * w[perm[p]]);
  }
  // f64 rounding of the centre and radius: widen the ball by far more than it.
  radius[I] = radius[I] * (1 + 1e-9) + 1e-30;
}

function centreDistance(b: Balls, I: number, J: number): number {
  let d = 0;
  for (let t = 0; t < b.mz; t++) d += (b.centre[I * b.mz + t] - b.centre[J * b.mz + t]) ** 2;
  return Math.sqrt(d);
}

/**
 * The tiles of the upper triangle (I ≤ J, as pairs in one Int32Array), nearest block
 * pairs first: each block with itself, then by the distance of their centres, so the
 * thresholds tighten early. (Meeting each block's 4–16 nearest blocks first and the
 * rest in row-block order, for cache reuse, listed 5–10 % more pairs and ran no faster.)
 */
export function tileOrder(b: Balls, blocks: number): Int32Array {
  const total = (blocks * (blocks + 1)) / 2;
  const dist = new Float64Array(total);
  const pairs = new Int32Array(2 * total);
  let t = 0;
  for (let I = 0; I < blocks; I++) {
    for (let J = I; J < blocks; J++) {
      pairs[2 * t] = I;
      pairs[2 * t + 1] = J;
      dist[t++] = I === J ? -1 : centreDistance(b, I, J);
    }
  }
  const idx = Int32Array.from({ length: total }, (_, i) => i).sort((x, y) => dist[x] - dist[y] || x - y);
  const out = new Int32Array(2 * total);
  for (let r = 0; r < total; r++) {
    out[2 * r] = pairs[2 * idx[r]];
    out[2 * r + 1] = pairs[2 * idx[r] + 1];
  }
  return out;
}

/**
 * Whether no pair of tile (I, J) can pass keyTile: the balls' gap bounds every pair's
 * ‖z_i − z_j‖ from below, and the gap², less the largest margins, is above every
 * threshold of both blocks (each pair's bound is at least that, keyTile lists it only
 * when it is at most one of its rows' thresholds).
 */
export function skippable(b: Balls, I: number, J: number, thrB: Float32Array): boolean {
  if (I === J) return false;
  const gap = centreDistance(b, I, J) - b.radius[I] - b.radius[J];
  if (gap <= 0) return false;
  const bound = gap * gap * (1 - 1e-9) - b.margin[I] - b.margin[J];
  for (const K of [I, J]) {
    const p1 = Math.min(b.n, K * B + B);
    for (let p = K * B; p < p1; p++) if (!(thrB[p] < bound)) return false;
  }
  return true;
}
