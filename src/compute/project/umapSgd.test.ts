import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { sampleIndex } from './umapSgd';

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
