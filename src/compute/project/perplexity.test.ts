import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { conditionalAffinities, jointProbabilities, neighborsForPerplexity, symmetrize, symmetrizeSteps } from './perplexity';
import { upperTriangle } from './tsneForces';

/** Exact kNN graph (Euclidean) of random points, nearest first. */
function randomGraph(n: number, dim: number, k: number, seed: number) {
  const rng = createRng(seed);
  const x = Float64Array.from({ length: n * dim }, () => rng.gaussian());
  const indices = new Int32Array(n * k);
  const distances = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    const d: Array<[number, number]> = [];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let s = 0;
      for (let t = 0; t < dim; t++) s += (x[i * dim + t] - x[j * dim + t]) ** 2;
      d.push([Math.sqrt(s), j]);
    }
    d.sort((a, b) => a[0] - b[0]);
    for (let c = 0; c < k; c++) {
      indices[i * k + c] = d[c][1];
      distances[i * k + c] = d[c][0];
    }
  }
  return { k, indices, distances };
}

function rowEntropy(P: Float64Array, i: number, k: number): number {
  let h = 0;
  for (let c = 0; c < k; c++) {
    const p = P[i * k + c];
    if (p > 0) h -= p * Math.log(p);
  }
  return h;
}

describe('conditionalAffinities', () => {
  it('hits the target entropy log(perplexity) in every row to within 1e-5', () => {
    const n = 300;
    for (const perplexity of [5, 10, 30]) {
      const k = neighborsForPerplexity(n, perplexity);
      const graph = randomGraph(n, 8, k, 7);
      const { P } = conditionalAffinities(n, graph, perplexity);
      for (let i = 0; i < n; i++) {
        expect(Math.abs(rowEntropy(P, i, k) - Math.log(perplexity))).toBeLessThan(1e-5);
      }
    }
  });

  it('gives rows that sum to one and favour nearer neighbours', () => {
    const n = 100;
    const graph = randomGraph(n, 5, 30, 3);
    const { P } = conditionalAffinities(n, graph, 10);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let c = 0; c < 30; c++) {
        sum += P[i * 30 + c];
        if (c > 0) expect(P[i * 30 + c]).toBeLessThanOrEqual(P[i * 30 + c - 1] + 1e-15);
      }
      expect(sum).toBeCloseTo(1, 12);
    }
  });

  it('gives zero weight to missing (−1) and self neighbours', () => {
    const graph = {
      k: 3,
      indices: Int32Array.from([1, -1, 0, 0, 2, -1, 1, 0, 2]),
      distances: Float32Array.from([1, 0, 0, 1, 2, 0, 1, 2, 0]),
    };
    const { P } = conditionalAffinities(3, graph, 1.5);
    expect(P[1]).toBe(0);
    expect(P[2]).toBe(0);
    expect(P[5]).toBe(0);
    expect(P[8]).toBe(0);
    expect(P[0]).toBeCloseTo(1, 12);
    expect(P[3] + P[4]).toBeCloseTo(1, 12);
  });

  it('rejects a graph whose arrays do not match n × k', () => {
    expect(() => conditionalAffinities(3, { k: 2, indices: new Int32Array(5), distances: new Float32Array(6) }, 2)).toThrow(/expected 3 × 2/);
  });

  it('squares the distances by default (the Gaussian is exp(−β·d²))', () => {
    const n = 4;
    const full = {
      k: 3,
      indices: Int32Array.from([1, 2, 3, 0, 2, 3, 0, 1, 3, 0, 1, 2]),
      distances: Float32Array.from([1, 2, 3, 1, 1, 2, 2, 1, 1, 3, 2, 1]),
    };
    const sq = conditionalAffinities(n, full, 2).P;
    const squared = { ...full, distances: full.distances.map((d) => d * d) };
    const raw = conditionalAffinities(n, squared, 2, { squareDistances: false }).P;
    for (let e = 0; e < sq.length; e++) expect(sq[e]).toBeCloseTo(raw[e], 10);
  });
});

describe('symmetrize', () => {
  it('returns a symmetric CSR matrix without self or repeated entries that sums to one', () => {
    const n = 120;
    const graph = randomGraph(n, 4, 15, 11);
    const P = jointProbabilities(n, graph, 5);
    const dense = new Float64Array(n * n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const seen = new Set<number>();
      for (let e = P.rowPtr[i]; e < P.rowPtr[i + 1]; e++) {
        expect(seen.has(P.cols[e])).toBe(false);
        seen.add(P.cols[e]);
        expect(P.cols[e]).not.toBe(i);
        dense[i * n + P.cols[e]] = P.vals[e];
        total += P.vals[e];
      }
    }
    expect(total).toBeCloseTo(1, 12);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(dense[i * n + j]).toBe(dense[j * n + i]);
  });

  it('equals (C + Cᵀ) / 2n computed densely', () => {
    const n = 40;
    const graph = randomGraph(n, 3, 8, 5);
    const { P: cond } = conditionalAffinities(n, graph, 3);
    const S = symmetrize(n, 8, graph.indices, cond);
    const dense = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < 8; c++) {
        const j = graph.indices[i * 8 + c];
        dense[i * n + j] += cond[i * 8 + c] / (2 * n);
        dense[j * n + i] += cond[i * 8 + c] / (2 * n);
      }
    }
    for (let i = 0; i < n; i++) {
      for (let e = S.rowPtr[i]; e < S.rowPtr[i + 1]; e++) {
        expect(S.vals[e]).toBeCloseTo(dense[i * n + S.cols[e]], 14);
        dense[i * n + S.cols[e]] = 0;
      }
    }
    expect(dense.every((v) => v === 0)).toBe(true);
  });

  it('with upperOnly gives exactly the strict upper triangle of the full matrix', () => {
    const n = 60;
    const graph = randomGraph(n, 3, 10, 8);
    const { P: cond } = conditionalAffinities(n, graph, 3);
    const want = upperTriangle(symmetrize(n, 10, graph.indices, cond));
    const gen = symmetrizeSteps(n, 10, graph.indices, cond, true);
    let r = gen.next();
    while (!r.done) r = gen.next();
    const got = r.value;
    expect(Array.from(got.rowPtr)).toEqual(Array.from(want.rowPtr));
    for (let i = 0; i < n; i++) {
      const a = new Map<number, number>();
      for (let e = want.rowPtr[i]; e < want.rowPtr[i + 1]; e++) a.set(want.cols[e], want.vals[e]);
      for (let e = got.rowPtr[i]; e < got.rowPtr[i + 1]; e++) {
        expect(got.cols[e]).toBeGreaterThan(i);
        expect(got.vals[e]).toBeCloseTo(a.get(got.cols[e]) ?? -1, 15);
      }
    }
  });

  it('merges a neighbour listed twice in one row', () => {
    const S = symmetrize(2, 2, Int32Array.from([1, 1, 0, -1]), Float64Array.from([0.5, 0.5, 1, 0]));
    expect(Array.from(S.rowPtr)).toEqual([0, 1, 2]);
    expect(S.vals[0]).toBeCloseTo(0.5, 14);
    expect(S.vals[1]).toBeCloseTo(0.5, 14);
  });
});

describe('neighborsForPerplexity', () => {
  it('is 3·perplexity capped at n − 1', () => {
    expect(neighborsForPerplexity(1000, 30)).toBe(90);
    expect(neighborsForPerplexity(50, 30)).toBe(49);
    expect(neighborsForPerplexity(2, 30)).toBe(1);
  });
});
