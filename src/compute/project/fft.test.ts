import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { createFft2d, createFftPlan, isFftSize, nextFftSize } from './fft';

/** Naive DFT of one sequence: sign −1 forward, +1 inverse (unnormalised). */
function dft(re: number[], im: number[], sign: number): [number[], number[]] {
  const n = re.length;
  const oRe = new Array<number>(n).fill(0);
  const oIm = new Array<number>(n).fill(0);
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < n; j++) {
      const a = (sign * 2 * Math.PI * ((j * k) % n)) / n;
      oRe[k] += re[j] * Math.cos(a) - im[j] * Math.sin(a);
      oIm[k] += re[j] * Math.sin(a) + im[j] * Math.cos(a);
    }
  }
  return [oRe, oIm];
}

function randomArray(len: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: len }, () => rng.gaussian());
}

describe('isFftSize / nextFftSize', () => {
  it('accepts exactly the lengths 2^a·3^b', () => {
    expect([1, 2, 3, 4, 6, 8, 9, 12, 96, 768].every(isFftSize)).toBe(true);
    expect([0, 5, 7, 10, 14, 1.5, -4].some(isFftSize)).toBe(false);
    expect(nextFftSize(5)).toBe(6);
    expect(nextFftSize(97)).toBe(108);
  });
});

describe('createFftPlan', () => {
  it('matches the naive DFT for every radix mix, batched sequences included', () => {
    for (const n of [1, 2, 3, 4, 6, 8, 9, 12, 16, 18, 24, 32, 48, 64, 96]) {
      for (const batch of [1, 3]) {
        const re = randomArray(n * batch, n);
        const im = randomArray(n * batch, n + 100);
        const origRe = Array.from(re);
        const origIm = Array.from(im);
        createFftPlan(n).transform(re, im, batch, false);
        for (let b = 0; b < batch; b++) {
          const xr = Array.from({ length: n }, (_, j) => origRe[j * batch + b]);
          const xi = Array.from({ length: n }, (_, j) => origIm[j * batch + b]);
          const [er, ei] = dft(xr, xi, -1);
          for (let k = 0; k < n; k++) {
            expect(re[k * batch + b]).toBeCloseTo(er[k], 9);
            expect(im[k * batch + b]).toBeCloseTo(ei[k], 9);
          }
        }
      }
    }
  });

  it('inverts: inverse(forward(x)) = n·x', () => {
    const n = 192;
    const re = randomArray(n, 1);
    const im = randomArray(n, 2);
    const r0 = Float64Array.from(re);
    const i0 = Float64Array.from(im);
    const plan = createFftPlan(n);
    plan.transform(re, im, 1, false);
    plan.transform(re, im, 1, true);
    for (let j = 0; j < n; j++) {
      expect(re[j] / n).toBeCloseTo(r0[j], 12);
      expect(im[j] / n).toBeCloseTo(i0[j], 12);
    }
  });

  it('refuses lengths with other prime factors', () => {
    expect(() => createFftPlan(10)).toThrow(/2\^a·3\^b/);
  });
});

describe('createFft2d', () => {
  /** Naive 2D DFT of an L×L row-major grid. */
  function dft2(re: Float64Array, im: Float64Array, L: number): [Float64Array, Float64Array] {
    const oRe = new Float64Array(L * L);
    const oIm = new Float64Array(L * L);
    for (let ky = 0; ky < L; ky++) {
      for (let kx = 0; kx < L; kx++) {
        let sr = 0, si = 0;
        for (let y = 0; y < L; y++) {
          for (let x = 0; x < L; x++) {
            const a = (-2 * Math.PI * ((ky * y + kx * x) % L)) / L;
            const c = Math.cos(a), s = Math.sin(a);
            sr += re[y * L + x] * c - im[y * L + x] * s;
            si += re[y * L + x] * s + im[y * L + x] * c;
          }
        }
        oRe[ky * L + kx] = sr;
        oIm[ky * L + kx] = si;
      }
    }
    return [oRe, oIm];
  }

  it('forward matches the naive 2D DFT (block smaller than the grid)', () => {
    const L = 12;
    const re = randomArray(L * L, 3);
    const im = randomArray(L * L, 4);
    const [er, ei] = dft2(re, im, L);
    createFft2d(L, 5).forward(re, im);
    for (let k = 0; k < L * L; k++) {
      expect(re[k]).toBeCloseTo(er[k], 9);
      expect(im[k]).toBeCloseTo(ei[k], 9);
    }
  });

  it('forwardReal of a real grid equals forward with a zero imaginary part', () => {
    const L = 16;
    const cols = 8;
    const re = new Float64Array(L * L);
    const rng = createRng(9);
    for (let y = 0; y < L / 2; y++) for (let x = 0; x < cols; x++) re[y * L + x] = rng.gaussian();
    const a = Float64Array.from(re);
    const ai = new Float64Array(L * L);
    createFft2d(L, 3).forward(a, ai, cols);
    const bi = randomArray(L * L, 10); // garbage: forwardReal must ignore it
    createFft2d(L, 3).forwardReal(re, bi, cols);
    for (let k = 0; k < L * L; k++) {
      expect(re[k]).toBeCloseTo(a[k], 10);
      expect(bi[k]).toBeCloseTo(ai[k], 10);
    }
  });

  it('inverse undoes forward, and with cols < L the first cols columns are still exact', () => {
    const L = 24;
    const re = randomArray(L * L, 5);
    const im = randomArray(L * L, 6);
    const r0 = Float64Array.from(re);
    const i0 = Float64Array.from(im);
    const f = createFft2d(L, 4);
    f.forward(re, im);
    f.inverse(re, im, 10);
    for (let y = 0; y < L; y++) {
      for (let x = 0; x < 10; x++) {
        expect(re[y * L + x]).toBeCloseTo(r0[y * L + x], 10);
        expect(im[y * L + x]).toBeCloseTo(i0[y * L + x], 10);
      }
    }
  });

  it('a pass split into ranges, with other blocks, gives the same bits as the whole pass', () => {
    const L = 24;
    const re = randomArray(L * L, 11);
    const im = randomArray(L * L, 12);
    const whole = [Float64Array.from(re), Float64Array.from(im)];
    const f = createFft2d(L, 16);
    f.columns(whole[0], whole[1], 0, L, false);
    f.rows(whole[0], whole[1], 0, L, true);
    const other = createFft2d(L, 5);
    for (const [a, b] of [[0, 7], [7, 8], [8, 24]]) other.columns(re, im, a, b, false);
    for (const [a, b] of [[0, 13], [13, 24]]) f.rows(re, im, a, b, true);
    expect(Array.from(re)).toEqual(Array.from(whole[0]));
    expect(Array.from(im)).toEqual(Array.from(whole[1]));

    const real = randomArray(L * L, 13);
    const realWhole = Float64Array.from(real);
    const i1 = new Float64Array(L * L);
    const i2 = new Float64Array(L * L);
    f.realColumns(realWhole, i1, 0, 12);
    other.realColumns(real, i2, 0, 4);
    f.realColumns(real, i2, 4, 12);
    expect(Array.from(real)).toEqual(Array.from(realWhole));
    expect(Array.from(i2)).toEqual(Array.from(i1));
  });
});
