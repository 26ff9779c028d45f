import { describe, expect, it } from 'vitest';
import { poolsOfTwoAndThree } from '../../workers/kernelPoolsForTests';
import type { KernelPool } from '../parallel/types';
import { createRng } from '../random';
import { spectralLayout } from './spectral';
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
