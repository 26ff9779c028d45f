/**
 * Approximate k-nearest-neighbour graph by NN-descent (Dong, Moses & Li 2011), the
 * way pynndescent does it: a forest of random-projection trees gives a good first
 * guess (all pairs inside each leaf), then rounds of "a neighbour of my neighbour is
 * probably my neighbour" local joins refine it until few updates happen.
 *
 * Why not exact: brute force is n²·dim (10k×100 ≈ 5e9 multiply-adds, seconds in JS);
 * NN-descent touches ~n·k²·iters pairs instead and reaches ≥ 0.95 recall.
 *
 * The pieces: nndescentState.ts (the flat heaps and candidate lists), rpTrees.ts (the
 * initial guess), nndescentJoin.ts (candidate sampling and the local join, whose
 * distances come from the dense SIMD kernel), nndescentTask.ts (each thread's share of
 * every phase). This file lays out the memory and drives the phases as a Steppable, on
 * the threads of a kernel pool when it is given one (pynndescent's parallel scheme: a
 * round's joins fill per-thread update buffers, then each thread applies the updates
 * that land in its rows) — or on this thread alone.
 *
 * Seeded; the graph is bit-identical for a seed whatever the step budgets and however
 * many threads run it: trees draw from per-tree streams, candidate priorities are
 * hashes of the pair, every heap keeps the best of what it is offered in any order, and
 * after the trees (which threads plant into one set of heaps at once) every heap is
 * laid out one canonical way.
 * (One caveat: the kernel's f32 distance of a pair can differ by one rounding with the
 * pair's position in a block, so two candidates within a rounding of each other may
 * rank either way depending on which block met them first; reported distances are
 * recomputed in f64.)
 *
 * Output has the same shape as the exact `knnGraph`: row i holds i's k nearest other
 * points (never i itself), nearest first; cosine distance = 1 − cosine similarity,
 * euclidean distance is the plain (not squared) distance.
 */
import type { Metric } from '../dataset';
import type { KernelPool } from '../parallel/types';
import { createRng } from '../random';
import { copyRowsPadded, createDenseArena, createSharedDenseArena, padTo4, sharedDenseAvailable, type DenseArena, type DenseKernelChoice } from '../simd/dense';
import type { Steppable } from '../task';
import type { KnnGraph } from './knn';
import { blockSizes, contextFor, nameBlocks, nnDescentTask, OP_APPLY, OP_CANON, OP_FINISH, OP_JOIN, OP_MARK, OP_REVERSE, OP_SAMPLE, OP_SETTLE, OP_TREES, type NNCtx, type NNShared } from './nndescentTask';
import { push, rankDistance, subSeed } from './nndescentState';

/** Same shape as the exact graph; -1 marks a missing neighbour (never when n > k). */
export type NeighborGraph = KnnGraph;

export interface NNDescentParams {
  /** Neighbours per point (excluding the point itself). */
  k: number;
  metric: Metric;
  seed?: number;
  /** Random-projection trees for the initial guess; default min(32, 5 + round(n^0.25)). */
  nTrees?: number;
  /** Largest leaf of an RP tree; default max(10, k). */
  leafSize?: number;
  /** Most refinement rounds; default max(5, round(log2 n)). */
  maxIters?: number;
  /** Stop when a round changes fewer than delta·n·k heap entries. */
  delta?: number;
  /** Width of the new/old candidate lists per point; default min(60, searchK). */
  maxCandidates?: number;
  /**
   * Heap size while searching; the best k are returned. Default k + ⌈k/4⌉: a little
   * slack lifts recall@k past local optima on hub-heavy data (GloVe 50k cosine, k = 14:
   * 0.926 → 0.957 at about the same CPU time, since it also needs fewer rounds).
   */
  searchK?: number;
  /** Dense kernel for the joins: 'auto' (WebAssembly SIMD where available), 'wasm' or 'js'. */
  kernel?: DenseKernelChoice;
}

export interface NNDescentOptions {
  /** Kernel threads to run on (WebAssembly SIMD on shared memory); the result is the same with or without. */
  readonly pool?: KernelPool;
}

/** Rows each thread joins per JOIN command (its update buffer holds the most they can list). */
const JOIN_ROWS_PER_THREAD = 512;

interface Settings {
  readonly n: number;
  readonly dim: number;
  readonly k: number;
  readonly kOut: number;
  readonly maxC: number;
  readonly leafSize: number;
  readonly nTrees: number;
  readonly cosine: boolean;
  readonly seed: number;
}

/** Lays out the memory (shared across threads, or this thread's), fills the rows and empty heaps. */
function setUp(vectors: Float32Array, c: Settings, threads: number, kernel: DenseKernelChoice): { arena: DenseArena; shared: NNShared } {
  const cap = Math.max(2 * c.maxC, c.leafSize);
  const maxPairs = Math.max(1, (c.maxC * (3 * c.maxC - 1)) / 2);
  const updCap = JOIN_ROWS_PER_THREAD * maxPairs;
  const sizes = blockSizes(c.n, c.dim, c.k, c.kOut, c.maxC, cap, updCap, threads);
  const all = [...sizes.shared];
  for (let t = 0; t < threads; t++) all.push(...sizes.thread);
  const made = threads > 1 ? createSharedDenseArena(all) : { arena: createDenseArena(all, kernel), memory: null };
  const { arena } = made;
  const names = nameBlocks(arena.ptr, threads, sizes.shared.length, sizes.thread.length);
  copyRowsPadded(arena, names.pX, c.cosine ? normalizedCopy(vectors, c.n, c.dim) : vectors, c.n, c.dim);
  const ld = padTo4(c.dim);
  const data = arena.f32(names.pX, c.n * ld);
  const sq = arena.f32(names.pSq, c.n);
  if (!c.cosine) {
    for (let i = 0; i < c.n; i++) {
      let t2 = 0;
      for (let t = 0; t < c.dim; t++) t2 += data[i * ld + t] * data[i * ld + t];
      sq[i] = t2;
    }
  }
  const nk = c.n * c.k;
  const empty = (pIdx: number, pDist: number): void => {
    arena.i32(pIdx, nk).fill(-1);
    arena.f32(pDist, nk).fill(Infinity);
  };
  empty(names.pIdx, names.pDist);
  const shared: NNShared = { memory: made.memory, ...c, cap, updCap, ...names };
  return { arena, shared };
}

/**
 * Steppable NN-descent. One budget unit ≈ the local join of one point (~1.5·maxC²
 * distance evaluations); trees and candidate passes go in comparable units, so no single
 * step runs long even at 50k+ points.
 */
export function createNNDescent(vectors: Float32Array, n: number, dim: number, params: NNDescentParams, opts: NNDescentOptions = {}): Steppable<number, NeighborGraph> {
  if (vectors.length !== n * dim) throw new Error(`nndescent: expected ${n}×${dim} values, got ${vectors.length}`);
  if (!Number.isInteger(params.k) || params.k < 1) throw new Error(`nndescent: k must be a positive integer, got ${params.k}`);
  /** Neighbours returned. */
  const kOut = Math.min(params.k, Math.max(0, n - 1));
  /** Neighbours kept per point while searching. */
  const k = Math.max(1, Math.min(Math.max(kOut, params.searchK ?? params.k + Math.ceil(params.k / 4)), Math.max(0, n - 1)));
  const maxC = Math.max(1, params.maxCandidates ?? Math.min(60, k));
  const settings: Settings = {
    n, dim, k, kOut, maxC,
    leafSize: Math.max(2, params.leafSize ?? Math.max(10, k)),
    nTrees: params.nTrees ?? Math.min(32, 5 + Math.round(Math.pow(n, 0.25))),
    cosine: params.metric === 'cosine',
    seed: (params.seed ?? 0) >>> 0,
  };
  const maxIters = params.maxIters ?? Math.max(5, Math.round(Math.log2(Math.max(2, n))));
  const delta = params.delta ?? 0.001;
  const kernel = params.kernel ?? 'auto';
  const pool = opts.pool;
  const threads = pool && pool.threads > 1 && kernel !== 'js' && sharedDenseAvailable() ? pool.threads : 1;
  if (kOut === 0) return finished({ k: 0, indices: new Int32Array(0), distances: new Float32Array(0) });

  const { arena, shared } = setUp(vectors, settings, threads, kernel);
  const job = threads > 1 ? (pool as KernelPool).attach(nnDescentTask, shared) : null;
  const ctx: NNCtx = job ? job.ctx : contextFor(arena, shared, 0, 1);
  const args = new Float64Array(4);
  const run = (op: number, a: readonly number[] = []): void => {
    if (job) job.run(op, a);
    else {
      args.set(a);
      nnDescentTask.run(ctx, op, args, 0, 1);
    }
  };
  const counts = ctx.counts;
  const sum = (slot: number): number => {
    let s = 0;
    for (let t = 0; t < threads; t++) s += counts[3 * t + slot];
    return s;
  };

  let phase: 'trees' | 'rounds' | 'done' = 'trees';
  let round = 0;
  let joinAt = 0;
  let result: NeighborGraph | null = null;
  const pairsPerUnit = Math.max(1, (maxC * (3 * maxC - 1)) / 2);
  const chunkRows = threads * JOIN_ROWS_PER_THREAD;

  /** The whole search, yielding its work in units; each unit of budget goes to every thread. */
  function* work(): Generator<number, NeighborGraph, number> {
    let budget = yield 0;
    while (sum(2) < settings.nTrees) {
      run(OP_TREES, [budget * pairsPerUnit]);
      budget = yield budget;
    }
    run(OP_CANON);
    budget = yield n / 64;
    fillShortHeaps(ctx, subSeed(settings.seed, 1 << 20));
    phase = 'rounds';
    while (round < maxIters) {
      if (threads > 1) run(OP_REVERSE);
      run(OP_SAMPLE, [round]);
      run(OP_MARK);
      budget = yield n / 16;
      for (joinAt = 0; joinAt < n; ) {
        const to = Math.min(n, joinAt + chunkRows);
        run(OP_JOIN, [joinAt, to]);
        run(OP_APPLY);
        budget = yield (to - joinAt) / threads;
        joinAt = to;
      }
      run(OP_SETTLE);
      round++;
      joinAt = 0;
      if (sum(1) <= delta * n * k) break;
    }
    for (let r = 0; r < n; r += 4096 * threads) {
      run(OP_FINISH, [r, Math.min(n, r + 4096 * threads)]);
      budget = yield 4096 / 16;
    }
    const graph = { k: kOut, indices: ctx.outIdx.slice(), distances: ctx.outDist.slice() };
    job?.release();
    return graph;
  }
  const gen = work();
  gen.next();

  return {
    step(budget: number): boolean {
      let left = Math.max(1, budget);
      while (left > 0 && !result) {
        const r = gen.next(Math.max(1, Math.ceil(left)));
        if (r.done) result = r.value;
        else left -= Math.max(1, r.value);
      }
      if (result) phase = 'done';
      return phase === 'done';
    },
    progress(): number {
      if (phase === 'done') return 1;
      const treeShare = 0.3;
      if (phase === 'trees') return (treeShare * sum(2)) / Math.max(1, settings.nTrees);
      return treeShare + ((1 - treeShare) * Math.min(1, (round + joinAt / n) / Math.max(1, maxIters)));
    },
    snapshot(): number {
      return this.progress();
    },
    result(): NeighborGraph {
      if (!result) throw new Error('nndescent: not finished');
      return result;
    },
  };
}

function finished(g: NeighborGraph): Steppable<number, NeighborGraph> {
  return { step: () => true, progress: () => 1, snapshot: () => 1, result: () => g };
}

/** Tops up heaps that the trees left short with random points (seeded; on this thread). */
function fillShortHeaps(c: NNCtx, seed: number): void {
  const { heaps, rows } = c;
  const { k, idx } = heaps;
  const rng = createRng(seed);
  for (let i = 0; i < rows.n; i++) {
    const base = i * k;
    let tries = 0;
    while (idx[base] === -1 && tries < 4 * k + 16) {
      tries++;
      const j = rng.int(rows.n);
      if (j !== i) push(heaps, i, j, rankDistance(rows, i, j), 1);
    }
    // For tiny n a random walk may miss; sweep deterministically.
    for (let j = 0; idx[base] === -1 && j < rows.n; j++) if (j !== i) push(heaps, i, j, rankDistance(rows, i, j), 1);
  }
}

/** Runs NN-descent to the end (Node, tests, benchmarks). */
export function nnDescent(vectors: Float32Array, n: number, dim: number, params: NNDescentParams, opts: NNDescentOptions = {}): NeighborGraph {
  const task = createNNDescent(vectors, n, dim, params, opts);
  while (!task.step(1 << 20)) {
    /* keep going */
  }
  return task.result();
}

function normalizedCopy(vectors: Float32Array, n: number, dim: number): Float32Array {
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const o = i * dim;
    let s = 0;
    for (let t = 0; t < dim; t++) s += vectors[o + t] * vectors[o + t];
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let t = 0; t < dim; t++) out[o + t] = vectors[o + t] * inv;
  }
  return out;
}
