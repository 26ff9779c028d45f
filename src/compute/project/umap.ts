/**
 * UMAP (McInnes, Healy & Melville 2018) on flat typed arrays, as a Steppable.
 *
 *   kNN graph ──► fuzzy simplicial set (CSR, umapGraph.ts) ──► init (spectral / given / random)
 *            ──► SGD epochs: attraction along sampled edges, repulsion from random points
 *
 * It follows umap-learn's `optimize_layout_euclidean` (edge sampling by
 * epochs-per-sample, negative sampling rate, clipped gradients, linearly decaying
 * learning rate, a/b fitted from spread and minDist, both ends of an edge moving on
 * attraction as umap-learn's `move_other=True`), with one default changed on purpose:
 * 6 negative samples per positive one instead of 5 (see DEFAULT_UMAP_PARAMS), and one
 * change of schedule for speed: a row's gradients (attraction and negatives) are taken
 * at the head's position before the row's current pair of due edges rather than after
 * every single sample (umapSgd.ts; same recall). It is built for speed in JS:
 *  - the graph stays CSR; each row's head point lives in registers while its edges run;
 *  - the layout is 2D only, so the inner loop is written out for x and y;
 *  - the two gradient coefficients, which need d^b (Math.pow costs ~40 ns in V8), are
 *    read from tables indexed by the float32 bits of d² (exponent + 8 mantissa bits,
 *    ≤ 0.4 % relative error, far below SGD noise); outside the table's range the exact
 *    formula runs;
 *  - negative samples come from an inline xorshift32 seeded from createRng(seed);
 *  - the epoch loop (umapSgd.ts) runs in WebAssembly where the engine has it — the same
 *    operations in the same order, so the same bits as its JS twin.
 *
 * Deterministic: for a given input and seed the result is bit-identical, however the
 * work is sliced into steps. Given a kernel pool of several threads the epochs run on
 * private copies of the layout whose moves are summed (umapSgdParallel.ts): reproducible
 * for a seed and a thread count, but not the one-thread layout bit for bit.
 *
 * Step unit: one epoch, or 1/s of an epoch for large graphs (≈ EDGES_PER_UNIT edges per
 * unit) so a single unit stays well under 100 ms; graph building yields a unit per
 * 4096 rows and spectral initialisation one per vector per iteration.
 */
import { createRng } from '../random';
import type { Steppable } from '../task';
import type { KnnGraph } from '../neighbors/knn';
import { spectralLayout } from './spectral';
import { fuzzySimplicialSetSteps, type CsrGraph } from './umapGraph';
import type { KernelPool } from '../parallel/types';
import { buildSgd, type SgdKernelChoice, type SgdState } from './umapSgd';
import { buildParallelSgd, parallelSgdAvailable } from './umapSgdParallel';

export interface UmapParams {
  /** Neighbourhood size, counting the point itself as umap-learn does (≥ 2; uses nNeighbors − 1 graph columns). */
  nNeighbors: number;
  minDist: number;
  spread: number;
  /** Total epochs; default 500 for n ≤ 10 000, else 200 (as umap-learn). */
  nEpochs: number | 'auto';
  negativeSampleRate: number;
  learningRate: number;
  repulsionStrength: number;
  /** Starting layout when the input has none. */
  init: 'spectral' | 'random';
  seed: number;
  /** SGD loop: 'auto' (WebAssembly where available), 'wasm' or 'js'; both give the same bits. */
  kernel?: SgdKernelChoice;
}

export const DEFAULT_UMAP_PARAMS: UmapParams = {
  nNeighbors: 15,
  minDist: 0.1,
  spread: 1,
  nEpochs: 'auto',
  // umap-learn's (and umap-js's) default is 5. We use 6, a deliberate setting rather
  // than a reimplementation fix: with 5, our layouts match umap-learn's algorithm and
  // umap-js step for step, and on the same neighbour graph both give the same kNN
  // recall@10 (GloVe 10k, exact graph: 0.232 both; umap-js on its own graph 0.234–
  // 0.238 over seeds, ours on that graph 0.233–0.236), so the differences measured
  // before were seed and graph noise, not a defect. umap-learn documents this knob as
  // "greater repulsive force, greater optimization cost, slightly more accuracy", and
  // here it is the cheapest accuracy there is: 6 vs 5 lifts recall@10 on GloVe 10k
  // from 0.230–0.234 to 0.245–0.248 and on MNIST 10k from 0.250–0.256 to 0.262–0.263
  // (3 seeds each), 10-NN accuracy unchanged, for ~+5 % of the whole pipeline's CPU
  // time at 10k (SGD alone ~+15 %) and < 1 % at 50k (where NN-descent, the edge scan
  // and attraction dominate). Repulsion now weighs 6/5 of umap-learn's: clusters sit
  // slightly less tight, neighbourhoods are better kept. More epochs buy far less
  // (750 instead of 500: +0.003 on GloVe 10k for +50 % SGD time).
  negativeSampleRate: 6,
  learningRate: 1,
  repulsionStrength: 1,
  init: 'spectral',
  seed: 0,
};

export interface UmapInput {
  n: number;
  graph: KnnGraph;
  /** Optional n×2 starting layout (e.g. PCA scores); rescaled to [0, 10]² like spectral init. */
  init?: Float32Array;
}

/** Edges handled per step unit; keeps a unit ≈ 10–40 ms on a laptop. */
const EDGES_PER_UNIT = 1 << 20;

export function autoEpochs(n: number): number {
  return n <= 10_000 ? 500 : 200;
}

/**
 * Fits a, b of the low-dimensional similarity 1/(1 + a·d^(2b)) to the curve that is 1
 * up to minDist and decays as exp(−(d − minDist)/spread) after it (least squares on 300
 * points in [0, 3·spread], Levenberg–Marquardt, as umap-learn's `find_ab_params`).
 */
export function findAB(spread: number, minDist: number): { a: number; b: number } {
  const N = 300;
  const xs = new Float64Array(N);
  const ys = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const x = (3 * spread * i) / (N - 1);
    xs[i] = x;
    ys[i] = x < minDist ? 1 : Math.exp(-(x - minDist) / spread);
  }
  const sse = (a: number, b: number): number => {
    let s = 0;
    for (let i = 0; i < N; i++) {
      const r = 1 / (1 + a * Math.pow(xs[i], 2 * b)) - ys[i];
      s += r * r;
    }
    return s;
  };
  let a = 1;
  let b = 1;
  let lambda = 1e-3;
  let err = sse(a, b);
  for (let it = 0; it < 200; it++) {
    // Normal equations of the 2-parameter problem, J from the analytic derivatives.
    let jaa = 0, jab = 0, jbb = 0, ga = 0, gb = 0;
    for (let i = 0; i < N; i++) {
      const x = xs[i];
      if (x === 0) continue; // f(0) = 1 whatever a, b: no information, and log(0).
      const p = Math.pow(x, 2 * b);
      const den = 1 + a * p;
      const f = 1 / den;
      const r = f - ys[i];
      const da = -p / (den * den);
      const db = (-a * p * 2 * Math.log(x)) / (den * den);
      jaa += da * da;
      jab += da * db;
      jbb += db * db;
      ga += da * r;
      gb += db * r;
    }
    let improved = false;
    for (let tries = 0; tries < 20; tries++) {
      const A = jaa * (1 + lambda);
      const B = jbb * (1 + lambda);
      const det = A * B - jab * jab;
      if (det === 0) break;
      const stepA = -(B * ga - jab * gb) / det;
      const stepB = -(A * gb - jab * ga) / det;
      const na = a + stepA;
      const nb = b + stepB;
      const ne = na > 0 && nb > 0 ? sse(na, nb) : Infinity;
      if (ne < err) {
        const done = Math.abs(err - ne) < 1e-14 * Math.max(1, err);
        a = na;
        b = nb;
        err = ne;
        lambda = Math.max(lambda / 10, 1e-12);
        improved = !done;
        break;
      }
      lambda *= 10;
    }
    if (!improved) break;
  }
  return { a, b };
}

/** Rescales each axis of an n×2 layout to [0, 10] (umap-learn does the same to its init). */
function rescaleInit(Y: Float32Array, n: number): void {
  for (let axis = 0; axis < 2; axis++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = Y[2 * i + axis];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const span = hi - lo;
    for (let i = 0; i < n; i++) Y[2 * i + axis] = span > 0 && Number.isFinite(span) ? (10 * (Y[2 * i + axis] - lo)) / span : 5;
  }
}

type Phase = 'graph' | 'init' | 'epochs' | 'done';

export interface UmapRunOptions {
  /**
   * Kernel threads for the fuzzy set's bandwidths and the spectral init's operator (the
   * same graph and init, bit for bit) and the
   * SGD epochs (umapSgdParallel.ts): faster; the layout then depends on the seed and on
   * the thread count.
   */
  readonly pool?: KernelPool;
}

export function createUmap(input: UmapInput, params: Partial<UmapParams> = {}, opts: UmapRunOptions = {}): Steppable<Float32Array, Float32Array> {
  const p: UmapParams = { ...DEFAULT_UMAP_PARAMS, ...params };
  const { n, graph } = input;
  if (!Number.isInteger(n) || n < 0) throw new Error(`umap: n must be a non-negative integer, got ${n}`);
  if (input.init && input.init.length !== n * 2) throw new Error(`umap: init must hold ${n}×2 values, got ${input.init.length}`);
  if (!(p.minDist >= 0) || !(p.spread > 0) || p.minDist > p.spread) {
    throw new Error(`umap: need 0 ≤ minDist ≤ spread and spread > 0 (got minDist ${p.minDist}, spread ${p.spread})`);
  }
  if (!(p.nNeighbors >= 2)) throw new Error(`umap: nNeighbors must be ≥ 2 (it counts the point itself), got ${p.nNeighbors}`);
  const nEpochs = p.nEpochs === 'auto' ? autoEpochs(n) : Math.max(1, Math.round(p.nEpochs));
  const ab = findAB(p.spread, p.minDist);

  let phase: Phase = n === 0 ? 'done' : 'graph';
  const building = fuzzySimplicialSetSteps(graph, n, p.nNeighbors, opts.pool);
  let fuzzy: CsrGraph | null = null;
  let spectral: Generator<number, Float32Array, void> | null = null;
  let Y: Float32Array = new Float32Array(n * 2);
  let sgd: SgdState | null = null;
  /** Row ranges of ≈ EDGES_PER_UNIT edges: one step unit each. */
  let slices: Int32Array = new Int32Array([0, n]);
  let epoch = 1;
  let slice = 0;

  function startEpochs(): void {
    rescaleInit(Y, n);
    const settings = { negativeSampleRate: p.negativeSampleRate, repulsionStrength: p.repulsionStrength, seed: p.seed };
    sgd =
      p.kernel !== 'js' && parallelSgdAvailable(opts.pool)
        ? buildParallelSgd(fuzzy as CsrGraph, Y, nEpochs, settings, ab, opts.pool)
        : buildSgd(fuzzy as CsrGraph, Y, nEpochs, settings, ab, p.kernel);
    Y = sgd.Y; // the SGD works on its own copy (in WebAssembly memory when it can)
    fuzzy = null; // the SGD copy is all we need from here on
    const bounds: number[] = [0];
    let acc = 0;
    for (let i = 0; i < n; i++) {
      acc += sgd.rowPtr[i + 1] - sgd.rowPtr[i];
      if (acc >= EDGES_PER_UNIT && i + 1 < n) {
        bounds.push(i + 1);
        acc = 0;
      }
    }
    bounds.push(n);
    slices = Int32Array.from(bounds);
    phase = 'epochs';
  }

  return {
    step(budget: number): boolean {
      let left = Math.max(1, budget);
      while (left > 0 && phase !== 'done') {
        left--;
        if (phase === 'graph') {
          const r = building.next();
          if (!r.done) continue;
          fuzzy = r.value;
          if (input.init) {
            Y.set(input.init);
            startEpochs();
          } else if (p.init === 'random') {
            const rng = createRng(p.seed);
            for (let t = 0; t < n * 2; t++) Y[t] = rng.next() * 20 - 10;
            startEpochs();
          } else {
            spectral = spectralLayout(fuzzy, { seed: p.seed, pool: opts.pool });
            phase = 'init';
          }
        } else if (phase === 'init') {
          const r = (spectral as Generator<number, Float32Array, void>).next();
          if (r.done) {
            Y = r.value;
            // A whisker of seeded noise breaks exact ties (duplicate points share coordinates).
            const rng = createRng(p.seed + 1);
            rescaleInit(Y, n);
            for (let t = 0; t < n * 2; t++) Y[t] += 1e-4 * rng.gaussian();
            spectral = null;
            startEpochs();
          }
        } else if (phase === 'epochs') {
          const s = sgd as SgdState;
          const alpha = p.learningRate * (1 - (epoch - 1) / nEpochs);
          s.run(slices[slice], slices[slice + 1], epoch, alpha);
          slice++;
          if (slice === slices.length - 1) {
            slice = 0;
            epoch++;
            if (epoch > nEpochs) {
              phase = 'done';
              s.dispose();
            }
          }
        }
      }
      return phase === 'done';
    },
    progress(): number {
      if (phase === 'done') return 1;
      if (phase !== 'epochs') return 0;
      return (epoch - 1 + slice / (slices.length - 1)) / nEpochs;
    },
    snapshot(): Float32Array {
      return Y.slice();
    },
    result(): Float32Array {
      if (phase !== 'done') throw new Error('umap: not finished');
      return Y.slice();
    },
  };
}
