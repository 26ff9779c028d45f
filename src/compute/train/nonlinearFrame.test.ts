import { describe, expect, it } from 'vitest';
import { knnAccuracy } from '../metrics/knnAccuracy';
import { labelledBlobs } from '../metrics/metrics.fixtures';
import { createRng } from '../random';
import { runToEnd } from '../task';
import { fitFrame, projectFrame } from './frame';
import { createNonlinearFrame, NONLINEAR_MAX_ROWS, nonlinearFrame, nonlinearFrameLimit, TSNE_MAX_ROWS, type NonlinearMethod } from './nonlinearFrame';

// 6 seeded blobs in 16 dimensions, 360 rows: about the teaching corpus's size.
const n = 360;
const dim = 16;
const { vectors, codes } = labelledBlobs(n, dim, 6, 3);
const pcaCoords = projectFrame(fitFrame(vectors, n, dim, { seed: 1 }), vectors, n);

/** The table after a small training-like change: every value nudged by 5% of the blobs' own spread. */
function nudged(seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from(vectors, (v) => v + rng.gaussian() * 0.05);
}

function meanDisplacement(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length / 2; i++) s += Math.hypot(a[2 * i] - b[2 * i], a[2 * i + 1] - b[2 * i + 1]);
  return s / (a.length / 2);
}

/** Root-mean-square distance of the points to their centroid. */
function spread(a: Float32Array): number {
  const m = a.length / 2;
  let cx = 0, cy = 0;
  for (let i = 0; i < m; i++) {
    cx += a[2 * i];
    cy += a[2 * i + 1];
  }
  cx /= m;
  cy /= m;
  let s = 0;
  for (let i = 0; i < m; i++) s += (a[2 * i] - cx) ** 2 + (a[2 * i + 1] - cy) ** 2;
  return Math.sqrt(s / m);
}

describe.each<NonlinearMethod>(['umap', 'tsne'])('nonlinearFrame (%s)', (method) => {
  const first = nonlinearFrame({ vectors, n, dim, previous: pcaCoords }, { method, seed: 1, warm: false });

  it('a first fit separates the blobs: 10-NN accuracy in 2D ≥ 0.9', () => {
    expect(first).toHaveLength(n * 2);
    expect(Array.from(first).every(Number.isFinite)).toBe(true);
    expect(knnAccuracy(first, codes, 10)).toBeGreaterThanOrEqual(0.9);
  });

  it('a warm update after a small change moves points only a little, without turning or flipping the picture', () => {
    const next = nonlinearFrame({ vectors: nudged(7), n, dim, previous: first }, { method, seed: 1, warm: true });
    expect(knnAccuracy(next, codes, 10)).toBeGreaterThanOrEqual(0.9);
    const moved = meanDisplacement(first, next);
    expect(moved).toBeLessThan(0.15 * spread(first));
    // No rotation or reflection left: the best rigid map from the new picture back to the old is ~the identity.
    const rot = procrustesAngle(next, first);
    expect(rot.reflected).toBe(false);
    expect(Math.abs(rot.angle)).toBeLessThan(0.05);
  });

  it('is deterministic for a seed, however the work is sliced', () => {
    const again = runToEnd(createNonlinearFrame({ vectors, n, dim, previous: pcaCoords }, { method, seed: 1, warm: false }), 1);
    expect(Array.from(again)).toEqual(Array.from(first));
  });
});

function procrustesAngle(p: Float32Array, q: Float32Array): { angle: number; reflected: boolean } {
  // Cross-covariance of the centred points gives the best rotation (det > 0) or reflection.
  const m = p.length / 2;
  const c = (a: Float32Array, d: number): number => {
    let s = 0;
    for (let i = 0; i < m; i++) s += a[2 * i + d];
    return s / m;
  };
  const [px, py, qx, qy] = [c(p, 0), c(p, 1), c(q, 0), c(q, 1)];
  let m00 = 0, m01 = 0, m10 = 0, m11 = 0;
  for (let i = 0; i < m; i++) {
    const a = p[2 * i] - px, b = p[2 * i + 1] - py, x = q[2 * i] - qx, y = q[2 * i + 1] - qy;
    m00 += a * x;
    m01 += a * y;
    m10 += b * x;
    m11 += b * y;
  }
  const rot = Math.hypot(m00 + m11, m01 - m10), ref = Math.hypot(m00 - m11, m01 + m10);
  return { angle: Math.atan2(m01 - m10, m00 + m11), reflected: ref > rot };
}

describe('nonlinearFrame: rows, sizes and limits', () => {
  it('parks rows before firstRow at the centroid of the others', () => {
    const out = nonlinearFrame({ vectors, n, dim, previous: pcaCoords }, { method: 'umap', seed: 2, warm: true, firstRow: 1 });
    let cx = 0, cy = 0;
    for (let i = 1; i < n; i++) {
      cx += out[2 * i];
      cy += out[2 * i + 1];
    }
    expect(out[0]).toBeCloseTo(cx / (n - 1), 3);
    expect(out[1]).toBeCloseTo(cy / (n - 1), 3);
  });

  it('keeps the picture when there are too few rows to lay out', () => {
    const prev = Float32Array.from([1, 2, 3, 4, 5, 6]);
    expect(Array.from(nonlinearFrame({ vectors: vectors.subarray(0, 3 * dim), n: 3, dim, previous: prev }, { method: 'tsne', seed: 1, warm: true }))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('validates sizes and refuses tables above the row limit', () => {
    expect(() => createNonlinearFrame({ vectors, n, dim, previous: new Float32Array(10) }, { method: 'umap', seed: 1, warm: true })).toThrow(/previous coordinates/);
    expect(() => createNonlinearFrame({ vectors: vectors.subarray(1), n, dim, previous: pcaCoords }, { method: 'umap', seed: 1, warm: true })).toThrow(/expected/);
    expect(() => createNonlinearFrame({ vectors, n, dim, previous: pcaCoords }, { method: 'umap', seed: 1, warm: true, firstRow: n + 1 })).toThrow(/firstRow/);
    expect(nonlinearFrameLimit(NONLINEAR_MAX_ROWS, 'umap')).toBeNull();
    expect(nonlinearFrameLimit(NONLINEAR_MAX_ROWS + 1, 'umap')).toMatch(/PCA frame/);
    expect(nonlinearFrameLimit(TSNE_MAX_ROWS, 'tsne')).toBeNull();
    expect(nonlinearFrameLimit(TSNE_MAX_ROWS + 1, 'tsne')).toMatch(/UMAP or PCA frame/);
    const big = TSNE_MAX_ROWS + 1;
    expect(() => createNonlinearFrame({ vectors: new Float32Array(big), n: big, dim: 1, previous: new Float32Array(big * 2) }, { method: 'tsne', seed: 1, warm: true })).toThrow(/limit/);
  });
});
