/**
 * A nonlinear 2D frame for watching a table train: UMAP or t-SNE of the table's rows,
 * warm-started from the picture already on screen and then rigidly aligned to it.
 *
 * Why warm start + alignment: a fresh UMAP/t-SNE of a slightly changed table lands in
 * an arbitrary rotation, reflection and cluster arrangement, so the picture would jump
 * on every update and movement would be the projection, not training. Starting the
 * optimiser from the previous coordinates keeps each point near where it was, and a
 * final orthogonal Procrustes fit (rotation or reflection plus shift, no scaling, see
 * frame.ts) removes whatever global spin the optimiser still introduced.
 *
 * Data: cosine — the kNN graph uses cosine distance, i.e. euclidean on unit-length
 * rows, so the length of a row (which frequency inflates) does not decide its place.
 * Rows before `firstRow` (the lab passes 1: `<unk>` never trains and would only be a
 * random outlier) are not laid out; they are parked at the centroid of the others.
 *
 * Cost is bounded: exact kNN up to EXACT_KNN_MAX_N rows, NN-descent above, and no
 * UMAP frame above NONLINEAR_MAX_ROWS, no t-SNE frame above TSNE_MAX_ROWS
 * (nonlinearFrameLimit says why).
 * Warm updates run a short schedule (WARM_UMAP_EPOCHS / WARM_TSNE_ITERATIONS); the
 * first fit after a mode switch or Re-fit runs the full one.
 *
 * Deterministic: for the same table, previous coordinates, options and seed the result
 * is bit-identical, however the work is sliced.
 */
import type { KnnGraph } from '../neighbors/knn';
import { createTsne, scaleInit } from '../project/tsne';
import { createUmap } from '../project/umap';
import { createNeighborGraph, EXACT_KNN_MAX_N } from '../project/umapPipeline';
import type { Steppable } from '../task';
import { runToEnd } from '../task';
import { applyRigid, procrustes2D } from './frame';

export type NonlinearMethod = 'umap' | 'tsne';

/** Above this many rows a UMAP frame is refused: one warm update would take many seconds. */
export const NONLINEAR_MAX_ROWS = 20_000;
/**
 * t-SNE's limit is lower: it needs 3·perplexity = 90 neighbours per row (NN-descent at
 * that k dominates) and ~100 FFT-gradient iterations per update. Measured in Node on
 * 32-d seeded blobs (2 shared cores): t-SNE warm update 0.15 s at 509 rows, 3.5 s at
 * 5,000 (first fit 3.6 s), 22–48 s at 12,000 under load; UMAP warm update 0.03–0.06 s
 * at 509 rows, 1.25 s at 12,000 (first fit 2.1 s).
 */
export const TSNE_MAX_ROWS = 5_000;
/** UMAP epochs of a warm update: enough to settle what training changed, few enough to run often. */
export const WARM_UMAP_EPOCHS = 80;
/**
 * Learning rate of a warm UMAP update (umap-learn's default, 1, is for a layout far from
 * done): with 1, six seeded blobs re-laid from their own picture moved ~35% of the
 * picture's spread; with 0.1, ~10% (the clusters staying put), 0.05 gains little more.
 */
export const WARM_UMAP_LEARNING_RATE = 0.1;
/**
 * t-SNE iterations of a warm update: no early exaggeration (the clusters already exist)
 * and a quarter of openTSNE's learning rate, max(n/12, 200)/4. At the full rate the
 * picture kept expanding (~8% per update on six seeded blobs, 9% of the spread moved);
 * at a quarter it moves ~1%.
 */
export const WARM_TSNE_ITERATIONS = 100;
/** t-SNE iterations of a first fit (early exaggeration included). */
export const FIRST_TSNE_ITERATIONS = 500;
const FIRST_TSNE_EXAGGERATION_ITERATIONS = 200;
const UMAP_NEIGHBORS = 15;
const TSNE_PERPLEXITY = 30;

export interface NonlinearFrameInput {
  /** The table, n × dim. */
  readonly vectors: Float32Array;
  readonly n: number;
  readonly dim: number;
  /** The picture to start from and align to: n × 2. */
  readonly previous: Float32Array;
}

export interface NonlinearFrameOptions {
  readonly method: NonlinearMethod;
  readonly seed: number;
  /**
   * true: a short update of a layout of the same method (the previous coordinates are
   * that layout). false: a full fit that only starts from the previous picture (a mode
   * switch, Re-fit).
   */
  readonly warm: boolean;
  /** Lay out rows [firstRow, n) only; default 0. */
  readonly firstRow?: number;
}

/** Null when a nonlinear frame of n rows is allowed, else the reason it is not. */
export function nonlinearFrameLimit(n: number, method: NonlinearMethod): string | null {
  const max = method === 'tsne' ? TSNE_MAX_ROWS : NONLINEAR_MAX_ROWS;
  if (n > max) {
    const name = method === 'tsne' ? 't-SNE' : 'UMAP';
    const other = method === 'tsne' ? 'the UMAP or PCA frame' : 'the PCA frame';
    return `A ${name} frame of ${n.toLocaleString('en')} rows would stall the lab (the limit is ${max.toLocaleString('en')}). Raise min-count or use ${other}.`;
  }
  return null;
}

function validate(input: NonlinearFrameInput, opts: NonlinearFrameOptions): number {
  const { vectors, n, dim, previous } = input;
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(dim) || dim < 1) throw new Error(`nonlinear frame: bad shape ${n}×${dim}`);
  if (vectors.length !== n * dim) throw new Error(`nonlinear frame: expected ${n}×${dim} = ${n * dim} values, got ${vectors.length}`);
  if (previous.length !== n * 2) throw new Error(`nonlinear frame: previous coordinates must be ${n}×2 = ${n * 2} values, got ${previous.length}`);
  if (opts.method !== 'umap' && opts.method !== 'tsne') throw new Error(`nonlinear frame: unknown method "${String(opts.method)}"`);
  const limit = nonlinearFrameLimit(n, opts.method);
  if (limit) throw new Error(limit);
  const first = opts.firstRow ?? 0;
  if (!Number.isInteger(first) || first < 0 || first > n) throw new Error(`nonlinear frame: firstRow must be 0..${n}, got ${first}`);
  return first;
}

/**
 * A Steppable that computes the new n × 2 coordinates. Budget units are those of the
 * stage running (a kNN tile or NN-descent join, a UMAP epoch, a t-SNE iteration): the
 * caller adapts the budget to the time a step takes, as runSliced does.
 */
export function createNonlinearFrame(input: NonlinearFrameInput, opts: NonlinearFrameOptions): Steppable<null, Float32Array> {
  const first = validate(input, opts);
  const { n, dim, previous } = input;
  const m = n - first;
  // Private copies: the caller's table keeps training while this task runs in slices.
  const rows = input.vectors.slice(first * dim, n * dim);
  const prev = previous.slice(first * 2, n * 2);
  let result: Float32Array | null = null;
  let knn: Steppable<unknown, KnnGraph> | null = null;
  let layout: Steppable<Float32Array, Float32Array> | null = null;
  let umapInit: Float32Array | null = null;

  // With fewer than 4 rows there is no neighbourhood structure to show: keep the picture.
  if (m < 4) result = previous.slice();
  else {
    const k = opts.method === 'umap' ? Math.min(UMAP_NEIGHBORS - 1, m - 1) : Math.min(m - 1, 3 * perplexityFor(m));
    knn = createNeighborGraph(rows, m, dim, k, 'cosine', m <= EXACT_KNN_MAX_N ? 'exact' : 'nndescent', opts.seed);
  }

  const startLayout = (graph: KnnGraph): Steppable<Float32Array, Float32Array> => {
    if (opts.method === 'umap') {
      // createUmap rescales each axis of its init to [0, 10] separately; an elongated
      // picture would be squashed along its long axis. Turned 45° off its principal
      // axes, both bounding-box sides are about equal, so the rescale is nearly uniform
      // (the final alignment undoes the turn).
      umapInit = diagonalize(prev, m);
      return createUmap(
        { n: m, graph, init: umapInit },
        { seed: opts.seed, nNeighbors: Math.min(UMAP_NEIGHBORS, m), nEpochs: opts.warm ? WARM_UMAP_EPOCHS : 'auto', ...(opts.warm ? { learningRate: WARM_UMAP_LEARNING_RATE } : {}) },
      );
    }
    const perplexity = perplexityFor(m);
    // t-SNE squares its input distances (a Gaussian kernel): give it the euclidean
    // distance between unit rows, √(2·(1 − cos)), not the cosine distance itself.
    const tsneGraph: KnnGraph = { k: graph.k, indices: graph.indices, distances: graph.distances.map((d) => Math.sqrt(2 * Math.max(0, d))) };
    return opts.warm
      ? createTsne(
          { n: m, graph: tsneGraph, init: centered(prev, m) },
          { seed: opts.seed, perplexity, iterations: WARM_TSNE_ITERATIONS, earlyExaggerationIterations: 0, learningRate: Math.max(m / 12, 200) / 4 },
        )
      : createTsne(
          // openTSNE's start: the given picture shrunk to std 1e-4, then early exaggeration.
          { n: m, graph: tsneGraph, init: scaleInit(prev) },
          { seed: opts.seed, perplexity, iterations: FIRST_TSNE_ITERATIONS, earlyExaggerationIterations: FIRST_TSNE_EXAGGERATION_ITERATIONS },
        );
  };

  const finish = (raw: Float32Array): Float32Array => {
    // createUmap rescales its start to [0, 10], so a warm layout comes back at an
    // arbitrary size; UMAP's global scale carries no meaning, so give it the previous
    // picture's size (RMS spread) — otherwise every update would zoom the plot in or out.
    // (A first fit keeps UMAP's own units: its frame is new anyway.)
    let layoutM = raw;
    if (opts.method === 'umap' && opts.warm) {
      const shape = unrescaled(raw, umapInit as Float32Array, m);
      layoutM = scaled(shape, m, rmsSpread(prev, m) / (rmsSpread(shape, m) || 1));
    }
    const aligned = applyRigid(procrustes2D(layoutM, prev, m), layoutM);
    const out = new Float32Array(n * 2);
    out.set(aligned, first * 2);
    let cx = 0, cy = 0;
    for (let i = 0; i < m; i++) {
      cx += aligned[2 * i];
      cy += aligned[2 * i + 1];
    }
    for (let i = 0; i < first; i++) {
      out[2 * i] = cx / m;
      out[2 * i + 1] = cy / m;
    }
    return out;
  };

  return {
    step(budget: number): boolean {
      if (result) return true;
      const units = Math.max(1, Math.floor(budget));
      if (knn) {
        if (!knn.step(units)) return false;
        layout = startLayout(knn.result());
        knn = null;
        return false; // a stage boundary: let the caller re-measure its budget
      }
      const task = layout as Steppable<Float32Array, Float32Array>;
      if (!task.step(units)) return false;
      result = finish(task.result());
      layout = null;
      return true;
    },
    progress(): number {
      if (result) return 1;
      if (knn) return 0.3 * knn.progress();
      return 0.3 + 0.7 * (layout as Steppable<Float32Array, Float32Array>).progress();
    },
    snapshot: () => null,
    result(): Float32Array {
      if (!result) throw new Error('nonlinear frame: not finished');
      return result;
    },
  };
}

/** The whole computation at once (tests, small tables). */
export function nonlinearFrame(input: NonlinearFrameInput, opts: NonlinearFrameOptions): Float32Array {
  return runToEnd(createNonlinearFrame(input, opts), 64);
}

/** Perplexity 30, clamped so small tables still have 3·perplexity neighbours. */
function perplexityFor(m: number): number {
  return Math.max(2, Math.min(TSNE_PERPLEXITY, Math.floor((m - 1) / 3)));
}

/** Root-mean-square distance of m points to their centroid. */
function rmsSpread(p: Float32Array, m: number): number {
  const c = centered(p, m);
  let s = 0;
  for (let i = 0; i < 2 * m; i++) s += c[i] * c[i];
  return Math.sqrt(s / Math.max(1, m));
}

/** Undoes createUmap's separate rescaling of each axis of `init` to [0, 10] (keeps the centre). */
function unrescaled(p: Float32Array, init: Float32Array, m: number): Float32Array {
  const out = new Float32Array(m * 2);
  for (let axis = 0; axis < 2; axis++) {
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < m; i++) {
      lo = Math.min(lo, init[2 * i + axis]);
      hi = Math.max(hi, init[2 * i + axis]);
    }
    const f = hi - lo > 0 && Number.isFinite(hi - lo) ? (hi - lo) / 10 : 1;
    for (let i = 0; i < m; i++) out[2 * i + axis] = p[2 * i + axis] * f;
  }
  return out;
}

function scaled(p: Float32Array, m: number, f: number): Float32Array {
  const out = new Float32Array(m * 2);
  for (let i = 0; i < 2 * m; i++) out[i] = p[i] * f;
  return out;
}

function centered(p: Float32Array, m: number): Float32Array {
  let cx = 0, cy = 0;
  for (let i = 0; i < m; i++) {
    cx += p[2 * i];
    cy += p[2 * i + 1];
  }
  cx /= m;
  cy /= m;
  const out = new Float32Array(m * 2);
  for (let i = 0; i < m; i++) {
    out[2 * i] = p[2 * i] - cx;
    out[2 * i + 1] = p[2 * i + 1] - cy;
  }
  return out;
}

/** Centres the points and turns them so their principal axes lie on the diagonals. */
function diagonalize(p: Float32Array, m: number): Float32Array {
  const c = centered(p, m);
  let sxx = 0, sxy = 0, syy = 0;
  for (let i = 0; i < m; i++) {
    const x = c[2 * i], y = c[2 * i + 1];
    sxx += x * x;
    sxy += x * y;
    syy += y * y;
  }
  // Angle of the first principal axis, then a further 45°.
  const theta = 0.5 * Math.atan2(2 * sxy, sxx - syy) - Math.PI / 4;
  const cos = Math.cos(-theta), sin = Math.sin(-theta);
  for (let i = 0; i < m; i++) {
    const x = c[2 * i], y = c[2 * i + 1];
    c[2 * i] = x * cos - y * sin;
    c[2 * i + 1] = x * sin + y * cos;
  }
  return c;
}
