import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeKernelPool, POOL_START_MS } from '../../workers/kernelThreadsNode';
import { knnAccuracy } from '../metrics/knnAccuracy';
import { labelledBlobs } from '../metrics/metrics.fixtures';
import { knnGraph } from '../neighbors/knn';
import { serialPool } from '../parallel/pool';
import type { KernelPool } from '../parallel/types';
import { runToEnd } from '../task';
import { createUmap } from './umap';
import { mergeDeltas, rowAtPrefix, rowWork } from './umapSgdParallel';

describe('merging the threads’ private layouts', () => {
  it('adds every thread’s move to the shared layout, each thread merging its own share', () => {
    const Y = new Float32Array([1, 2, 3, 4, 5]);
    const own = [new Float32Array([1.5, 2, 3, 4, 4]), new Float32Array([1, 2.25, 3, 3, 6])];
    mergeDeltas(Y, own, 0, 2);
    // The first share (2 of 5 values) is merged, the rest waits for thread 1.
    expect(Array.from(Y)).toEqual([1.5, 2.25, 3, 4, 5]);
    mergeDeltas(Y, own, 1, 2);
    // The last value: one thread moved it by −1, the other by +1, so it stays.
    expect(Array.from(Y)).toEqual([1.5, 2.25, 3, 3, 5]);
  });

  it('gives the same bits on two threads as the general sum over any number of copies', () => {
    // Values whose f32 sums depend on the order they are added in.
    const m = 999;
    const base = Float32Array.from({ length: m }, (_, i) => Math.sin(i) * 1e3);
    const own = [0, 1, 2].map((t) => Float32Array.from(base, (y, i) => y + Math.cos(i * (t + 2)) * 0.7));
    // The general loop's sum: in f64, copy by copy, rounded to f32 once stored.
    const sum = (copies: readonly Float32Array[]): Float32Array =>
      Float32Array.from(base, (y, i) => {
        let acc = y;
        for (const o of copies) acc += o[i] - y;
        return acc;
      });
    const Y = base.slice();
    for (let t = 0; t < 2; t++) mergeDeltas(Y, own.slice(0, 2), t, 2);
    expect(Array.from(Y)).toEqual(Array.from(sum(own.slice(0, 2))));
    // Rounded once per step instead, the sums differ: the test tells the two apart.
    const perStep = Float32Array.from(base, (y, i) => Math.fround(Math.fround(y + Math.fround(own[0][i] - y)) + Math.fround(own[1][i] - y)));
    expect(Array.from(Y)).not.toEqual(Array.from(perStep));
    // Three copies take the general loop.
    const Y3 = base.slice();
    for (let t = 0; t < 3; t++) mergeDeltas(Y3, own, t, 3);
    expect(Array.from(Y3)).toEqual(Array.from(sum(own)));
  });

  it('splits rows by expected samples per epoch, not by edge count', () => {
    // Row 0: one edge sampled every epoch; row 1: four edges sampled every 4th; rows 2–3 the same as 0–1.
    const rowPtr = new Int32Array([0, 1, 5, 6, 10]);
    const eps = new Float32Array([1, 4, 4, 4, 4, 1, 4, 4, 4, 4]);
    const work = rowWork(rowPtr, eps);
    expect(Array.from(work)).toEqual([0, 1, 2, 3, 4]);
    // Half the work ends after row 1, although rows 0–1 hold half the edges too; a quarter after row 0, where an edge split would cut inside row 1.
    expect(rowAtPrefix(work, 0, 4, 2)).toBe(2);
    expect(rowAtPrefix(work, 0, 4, 1)).toBe(1);
    expect(rowAtPrefix(rowPtr, 0, 4, 2.5)).toBe(2);
  });
});

describe('UMAP’s SGD on several threads (private layouts merged every slice)', () => {
  const n = 1500;
  const dim = 50;
  const { vectors, codes } = labelledBlobs(n, dim, 10, 11);
  const graph = knnGraph(vectors, n, dim, 14, 'euclidean');
  let pool: KernelPool;
  beforeAll(async () => {
    pool = await createNodeKernelPool(3);
  }, POOL_START_MS);
  afterAll(() => pool.close());

  it('keeps 10 Gaussian clusters apart on 3 threads: 10-NN accuracy in 2D ≥ 0.95', () => {
    expect(pool.threads).toBe(3);
    const layout = runToEnd(createUmap({ n, graph }, { seed: 1 }, { pool }), 1000);
    expect(Array.from(layout).every(Number.isFinite)).toBe(true);
    expect(knnAccuracy(layout, codes, 10)).toBeGreaterThanOrEqual(0.95);
  });

  it('keeps them apart with the fuzzy set on the threads too (8,200 points; the clusters are separate components, so each spectral init is small and serial)', () => {
    const big = labelledBlobs(8200, 10, 10, 12);
    const g = knnGraph(big.vectors, 8200, 10, 14, 'euclidean');
    const layout = runToEnd(createUmap({ n: 8200, graph: g }, { seed: 3, nEpochs: 60 }, { pool }), 1000);
    expect(Array.from(layout).every(Number.isFinite)).toBe(true);
    expect(knnAccuracy(layout, big.codes, 10)).toBeGreaterThanOrEqual(0.95);
  });

  it('gives the same layout every run for a seed and a thread count (no thread ever writes another’s copy)', () => {
    const small = { n: 600, graph: knnGraph(vectors.subarray(0, 600 * dim), 600, dim, 10, 'euclidean') };
    const params = { seed: 9, nEpochs: 40 };
    const first = runToEnd(createUmap(small, params, { pool }), 1000);
    const again = runToEnd(createUmap(small, params, { pool }), 3);
    expect(Array.from(again)).toEqual(Array.from(first));
    // …and it is not the one-thread layout: the threads really did share the rows.
    expect(Array.from(runToEnd(createUmap(small, params), 1000))).not.toEqual(Array.from(first));
  });

  it('lets go of its kernel job when it finishes (the pool then holds nothing)', () => {
    const small = { n: 300, graph: knnGraph(vectors.subarray(0, 300 * dim), 300, dim, 10, 'euclidean') };
    runToEnd(createUmap(small, { seed: 2, nEpochs: 20 }, { pool }), 1000);
    // Another job attaches and runs at once: the finished one is not in its way.
    const layout = runToEnd(createUmap(small, { seed: 2, nEpochs: 20 }, { pool }), 1000);
    expect(layout).toHaveLength(600);
  });

  it('on a pool of one thread is the serial SGD, bit for bit', () => {
    const small = { n: 400, graph: knnGraph(vectors.subarray(0, 400 * dim), 400, dim, 10, 'euclidean') };
    const params = { seed: 5, nEpochs: 60 };
    const serial = runToEnd(createUmap(small, params), 7);
    const one = runToEnd(createUmap(small, params, { pool: serialPool() }), 7);
    expect(Array.from(one)).toEqual(Array.from(serial));
  });
});
