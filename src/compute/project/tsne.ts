/**
 * t-SNE on a precomputed sparse kNN graph, as a Steppable.
 *
 * Pipeline: perplexity calibration on the graph (perplexity.ts) → symmetric P →
 * gradient descent with early exaggeration, momentum and per-coordinate gains
 * (the schedule of openTSNE / FIt-SNE), where the repulsive half of the gradient
 * comes from grid interpolation + FFT (tsneFft.ts, the default), Barnes-Hut
 * (tsneBarnesHut.ts) or the exact O(N²) sum (small N, tests).
 *
 * Work units: one unit is one gradient-descent iteration; for large N an
 * iteration is split into several units (calibration chunks, attractive-force
 * chunks, repulsion phases) so a caller can stop within ~100 ms.
 */
import type { Steppable } from '../task';
import { createRng } from '../random';
import { calibrateRows, symmetrizeSteps, type KnnGraphInput, type SparseMatrix } from './perplexity';
import type { KernelPool } from '../parallel/types';
import { createAttractKernel } from './tsneAttract';
import { createParallelAttractKernel, parallelAttractAvailable } from './tsneAttractParallel';
import { createParallelCalibration, parallelCalibrateAvailable } from './tsneCalibrateParallel';
import { drain, exactRepulsion, klDivergence, type Repulsion } from './tsneForces';
import { createFftRepulsion, type FftRepulsionOptions } from './tsneFft';
import { createBarnesHutRepulsion } from './tsneBarnesHut';

export type TsneGradient = 'auto' | 'fft' | 'barnes-hut' | 'exact';

export interface TsneParams {
  /** Effective number of neighbours. Default 30; clamped to k/3 of the graph (build k = 3·perplexity). */
  readonly perplexity?: number;
  /** 'auto' (default) = max(N / earlyExaggeration, 200), as in openTSNE (Belkina et al. 2019). */
  readonly learningRate?: number | 'auto';
  /** Total iterations, early exaggeration included. Default 1000. */
  readonly iterations?: number;
  /** Iterations of early exaggeration at the start. Default 250. */
  readonly earlyExaggerationIterations?: number;
  /** P multiplier during early exaggeration. Default 12. */
  readonly earlyExaggeration?: number;
  /** P multiplier afterwards. Default 1. */
  readonly exaggeration?: number;
  /** Momentum during / after early exaggeration. Defaults 0.5 / 0.8. */
  readonly initialMomentum?: number;
  readonly finalMomentum?: number;
  /** Floor for the per-coordinate gains. Default 0.01. */
  readonly minGain?: number;
  /** Longest step a point may take in one iteration (keeps outliers from shooting off). Default 5. */
  readonly maxStepNorm?: number;
  /** Seed for the random initialisation. Default 42. */
  readonly seed?: number;
  /**
   * Repulsion method. Default 'auto': exact below EXACT_MAX_N points (the grid's fixed
   * cost is larger there), 'fft' above.
   */
  readonly gradient?: TsneGradient;
  /** Barnes-Hut opening angle. Default 0.5. */
  readonly theta?: number;
  /** Grid settings for the FFT method. */
  readonly fft?: FftRepulsionOptions;
  /** Points above which an iteration is split into several work units. Default 20000. */
  readonly splitAbove?: number;
  /** Attractive forces: 'auto' (WebAssembly where available) or 'js'; both give the same bits. */
  readonly kernel?: 'auto' | 'js';
}

export interface TsneInput {
  readonly n: number;
  readonly graph: KnnGraphInput;
  /** n × 2 starting positions, e.g. scaleInit(pca scores); random (std 1e-4) when absent. */
  readonly init?: Float32Array;
}

export interface TsneTask extends Steppable<Float32Array, Float32Array> {
  /** Completed gradient-descent iterations. */
  iteration(): number;
  /** KL(P‖Q) of the current layout (costs one extra repulsion pass). NaN before P exists. */
  klDivergence(): number;
}

/** Rescales n × 2 positions (PCA scores) so the first column has standard deviation `std` (openTSNE). */
export function scaleInit(scores2d: Float32Array, std = 1e-4): Float32Array {
  const n = scores2d.length / 2;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += scores2d[2 * i];
    my += scores2d[2 * i + 1];
  }
  mx /= n || 1;
  my /= n || 1;
  let v = 0;
  for (let i = 0; i < n; i++) v += (scores2d[2 * i] - mx) ** 2;
  const sd = Math.sqrt(v / (n || 1));
  const f = sd > 0 ? std / sd : 0;
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    out[2 * i] = (scores2d[2 * i] - mx) * f;
    out[2 * i + 1] = (scores2d[2 * i + 1] - my) * f;
  }
  return out;
}

/** Gaussian positions with standard deviation `std`, from a seed. */
export function randomInit(n: number, seed: number, std = 1e-4): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(2 * n);
  for (let i = 0; i < 2 * n; i++) out[i] = rng.gaussian() * std;
  return out;
}

/** Up to this many points 'auto' uses the exact O(N²) gradient (measured crossover with the grid: ~700). */
export const EXACT_MAX_N = 600;

export interface TsneRunOptions {
  /**
   * Kernel threads for the perplexity calibration (tsneCalibrateParallel.ts), the
   * attractive forces (tsneAttractParallel.ts), the FFT grid (tsneGrid.ts) and the
   * near-field repulsion (tsneNearParallel.ts): the same layout bit for bit on any number
   * of threads ≥ 2, within float rounding of one thread's.
   */
  readonly pool?: KernelPool;
}

export function createTsne(input: TsneInput, params: TsneParams = {}, opts: TsneRunOptions = {}): TsneTask {
  const { n, graph } = input;
  if (!Number.isInteger(n) || n < 1) throw new Error(`t-SNE needs n ≥ 1, got ${n}`);
  if (input.init && input.init.length !== 2 * n) {
    throw new Error(`t-SNE init: expected ${2 * n} values (n × 2), got ${input.init.length}`);
  }
  if (graph.indices.length !== n * graph.k || graph.distances.length !== n * graph.k) {
    throw new Error(`t-SNE graph: expected ${n} × ${graph.k} entries, got ${graph.indices.length} indices, ${graph.distances.length} distances`);
  }
  const iterations = Math.max(0, Math.floor(params.iterations ?? 1000));
  const eeIters = Math.min(iterations, Math.max(0, Math.floor(params.earlyExaggerationIterations ?? 250)));
  const earlyExaggeration = params.earlyExaggeration ?? 12;
  const lateExaggeration = params.exaggeration ?? 1;
  const lr = params.learningRate === undefined || params.learningRate === 'auto'
    ? Math.max(n / earlyExaggeration, 200)
    : params.learningRate;
  const momentum0 = params.initialMomentum ?? 0.5;
  const momentum1 = params.finalMomentum ?? 0.8;
  const minGain = params.minGain ?? 0.01;
  const maxStep = params.maxStepNorm ?? 5;
  // The target entropy must be reachable with the neighbours the graph holds.
  const validPerRow = Math.max(1, Math.min(graph.k, n - 1));
  const perplexity = Math.min(params.perplexity ?? 30, Math.max(1, validPerRow / 3), validPerRow);
  const split = n > (params.splitAbove ?? 20000);
  // Rows per unit when split: ~10 ms of calibration or attractive forces each.
  const chunkRows = split ? 2048 : n;

  const y = new Float64Array(2 * n);
  const init = input.init ?? randomInit(n, params.seed ?? 42);
  for (let i = 0; i < 2 * n; i++) y[i] = init[i];
  const update = new Float64Array(2 * n);
  const gains = new Float64Array(2 * n).fill(1);
  const grad = new Float64Array(2 * n);
  const rep = new Float64Array(2 * n);

  const asked = params.gradient ?? 'auto';
  const method = asked === 'auto' ? (n <= EXACT_MAX_N ? 'exact' : 'fft') : asked;
  const makeRepulsion = (pool?: KernelPool): Repulsion =>
    method === 'exact' ? exactRepulsion(n)
    : method === 'barnes-hut' ? createBarnesHutRepulsion(n, { theta: params.theta ?? 0.5 })
    : createFftRepulsion(n, params.fft, pool);
  // The iterations' repulsion gets the kernel threads (klDivergence's own copy does not).
  const threads = params.kernel !== 'js';
  const repulsion = makeRepulsion(threads ? opts.pool : undefined);
  // klDivergence() may be called while an iteration is suspended halfway (split
  // mode), so it gets its own instance rather than the one holding that state.
  let klRepulsion: Repulsion | null = null;

  // Only the strict upper triangle of the symmetric P is kept (half the memory).
  let upper: SparseMatrix | null = null;
  let done = 0;
  let finished = false;
  // Units of work done and expected, for progress(): calibration counts as ~5 iterations.
  const calibChunks = Math.ceil(n / chunkRows);
  let calibDone = 0;

  /** Conditional affinities in row chunks, then the symmetric joint P's upper triangle. */
  function* buildP(): Generator<void, SparseMatrix, void> {
    // Rows are calibrated independently: on the kernel threads, the same bits.
    const shared = threads && parallelCalibrateAvailable(opts.pool) ? createParallelCalibration(n, graph, perplexity, opts.pool) : null;
    const cond = shared ? shared.cond : new Float64Array(n * graph.k);
    const betas = new Float64Array(n);
    for (let r0 = 0; r0 < n; r0 += chunkRows) {
      if (shared) shared.rows(r0, Math.min(n, r0 + chunkRows));
      else calibrateRows(n, graph, perplexity, cond, betas, r0, Math.min(n, r0 + chunkRows));
      calibDone++;
      if (split) yield;
    }
    shared?.release();
    const steps = symmetrizeSteps(n, graph.k, graph.indices, cond, true);
    return split ? yield* steps : drain(steps);
  }

  function* run(): Generator<void, void, void> {
    // 1. P (its own generator, so the n × k conditional matrix is freed when it returns).
    const Pu = yield* buildP();
    upper = Pu;
    const threaded = threads && parallelAttractAvailable(opts.pool) ? createParallelAttractKernel(Pu, opts.pool) : null;
    const attract = threaded ?? createAttractKernel(Pu, params.kernel ?? 'auto');
    if (split) yield;

    // 2. Gradient descent.
    for (let it = 0; it < iterations; it++) {
      const early = it < eeIters;
      const exag = early ? earlyExaggeration : lateExaggeration;
      const momentum = early ? momentum0 : momentum1;
      const Z = split ? yield* repulsion.phases(y, rep) : drain(repulsion.phases(y, rep));
      const invZ = Z > 0 ? 1 / Z : 0;
      for (let i = 0; i < 2 * n; i++) grad[i] = -rep[i] * invZ;
      for (let r0 = 0; r0 < n; r0 += chunkRows) {
        attract.run(y, grad, exag, r0, Math.min(n, r0 + chunkRows));
        if (split) yield;
      }
      step(momentum);
      done = it + 1;
      if (done === iterations) {
        threaded?.dispose();
        repulsion.dispose?.();
      }
      // The last iteration ends the generator, so step() reports completion with it.
      if (done < iterations) yield;
    }
  }

  /**
   * The gain of one coordinate: up when the gradient's sign differs from the last
   * update's (the step keeps overshooting one way), down otherwise.
   */
  function gainOf(gain: number, g: number, u: number): number {
    return (g > 0) !== (u > 0) ? gain + 0.2 : gain * 0.8 + minGain;
  }

  /**
   * Gains, momentum, step clipping, re-centring: one descent step from `grad`. The two
   * coordinates of a point are written out rather than looped over: the same arithmetic
   * and bits, and 750 steps of GloVe 10k took 155 ms instead of 185 (serial work, which
   * more threads do not shorten).
   */
  function step(momentum: number): void {
    let mx = 0;
    let my = 0;
    for (let c = 0; c < 2 * n; c += 2) {
      const gx = grad[c];
      const gy = grad[c + 1];
      const vx = update[c];
      const vy = update[c + 1];
      const ax = gainOf(gains[c], gx, vx);
      const ay = gainOf(gains[c + 1], gy, vy);
      gains[c] = ax;
      gains[c + 1] = ay;
      let ux = momentum * vx - lr * ax * gx;
      let uy = momentum * vy - lr * ay * gy;
      const norm = Math.sqrt(ux * ux + uy * uy);
      if (norm > maxStep) {
        ux *= maxStep / norm;
        uy *= maxStep / norm;
      }
      update[c] = ux;
      update[c + 1] = uy;
      const px = y[c] + ux;
      const py = y[c + 1] + uy;
      y[c] = px;
      y[c + 1] = py;
      mx += px;
      my += py;
    }
    mx /= n;
    my /= n;
    for (let c = 0; c < 2 * n; c += 2) {
      y[c] -= mx;
      y[c + 1] -= my;
    }
  }

  const gen = run();
  const totalUnits = iterations + 5;

  return {
    step(budget: number): boolean {
      if (finished) return true;
      const units = Math.max(1, Math.floor(budget));
      for (let u = 0; u < units; u++) {
        if (gen.next().done) {
          finished = true;
          return true;
        }
      }
      return false;
    },
    progress(): number {
      if (finished) return 1;
      return Math.min(1, (5 * (calibDone / calibChunks) + done) / totalUnits);
    },
    snapshot(): Float32Array {
      return Float32Array.from(y);
    },
    result(): Float32Array {
      return Float32Array.from(y);
    },
    iteration: () => done,
    klDivergence(): number {
      if (!upper) return NaN;
      klRepulsion ??= makeRepulsion();
      const Z = klRepulsion.compute(y, new Float64Array(2 * n));
      return klDivergence(upper, y, Z);
    },
  };
}

