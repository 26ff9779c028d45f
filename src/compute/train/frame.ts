/**
 * A stable 2D frame for watching a table train: a linear projection (mean, two basis
 * rows, an offset) that is fitted once and then held fixed, so points move on screen
 * only because their vectors moved — not because a fresh PCA spun or flipped the axes.
 *
 * Re-fitting (the lab's "Re-fit" button) computes a new PCA basis and then rotates or
 * reflects it, and shifts it, to best match the previous picture (orthogonal
 * Procrustes in 2D, no scaling, so distances stay honest): the new axes show the
 * table's current main directions while the points stay roughly where the eye left them.
 */
import { pca } from '../project/pca';

export interface Frame2D {
  readonly dim: number;
  /** Subtracted from every row before projecting; length dim. */
  readonly mean: Float32Array;
  /** 2 × dim, row-major: row 0 is the x direction, row 1 the y direction. */
  readonly basis: Float32Array;
  /** Added after projecting: [x, y]. */
  readonly offset: readonly [number, number];
}

/** Projects n rows (n × dim) into the frame: n × 2, row-major. */
export function projectFrame(frame: Frame2D, vectors: Float32Array, n: number, out = new Float32Array(n * 2)): Float32Array {
  const { dim, mean, basis, offset } = frame;
  if (vectors.length < n * dim) throw new Error(`projectFrame: expected ${n} × ${dim} values, got ${vectors.length}`);
  for (let i = 0; i < n; i++) {
    const o = i * dim;
    let x = 0, y = 0;
    for (let k = 0; k < dim; k++) {
      const v = vectors[o + k] - mean[k];
      x += v * basis[k];
      y += v * basis[dim + k];
    }
    out[2 * i] = x + offset[0];
    out[2 * i + 1] = y + offset[1];
  }
  return out;
}

/** Projects one vector (length dim) into the frame. */
export function projectPoint(frame: Frame2D, v: ArrayLike<number>, vOffset = 0): [number, number] {
  const { dim, mean, basis, offset } = frame;
  let x = 0, y = 0;
  for (let k = 0; k < dim; k++) {
    const c = v[vOffset + k] - mean[k];
    x += c * basis[k];
    y += c * basis[dim + k];
  }
  return [x + offset[0], y + offset[1]];
}

/** A 2×2 orthogonal map applied to row vectors, [u, v] ↦ [u·r00 + v·r10, u·r01 + v·r11], then a shift. */
export interface Rigid2D {
  readonly r00: number;
  readonly r01: number;
  readonly r10: number;
  readonly r11: number;
  readonly tx: number;
  readonly ty: number;
}

/**
 * The rotation or reflection (plus translation, no scaling) that best maps the points
 * P onto Q (both n × 2) in the least-squares sense. `weights` (optional, length n)
 * lets some rows count more; rows with weight 0 are ignored.
 */
export function procrustes2D(P: ArrayLike<number>, Q: ArrayLike<number>, n: number, weights?: ArrayLike<number>): Rigid2D {
  let sw = 0, pxm = 0, pym = 0, qxm = 0, qym = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i] : 1;
    if (!(w > 0)) continue;
    sw += w;
    pxm += w * P[2 * i];
    pym += w * P[2 * i + 1];
    qxm += w * Q[2 * i];
    qym += w * Q[2 * i + 1];
  }
  if (sw === 0) return { r00: 1, r01: 0, r10: 0, r11: 1, tx: 0, ty: 0 };
  pxm /= sw; pym /= sw; qxm /= sw; qym /= sw;
  // M = Pcᵀ Qc
  let m00 = 0, m01 = 0, m10 = 0, m11 = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i] : 1;
    if (!(w > 0)) continue;
    const px = P[2 * i] - pxm, py = P[2 * i + 1] - pym;
    const qx = Q[2 * i] - qxm, qy = Q[2 * i + 1] - qym;
    m00 += w * px * qx;
    m01 += w * px * qy;
    m10 += w * py * qx;
    m11 += w * py * qy;
  }
  // Maximise tr(Rᵀ M) over rotations [[c, s], [−s, c]] and reflections [[c, s], [s, −c]].
  const rotA = m00 + m11, rotB = m01 - m10;
  const refA = m00 - m11, refB = m01 + m10;
  let r00: number, r01: number, r10: number, r11: number;
  if (Math.hypot(rotA, rotB) >= Math.hypot(refA, refB)) {
    const h = Math.hypot(rotA, rotB);
    // No correlation at all (e.g. all points identical): keep the identity.
    const c = h > 0 ? rotA / h : 1, s = h > 0 ? rotB / h : 0;
    r00 = c; r01 = s; r10 = -s; r11 = c;
  } else {
    const h = Math.hypot(refA, refB);
    const c = refA / h, s = refB / h;
    r00 = c; r01 = s; r10 = s; r11 = -c;
  }
  const tx = qxm - (pxm * r00 + pym * r10);
  const ty = qym - (pxm * r01 + pym * r11);
  return { r00, r01, r10, r11, tx, ty };
}

/** Applies a rigid map to n × 2 points (a new array). */
export function applyRigid(t: Rigid2D, points: Float32Array): Float32Array {
  const out = new Float32Array(points.length);
  for (let i = 0; i + 1 < points.length; i += 2) {
    const u = points[i], v = points[i + 1];
    out[i] = u * t.r00 + v * t.r10 + t.tx;
    out[i + 1] = u * t.r01 + v * t.r11 + t.ty;
  }
  return out;
}

/** The frame followed by a rigid map of the plane (folded into the basis and offset). */
export function composeFrame(frame: Frame2D, t: Rigid2D): Frame2D {
  const { dim, basis, offset } = frame;
  const b = new Float32Array(2 * dim);
  for (let k = 0; k < dim; k++) {
    const bx = basis[k], by = basis[dim + k];
    b[k] = t.r00 * bx + t.r10 * by;
    b[dim + k] = t.r01 * bx + t.r11 * by;
  }
  const ox = offset[0] * t.r00 + offset[1] * t.r10 + t.tx;
  const oy = offset[0] * t.r01 + offset[1] * t.r11 + t.ty;
  return { dim, mean: frame.mean, basis: b, offset: [ox, oy] };
}

export interface FitFrameOptions {
  /** Fit on rows [firstRow, n): e.g. 1 to leave out `<unk>`, which never trains. Default 0. */
  firstRow?: number;
  /**
   * The picture to stay close to: previous coordinates of the same rows (n × 2). The
   * new PCA axes are rotated/reflected and shifted onto it.
   */
  align?: Float32Array;
  seed?: number;
}

/**
 * Fits the top-2 PCA basis of the table (n × dim). With fewer than two usable rows or
 * no variance, the first two coordinate axes stand in (there is nothing to show yet).
 */
export function fitFrame(vectors: Float32Array, n: number, dim: number, opts: FitFrameOptions = {}): Frame2D {
  const first = Math.min(Math.max(0, opts.firstRow ?? 0), n);
  const rows = n - first;
  const mean = new Float32Array(dim);
  const basis = new Float32Array(2 * dim);
  if (rows >= 2) {
    const res = pca(vectors.subarray(first * dim, n * dim), rows, dim, 2, { seed: opts.seed ?? 1 });
    mean.set(res.mean);
    basis.set(res.basis.subarray(0, Math.min(2, res.components) * dim));
  }
  // Missing components (dim 1, or < 2 rows): fall back to coordinate axes not yet used.
  for (let c = 0; c < 2; c++) {
    let norm = 0;
    for (let k = 0; k < dim; k++) norm += basis[c * dim + k] ** 2;
    if (norm > 0) continue;
    const axis = Math.min(c, dim - 1);
    if (c === 1 && dim === 1) continue; // a 1-d table has no second direction: y stays 0
    basis[c * dim + axis] = 1;
  }
  let frame: Frame2D = { dim, mean, basis, offset: [0, 0] };
  if (opts.align && opts.align.length === n * 2) {
    const coords = projectFrame(frame, vectors, n);
    const weights = new Float32Array(n);
    weights.fill(1, first);
    frame = composeFrame(frame, procrustes2D(coords, opts.align, n, weights));
  }
  return frame;
}
