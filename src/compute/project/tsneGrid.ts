/**
 * The calling side of t-SNE's FFT grid (tsneFft.ts uses it): memory sized for the
 * largest grid so far, and each phase as commands to the grid task (tsneGridTask.ts, where
 * the work and how it is split are described), cut into chunks a step can pause between.
 */
import { serialPool } from '../parallel/pool';
import type { KernelJob, KernelPool } from '../parallel/types';
import { gridBytes, OP_COLUMNS, OP_GATHER, OP_KERNEL, OP_PRODUCT, OP_ROWS, OP_SPREAD, OP_TRANSPOSE, OP_UNPACK, tsneGridTask, type GridCtx, type GridShared } from './tsneGridTask';

/** Whether the grid can be shared across `pool` here. */
function parallelGridAvailable(pool: KernelPool | undefined): pool is KernelPool {
  return !!pool && pool.threads > 1 && typeof SharedArrayBuffer === 'function';
}

/** Complex points of FFT work per command when the caller wants to pause between (~10 ms). */
const QUANTUM = 1 << 20;
/** The spread runs on the calling thread alone below L² = this × n (see spread). */
const SOLO_SPREAD_POINTS = 6;

/** Which cached spectra: the plain kernel's or the split's far part. */
export type SpectraMode = 0 | 1;

/** The grid's commands, as tsneFft.ts's phases use them; every generator yields between commands. */
export interface Grid {
  /** Makes room for an L × L grid (keeps the cached spectra). */
  reserve(L: number): void;
  /** The charges and forwardReal's column pass. */
  spread(y: Float64Array, L: number, x0: number, y0: number, s: number): Generator<void, void, void>;
  /**
   * The row passes of both transforms around the product with the mode's force
   * multiplier; returns Σ K̂·|Q̂|² (Z by Parseval, before /L²).
   */
  product(L: number, mode: SpectraMode): Generator<void, number, void>;
  /** The inverse column pass: only columns [0, L/2) come out (unnormalised: gather scales). */
  inverse(L: number): Generator<void, void, void>;
  gather(out: Float64Array, L: number): void;
  /** The mode's spectra for spacing s. */
  buildSpectra(L: number, s: number, mode: SpectraMode, inv2: number): Generator<void, void, void>;
  dispose(): void;
}

/**
 * The grid for n points with p-point stencils, on `pool`'s threads when it has several
 * (else on this one). `quantum`: complex points of FFT work per command (tests make it small).
 */
export function createGrid(n: number, p: number, pool?: KernelPool, quantum = QUANTUM): Grid {
  const threaded = parallelGridAvailable(pool);
  const host = threaded ? pool : serialPool();
  let lMax = 0;
  let job: KernelJob<GridCtx> | null = null;
  /**
   * The same task on the same memory, on this thread alone, for the spectra: every
   * command's result is the same however it is split, and rebuilding a spectrum is a few
   * small commands whose wake-ups of the threads cost more than the work they share
   * (MNIST 10k, 91 rebuilds a run: 92–101 ms on one thread, 238–244 ms on two).
   */
  let solo: KernelJob<GridCtx> | null = null;

  function reserve(L: number): void {
    if (L <= lMax && job) return;
    const buffer = threaded ? new SharedArrayBuffer(gridBytes(n, p, L)) : new ArrayBuffer(gridBytes(n, p, L));
    const next: GridShared = { buffer, n, p, lMax: L };
    const old = job;
    job = host.attach(tsneGridTask, next);
    solo = threaded ? serialPool().attach(tsneGridTask, next) : null;
    if (old) {
      // Cached spectra of smaller grids stay valid: they are indexed by their own L.
      const from = old.ctx.v, to = job.ctx.v;
      for (let mode = 0; mode < 2; mode++) {
        to.kHat[mode].set(from.kHat[mode]);
        to.mRe[mode].set(from.mRe[mode]);
        to.mIm[mode].set(from.mIm[mode]);
      }
      old.release();
    }
    lMax = L;
  }

  function live(): KernelJob<GridCtx> {
    if (!job) throw new Error('the t-SNE grid has no memory yet (reserve first)');
    return job;
  }

  /** Runs `op` over [from, to) in chunks of about QUANTUM points, yielding between. */
  function* pass(j: KernelJob<GridCtx>, op: number, L: number, from: number, to: number, inverse: boolean): Generator<void, void, void> {
    const chunk = Math.max(1, Math.floor(quantum / L));
    for (let a = from; a < to; a += chunk) {
      j.run(op, [L, a, Math.min(to, a + chunk), inverse ? 1 : 0]);
      if (a + chunk < to) yield;
    }
  }

  return {
    reserve,
    *spread(y, L, x0, y0, s) {
      // A small grid's spread is mostly per-point work, which every thread repeats for
      // the points near its columns: on 2 threads it was slower up to L = 192 at 10k
      // points (MNIST, per call: L 64 0.55–0.72 ms against 0.47–0.58 on one thread; 128:
      // 0.8–1.0 against 0.55; 192: 0.61–0.79 against 0.62–0.67), and hardly faster above
      // (256: 0.69 against 0.72–0.78; 384: 1.2–1.3 against 1.1–1.2).
      const j = solo && L * L < SOLO_SPREAD_POINTS * n ? solo : live();
      j.ctx.v.y.set(y.subarray(0, 2 * n));
      const pairs = L / 4;
      const chunk = Math.max(1, Math.floor(quantum / (2 * L)));
      for (let a = 0; a < pairs; a += chunk) {
        j.run(OP_SPREAD, [L, x0, y0, s, a, Math.min(pairs, a + chunk)]);
        if (a + chunk < pairs) yield;
      }
    },
    *product(L, mode) {
      const j = live();
      const rows = L / 2 + 1;
      // Each row pair costs two rows of both transforms.
      const chunk = Math.max(1, Math.floor(quantum / (4 * L)));
      for (let a = 0; a < rows; a += chunk) {
        j.run(OP_PRODUCT, [L, mode, a, Math.min(rows, a + chunk)]);
        if (a + chunk < rows) yield;
      }
      let z = 0;
      for (let r = 0; r < L; r++) z += j.ctx.v.zRow[r];
      return z;
    },
    *inverse(L) {
      yield* pass(live(), OP_COLUMNS, L, 0, L / 2, true);
    },
    gather(out, L) {
      const j = live();
      j.run(OP_GATHER, [L, 1 / (L * L)]);
      out.set(j.ctx.v.out);
    },
    *buildSpectra(L, s, mode, inv2) {
      const j = solo ?? live();
      j.run(OP_KERNEL, [L, s, mode, inv2]);
      yield;
      yield* pass(j, OP_COLUMNS, L, 0, L, false);
      yield;
      yield* pass(j, OP_ROWS, L, 0, L, false);
      yield;
      j.run(OP_UNPACK, [L, s, mode]);
      j.run(OP_TRANSPOSE, [L, mode]);
    },
    dispose() {
      job?.release();
      job = null;
      solo = null;
      lMax = 0;
    },
  };
}
