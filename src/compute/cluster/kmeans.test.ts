import { describe, expect, it } from 'vitest';
import { labelledBlobs } from '../metrics/metrics.fixtures';
import { runToEnd, runSliced, CancelledError } from '../task';
import { createKMeans } from './kmeans';

/** Share of points whose cluster's majority label is their own label. */
function purity(codes: Uint32Array, labels: Uint32Array, k: number): number {
  let agree = 0;
  for (let j = 0; j < k; j++) {
    const counts = new Map<number, number>();
    codes.forEach((c, i) => {
      if (c === j) counts.set(labels[i], (counts.get(labels[i]) ?? 0) + 1);
    });
    agree += Math.max(0, ...counts.values());
  }
  return agree / codes.length;
}

describe('k-means', () => {
  const n = 1200;
  const { vectors, codes: truth } = labelledBlobs(n, 20, 6, 5);

  it('recovers well separated blobs (euclidean and cosine)', () => {
    for (const metric of ['euclidean', 'cosine'] as const) {
      const r = runToEnd(createKMeans(vectors, n, 20, { k: 6, metric, seed: 3 }));
      expect(r.converged).toBe(true);
      expect(purity(r.codes, truth, 6)).toBeGreaterThan(0.98);
      expect([...r.sizes].reduce((a, b) => a + b, 0)).toBe(n);
    }
  });

  it('is deterministic for a seed', () => {
    const a = runToEnd(createKMeans(vectors, n, 20, { k: 8, metric: 'euclidean', seed: 9 }));
    const b = runToEnd(createKMeans(vectors, n, 20, { k: 8, metric: 'euclidean', seed: 9 }));
    expect(Buffer.from(a.codes.buffer).equals(Buffer.from(b.codes.buffer))).toBe(true);
  });

  it('names each cluster by members nearest its centroid, which belong to it', () => {
    const r = runToEnd(createKMeans(vectors, n, 20, { k: 6, metric: 'euclidean', seed: 1 }));
    r.representatives.forEach((reps, j) => {
      expect(reps.length).toBe(5);
      for (const i of reps) expect(r.codes[i]).toBe(j);
    });
  });

  it('clamps k to the number of points and can be cancelled between iterations', async () => {
    expect(runToEnd(createKMeans(vectors.subarray(0, 3 * 20), 3, 20, { k: 10, metric: 'euclidean' })).k).toBe(3);
    const controller = new AbortController();
    const task = createKMeans(vectors, n, 20, { k: 6, metric: 'euclidean', maxIterations: 1000 });
    const run = runSliced(task, { signal: controller.signal, onSnapshot: () => controller.abort(), snapshotMs: 0 });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
  });
});
