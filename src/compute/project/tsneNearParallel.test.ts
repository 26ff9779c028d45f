import { describe, expect, it } from 'vitest';
import { poolsOfTwoAndThree } from '../../workers/kernelPoolsForTests';
import type { KernelPool } from '../parallel/types';
import { createRng } from '../random';
import { createNearField, nearCutoff } from './tsneNearField';
import { BLOCKS, blockRows } from './tsneNearParallel';

/** n points in tight clusters over a wide square: many cell rows, dense cells. */
function clustered(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const centres = Array.from({ length: 40 }, () => [rng.next() * 150, rng.next() * 150]);
  const y = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const [cx, cy] = centres[i % centres.length];
    y[2 * i] = cx + rng.gaussian() * 1.5;
    y[2 * i + 1] = cy + rng.gaussian() * 1.5;
  }
  return y;
}

function near(y: Float64Array, n: number, pool?: KernelPool): { out: Float64Array; z: number } {
  const sigma = 1.5;
  const field = createNearField(n, 'auto', pool);
  field.prepare(y, nearCutoff(sigma));
  const out = new Float64Array(2 * n).fill(0.5);
  const z = field.add(out, sigma);
  field.dispose();
  return { out, z };
}

describe('t-SNE’s near-field repulsion on several threads', () => {
  const pools = poolsOfTwoAndThree();

  it('gives the one-thread forces within float rounding, and the same bits on 2 and 3 threads', () => {
    const n = 5000;
    const y = clustered(n, 4);
    const serial = near(y, n);
    const [two, three] = pools.map((p) => near(y, n, p));
    expect(Array.from(three.out)).toEqual(Array.from(two.out));
    expect(three.z).toBe(two.z);
    expect(Math.abs(two.z - serial.z) / serial.z).toBeLessThan(1e-5);
    let num = 0;
    let den = 0;
    for (let t = 0; t < 2 * n; t++) {
      num += (two.out[t] - serial.out[t]) ** 2;
      den += (serial.out[t] - 0.5) ** 2;
    }
    expect(den).toBeGreaterThan(0);
    expect(Math.sqrt(num / den)).toBeLessThan(1e-5);
  });

  it('gives a fresh field\'s forces after a pass on another layout (each block clears only the points it reaches)', () => {
    const n = 4000;
    const sigma = 1.5;
    const first = clustered(n, 7);
    // Another layout: the points move, so every block reaches other sorted points than before.
    const second = clustered(n, 8);
    const pool = pools[0];
    expect(pool.threads).toBe(2);
    const field = createNearField(n, 'auto', pool);
    field.prepare(first, nearCutoff(sigma));
    field.add(new Float64Array(2 * n), sigma);
    field.prepare(second, nearCutoff(sigma));
    const out = new Float64Array(2 * n).fill(0.5);
    const z = field.add(out, sigma);
    field.dispose();
    const fresh = near(second, n, pool);
    expect(z).toBe(fresh.z);
    expect(Array.from(out)).toEqual(Array.from(fresh.out));
  });

  it('falls back to one thread when the cells outgrow its shared memory, with the same forces', () => {
    // 50 points in two groups 20,000 units apart: ~10,000 cells for a capacity of 8n + 4096,
    // so the JS loop does the pass.
    const n = 50;
    const y = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) y[2 * i] = i < 25 ? i * 0.7 : 20_000 + i * 0.7;
    const sigma = 1.5;
    const js = createNearField(n, 'js');
    js.prepare(y, nearCutoff(sigma));
    const expected = new Float64Array(2 * n).fill(0.5);
    const z = js.add(expected, sigma);
    const threaded = near(y, n, pools[0]);
    expect(z).toBeGreaterThan(0);
    expect(threaded.z).toBe(z);
    expect(Array.from(threaded.out)).toEqual(Array.from(expected));
  });
});

describe('blockRows', () => {
  it('cuts the cell rows into BLOCKS runs of about equal candidate pairs, covering every row once', () => {
    const rowPairs = Float64Array.from({ length: 100 }, (_, r) => (r < 50 ? 10 : 1000));
    const bounds = blockRows(rowPairs, 100);
    expect(bounds).toHaveLength(BLOCKS + 1);
    expect(bounds[0]).toBe(0);
    expect(bounds[BLOCKS]).toBe(100);
    for (let b = 0; b < BLOCKS; b++) expect(bounds[b + 1]).toBeGreaterThanOrEqual(bounds[b]);
    // The heavy half holds almost all the pairs, so almost every block lies in it.
    expect(bounds.filter((r) => r >= 50).length).toBeGreaterThanOrEqual(BLOCKS - 1);
  });
});
