import { describe, expect, it } from 'vitest';
import { knnAccuracy } from '../metrics/knnAccuracy';
import { labelledBlobs } from '../metrics/metrics.fixtures';
import { knnGraph } from '../neighbors/knn';
import { nnDescent } from '../neighbors/nndescent';
import { runToEnd } from '../task';
import { autoEpochs, createUmap, findAB } from './umap';

describe('findAB(spread, minDist)', () => {
  it('matches umap-learn for the defaults (a ≈ 1.577, b ≈ 0.895)', () => {
    const { a, b } = findAB(1, 0.1);
    expect(a).toBeCloseTo(1.577, 2);
    expect(b).toBeCloseTo(0.895, 2);
  });

  it('tightens the curve as minDist grows (smaller a)', () => {
    expect(findAB(1, 0.5).a).toBeLessThan(findAB(1, 0.1).a);
  });
});

describe('createUmap({ n, graph }, params)', () => {
  // 10 seeded Gaussian clusters in 50 dimensions.
  const n = 1500;
  const dim = 50;
  const { vectors, codes } = labelledBlobs(n, dim, 10, 11);
  const graph = nnDescent(vectors, n, dim, { k: 15, metric: 'euclidean', seed: 1 });

  it('keeps 10 Gaussian clusters apart: 10-NN accuracy in 2D ≥ 0.95', () => {
    const layout = runToEnd(createUmap({ n, graph }, { seed: 1 }), 1000);
    expect(layout.length).toBe(n * 2);
    expect(Array.from(layout).every(Number.isFinite)).toBe(true);
    expect(knnAccuracy(layout, codes, 10)).toBeGreaterThanOrEqual(0.95);
  });

  it('does as well from a random start', () => {
    const layout = runToEnd(createUmap({ n, graph }, { seed: 2, init: 'random', nEpochs: 300 }), 1000);
    expect(knnAccuracy(layout, codes, 10)).toBeGreaterThanOrEqual(0.95);
  });

  it('is bit-identical for a seed whatever the step budget, and differs for another seed', () => {
    const small = { n: 400, graph: knnGraph(vectors.subarray(0, 400 * dim), 400, dim, 10, 'euclidean') };
    const params = { seed: 5, nEpochs: 60 };
    const a = runToEnd(createUmap(small, params), 1);
    const b = runToEnd(createUmap(small, params), 7);
    const c = runToEnd(createUmap(small, params), 1 << 20);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    const other = runToEnd(createUmap(small, { ...params, seed: 6 }), 1000);
    expect(other).not.toEqual(a);
  });

  it('the WebAssembly and JS epoch loops give bit-identical layouts', () => {
    const wasm = runToEnd(createUmap({ n, graph }, { seed: 3, nEpochs: 80, kernel: 'wasm' }), 1000);
    const js = runToEnd(createUmap({ n, graph }, { seed: 3, nEpochs: 80, kernel: 'js' }), 1000);
    expect(Array.from(wasm)).toEqual(Array.from(js));
  });

  it('does one epoch per step unit once the graph and init are done', () => {
    const task = createUmap({ n, graph }, { seed: 1, nEpochs: 50, init: 'random' });
    while (task.progress() === 0) task.step(1);
    // The first step that reports progress ran epoch 1 of 50.
    expect(task.progress()).toBeCloseTo(1 / 50, 10);
    task.step(1);
    expect(task.progress()).toBeCloseTo(2 / 50, 10);
    task.step(3);
    expect(task.progress()).toBeCloseTo(5 / 50, 10);
    expect(task.step(45)).toBe(true);
    expect(task.progress()).toBe(1);
  });

  it('returns snapshots that are copies', () => {
    const task = createUmap({ n, graph }, { seed: 1, nEpochs: 5, init: 'random' });
    task.step(3);
    const snap = task.snapshot();
    snap.fill(123);
    expect(task.snapshot()[0]).not.toBe(123);
    runToEnd(task, 10);
    const r = task.result();
    r.fill(0);
    expect(task.result()[0]).not.toBe(0);
  });

  it('starts from a given layout, rescaled, and checks its size', () => {
    const init = new Float32Array(n * 2);
    for (let i = 0; i < n; i++) {
      init[2 * i] = codes[i]; // clusters already apart along x
      init[2 * i + 1] = (i % 7) / 7;
    }
    const layout = runToEnd(createUmap({ n, graph, init }, { seed: 1, nEpochs: 100 }), 1000);
    expect(knnAccuracy(layout, codes, 10)).toBeGreaterThanOrEqual(0.95);
    expect(() => createUmap({ n, graph, init: new Float32Array(3) })).toThrow(/init/);
  });

  it('uses 500 epochs up to 10 000 points and 200 above', () => {
    expect(autoEpochs(10_000)).toBe(500);
    expect(autoEpochs(10_001)).toBe(200);
  });

  it('handles empty and tiny inputs', () => {
    const empty = createUmap({ n: 0, graph: { k: 0, indices: new Int32Array(0), distances: new Float32Array(0) } });
    expect(empty.step(1)).toBe(true);
    expect(empty.result().length).toBe(0);
    const three = Float32Array.from([0, 0, 1, 0, 0, 1]);
    const g = knnGraph(three, 3, 2, 2, 'euclidean');
    const layout = runToEnd(createUmap({ n: 3, graph: g }, { nEpochs: 20 }), 100);
    expect(Array.from(layout).every(Number.isFinite)).toBe(true);
  });

  it('rejects inconsistent parameters', () => {
    expect(() => createUmap({ n, graph }, { minDist: 2, spread: 1 })).toThrow(/minDist/);
    expect(() => createUmap({ n, graph }, { nNeighbors: 1 })).toThrow(/nNeighbors/);
  });
});
