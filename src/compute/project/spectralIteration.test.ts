import { describe, expect, it } from 'vitest';
import { poolsOfTwoAndThree } from '../../workers/kernelPoolsForTests';
import { subspaceSimilarity, symmetricEigen } from '../eigen';
import type { KernelPool } from '../parallel/types';
import { createRng } from '../random';
import { spectralLayout } from './spectral';
import { serialPool } from '../parallel/pool';
import { inverseCholesky, orthonormalizeBlock, topComponentVectors, type ComponentGraph } from './spectralIteration';
import { AV, Q, spectralBytes, spectralTask } from './spectralKernels';
import type { CsrGraph } from './umapGraph';

/** A symmetric random graph of `n` rows, a ring plus random chords with random weights (one component, uneven degrees). */
function randomGraph(n: number, chords: number, seed: number): CsrGraph {
  const rng = createRng(seed);
  const rows: Array<Map<number, number>> = Array.from({ length: n }, () => new Map());
  const add = (a: number, b: number): void => {
    if (a === b) return;
    const w = 0.05 + rng.next();
    rows[a].set(b, w);
    rows[b].set(a, w);
  };
  for (let i = 0; i < n; i++) add(i, (i + 1) % n);
  for (let c = 0; c < chords; c++) add(rng.int(n), rng.int(Math.min(n, 1 + rng.int(n))));
  const rowPtr = new Int32Array(n + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  rows.forEach((r, i) => {
    [...r].sort((x, y) => x[0] - y[0]).forEach(([c, w]) => {
      cols.push(c);
      vals.push(w);
    });
    rowPtr[i + 1] = cols.length;
  });
  return { n, rowPtr, cols: Int32Array.from(cols), vals: Float32Array.from(vals) };
}

function run(g: CsrGraph, pool?: KernelPool): Float32Array {
  const it = spectralLayout(g, { seed: 3, maxIterations: 4, pool });
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
  }
}

/** The operator's input: the column's D^-½ folded into the weights, as spectral.ts does. */
function componentOf(g: CsrGraph): ComponentGraph {
  const m = g.n;
  const invSqrtDeg = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let d = 0;
    for (let t = g.rowPtr[i]; t < g.rowPtr[i + 1]; t++) d += g.vals[t];
    invSqrtDeg[i] = 1 / Math.sqrt(d);
  }
  const wt = Float64Array.from(g.vals, (v, t) => v * invSqrtDeg[g.cols[t]]);
  return { m, rowPtr: g.rowPtr, cols: g.cols, wt, invSqrtDeg };
}

function topVectors(c: ComponentGraph, l: number, k: number, maxIterations: number, tol = 1e-10): Float64Array {
  const it = topComponentVectors(c, { rng: createRng(5), blockSize: l, k, tol, maxIterations });
  for (;;) {
    const r = it.next();
    if (r.done) {
      // Row-major k × m, as the checks below compare them.
      const { vectors } = r.value;
      return Float64Array.from({ length: k * c.m }, (_, i) => vectors[(i % c.m) * l + Math.floor(i / c.m)]);
    }
  }
}

/** QᵀQ of a node-major block. */
function gramOf(q: Float64Array, m: number, l: number): Float64Array {
  const G = new Float64Array(l * l);
  for (let a = 0; a < l; a++) for (let b = 0; b < l; b++) for (let j = 0; j < m; j++) G[a * l + b] += q[j * l + a] * q[j * l + b];
  return G;
}

/** (I + D^-½ W D^-½)/2 as a dense m×m matrix. */
function denseOperator(c: ComponentGraph): Float64Array {
  const A = new Float64Array(c.m * c.m);
  for (let i = 0; i < c.m; i++) {
    A[i * c.m + i] += 0.5;
    for (let t = c.rowPtr[i]; t < c.rowPtr[i + 1]; t++) A[i * c.m + c.cols[t]] += 0.5 * c.invSqrtDeg[i] * c.wt[t];
  }
  return A;
}

describe('the spectral eigen-solver', () => {
  it('finds the span of the operator\'s top eigenvectors (against a dense decomposition), for the default block of 6 and another', () => {
    const c = componentOf(randomGraph(120, 200, 11));
    const exact = symmetricEigen(denseOperator(c), c.m);
    for (const l of [6, 5]) {
      const got = topVectors(c, l, 3, 400);
      expect(subspaceSimilarity(got, exact.vectors, 3, c.m)).toBeGreaterThan(0.999999);
    }
  });

  it('keeps the block orthonormal when the operator has a zero eigenvalue inside it (an even ring as small as the block)', () => {
    // A 6-ring is bipartite: −1 is an eigenvalue of D^-½ W D^-½, so one column of A·V is
    // rounding noise, which Cholesky QR twice must still make a unit vector orthogonal to
    // the rest. (Tolerance 0: a block as large as the graph converges at once, before any
    // re-orthonormalisation.)
    const rowPtr = Int32Array.from({ length: 7 }, (_, i) => 2 * i);
    const cols = new Int32Array(12);
    for (let i = 0; i < 6; i++) {
      cols[2 * i] = (i + 5) % 6;
      cols[2 * i + 1] = (i + 1) % 6;
    }
    const c = componentOf({ n: 6, rowPtr, cols, vals: new Float32Array(12).fill(1) });
    const V = topVectors(c, 6, 6, 3, 0);
    for (let a = 0; a < 6; a++) {
      for (let b = 0; b < 6; b++) {
        let s = 0;
        for (let j = 0; j < 6; j++) s += V[a * 6 + j] * V[b * 6 + j];
        expect(s).toBeCloseTo(a === b ? 1 : 0, 10);
      }
    }
  });

  it('falls back to Gram–Schmidt for a block with dependent vectors, and returns it orthonormal', () => {
    const m = 40;
    const l = 6;
    const job = serialPool().attach(spectralTask, { m, nnz: 0, block: l, buffer: new ArrayBuffer(spectralBytes(m, 0, l)) });
    const q = job.ctx.blocks[Q];
    const rng = createRng(8);
    for (let j = 0; j < m; j++) for (let r = 0; r < l; r++) q[j * l + r] = rng.gaussian();
    // Vector 4 repeats vector 1: no Cholesky factor exists.
    for (let j = 0; j < m; j++) q[j * l + 4] = q[j * l + 1];
    expect(inverseCholesky(gramOf(q, m, l), l)).toBeNull();
    // From A·V's block too, as the iteration calls it: Q must then span that block.
    const av = job.ctx.blocks[AV];
    av.set(q);
    q.fill(0);
    orthonormalizeBlock(job, job.ctx, AV, createRng(9));
    const G = gramOf(q, m, l);
    for (let a = 0; a < l; a++) for (let b = 0; b < l; b++) expect(G[a * l + b]).toBeCloseTo(a === b ? 1 : 0, 10);
    for (const c of [0, 2, 5]) {
      let norm = 0;
      let inSpan = 0;
      for (let j = 0; j < m; j++) norm += av[j * l + c] ** 2;
      for (let r = 0; r < l; r++) {
        let s = 0;
        for (let j = 0; j < m; j++) s += q[j * l + r] * av[j * l + c];
        inSpan += s * s;
      }
      expect(inSpan / norm).toBeCloseTo(1, 10);
    }
  });

  it('inverts a Gram matrix\'s Cholesky factor, and refuses a singular one', () => {
    const rng = createRng(2);
    const l = 4;
    const m = 30;
    const Q = Float64Array.from({ length: m * l }, () => rng.gaussian());
    const G = new Float64Array(l * l);
    for (let a = 0; a < l; a++) for (let b = 0; b < l; b++) for (let j = 0; j < m; j++) G[a * l + b] += Q[j * l + a] * Q[j * l + b];
    const M = inverseCholesky(G, l) as Float64Array;
    // Every node's row q becomes q·R⁻¹: the new columns are orthonormal.
    const out = new Float64Array(m * l);
    for (let j = 0; j < m; j++) for (let r = 0; r < l; r++) for (let c = 0; c < l; c++) out[j * l + r] += M[r * l + c] * Q[j * l + c];
    for (let a = 0; a < l; a++) {
      for (let b = 0; b < l; b++) {
        let s = 0;
        for (let j = 0; j < m; j++) s += out[j * l + a] * out[j * l + b];
        expect(s).toBeCloseTo(a === b ? 1 : 0, 10);
      }
    }
    const singular = Float64Array.from(G);
    for (let t = 0; t < l; t++) singular[3 * l + t] = singular[t * l + 3] = singular[t * l + 2];
    singular[3 * l + 3] = singular[2 * l + 2];
    expect(inverseCholesky(singular, l)).toBeNull();
  });
});

describe('spectral init on several threads', () => {
  const pools = poolsOfTwoAndThree();

  it('gives the one-thread layout bit for bit (2 and 3 threads, rows of uneven degree)', () => {
    expect(pools.map((p) => p.threads)).toEqual([2, 3]);
    // Above the size where the operator goes to the threads, and more than one command of rows.
    const g = randomGraph(20_000, 60_000, 7);
    const serial = run(g);
    expect(serial.every(Number.isFinite)).toBe(true);
    for (const pool of pools) expect(Array.from(run(g, pool))).toEqual(Array.from(serial));
  });
});
