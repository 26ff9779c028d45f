import { describe, expect, it } from 'vitest';
import { dot, multiplyABt, rowNorms, squaredDistance } from './linalg';
import { createRng } from './random';

function randomF32(len: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: len }, () => rng.gaussian());
}

function randomF64(len: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: len }, () => rng.gaussian());
}

describe('vector kernels', () => {
  it('dot and squaredDistance equal the plain sums at any offset and odd lengths', () => {
    const a = randomF32(40, 1);
    const b = randomF32(40, 2);
    for (const len of [0, 1, 2, 3, 5, 7, 13]) {
      let d = 0;
      let s = 0;
      for (let k = 0; k < len; k++) {
        d += a[3 + k] * b[11 + k];
        s += (a[3 + k] - b[11 + k]) ** 2;
      }
      expect(dot(a, 3, b, 11, len)).toBeCloseTo(d, 12);
      expect(squaredDistance(a, 3, b, 11, len)).toBeCloseTo(s, 12);
    }
  });

  it('rowNorms returns the euclidean length of every row', () => {
    const v = new Float32Array([3, 4, 0, 0, 0, 0, 1, 2, 2]);
    expect(Array.from(rowNorms(v, 3, 3))).toEqual([5, 0, 3]);
  });
});

describe('matrix kernels', () => {
  it('multiplyABt computes A·Bᵀ for shapes that do not fill its tiles', () => {
    for (const [aRows, bRows, D] of [[5, 7, 3], [4, 8, 9], [1, 1, 1], [3, 2, 6]]) {
      const A = randomF64(aRows * D, aRows);
      const B = randomF64(bRows * D, bRows + 10);
      const out = new Float64Array(aRows * bRows);
      multiplyABt(A, aRows, B, bRows, D, out);
      for (let i = 0; i < aRows; i++)
        for (let r = 0; r < bRows; r++) {
          let s = 0;
          for (let j = 0; j < D; j++) s += A[i * D + j] * B[r * D + j];
          expect(out[i * bRows + r]).toBeCloseTo(s, 12);
        }
    }
  });
});
