import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { attachDenseArena, copyRowsPadded, createDenseArena, createSharedDenseArena, padTo4, type DenseArena, type DenseKernelKind } from './dense';

const KINDS: DenseKernelKind[] = ['wasm', 'js'];

function randomRows(n: number, dim: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n * dim }, () => rng.gaussian() * (1 + rng.next()));
}

/** Runs the same seeded calls on one arena of each kind and returns what `read` gives. */
function onBoth<T>(run: (a: DenseArena) => T): Record<DenseKernelKind, T> {
  return { wasm: run(createDenseArena([1 << 20], 'wasm')), js: run(createDenseArena([1 << 20], 'js')) };
}

function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, rel = 1e-5): void {
  expect(a.length).toBe(b.length);
  let scale = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  for (let i = 0; i < b.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(rel * Math.max(scale, 1e-30));
}

describe('dense kernels (WebAssembly SIMD and JS)', () => {
  it('dots gives A·Bᵀ, agreeing with a plain f64 sum within 1e-5 relative, for shapes that do not fill its tiles', () => {
    for (const [m, nb, dim] of [[7, 11, 13], [2, 4, 8], [1, 1, 4], [33, 9, 100]]) {
      const K = padTo4(dim);
      const A = randomRows(m, dim, 1);
      const B = randomRows(nb, dim, 2);
      const ref = new Float64Array(m * nb);
      for (let i = 0; i < m; i++) for (let j = 0; j < nb; j++) for (let t = 0; t < dim; t++) ref[i * nb + j] += A[i * dim + t] * B[j * dim + t];
      const got = onBoth((a) => {
        const [pA, pB, pOut, pAcc] = a.extend([m * K * 4, nb * K * 4, m * nb * 4, m * nb * 8]);
        copyRowsPadded(a, pA, A, m, dim);
        copyRowsPadded(a, pB, B, nb, dim);
        a.dots(pA, K, m, pB, K, nb, K, pOut, nb, 0);
        a.f64(pAcc, m * nb).fill(1);
        a.dots(pA, K, m, pB, K, nb, K, pAcc, nb, 1);
        a.dots(pA, K, m, pB, K, nb, K, pAcc, nb, 1);
        return { f32: Array.from(a.f32(pOut, m * nb)), f64: Array.from(a.f64(pAcc, m * nb)) };
      });
      for (const kind of KINDS) {
        expectClose(got[kind].f32, ref);
        expectClose(got[kind].f64, Array.from(ref, (v) => 1 + 2 * v));
      }
    }
  });

  it('listDots gives, for each listed pair, the very f32 value dots gives (both kernels), within 1e-5 between kernels', () => {
    const rows = 37;
    const dim = 45;
    const ld = padTo4(dim);
    const ldo = 40;
    const X = randomRows(rows, dim, 5);
    const rng = createRng(6);
    const list = Array.from({ length: 23 }, () => Math.floor(rng.next() * 20) * ldo + Math.floor(rng.next() * rows));
    const got = onBoth((a) => {
      const [pX, pT, pL, pOut] = a.extend([rows * ld * 4, rows * ldo * 4, list.length * 4, list.length * 4]);
      copyRowsPadded(a, pX, X, rows, dim);
      a.dots(pX, ld, 20, pX, ld, rows, ld, pT, ldo, 0);
      a.i32(pL, list.length).set(list);
      a.listDots(pX, pX, ld, pL, list.length, ldo, pOut);
      const tile = a.f32(pT, rows * ldo);
      return { viaDots: list.map((t) => tile[t]), viaList: Array.from(a.f32(pOut, list.length)) };
    });
    for (const kind of KINDS) expect(got[kind].viaList).toEqual(got[kind].viaDots);
    expectClose(got.wasm.viaList, got.js.viaList);
  });

  it('listDotsRuns gives the very bits listDots gives, on lists with runs of one A row, mixed quads and a short tail', () => {
    const rows = 31;
    for (const dim of [45, 784, 8]) {
      const ld = padTo4(dim);
      const ldo = 36;
      const X = randomRows(rows, dim, 7);
      // Ascending a·ldo + b as keyTile lists: runs of 1..7 pairs per row of A.
      const rng = createRng(dim);
      const list: number[] = [];
      for (let a = 0; a < 20; a++) {
        const bs = new Set(Array.from({ length: Math.floor(rng.next() * 8) }, () => Math.floor(rng.next() * rows)));
        for (const b of [...bs].sort((x, y) => x - y)) list.push(a * ldo + b);
      }
      const got = onBoth((a) => {
        const [pX, pL, pOut, pRuns] = a.extend([rows * ld * 4, list.length * 4, list.length * 4, list.length * 4]);
        copyRowsPadded(a, pX, X, rows, dim);
        a.i32(pL, list.length).set(list);
        a.listDots(pX, pX, ld, pL, list.length, ldo, pOut);
        a.listDotsRuns(pX, pX, ld, pL, list.length, ldo, pRuns);
        return { dots: Array.from(a.f32(pOut, list.length)), runs: Array.from(a.f32(pRuns, list.length)) };
      });
      for (const kind of KINDS) expect(got[kind].runs).toEqual(got[kind].dots);
    }
  });

  it('rowDist64 gives f64 squared distances and dots of one row to listed rows, the same bits on both kernels, within 1e-12 of a plain sum', () => {
    for (const dim of [45, 4, 1, 784]) {
      const rows = 29;
      const ld = padTo4(dim);
      const X = randomRows(rows, dim, 11);
      const ids = [3, 0, 28, 3, 17, 5, 9];
      const a0 = 7;
      const ref = (mode: 0 | 1): number[] =>
        ids.map((j) => {
          let s = 0;
          for (let t = 0; t < dim; t++) s += mode ? X[a0 * dim + t] * X[j * dim + t] : (X[a0 * dim + t] - X[j * dim + t]) ** 2;
          return s;
        });
      const got = onBoth((a) => {
        const [pX, pIds, pOut] = a.extend([rows * ld * 4, ids.length * 4, ids.length * 8]);
        copyRowsPadded(a, pX, X, rows, dim);
        a.i32(pIds, ids.length).set(ids);
        const out: Record<0 | 1, number[]> = { 0: [], 1: [] };
        for (const mode of [0, 1] as const) {
          a.rowDist64(pX + a0 * ld * 4, pX, ld, pIds, ids.length, mode, pOut);
          out[mode] = Array.from(a.f64(pOut, ids.length));
        }
        return out;
      });
      for (const mode of [0, 1] as const) {
        expect(got.wasm[mode]).toEqual(got.js[mode]);
        expectClose(got.wasm[mode], ref(mode), 1e-12);
      }
      expect(got.wasm[0][0]).toBeGreaterThan(0);
      expect(got.wasm[0][3]).toBe(got.wasm[0][0]);
    }
  });

  it('pack8 (centred, with and without a column gather) and syrk8 give the upper triangle of the centred PᵀP (f64, added), within 1e-5 of a plain sum, however the ranges are split', () => {
    for (const [rows, dim, gather] of [[13, 20, 0], [9, 16, 0], [4, 4, 0], [37, 45, 0], [37, 45, 1], [12, 13, 1]]) {
      const ld = padTo4(dim);
      const K = padTo4(rows);
      // the gather keeps every column but the 3rd and the last
      const cols = Array.from({ length: dim }, (_, j) => j).filter((j) => !gather || (j !== 2 && j !== dim - 1));
      const D = cols.length;
      const D8 = (D + 7) & ~7;
      const X = randomRows(rows, dim, 7);
      const mean = cols.map((j) => (j % 3) - 0.5);
      const ref = new Float64Array(D8 * D8);
      for (let a = 0; a < D; a++) for (let b = 0; b < D; b++) for (let k = 0; k < rows; k++) ref[a * D8 + b] += (X[k * dim + cols[a]] - mean[a]) * (X[k * dim + cols[b]] - mean[b]);
      const got = onBoth((ar) => {
        const [pX, pP, pC, pIdx, pMean] = ar.extend([rows * ld * 4, D8 * K * 4, D8 * D8 * 8, dim * 4, ld * 4]);
        copyRowsPadded(ar, pX, X, rows, dim);
        ar.i32(pIdx, D).set(cols);
        ar.f32(pMean, D).set(mean);
        ar.f32(pP, D8 * K).fill(NaN); // pack8 must write every float, zeros included
        ar.pack8(pX, ld, rows, K, pP, gather ? pIdx : 0, D, pMean);
        ar.f64(pC, D8 * D8).fill(1);
        // two calls over row ranges and two over column ranges: the same entries once each
        const aMid = 4 * Math.floor(D8 / 8);
        const bMid = 8 * Math.floor(D8 / 16);
        for (const [a0, a1] of [[0, aMid], [aMid, D8]]) for (const [b0, b1] of [[0, bMid], [bMid, D8]]) ar.syrk8(pP, K, a0, a1, b0, b1, pC, D8);
        return Array.from(ar.f64(pC, D8 * D8));
      });
      for (const kind of KINDS) {
        const upper: number[] = [];
        const want: number[] = [];
        for (let a = 0; a < D8; a++) for (let b = a; b < D8; b++) {
          upper.push(got[kind][a * D8 + b]);
          want.push(1 + ref[a * D8 + b]);
        }
        expectClose(upper, want);
      }
    }
  });

  it('xw gives X·W, agreeing with a plain f64 sum within 1e-5 relative, for widths of 4, 8 and 12 and row counts off its 4-row tiles', () => {
    for (const [m, K, w, ld] of [[13, 100, 12, 104], [4, 8, 8, 8], [7, 20, 4, 20], [1, 4, 16, 8], [10, 45, 52, 48]]) {
      const rng = createRng(m * K + w);
      const X = Float32Array.from({ length: m * ld }, (_, t) => (t % ld < K ? rng.gaussian() : 0));
      const W = Float32Array.from({ length: K * w }, () => rng.gaussian());
      const ref = Array.from({ length: m * w }, (_, t) => {
        let s = 0;
        for (let a = 0; a < K; a++) s += X[Math.floor(t / w) * ld + a] * W[a * w + (t % w)];
        return s;
      });
      const got = onBoth((a) => {
        const [pX, pW, pOut] = a.extend([m * ld * 4, K * w * 4, m * w * 4]);
        a.f32(pX, m * ld).set(X);
        a.f32(pW, K * w).set(W);
        a.xw(pX, ld, m, pW, K, w, pOut);
        return Array.from(a.f32(pOut, m * w));
      });
      for (const kind of KINDS) expectClose(got[kind], ref);
    }
  });

  it('gemv64 gives A·x in f64, agreeing with a plain sum within 1e-12 relative, for row counts off its 4-row blocks', () => {
    for (const [m, n, lda] of [[7, 10, 12], [4, 2, 2], [1, 6, 8], [13, 100, 104]]) {
      const rng = createRng(m + n);
      const A = Float64Array.from({ length: m * lda }, (_, t) => (t % lda < n ? rng.gaussian() : 0));
      const x = Float64Array.from({ length: n }, () => rng.gaussian());
      const ref = Array.from({ length: m }, (_, i) => x.reduce((acc, xj, j) => acc + A[i * lda + j] * xj, 0));
      const got = onBoth((a) => {
        const [pA, pX, pY] = a.extend([m * lda * 8, n * 8, m * 8]);
        a.f64(pA, m * lda).set(A);
        a.f64(pX, n).set(x);
        a.gemv64(pA, lda, m, n, pX, pY);
        return Array.from(a.f64(pY, m));
      });
      for (const kind of KINDS) expectClose(got[kind], ref, 1e-12);
    }
  });

  it('colstats, centerPack and transpose give the same numbers in both kernels', () => {
    const n = 37;
    const dim = 10;
    const ld = padTo4(dim);
    const X = randomRows(n, dim, 3);
    for (let i = 0; i < n; i++) X[i * dim + 4] = 2.5; // a constant column
    const active = [0, 1, 2, 3, 5, 6, 7, 8, 9];
    const got = onBoth((a) => {
      const [pX, pSum, pMin, pMax, pIdx, pMean, pT] = a.extend([n * ld * 4, ld * 8, ld * 4, ld * 4, 64, ld * 4, ld * 40 * 4]);
      copyRowsPadded(a, pX, X, n, dim);
      a.f32(pMin, ld).fill(Infinity);
      a.f32(pMax, ld).fill(-Infinity);
      a.colstats(pX, ld, 0, 20, pSum, pMin, pMax);
      a.colstats(pX, ld, 20, n, pSum, pMin, pMax);
      const sums = Array.from(a.f64(pSum, dim));
      const lo = Array.from(a.f32(pMin, dim));
      const hi = Array.from(a.f32(pMax, dim));
      a.i32(pIdx, active.length).set(active);
      a.f32(pMean, ld).set(active.map((j) => sums[j] / n));
      a.centerPack(pX, ld, 0, n, pIdx, active.length, pMean, pX, 12);
      a.transpose(pX, 12, 3, 30, active.length, pT, 40);
      return { sums, lo, hi, packed: Array.from(a.f32(pX, n * 12)), t: Array.from(a.f32(pT, active.length * 40)) };
    });
    for (let j = 0; j < dim; j++) {
      let s = 0;
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < n; i++) {
        s += X[i * dim + j];
        lo = Math.min(lo, X[i * dim + j]);
        hi = Math.max(hi, X[i * dim + j]);
      }
      for (const kind of KINDS) {
        expect(got[kind].sums[j]).toBeCloseTo(s, 10);
        expect(got[kind].lo[j]).toBe(lo);
        expect(got[kind].hi[j]).toBe(hi);
      }
    }
    expect(got.wasm.lo[4]).toBe(got.wasm.hi[4]);
    expectClose(got.wasm.packed, got.js.packed, 1e-7);
    expect(got.wasm.packed[12 * 5 + 9]).toBe(0); // pad columns are zero
    expect(got.wasm.t).toEqual(got.js.t);
    expect(got.js.t[2 * 40 + 4]).toBe(got.js.packed[(3 + 4) * 12 + 2]);
  });

  it('keyTile gives the same keys and lists the same pairs in both kernels (thresholds, diagonal, pad lanes)', () => {
    const rng = createRng(5);
    const m = 9;
    const nb = 10;
    const ldo = 12;
    const n = 30;
    const dotsTile = Float32Array.from({ length: m * ldo }, () => rng.gaussian());
    const term = Float32Array.from({ length: n + 4 }, () => 1 + rng.next());
    const thr = Float32Array.from({ length: n + 4 }, (_, i) => (i >= n ? -Infinity : i % 3 === 0 ? Infinity : rng.gaussian() * 2));
    for (const metric of [0, 1] as const) {
      for (const [i0, j0] of [[0, 0], [0, 12], [12, 0]]) {
        const got = onBoth((a) => {
          const [pT, pTerm, pThr, pList] = a.extend([m * ldo * 4, (n + 4) * 4, (n + 4) * 4, m * ldo * 4]);
          a.f32(pT, m * ldo).set(dotsTile);
          a.f32(pTerm, n + 4).set(term);
          a.f32(pThr, n + 4).set(thr);
          const count = a.keyTile(pT, m, nb, ldo, i0, j0, pTerm, pThr, metric, pList);
          const listed = Array.from(a.i32(pList, count));
          return { listed, keys: listed.map((t) => a.f32(pT, m * ldo)[t]) };
        });
        expect(got.wasm.listed).toEqual(got.js.listed);
        expect(got.wasm.keys).toEqual(got.js.keys);
        for (const t of got.js.listed) {
          const a = Math.floor(t / ldo);
          const b = t - a * ldo;
          expect(b).toBeLessThan(nb);
          if (i0 === j0) expect(b).toBeGreaterThan(a);
        }
        expect(got.js.listed.length).toBeGreaterThan(0);
      }
    }
  });

  it('gather copies the named rows and project gives offset + row·v, the same in both kernels', () => {
    const n = 20;
    const dim = 10;
    const ld = padTo4(dim);
    const X = randomRows(n, dim, 6);
    const v = randomRows(1, dim, 7);
    const ids = [3, 17, 0, 3, 9];
    const got = onBoth((a) => {
      const [pX, pIds, pV, pRows, pOut] = a.extend([n * ld * 4, 64, ld * 4, ids.length * ld * 4, 64]);
      copyRowsPadded(a, pX, X, n, dim);
      copyRowsPadded(a, pV, v, 1, dim);
      a.i32(pIds, ids.length).set(ids);
      a.gather(pX, ld, pIds, ids.length, pRows);
      a.project(pX, ld, pIds, ids.length, pV, 0.5, pOut);
      return { rows: Array.from(a.f32(pRows, ids.length * ld)), sides: Array.from(a.f32(pOut, ids.length)) };
    });
    for (const kind of KINDS) {
      ids.forEach((id, r) => {
        expect(got[kind].rows.slice(r * ld, r * ld + dim)).toEqual(Array.from(X.subarray(id * dim, (id + 1) * dim)));
        let s = 0.5;
        for (let t = 0; t < dim; t++) s += X[id * dim + t] * v[t];
        expect(got[kind].sides[r]).toBeCloseTo(s, 5);
      });
    }
    expectClose(got.wasm.sides, got.js.sides);
  });

  it('compact copies the first columns of each row less a bias, to a narrower stride, the same in both kernels', () => {
    const [rows, ld, cols, ldo] = [7, 12, 10, 11];
    const X = randomRows(rows, ld, 8);
    const bias = randomRows(1, cols, 9);
    const got = onBoth((a) => {
      const [pX, pBias, pOut] = a.extend([rows * ld * 4, 64, rows * ldo * 4]);
      a.f32(pX, rows * ld).set(X);
      a.f32(pBias, cols).set(bias);
      a.compact(pX, ld, rows, cols, pBias, pOut, ldo);
      return Array.from(a.f32(pOut, rows * ldo));
    });
    const want: number[] = [];
    for (let i = 0; i < rows; i++) for (let c = 0; c < ldo; c++) want.push(c < cols ? Math.fround(X[i * ld + c] - bias[c]) : 0);
    for (const kind of KINDS) expect(got[kind]).toEqual(want);
  });

  it('symmetrise64 recentres, scales and mirrors an upper triangle in place, the same bits in both kernels', () => {
    const [ld, D, scale, f] = [12, 10, 0.25, 3];
    const M0 = Float64Array.from(randomRows(ld, ld, 10));
    const d = Float64Array.from(randomRows(1, D, 11));
    const got = onBoth((a) => {
      const [pM, pD] = a.extend([ld * ld * 8, D * 8]);
      a.f64(pM, ld * ld).set(M0);
      a.f64(pD, D).set(d);
      a.symmetrise64(pM, ld, D, scale, pD, f);
      return Array.from(a.f64(pM, ld * ld));
    });
    for (let a = 0; a < ld; a++) {
      for (let b = 0; b < ld; b++) {
        const want = a < D && b < D ? (M0[Math.min(a, b) * ld + Math.max(a, b)] - f * d[Math.min(a, b)] * d[Math.max(a, b)]) * scale : M0[a * ld + b];
        expect(got.wasm[a * ld + b]).toBe(want);
      }
    }
    expect(got.js).toEqual(got.wasm);
  });

  it('extend keeps the contents of earlier blocks', () => {
    for (const kind of KINDS) {
      const a = createDenseArena([16], kind);
      a.f32(a.ptr[0], 4).set([1, 2, 3, 4]);
      const [big] = a.extend([8 << 20]);
      expect(Array.from(a.f32(a.ptr[0], 4))).toEqual([1, 2, 3, 4]);
      expect(a.f32(big, 4)[3]).toBe(0);
    }
  });

  // Every run makes new arenas. Were an arena's calls its own closures (as they once
  // were), V8's optimised loops would meet new call targets in every run and be thrown
  // away and compiled again, which made 2-thread kNN graphs ~1.5× one thread, not ~1.8×.
  it('gives every arena, plain, shared or attached, the same call targets', () => {
    const plain = [createDenseArena([64], 'wasm'), createDenseArena([64], 'wasm')];
    const shared = createSharedDenseArena([64]);
    const all = [...plain, shared.arena, attachDenseArena(shared.memory, shared.arena.ptr), createDenseArena([64], 'js')];
    for (const a of all) {
      expect(a.dots).toBe(plain[0].dots);
      expect(a.keyTile).toBe(plain[0].keyTile);
      expect(a.f32).toBe(plain[0].f32);
    }
  });

  it('a shared arena computes like a plain one, and says it cannot grow', () => {
    const X = randomRows(5, 8, 3);
    const run = (a: DenseArena): number[] => {
      const [pX, pOut] = a.ptr;
      a.f32(pX, 40).set(X);
      a.dots(pX, 8, 5, pX, 8, 5, 8, pOut, 8, 0);
      return Array.from(a.f32(pOut, 40));
    };
    const shared = createSharedDenseArena([160, 160]);
    expect(run(shared.arena)).toEqual(run(createDenseArena([160, 160], 'wasm')));
    expect(Array.from(attachDenseArena(shared.memory, shared.arena.ptr).f32(shared.arena.ptr[1], 40))).toEqual(run(shared.arena));
    expect(() => shared.arena.extend([1 << 20])).toThrow('a shared dense arena does not grow');
  });
});
