/**
 * The projection worker's handlers: thin glue from messages to src/compute.
 *
 * Pause / resume with one job kind — the design:
 *  - The worker keeps at most one *session* in module state: the algorithm's objects
 *    (prepared data, neighbour-graph task, the layout Steppable), keyed by a session id
 *    the main thread chooses. A session is a pipeline of three phases — reduce (L2
 *    normalisation for cosine data, PCA pre-reduction, the PCA used as t-SNE's start) →
 *    graph (the shared kNN graph) → layout — each a Steppable run in ~30 ms slices.
 *  - `projectRun` with `open` starts a new session (dropping the old one); without it, it
 *    continues the session it names. mode 'run' streams snapshots (~10/s) until the
 *    layout is finished; mode 'step' runs until the layout visibly moves (one iteration /
 *    epoch), preparing first if needed.
 *  - Pause = the main thread cancels the job. The slice loop sees the abort between
 *    slices and the job ends as `cancelled`; the session's objects are untouched, so
 *    Resume (another `projectRun` on the same id) carries on exactly where it stopped,
 *    and the result is bit-identical to an uninterrupted run (every Steppable here is
 *    deterministic however its work is sliced).
 *  - If the worker did not answer a cancel within 100 ms the pool terminated it, and
 *    the session died with it: continuing then fails with SESSION_LOST, and the main
 *    thread offers a fresh run (same spec + seed = same layout).
 *  - The kNN graph is cached per (data, space, metric): an exact graph serves any
 *    smaller k (its first k columns are the exact k nearest); an approximate one only its
 *    own k. NN-descent uses a fixed seed (GRAPH_SEED), so the graph, like the layout, is
 *    a function of the data and the spec alone.
 */
import type { Metric } from '../compute/dataset';
import type { KnnGraph } from '../compute/neighbors/knn';
import { createPca } from '../compute/project/pca';
import { neighborsForPerplexity } from '../compute/project/perplexity';
import { createTsne, scaleInit } from '../compute/project/tsne';
import { createUmap } from '../compute/project/umap';
import { createUmapJs } from '../compute/project/umapJs';
import { createNeighborGraph, normalizeRows } from '../compute/project/umapPipeline';
import { PRE_REDUCE_DIMS } from '../compute/project/umapThresholds';
import { createDruidProjection } from '../compute/project/druid';
import { measureLayout, QUALITY_K } from '../compute/metrics/layoutQuality';
import { CancelledError, runSliced, type Steppable } from '../compute/task';
import { runYielding, yieldToEventLoop } from './yieldToEventLoop';
import {
  EXACT_GRAPH_MAX_POINTS,
  SESSION_LOST,
  type GraphInfo,
  type ProjectJobMap,
  type ProjectOpen,
  type ProjectPhase,
  type ProjectQuality,
  type ProjectRunResult,
} from './projectJobs';
import { transfer } from './protocol';
import type { Handlers, JobContext } from './serve';

/** Seed of the NN-descent graph: fixed, so cached graphs serve every layout seed. */
export const GRAPH_SEED = 42;

/** The data a method works on: normalised (cosine), maybe PCA-reduced. */
interface Prepared {
  readonly data: Float32Array;
  readonly dim: number;
  /** Metric of `data` for the neighbour graph. */
  readonly metric: Metric;
  /** n × 2 PCA scores, t-SNE's starting layout (null when not needed). */
  readonly pca2: Float32Array | null;
}

interface Session {
  readonly id: number;
  readonly open: ProjectOpen;
  prepared: Prepared | null;
  reduceTask: Steppable<unknown, Prepared> | null;
  graph: KnnGraph | null;
  graphInfo: GraphInfo | null;
  graphTask: Steppable<unknown, KnnGraph> | null;
  graphKey: string;
  layout: Steppable<Float32Array, Float32Array> | null;
  finished: boolean;
  timings: { reduceMs: number; graphMs: number; layoutMs: number };
}

interface CachedGraph {
  readonly key: string;
  readonly graph: KnnGraph;
  readonly exact: boolean;
  readonly ms: number;
}

// ---- module state (one worker = one of each) ----
let session: Session | null = null;
/** Most recent first; at most GRAPH_CACHE_SIZE graphs. */
const graphCache: CachedGraph[] = [];
const GRAPH_CACHE_SIZE = 2;
let preparedCache: { key: string; prepared: Prepared } | null = null;

/** Forgets every session and cache (tests). */
export function resetProjectWorker(): void {
  session = null;
  graphCache.length = 0;
  preparedCache = null;
}

function sessionLost(id: number): Error {
  const e = new Error(`The projection session ${id} is no longer in the worker (it was restarted or replaced)`);
  e.name = SESSION_LOST;
  return e;
}

// ---- phase 1: prepare ----

/** How a session's data is prepared; also the key of the prepared-data cache. */
interface PrepareRecipe {
  /** PCA to PRE_REDUCE_DIMS first. */
  readonly reduce: boolean;
  /** L2-normalise rows (cosine data going through PCA or into druid.js, which is euclidean-only). */
  readonly normalize: boolean;
  /** Also produce the first two PCA scores (t-SNE's starting layout). */
  readonly init: boolean;
}

function recipeOf(open: ProjectOpen): PrepareRecipe {
  const { spec, dim, metric } = open;
  const reduce = spec.preReduce && dim > PRE_REDUCE_DIMS;
  const graphMethod = spec.method === 'tsne' || spec.method === 'umap' || spec.method === 'umap-js';
  return { reduce, normalize: metric === 'cosine' && (reduce || !graphMethod), init: spec.method === 'tsne' };
}

function preparedKey(open: ProjectOpen): string {
  const r = recipeOf(open);
  return `${open.datasetKey}|${r.reduce ? 'pca' : 'raw'}|${r.normalize ? 'unit' : ''}|${r.init ? 'init' : ''}`;
}

function firstTwo(scores: Float32Array, n: number, k: number): Float32Array {
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    out[2 * i] = scores[i * k];
    out[2 * i + 1] = k > 1 ? scores[i * k + 1] : 0;
  }
  return out;
}

/**
 * Cosine data bound for PCA or druid.js is L2-normalised (euclidean distance between unit
 * rows ranks exactly like cosine distance), then optionally reduced with PCA; t-SNE also
 * gets the first two PCA scores as its starting layout.
 */
function createPrepare(open: ProjectOpen): Steppable<number, Prepared> {
  const { n, dim, metric } = open;
  const { reduce, normalize, init } = recipeOf(open);
  const base = normalize ? normalizeRows(open.vectors, n, dim) : open.vectors;
  // The graph keeps the data's own metric unless the rows were changed (then euclidean).
  const baseMetric: Metric = normalize || reduce ? 'euclidean' : metric;
  const components = Math.min(reduce ? PRE_REDUCE_DIMS : init ? 2 : 0, dim, n - 1);
  if (components < 1) {
    const prepared: Prepared = { data: base, dim, metric: baseMetric, pca2: init ? new Float32Array(2 * n) : null };
    return { step: () => true, progress: () => 1, snapshot: () => 1, result: () => prepared };
  }
  const pca = createPca(base, n, dim, components, { seed: 0 });
  let prepared: Prepared | null = null;
  return {
    step(budget) {
      if (prepared) return true;
      if (!pca.step(budget)) return false;
      const r = pca.result();
      const pca2 = init ? firstTwo(r.scores, n, r.components) : null;
      prepared = reduce ? { data: r.scores, dim: r.components, metric: 'euclidean', pca2 } : { data: base, dim, metric: baseMetric, pca2 };
      return true;
    },
    progress: () => (prepared ? 1 : pca.progress()),
    snapshot: () => (prepared ? 1 : pca.progress()),
    result() {
      if (!prepared) throw new Error('prepare: not finished');
      return prepared;
    },
  };
}

// ---- phase 2: the shared neighbour graph ----

/** Neighbours per point the method needs from the shared graph (0 = none). */
export function graphK(open: ProjectOpen): number {
  const { spec, n } = open;
  if (spec.method === 'tsne') return neighborsForPerplexity(n, spec.tsne?.perplexity ?? 30);
  if (spec.method === 'umap' || spec.method === 'umap-js') return Math.max(1, Math.min(n - 1, spec.umap?.nNeighbors ?? 15));
  return 0;
}

/** The space a graph was searched in: same key = same neighbours. */
function graphSpaceKey(datasetKey: string, dim: number, metric: Metric, reduced: boolean): string {
  return JSON.stringify([datasetKey, dim, metric, reduced]);
}

/** The first k columns of a graph with more (an exact graph's first k are the exact k nearest). */
function truncate(g: KnnGraph, n: number, k: number): KnnGraph {
  if (g.k === k) return g;
  const indices = new Int32Array(n * k);
  const distances = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    indices.set(g.indices.subarray(i * g.k, i * g.k + k), i * k);
    distances.set(g.distances.subarray(i * g.k, i * g.k + k), i * k);
  }
  return { k, indices, distances };
}

function findGraph(key: string, k: number, n: number): { graph: KnnGraph; cached: CachedGraph } | null {
  for (let c = 0; c < graphCache.length; c++) {
    const hit = graphCache[c];
    if (hit.key !== key) continue;
    if (hit.exact ? hit.graph.k >= k : hit.graph.k === k) {
      graphCache.splice(c, 1);
      graphCache.unshift(hit);
      return { graph: truncate(hit.graph, n, k), cached: hit };
    }
  }
  return null;
}

function remember(entry: CachedGraph): void {
  // A bigger exact graph of the same space makes smaller ones redundant.
  for (let c = graphCache.length - 1; c >= 0; c--) {
    const old = graphCache[c];
    if (old.key === entry.key && ((entry.exact && old.exact && old.graph.k <= entry.graph.k) || (!old.exact && !entry.exact && old.graph.k === entry.graph.k))) {
      graphCache.splice(c, 1);
    }
  }
  graphCache.unshift(entry);
  graphCache.length = Math.min(graphCache.length, GRAPH_CACHE_SIZE);
}

/** The UMAP pipeline's neighbour step, on this session's prepared data. */
function createGraphTask(prepared: Prepared, n: number, k: number, exact: boolean): Steppable<unknown, KnnGraph> {
  return createNeighborGraph(prepared.data, n, prepared.dim, k, prepared.metric, exact ? 'exact' : 'nndescent', GRAPH_SEED);
}

// ---- phase 3: the layout ----

async function createLayout(s: Session): Promise<Steppable<Float32Array, Float32Array>> {
  const { open } = s;
  const { spec, n } = open;
  const prepared = s.prepared as Prepared;
  switch (spec.method) {
    case 'tsne': {
      const t = spec.tsne;
      const iterations = Math.max(1, Math.floor(t?.iterations ?? 750));
      return createTsne(
        { n, graph: s.graph as KnnGraph, init: scaleInit(prepared.pca2 ?? new Float32Array(2 * n)) },
        {
          perplexity: t?.perplexity ?? 30,
          learningRate: t?.learningRate ?? 'auto',
          iterations,
          earlyExaggerationIterations: Math.min(250, Math.round(iterations / 3)),
          earlyExaggeration: t?.earlyExaggeration ?? 12,
          exaggeration: t?.exaggeration ?? 1,
          seed: spec.seed,
        },
      );
    }
    case 'umap': {
      const u = spec.umap;
      return createUmap(
        { n, graph: s.graph as KnnGraph },
        { nNeighbors: u?.nNeighbors ?? 15, minDist: u?.minDist ?? 0.1, spread: u?.spread ?? 1, nEpochs: u?.epochs ?? 'auto', seed: spec.seed },
      );
    }
    case 'umap-js': {
      const u = spec.umap;
      return createUmapJs(
        { n, dim: prepared.dim, vectors: prepared.data, graph: s.graph as KnnGraph },
        { nNeighbors: u?.nNeighbors ?? 15, minDist: u?.minDist ?? 0.1, spread: u?.spread ?? 1, epochs: u?.epochs ?? 'auto', seed: spec.seed },
      );
    }
    default:
      return createDruidProjection(spec.method, prepared.data, n, prepared.dim, {
        seed: spec.seed,
        ...(spec.druid?.iterations != null ? { iterations: spec.druid.iterations } : {}),
        nNeighbors: spec.druid?.nNeighbors ?? 15,
      });
  }
}

// ---- driving a session ----

type Ctx = JobContext<ProjectJobMap['projectRun']['progress']>;

function timingsOf(s: Session) {
  return { ...s.timings };
}

/** Runs one phase's Steppable in slices, adding its compute time to the session. */
async function runPhase<R>(s: Session, phase: ProjectPhase, task: Steppable<unknown, R>, ctx: Ctx, snapshots: boolean): Promise<R> {
  const key = phase === 'reduce' ? 'reduceMs' : phase === 'graph' ? 'graphMs' : 'layoutMs';
  let mark = performance.now();
  const account = () => {
    const t = performance.now();
    s.timings[key] += t - mark;
    mark = t;
  };
  try {
    return await runSliced(task, {
      signal: ctx.signal,
      yieldNow: yieldToEventLoop,
      onSnapshot: (snap, fraction) => {
        account();
        // Before the layout has moved (UMAP's graph / spectral phases, a druid method's
        // set-up) its snapshot is not a picture yet: report progress without coordinates.
        const coords = snapshots && task.progress() > 0 ? (snap as Float32Array) : null;
        ctx.progress({ phase, fraction, coords, timings: timingsOf(s), graph: s.graphInfo }, coords ? [coords.buffer as ArrayBuffer] : []);
        mark = performance.now();
      },
    });
  } finally {
    account();
  }
}

/** Brings the session to the start of its layout phase (or past it, if already there). */
async function prepare(s: Session, ctx: Ctx): Promise<void> {
  if (!s.prepared) {
    const key = preparedKey(s.open);
    if (preparedCache?.key === key) s.prepared = preparedCache.prepared;
    else {
      s.reduceTask ??= createPrepare(s.open);
      s.prepared = await runPhase(s, 'reduce', s.reduceTask, ctx, false);
      preparedCache = { key, prepared: s.prepared };
    }
  }
  const k = graphK(s.open);
  if (k > 0 && !s.graph) {
    s.graphKey ||= graphSpaceKey(s.open.datasetKey, s.prepared.dim, s.prepared.metric, recipeOf(s.open).reduce);
    const hit = findGraph(s.graphKey, k, s.open.n);
    if (hit) {
      s.graph = hit.graph;
      s.graphInfo = { k, exact: hit.cached.exact, cached: true, ms: hit.cached.ms };
    } else {
      const exact = s.open.n <= EXACT_GRAPH_MAX_POINTS;
      s.graphTask ??= createGraphTask(s.prepared, s.open.n, k, exact);
      const graph = await runPhase(s, 'graph', s.graphTask, ctx, false);
      s.graph = graph;
      // A session builds one graph, so its graph time (over every resume) is the build time.
      s.graphInfo = { k, exact, cached: false, ms: s.timings.graphMs };
      remember({ key: s.graphKey, graph, exact, ms: s.timings.graphMs });
    }
  }
  if (!s.layout) {
    const t0 = performance.now();
    s.layout = await createLayout(s);
    s.timings.layoutMs += performance.now() - t0;
  }
}

/** One visible unit: steps the layout until its progress moves (or it finishes). */
async function stepOnce(s: Session, ctx: Ctx): Promise<void> {
  const task = s.layout as Steppable<Float32Array, Float32Array>;
  const p0 = task.progress();
  let mark = performance.now();
  let last = mark;
  try {
    for (;;) {
      if (ctx.signal.aborted) throw new CancelledError();
      if (task.step(1)) {
        s.finished = true;
        return;
      }
      if (task.progress() > p0) return;
      if (performance.now() - last > 30) {
        s.timings.layoutMs += performance.now() - mark;
        await yieldToEventLoop();
        mark = last = performance.now();
      }
    }
  } finally {
    s.timings.layoutMs += performance.now() - mark;
  }
}

export const projectHandlers: Handlers<ProjectJobMap> = {
  async projectRun({ sessionId, open, mode }, ctx) {
    if (open) {
      if (open.vectors.length !== open.n * open.dim) throw new Error(`projectRun: expected ${open.n} × ${open.dim} values, got ${open.vectors.length}`);
      if (open.n < 3) throw new Error(`Projection needs at least 3 points, got ${open.n}`);
      session = {
        id: sessionId,
        open,
        prepared: null,
        reduceTask: null,
        graph: null,
        graphInfo: null,
        graphTask: null,
        graphKey: '',
        layout: null,
        finished: false,
        timings: { reduceMs: 0, graphMs: 0, layoutMs: 0 },
      };
    }
    const s = session;
    if (!s || s.id !== sessionId) throw sessionLost(sessionId);
    await prepare(s, ctx);
    const layout = s.layout as Steppable<Float32Array, Float32Array>;
    if (!s.finished) {
      if (mode === 'step') await stepOnce(s, ctx);
      else {
        await runPhase(s, 'layout', layout, ctx, true);
        s.finished = true;
      }
    }
    const coords = s.finished ? layout.result() : layout.snapshot();
    const result: ProjectRunResult = {
      sessionId,
      finished: s.finished,
      coords,
      progress: s.finished ? 1 : layout.progress(),
      timings: timingsOf(s),
      graph: s.graphInfo,
    };
    return transfer(result, [coords.buffer as ArrayBuffer]);
  },

  async projectQuality({ sessionId }, ctx): Promise<ProjectQuality> {
    const s = session;
    if (!s || s.id !== sessionId || !s.layout) throw sessionLost(sessionId);
    const { n, vectors, dim, metric, codes } = s.open;
    const coords = s.finished ? s.layout.result() : s.layout.snapshot();
    // An exact graph over the original space (any k ≥ 10) gives recall over every point.
    const rawKey = graphSpaceKey(s.open.datasetKey, dim, metric, false);
    const raw = graphCache.find((c) => c.exact && c.graph.k >= QUALITY_K && c.key === rawKey);
    // The same figures, computed the same way, as every other layout's (Compare relies on it).
    return runYielding(measureLayout({ coords, n, space: { vectors, dim, metric }, codes, exactGraph: raw?.graph ?? null }), ctx.signal);
  },
};
