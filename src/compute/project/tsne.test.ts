import { describe, expect, it } from 'vitest';
import { labelledBlobs } from '../blobs';
import { knnAccuracy } from '../metrics/knnAccuracy';
import { runToEnd } from '../task';
import { neighborsForPerplexity } from './perplexity';
import { createTsne, randomInit, scaleInit, type TsneParams } from './tsne';

/** Brute-force Euclidean kNN graph, nearest first. */
function knnGraph(x: Float32Array, n: number, dim: number, k: number) {
  const indices = new Int32Array(n * k);
  const distances = new Float32Array(n * k);
  const d = new Float64Array(n);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < dim; t++) s += (x[i * dim + t] - x[j * dim + t]) ** 2;
      d[j] = j === i ? Infinity : Math.sqrt(s);
      order[j] = j;
    }
    order.sort((a, b) => d[a] - d[b] || a - b);
    for (let c = 0; c < k; c++) {
      indices[i * k + c] = order[c];
      distances[i * k + c] = d[order[c]];
    }
  }
  return { k, indices, distances };
}

const N = 1000;
const data = labelledBlobs(N, 50, 10, 1, 6);
const graph = knnGraph(data.vectors, N, 50, neighborsForPerplexity(N, 30));
// A smaller problem for the tests of the mechanics.
const n = 300;
const small = knnGraph(labelledBlobs(n, 10, 5, 2, 6).vectors, n, 10, neighborsForPerplexity(n, 30));

describe('createTsne', () => {
  it('separates 10 Gaussian blobs in 50-d: 10-NN accuracy ≥ 0.95 in 2D', () => {
    const y = runToEnd(createTsne({ n: N, graph }, { seed: 3, iterations: 500, earlyExaggerationIterations: 125 }), 50);
    expect(knnAccuracy(y, data.codes)).toBeGreaterThanOrEqual(0.95);
  });

  it('Barnes-Hut gives a layout of the same quality', () => {
    const y = runToEnd(createTsne({ n: N, graph }, { seed: 3, gradient: 'barnes-hut', iterations: 300, earlyExaggerationIterations: 100 }), 50);
    expect(knnAccuracy(y, data.codes)).toBeGreaterThanOrEqual(0.95);
  });

  it('is bit-identical for the same seed and input, and differs for another seed', () => {
    const params: TsneParams = { seed: 11, iterations: 200, earlyExaggerationIterations: 60, gradient: 'fft' };
    const a = runToEnd(createTsne({ n, graph: small }, params), 7);
    const b = runToEnd(createTsne({ n, graph: small }, params), 13);
    const c = runToEnd(createTsne({ n, graph: small }, { ...params, seed: 12 }), 7);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Array.from(c)).not.toEqual(Array.from(a));
  });

  it('the WebAssembly and JS attractive-force loops give bit-identical layouts', () => {
    const params: TsneParams = { seed: 4, iterations: 80, earlyExaggerationIterations: 30, gradient: 'fft' };
    const wasm = runToEnd(createTsne({ n, graph: small }, params), 1);
    const js = runToEnd(createTsne({ n, graph: small }, { ...params, kernel: 'js' }), 1);
    expect(Array.from(wasm)).toEqual(Array.from(js));
  });

  it('splitting iterations into several work units does not change the result', () => {
    const params: TsneParams = { seed: 5, iterations: 60, earlyExaggerationIterations: 30, gradient: 'fft' };
    const whole = runToEnd(createTsne({ n, graph: small }, params), 1);
    const task = createTsne({ n, graph: small }, { ...params, splitAbove: 100 });
    let units = 0;
    while (!task.step(1)) units++;
    expect(units).toBeGreaterThan(60 * 3); // several units per iteration
    expect(Array.from(task.result())).toEqual(Array.from(whole));
  });

  it('takes one iteration per work unit, progress rising monotonically to 1', () => {
    const task = createTsne({ n, graph: small }, { iterations: 40, earlyExaggerationIterations: 10 });
    let last = task.progress();
    expect(last).toBe(0);
    let steps = 0;
    for (;;) {
      const finished = task.step(1);
      steps++;
      expect(task.iteration()).toBe(steps);
      const p = task.progress();
      expect(p).toBeGreaterThan(last);
      last = p;
      if (finished) break;
      expect(p).toBeLessThan(1);
    }
    expect(task.progress()).toBe(1);
    expect(task.iteration()).toBe(40);
    expect(task.step(1)).toBe(true); // stays finished
  });

  it('snapshot() is an n×2 copy that later steps do not change', () => {
    const task = createTsne({ n, graph: small }, { iterations: 20 });
    task.step(5);
    const snap = task.snapshot();
    const copy = Float32Array.from(snap);
    expect(snap.length).toBe(2 * n);
    task.step(5);
    expect(Array.from(snap)).toEqual(Array.from(copy));
    expect(Array.from(task.snapshot())).not.toEqual(Array.from(copy));
    snap[0] = 1e9;
    expect(task.snapshot()[0]).not.toBe(1e9);
  });

  it('starts from the given init and lowers the KL divergence as it runs', () => {
    const init = scaleInit(Float32Array.from({ length: 2 * n }, (_, k) => Math.sin(k * 0.37)));
    const task = createTsne({ n, graph: small, init }, { iterations: 300 });
    expect(Array.from(task.snapshot())).toEqual(Array.from(init));
    task.step(10);
    const early = task.klDivergence();
    runToEnd(task, 100);
    expect(task.klDivergence()).toBeLessThan(early);
  });

  it('rejects mismatched graphs and inits', () => {
    expect(() => createTsne({ n: 10, graph: { k: 3, indices: new Int32Array(29), distances: new Float32Array(30) } })).toThrow(/10 × 3/);
    expect(() => createTsne({ n: 10, graph: { k: 3, indices: new Int32Array(30), distances: new Float32Array(30) }, init: new Float32Array(5) })).toThrow(/init/);
  });

  it('copes with tiny inputs (n = 1, 2, 3)', () => {
    for (const m of [1, 2, 3]) {
      const k = Math.max(1, m - 1);
      const g = { k, indices: new Int32Array(m * k).fill(-1), distances: new Float32Array(m * k) };
      for (let i = 0; i < m; i++) for (let c = 0; c < k && m > 1; c++) g.indices[i * k + c] = (i + c + 1) % m;
      const y = runToEnd(createTsne({ n: m, graph: g }, { iterations: 50 }), 50);
      expect(y.length).toBe(2 * m);
      expect(y.every(Number.isFinite)).toBe(true);
    }
  });
});

describe('scaleInit / randomInit', () => {
  it('scaleInit centres the scores and gives the first column standard deviation 1e-4', () => {
    const s = Float32Array.from({ length: 200 }, (_, k) => (k % 2 ? 3 : 7) * Math.cos(k) + 5);
    const out = scaleInit(s);
    let mx = 0;
    let vx = 0;
    for (let i = 0; i < 100; i++) mx += out[2 * i] / 100;
    for (let i = 0; i < 100; i++) vx += (out[2 * i] - mx) ** 2 / 100;
    expect(Math.abs(mx)).toBeLessThan(1e-9);
    expect(Math.sqrt(vx)).toBeCloseTo(1e-4, 8);
  });

  it('randomInit is seeded', () => {
    expect(Array.from(randomInit(10, 1))).toEqual(Array.from(randomInit(10, 1)));
    expect(Array.from(randomInit(10, 1))).not.toEqual(Array.from(randomInit(10, 2)));
  });
});
