/**
 * UMAP (McInnes, Healy & Melville 2018) on flat typed arrays, as a Steppable.
 *
 *   kNN graph ──► fuzzy simplicial set (CSR, umapGraph.ts) ──► init (spectral / given / random)
 *            ──► SGD epochs: attraction along sampled edges, repulsion from random points
 *
 * It follows umap-learn's `optimize_layout_euclidean` step for step (edge sampling by
 * epochs-per-sample, negative sampling rate, clipped gradients, linearly decaying
 * learning rate, a/b fitted from spread and minDist, both ends of an edge moving on
 * attraction as umap-learn's `move_other=True`), with one default changed on purpose:
 * 6 negative samples per positive one instead of 5 (see DEFAULT_UMAP_PARAMS). It is
 * built for speed in JS:
 *  - the graph stays CSR; each row's head point lives in registers while its edges run;
 *  - the layout is 2D only, so the inner loop is written out for x and y;
 *  - the two gradient coefficients, which need d^b (Math.pow costs ~40 ns in V8), are
 *    read from tables indexed by the float32 bits of d² (exponent + 8 mantissa bits,
 *    ≤ 0.4 % relative error, far below SGD noise); outside the table's range the exact
 *    formula runs;
 *  - negative samples come from an inline xorshift32 seeded from createRng(seed).
 *
 * Deterministic: for a given input and seed the result is bit-identical, however the
 * work is sliced into steps.
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

// ---- gradient coefficient tables ------------------------------------------------

// d² in [2^-12, 2^14) with 8 mantissa bits: 26·256 entries, 26 KB per table, so the
// repulsion table stays in L1 (a 10-bit, wider table measured ~25 % slower overall).
const MANTISSA_BITS = 8;
const EXP_MIN = -12;
const EXP_MAX = 14;
const KEY0 = (127 + EXP_MIN) << MANTISSA_BITS;
const TABLE_SIZE = (EXP_MAX - EXP_MIN) << MANTISSA_BITS;
const SHIFT = 23 - MANTISSA_BITS;

/** Scratch for reading a float's bits while building tables (same-width views). */
const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

function attractCoef(d2: number, a: number, b: number): number {
  const pb = Math.pow(d2, b);
  return (-2 * a * b * (pb / d2)) / (a * pb + 1);
}

function repelCoef(d2: number, a: number, b: number, gamma: number): number {
  return (2 * gamma * b) / ((0.001 + d2) * (a * Math.pow(d2, b) + 1));
}

function coefTables(a: number, b: number, gamma: number): { attract: Float32Array; repel: Float32Array } {
  const attract = new Float32Array(TABLE_SIZE);
  const repel = new Float32Array(TABLE_SIZE);
  for (let key = 0; key < TABLE_SIZE; key++) {
    // The middle of the bucket of floats that share these top bits.
    i32[0] = ((key + KEY0) << SHIFT) | (1 << (SHIFT - 1));
    const d2 = f32[0];
    attract[key] = attractCoef(d2, a, b);
    repel[key] = repelCoef(d2, a, b, gamma);
  }
  return { attract, repel };
}

/** The layout SGD state: CSR edges (pruned), their sampling schedule, and the RNG. */
interface SgdState {
  n: number;
  Y: Float32Array;
  rowPtr: Int32Array;
  cols: Int32Array;
  epochsPerSample: Float32Array;
  nextSample: Float32Array;
  epochsPerNeg: Float32Array;
  nextNeg: Float32Array;
  attract: Float32Array;
  repel: Float32Array;
  a: number;
  b: number;
  gamma: number;
  rng: Int32Array;
}

/**
 * One slice of one epoch over rows [r0, r1). A free function with everything passed
 * in, so V8 optimises it once and nothing is captured by closure in the hot loop.
 */
function sgdRows(s: SgdState, r0: number, r1: number, epoch: number, alpha: number): void {
  const { n, Y, rowPtr, cols, epochsPerSample, nextSample, epochsPerNeg, nextNeg, attract, repel, a, b, gamma } = s;
  const scale = n / 4294967296;
  // Local views for reading float bits: V8 keeps these in registers, whereas the
  // module-level pair costs a context load per use (measured: ~35 % of the loop).
  const bitsF = new Float32Array(1);
  const bitsI = new Int32Array(bitsF.buffer);
  let rs = s.rng[0];
  for (let i = r0; i < r1; i++) {
    const e1 = rowPtr[i + 1];
    let e = rowPtr[i];
    // Skip the row when none of its edges is due this epoch.
    let due = false;
    for (let t = e; t < e1; t++) {
      if (nextSample[t] <= epoch) {
        due = true;
        e = t;
        break;
      }
    }
    if (!due) continue;
    let x0 = Y[2 * i];
    let y0 = Y[2 * i + 1];
    for (; e < e1; e++) {
      if (nextSample[e] > epoch) continue;
      const j = cols[e];
      const j2 = 2 * j;
      const dx = x0 - Y[j2];
      const dy = y0 - Y[j2 + 1];
      const d2 = dx * dx + dy * dy;
      if (d2 > 0) {
        bitsF[0] = d2;
        const key = (bitsI[0] >> SHIFT) - KEY0;
        const c = key >= 0 && key < TABLE_SIZE ? attract[key] : attractCoef(d2, a, b);
        let gx = c * dx;
        let gy = c * dy;
        gx = gx > 4 ? 4 : gx < -4 ? -4 : gx;
        gy = gy > 4 ? 4 : gy < -4 ? -4 : gy;
        gx *= alpha;
        gy *= alpha;
        x0 += gx;
        y0 += gy;
        Y[j2] -= gx;
        Y[j2 + 1] -= gy;
      }
      nextSample[e] += epochsPerSample[e];

      // Negative samples: their gradients are taken at the same head position and summed,
      // rather than moving the head after each one as umap-learn does. The head moves by
      // at most 4·alpha per sample either way, and independent samples let the CPU
      // overlap them instead of waiting on a chain of dependent loads.
      const nNeg = Math.floor((epoch - nextNeg[e]) / epochsPerNeg[e]);
      let sx = 0;
      let sy = 0;
      for (let p = 0; p < nNeg; p++) {
        rs ^= rs << 13;
        rs ^= rs >>> 17;
        rs ^= rs << 5;
        const k = ((rs >>> 0) * scale) | 0;
        if (k === i) continue;
        const k2 = 2 * k;
        const ex = x0 - Y[k2];
        const ey = y0 - Y[k2 + 1];
        const q2 = ex * ex + ey * ey;
        if (!(q2 > 0)) continue;
        bitsF[0] = q2;
        const key = (bitsI[0] >> SHIFT) - KEY0;
        const c = key >= 0 && key < TABLE_SIZE ? repel[key] : repelCoef(q2, a, b, gamma);
        let gx = c * ex;
        let gy = c * ey;
        gx = gx > 4 ? 4 : gx < -4 ? -4 : gx;
        gy = gy > 4 ? 4 : gy < -4 ? -4 : gy;
        sx += gx;
        sy += gy;
      }
      x0 += sx * alpha;
      y0 += sy * alpha;
      if (nNeg > 0) nextNeg[e] += nNeg * epochsPerNeg[e];
    }
    Y[2 * i] = x0;
    Y[2 * i + 1] = y0;
  }
  s.rng[0] = rs;
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

/** Keeps edges with weight ≥ max/nEpochs (the rest would never be sampled) and schedules them. */
function buildSgd(g: CsrGraph, Y: Float32Array, nEpochs: number, p: UmapParams, ab: { a: number; b: number }): SgdState {
  const { n, rowPtr: rp, cols: cs, vals } = g;
  let wMax = 0;
  for (let t = 0; t < vals.length; t++) if (vals[t] > wMax) wMax = vals[t];
  const cut = wMax / nEpochs;
  const rowPtr = new Int32Array(n + 1);
  let kept = 0;
  for (let i = 0; i < n; i++) {
    for (let t = rp[i]; t < rp[i + 1]; t++) if (vals[t] >= cut && vals[t] > 0) kept++;
    rowPtr[i + 1] = kept;
  }
  const cols = new Int32Array(kept);
  const epochsPerSample = new Float32Array(kept);
  let o = 0;
  for (let i = 0; i < n; i++) {
    for (let t = rp[i]; t < rp[i + 1]; t++) {
      if (!(vals[t] >= cut && vals[t] > 0)) continue;
      cols[o] = cs[t];
      epochsPerSample[o++] = wMax / vals[t];
    }
  }
  const epochsPerNeg = new Float32Array(kept);
  for (let t = 0; t < kept; t++) epochsPerNeg[t] = epochsPerSample[t] / p.negativeSampleRate;
  const { attract, repel } = coefTables(ab.a, ab.b, p.repulsionStrength);
  const rng = new Int32Array(1);
  // xorshift32 must not start at 0; draw the state from the seeded generator.
  const seeder = createRng((p.seed ^ 0x5bd1e995) >>> 0);
  do rng[0] = seeder.uint32() | 0;
  while (rng[0] === 0);
  return {
    n,
    Y,
    rowPtr,
    cols,
    epochsPerSample,
    nextSample: epochsPerSample.slice(),
    epochsPerNeg,
    nextNeg: epochsPerNeg.slice(),
    attract,
    repel,
    a: ab.a,
    b: ab.b,
    gamma: p.repulsionStrength,
    rng,
  };
}

type Phase = 'graph' | 'init' | 'epochs' | 'done';

export function createUmap(input: UmapInput, params: Partial<UmapParams> = {}): Steppable<Float32Array, Float32Array> {
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
  const building = fuzzySimplicialSetSteps(graph, n, p.nNeighbors);
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
    sgd = buildSgd(fuzzy as CsrGraph, Y, nEpochs, p, ab);
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
            spectral = spectralLayout(fuzzy, { seed: p.seed });
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
          sgdRows(s, slices[slice], slices[slice + 1], epoch, alpha);
          slice++;
          if (slice === slices.length - 1) {
            slice = 0;
            epoch++;
            if (epoch > nEpochs) phase = 'done';
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
