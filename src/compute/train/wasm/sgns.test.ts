import { describe, expect, it } from 'vitest';
import { aliasDraw, fillAliasTable } from './aliasTable';

describe('alias table', () => {
  it('gives every word exactly count^0.75 / Σ of the probability, and <unk> none', () => {
    const counts = Float64Array.from([7, 1000, 250, 250, 40, 9, 5, 5, 1, 1, 1]);
    const n = counts.length - 1;
    const table = new Uint32Array(2 * n);
    fillAliasTable(table, counts, 0.75);
    const p = new Float64Array(counts.length);
    for (let i = 0; i < n; i++) {
      const keep = table[2 * i] === 0xffffffff ? 1 : table[2 * i] / 2 ** 32;
      p[i + 1] += keep / n;
      p[table[2 * i + 1]] += (1 - keep) / n;
    }
    let norm = 0;
    for (let i = 1; i <= n; i++) norm += counts[i] ** 0.75;
    expect(p[0]).toBe(0);
    for (let i = 1; i <= n; i++) expect(p[i]).toBeCloseTo(counts[i] ** 0.75 / norm, 8);
  });

  it('draws follow the distribution (the kernel arithmetic, replayed in JS)', () => {
    const counts = Float64Array.from([0, 81, 16, 1]);
    const table = new Uint32Array(6);
    fillAliasTable(table, counts, 0.75);
    const hits = [0, 0, 0, 0];
    let r = 12345;
    for (let k = 0; k < 200_000; k++) {
      r ^= r << 13; r ^= r >>> 17; r ^= r << 5;
      hits[aliasDraw(table, r)]++;
    }
    const w = [0, 27, 8, 1];
    expect(hits[0]).toBe(0);
    for (let i = 1; i < 4; i++) expect(hits[i] / 200_000).toBeCloseTo(w[i] / 36, 2);
  });
});
