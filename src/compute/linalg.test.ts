import { describe, expect, it } from 'vitest';
import {
  addAtB,
  addPanelGram,
  centerRows,
  columnMeans,
  columnVariances,
  dot,
  multiplyABt,
  rowNorms,
  squaredDistance,
} from './linalg';
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

  it('columnMeans, columnVariances and centerRows agree with their definitions', () => {
    const v = new Float32Array([1, 10, 3, 10, 5, 10]); // 3 rows × 2
    const mean = columnMeans(v, 3, 2);
    expect(Array.from(mean)).toEqual([3, 10]);
    expect(Array.from(columnVariances(v, 3, 2, mean))).toEqual([4, 0]);
    expect(Array.from(centerRows(v, 3, 2, mean))).toEqual([-2, 0, 0, 0, 2, 0]);
    expect(Array.from(columnVariances(v, 1, 2, mean))).toEqual([0, 0]);
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

  it('addAtB adds Tᵀ·Z for shapes that do not fill its tiles', () => {
    for (const [R, l, D] of [[7, 3, 5], [8, 4, 2], [1, 1, 1], [5, 5, 9]]) {
      const T = randomF64(R * l, R);
      const Z = randomF64(R * D, D);
      const Y = new Float64Array(l * D).fill(1);
      addAtB(T, R, l, Z, D, Y);
      for (let r = 0; r < l; r++)
        for (let j = 0; j < D; j++) {
          let s = 1;
          for (let i = 0; i < R; i++) s += T[i * l + r] * Z[i * D + j];
          expect(Y[r * D + j]).toBeCloseTo(s, 12);
        }
    }
  });

  it('addPanelGram accumulates the upper triangle of PᵀP from a column-major panel', () => {
    const len = 9;
    const stride = 12;
    const D = 8;
    const P = randomF64(D * stride, 3);
    const gram = new Float64Array(D * D);
    addPanelGram(P, stride, len, D, gram);
    addPanelGram(P, stride, len, D, gram); // accumulates
    for (let a = 0; a < D; a++)
      for (let b = a; b < D; b++) {
        let s = 0;
        for (let i = 0; i < len; i++) s += P[a * stride + i] * P[b * stride + i];
        expect(gram[a * D + b]).toBeCloseTo(2 * s, 12);
      }
  });

});
