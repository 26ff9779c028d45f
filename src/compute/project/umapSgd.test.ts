import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { buildSgd, sampleIndex } from './umapSgd';

describe('sampleIndex(rs, n)', () => {
  it('is ⌊u·n / 2³²⌋ exactly (u: rs as unsigned), as the kernel’s 64-bit multiply, for small and large n', () => {
    const rng = createRng(7);
    const ns = [1, 2, 10_000, 50_000, 0x1fffff, 0x200000, 3_000_001, 0x7fffffff];
    const edges = [0, 1, -1, 0x7fffffff, -0x80000000, 0x10000, 0xffff];
    for (const n of ns) {
      const draws = [...edges, ...Array.from({ length: 2000 }, () => rng.uint32() | 0)];
      for (const rs of draws) {
        const exact = Number((BigInt(rs >>> 0) * BigInt(n)) >> 32n);
        expect(sampleIndex(rs, n)).toBe(exact);
      }
    }
  });
});

describe('buildSgd: the WebAssembly and JS loops', () => {
  it('give the same bits on rows longer than the kernel’s 64-edge mask window', () => {
    // Hubs with 150 and 70 edges beside rows of 1–5: the kernel's due-edge mask takes
    // several windows on the long rows and a partial last load on every row.
    const n = 400;
    const rng = createRng(3);
    const rows: number[][] = Array.from({ length: n }, () => []);
    const link = (a: number, b: number): void => {
      if (a === b || rows[a].includes(b)) return;
      rows[a].push(b);
      rows[b].push(a);
    };
    for (let j = 1; j <= 150; j++) link(0, j);
    for (let j = 200; j < 270; j++) link(1, j);
    for (let i = 2; i < n; i++) for (let t = 0; t < 1 + (i % 3); t++) link(i, rng.int(n));
    const rowPtr = new Int32Array(n + 1);
    rows.forEach((r, i) => (rowPtr[i + 1] = rowPtr[i] + r.length));
    const cols = Int32Array.from(rows.flat());
    const vals = Float32Array.from(cols, () => 0.05 + 0.95 * rng.next());
    const Y = Float32Array.from({ length: 2 * n }, () => 10 * rng.next());
    const g = { n, rowPtr, cols, vals };
    const settings = { negativeSampleRate: 6, repulsionStrength: 1, seed: 9 };
    const ab = { a: 1.577, b: 0.895 };
    const wasm = buildSgd(g, Y, 40, settings, ab, 'wasm');
    const js = buildSgd(g, Y, 40, settings, ab, 'js');
    for (let epoch = 1; epoch <= 40; epoch++) {
      wasm.run(0, n, epoch, 1 - (epoch - 1) / 40);
      js.run(0, n, epoch, 1 - (epoch - 1) / 40);
    }
    expect(Array.from(wasm.Y)).toEqual(Array.from(js.Y));
    expect(Array.from(js.Y)).not.toEqual(Array.from(Y));
  });
});
