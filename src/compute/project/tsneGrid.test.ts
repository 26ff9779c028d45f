import { describe, expect, it } from 'vitest';
import { poolsOfTwoAndThree } from '../../workers/kernelPoolsForTests';
import { knnAccuracy } from '../metrics/knnAccuracy';
import { labelledBlobs } from '../metrics/metrics.fixtures';
import { knnGraph } from '../neighbors/knn';
import type { KernelPool } from '../parallel/types';
import { createRng } from '../random';
import { runToEnd } from '../task';
import { createTsne } from './tsne';
import { createFftRepulsion, type FftRepulsionOptions } from './tsneFft';
import { drain, exactRepulsion } from './tsneForces';
import { createGrid } from './tsneGrid';

/** n points in 12 Gaussian clusters over a square of side `scale`. */
function clustered(n: number, scale: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const centres = Array.from({ length: 12 }, () => [rng.next() * scale, rng.next() * scale]);
  const y = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const [cx, cy] = centres[i % centres.length];
    y[2 * i] = cx + rng.gaussian() * 0.05 * scale;
    y[2 * i + 1] = cy + rng.gaussian() * 0.05 * scale;
  }
  return y;
}

/** Forces and Z of one repulsion over a sequence of layouts (the grid grows, shrinks, reuses its spectra). */
function run(layouts: Float64Array[], n: number, opts: FftRepulsionOptions, pool?: KernelPool): { out: Float64Array[]; z: number[]; sizes: number[]; split: boolean[] } {
  const rep = createFftRepulsion(n, opts, pool);
  const res = { out: [] as Float64Array[], z: [] as number[], sizes: [] as number[], split: [] as boolean[] };
  for (const y of layouts) {
    const out = new Float64Array(2 * n);
    res.z.push(rep.compute(y, out));
    res.out.push(out);
    res.sizes.push(rep.lastGrid().size);
    res.split.push(rep.lastGrid().split);
  }
  rep.dispose();
  return res;
}

describe('t-SNE’s FFT grid on several threads', () => {
  const pools = poolsOfTwoAndThree();

  it('gives the same forces and Z bit for bit on 1, 2 and 3 threads, as the grid grows and reuses its spectra', () => {
    expect(pools.map((p) => p.threads)).toEqual([2, 3]);
    const n = 3000;
    const layouts = [clustered(n, 5, 1), clustered(n, 40, 2), clustered(n, 5, 3), clustered(n, 40, 2)];
    const opts = { sigma: 0 }; // the grid alone: no near field
    const one = run(layouts, n, opts);
    expect(new Set(one.sizes).size).toBeGreaterThan(1);
    for (const pool of pools) {
      const many = run(layouts, n, opts, pool);
      expect(many.sizes).toEqual(one.sizes);
      expect(many.z).toEqual(one.z);
      for (let t = 0; t < layouts.length; t++) expect(Array.from(many.out[t])).toEqual(Array.from(one.out[t]));
    }
    // And it is still the repulsion: close to the exact sums.
    const exact = new Float64Array(2 * n);
    const z = exactRepulsion(n).compute(layouts[0], exact);
    expect(Math.abs(one.z[0] - z) / z).toBeLessThan(0.02);
  });

  it('with the near field split off: the same bits on 2 and 3 threads, within float rounding of one thread', () => {
    const n = 4000;
    const layouts = [clustered(n, 120, 4)];
    const [two, three] = pools.map((pool) => run(layouts, n, {}, pool));
    expect(two.split).toEqual([true]);
    expect(three.z).toEqual(two.z);
    expect(Array.from(three.out[0])).toEqual(Array.from(two.out[0]));
    const one = run(layouts, n, {});
    expect(Math.abs(two.z[0] - one.z[0]) / one.z[0]).toBeLessThan(1e-5);
    let num = 0;
    let den = 0;
    for (let t = 0; t < 2 * n; t++) {
      num += (two.out[0][t] - one.out[0][t]) ** 2;
      den += one.out[0][t] ** 2;
    }
    expect(Math.sqrt(num / den)).toBeLessThan(1e-5);
  });

  it('lays out the same t-SNE bit for bit on 2 and 3 threads with the grid on the threads', () => {
    const n = 1500;
    const dim = 20;
    const { vectors, codes } = labelledBlobs(n, dim, 6, 8);
    const graph = knnGraph(vectors, n, dim, 60, 'euclidean');
    // 'fft' above the exact method's size; 300 iterations so the layout spreads (the grid grows and splits).
    const params = { iterations: 300, perplexity: 20, seed: 5, gradient: 'fft' as const };
    const [two, three] = pools.map((pool) => runToEnd(createTsne({ n, graph }, params, { pool }), 7));
    expect(Array.from(three)).toEqual(Array.from(two));
    expect(knnAccuracy(two, codes, 10)).toBeGreaterThanOrEqual(0.95);
  });

  it('gives the same bits when every pass is cut into many commands (as for a large grid)', () => {
    const n = 2000;
    const y = clustered(n, 20, 6);
    // Large enough for the threads to share the spread (L² ≥ 6n; below, the caller spreads alone).
    const L = 128;
    const once = (pool: KernelPool | undefined, quantum?: number): { out: Float64Array; z: number } => {
      const grid = createGrid(n, 3, pool, quantum);
      grid.reserve(L);
      drain(grid.buildSpectra(L, 0.3, 0, 0));
      drain(grid.spread(y, L, -5, -5, 0.3));
      const z = drain(grid.product(L, 0));
      drain(grid.inverse(L));
      const out = new Float64Array(2 * n);
      grid.gather(out, L);
      grid.dispose();
      return { out, z };
    };
    const whole = once(undefined);
    for (const cut of [once(undefined, 3 * L), once(pools[0], 5 * L)]) {
      expect(cut.z).toBe(whole.z);
      expect(Array.from(cut.out)).toEqual(Array.from(whole.out));
    }
  });
});
