import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import type { SparseMatrix } from './perplexity';
import { attractiveForces, drain, exactRepulsion, klDivergence, upperTriangle } from './tsneForces';

/** A random symmetric P (dense → CSR) over n points, summing to 1. */
function randomP(n: number, seed: number): { P: SparseMatrix; dense: Float64Array } {
  const rng = createRng(seed);
  const dense = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (rng.next() < 0.3) {
        const v = rng.next();
        dense[i * n + j] = v;
        dense[j * n + i] = v;
      }
    }
  }
  const total = dense.reduce((a, b) => a + b, 0);
  const rowPtr = new Int32Array(n + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (dense[i * n + j] === 0) continue;
      dense[i * n + j] /= total;
      cols.push(j);
      vals.push(dense[i * n + j]);
    }
    rowPtr[i + 1] = cols.length;
  }
  return { P: { n, rowPtr, cols: Int32Array.from(cols), vals: Float64Array.from(vals) }, dense };
}

describe('attractiveForces', () => {
  it('over the upper triangle equals Σ_j p_ij q_ij (y_i − y_j) over the full matrix, times the exaggeration', () => {
    const n = 40;
    const { P, dense } = randomP(n, 1);
    const rng = createRng(2);
    const y = Float64Array.from({ length: 2 * n }, () => rng.gaussian() * 3);
    const out = new Float64Array(2 * n);
    attractiveForces(upperTriangle(P), y, out, 12);
    for (let i = 0; i < n; i++) {
      let fx = 0;
      let fy = 0;
      for (let j = 0; j < n; j++) {
        const dx = y[2 * i] - y[2 * j];
        const dy = y[2 * i + 1] - y[2 * j + 1];
        const pq = dense[i * n + j] / (1 + dx * dx + dy * dy);
        fx += pq * dx;
        fy += pq * dy;
      }
      expect(out[2 * i]).toBeCloseTo(12 * fx, 12);
      expect(out[2 * i + 1]).toBeCloseTo(12 * fy, 12);
    }
  });

  it('done in row chunks gives the same sums', () => {
    const n = 30;
    const { P } = randomP(n, 3);
    const U = upperTriangle(P);
    const y = Float64Array.from({ length: 2 * n }, (_, k) => Math.sin(k));
    const whole = new Float64Array(2 * n);
    attractiveForces(U, y, whole, 1);
    const parts = new Float64Array(2 * n);
    attractiveForces(U, y, parts, 1, 0, 11);
    attractiveForces(U, y, parts, 1, 11, n);
    for (let k = 0; k < 2 * n; k++) expect(parts[k]).toBeCloseTo(whole[k], 14);
  });
});

describe('exactRepulsion and klDivergence', () => {
  it('two points one unit apart: q = 1/2, Z = 1, force = q²·d', () => {
    const y = Float64Array.from([0, 0, 1, 0]);
    const out = new Float64Array(4);
    const Z = drain(exactRepulsion(2).phases(y, out));
    expect(Z).toBeCloseTo(1, 14);
    expect(out[0]).toBeCloseTo(-0.25, 14);
    expect(out[2]).toBeCloseTo(0.25, 14);
  });

  it('KL(P‖Q) matches the definition Σ p log(p/q) with q normalised over all pairs', () => {
    const n = 25;
    const { P, dense } = randomP(n, 4);
    const rng = createRng(5);
    const y = Float64Array.from({ length: 2 * n }, () => rng.gaussian());
    const Z = exactRepulsion(n).compute(y, new Float64Array(2 * n));
    let kl = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const p = dense[i * n + j];
        if (p === 0) continue;
        const q = 1 / (1 + (y[2 * i] - y[2 * j]) ** 2 + (y[2 * i + 1] - y[2 * j + 1]) ** 2) / Z;
        kl += p * Math.log(p / q);
      }
    }
    expect(klDivergence(upperTriangle(P), y, Z)).toBeCloseTo(kl, 12);
  });
});
