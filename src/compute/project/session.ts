/**
 * The projection workspace: everything the projection worker holds between jobs, as one
 * object that owns its caches (no module state), so a Node test drives it like the worker.
 *
 *  - Tables: the vectors of the datasets it may project, by dataset id (received once per
 *    dataset from the data worker; a few at most, and released when the app moves on).
 *  - Caches: the prepared data of the last recipe and a few kNN graphs, per dataset.
 *  - At most one *session*: a projection in progress, keyed by a session id the main
 *    thread chooses. A session is a pipeline of three phases — reduce (prepare.ts) →
 *    graph (the shared kNN graph) → layout — each a Steppable run in ~30 ms slices.
 *
 * Pause / resume with one job kind: `run` with `open` starts a new session (dropping the
 * old one); without it, it continues the session it names. mode 'run' streams snapshots
 * (~10/s) until the layout is finished; mode 'step' runs until the layout visibly moves
 * (one iteration / epoch), preparing first if needed. Pause = the caller aborts the
 * signal: the slice loop stops between slices, the session's objects are untouched, so
 * the next `run` carries on exactly where it stopped, bit-identical to an uninterrupted
 * run (every Steppable here is deterministic however its work is sliced). A session or
 * table the workspace no longer has (the worker was restarted) is a SessionLostError.
 *
 * NN-descent uses a fixed seed (GRAPH_SEED), so the graph, like the layout, is a function
 * of the data and the spec alone.
 *
 * Threads: the page says how many kernel threads it wants with each new run (every core
 * but one when it is cross-origin isolated); the workspace keeps a kernel pool of that
 * size (compute/parallel/) and gives it to the neighbour graph (exact or NN-descent: the
 * same graph on any number of threads), PCA, UMAP's SGD (each thread on its own copy of the
 * layout, the moves summed: the same bits for a seed and a thread count) and t-SNE. The timings say how many threads a run had.
 */
import type { VectorTable } from '../dataset';
import { measureLayout, QUALITY_K, type LayoutQuality } from '../metrics/layoutQuality';
import type { KnnGraph } from '../neighbors/knn';
import { serialPool } from '../parallel/pool';
import type { KernelPool } from '../parallel/types';
import { CancelledError, pause, runSliced, runYielding, SessionLostError, untilSettledOrAborted, type Pacing, type Steppable } from '../task';
import { createDruidProjection } from './druid';
import { GraphCache, graphSpaceKey } from './graphCache';
import { EXACT_GRAPH_MAX_POINTS, type ProjectSpec } from './methods';
import { neighborsForPerplexity } from './perplexity';
import { createPrepare, preparedKey, recipeOf, type Prepared } from './prepare';
import { createTsne, scaleInit } from './tsne';
import { createUmap } from './umap';
import { createUmapJs } from './umapJs';
import { createNeighborGraph } from './umapPipeline';

/** Seed of the NN-descent graph: fixed, so cached graphs serve every layout seed. */
export const GRAPH_SEED = 42;

/** What a new session needs: the dataset (by id: the workspace holds its vectors) and the spec. */
export interface ProjectOpen {
  readonly datasetId: string;
  /** Category codes for the 10-NN accuracy figure (MISSING_CODE = missing), or null. */
  readonly codes: Uint32Array | null;
  readonly spec: ProjectSpec;
}

export type ProjectPhase = 'reduce' | 'graph' | 'layout';

/** Compute time per phase in the worker, in ms (pauses excluded), and the threads it ran on. */
export interface ProjectTimings {
  readonly reduceMs: number;
  readonly graphMs: number;
  readonly layoutMs: number;
  /** Kernel threads the run had (absent: 1). */
  readonly threads?: number;
}

export interface GraphInfo {
  readonly k: number;
  readonly exact: boolean;
  /** True when the graph came from the workspace's cache (its time was paid by an earlier run). */
  readonly cached: boolean;
  /** Time it took to build (when it was built). */
  readonly ms: number;
}

export interface ProjectProgress {
  readonly phase: ProjectPhase;
  /** 0..1 within the phase. */
  readonly fraction: number;
  /** n × 2 snapshot of the layout (layout phase only), a copy the caller may transfer. */
  readonly coords: Float32Array | null;
  readonly timings: ProjectTimings;
  readonly graph: GraphInfo | null;
}

export interface ProjectRunParams {
  readonly sessionId: number;
  /** Present: start a new session (replacing any other). Absent: continue `sessionId`. */
  readonly open?: ProjectOpen;
  /** 'run' until finished (or cancelled); 'step' = one visible unit (an iteration / epoch). */
  readonly mode: 'run' | 'step';
  /**
   * Kernel threads wanted (the page's choice: every core but one when it is cross-origin
   * isolated, else 1). The workspace runs on as many as its pool could start.
   */
  readonly threads?: number;
}

export interface ProjectRunResult {
  readonly sessionId: number;
  readonly finished: boolean;
  /** The layout now (a copy): the final one when finished. */
  readonly coords: Float32Array;
  readonly progress: number;
  readonly timings: ProjectTimings;
  readonly graph: GraphInfo | null;
}

/** A layout's quality figures: the shared definition (compute/metrics/layoutQuality.ts). */
export type ProjectQuality = LayoutQuality;

/** Neighbours per point the method needs from the shared graph (0 = none). */
export function graphK(spec: ProjectSpec, n: number): number {
  if (spec.method === 'tsne') return neighborsForPerplexity(n, spec.tsne?.perplexity ?? 30);
  if (spec.method === 'umap' || spec.method === 'umap-js') return Math.max(1, Math.min(n - 1, spec.umap?.nNeighbors ?? 15));
  return 0;
}

interface Session {
  readonly id: number;
  readonly table: VectorTable;
  readonly open: ProjectOpen;
  readonly pool: KernelPool;
  prepared: Prepared | null;
  reduceTask: Steppable<unknown, Prepared> | null;
  graph: KnnGraph | null;
  graphInfo: GraphInfo | null;
  graphTask: Steppable<unknown, KnnGraph> | null;
  layout: Steppable<Float32Array, Float32Array> | null;
  finished: boolean;
  timings: { reduceMs: number; graphMs: number; layoutMs: number; threads: number };
}

export interface WorkspaceOptions {
  /** The host's yield between slices (workers: yieldToEventLoop). */
  readonly yieldNow?: () => Promise<void>;
  readonly now?: () => number;
  /** Datasets kept at once (least recently used go first). Default 2. */
  readonly maxTables?: number;
  /** Starts a pool of kernel threads (the worker's nested workers); without it everything runs on this thread. */
  readonly kernelPool?: (threads: number) => Promise<KernelPool>;
  /** Runs a new pool's threads through their paths once (warmKernels.ts); see warmThreads. */
  readonly warmPool?: (pool: KernelPool, pacing: Pacing) => Promise<void>;
}

export class ProjectWorkspace {
  private readonly tables = new Map<string, VectorTable>();
  private readonly graphs = new GraphCache(2);
  private prepared: { key: string; prepared: Prepared } | null = null;
  private session: Session | null = null;
  private pool: { wanted: number; pool: KernelPool } | null = null;
  /** The warm-up in progress (warmThreads); a run waits for it. */
  private warming: Promise<void> = Promise.resolve();
  private readonly now: () => number;

  constructor(private readonly opts: WorkspaceOptions = {}) {
    this.now = opts.now ?? (() => performance.now());
  }

  /** Keeps a dataset's vectors for the sessions to come (a table with the same id is replaced). */
  putTable(table: VectorTable): void {
    if (table.vectors.length !== table.n * table.dim) throw new Error(`putTable: expected ${table.n} × ${table.dim} values, got ${table.vectors.length}`);
    this.tables.delete(table.id);
    this.tables.set(table.id, table);
    for (const id of [...this.tables.keys()].slice(0, Math.max(0, this.tables.size - (this.opts.maxTables ?? 2)))) this.releaseTable(id);
  }

  hasTable(id: string): boolean {
    return this.tables.has(id);
  }

  /** Forgets a dataset and its caches (a running session keeps its own reference). */
  releaseTable(id: string): void {
    this.tables.delete(id);
    this.graphs.release(id);
    if (this.prepared?.key.startsWith(`${id}|`)) this.prepared = null;
  }

  /**
   * Starts and warms (opts.warmPool) the kernel threads a run on `threads` will use; a run
   * meanwhile waits. A warm-up that fails or is cancelled only leaves the threads cold.
   */
  warmThreads(threads: number, signal: AbortSignal): Promise<void> {
    const warmPool = this.opts.warmPool;
    if (threads < 2 || !warmPool) return Promise.resolve();
    const job = this.warming.then(async () => {
      const pool = await this.poolFor(threads);
      await warmPool(pool, { signal, yieldNow: this.opts.yieldNow, now: this.now });
    });
    this.warming = job.catch(() => undefined);
    return this.warming;
  }

  /** Starts (with `open`) or continues a session and runs it until finished, one step done, or the signal aborts. */
  async run(params: ProjectRunParams, signal: AbortSignal, onProgress: (p: ProjectProgress) => void): Promise<ProjectRunResult> {
    await untilSettledOrAborted(this.warming, signal);
    if (params.open) {
      // The replaced session's kernel jobs go with it.
      this.pool?.pool.releaseAll();
      const pool = await this.poolFor(params.threads ?? 1);
      this.session = this.openSession(params.sessionId, params.open, pool);
    }
    const s = this.sessionOf(params.sessionId);
    const pacing: Pacing = { signal, yieldNow: this.opts.yieldNow, now: this.now };
    await this.prepare(s, pacing, onProgress);
    const layout = s.layout as Steppable<Float32Array, Float32Array>;
    if (!s.finished) {
      if (params.mode === 'step') await this.stepOnce(s, pacing);
      else {
        await this.runPhase(s, 'layout', layout, pacing, onProgress);
        s.finished = true;
      }
    }
    return {
      sessionId: s.id,
      finished: s.finished,
      coords: s.finished ? layout.result().slice() : layout.snapshot(),
      progress: s.finished ? 1 : layout.progress(),
      timings: { ...s.timings },
      graph: s.graphInfo,
    };
  }

  /** The session's layout measured the way every layout is (Compare relies on it). */
  async quality(sessionId: number, signal: AbortSignal): Promise<ProjectQuality> {
    const s = this.sessionOf(sessionId);
    if (!s.layout) throw new SessionLostError(`The projection session ${sessionId} has no layout yet`);
    const { table, open } = s;
    const coords = s.finished ? s.layout.result() : s.layout.snapshot();
    // An exact graph over the original space (any k ≥ 10) gives recall over every point.
    const exactGraph = this.graphs.exact(graphSpaceKey(table.id, table.dim, table.metric, false), QUALITY_K);
    const space = { vectors: table.vectors, dim: table.dim, metric: table.metric };
    return runYielding(measureLayout({ coords, n: table.n, space, codes: open.codes, exactGraph }), { signal, yieldNow: this.opts.yieldNow });
  }

  /** The kernel pool for `wanted` threads (made once, remade when the page asks for another size). */
  private async poolFor(wanted: number): Promise<KernelPool> {
    const want = Math.max(1, Math.floor(wanted));
    if (this.pool?.wanted === want) return this.pool.pool;
    this.pool?.pool.close();
    this.pool = null;
    const pool = want > 1 && this.opts.kernelPool ? await this.opts.kernelPool(want) : serialPool();
    this.pool = { wanted: want, pool };
    return pool;
  }

  /** Ends the kernel threads (the worker is going away). */
  close(): void {
    this.pool?.pool.close();
    this.pool = null;
  }

  private openSession(id: number, open: ProjectOpen, pool: KernelPool): Session {
    const table = this.tables.get(open.datasetId);
    if (!table) throw new SessionLostError(`The projection worker no longer holds the data of "${open.datasetId}"`);
    if (table.n < 3) throw new Error(`Projection needs at least 3 points, got ${table.n}`);
    const timings = { reduceMs: 0, graphMs: 0, layoutMs: 0, threads: pool.threads };
    return { id, table, open, pool, prepared: null, reduceTask: null, graph: null, graphInfo: null, graphTask: null, layout: null, finished: false, timings };
  }

  private sessionOf(id: number): Session {
    const s = this.session;
    if (!s || s.id !== id) throw new SessionLostError(`The projection session ${id} is no longer in the worker (it was restarted or replaced)`);
    return s;
  }

  /** Runs one phase's Steppable in slices, adding its compute time to the session. */
  private async runPhase<R>(s: Session, phase: ProjectPhase, task: Steppable<unknown, R>, pacing: Pacing, onProgress: (p: ProjectProgress) => void): Promise<R> {
    const key = phase === 'reduce' ? 'reduceMs' : phase === 'graph' ? 'graphMs' : 'layoutMs';
    let mark = this.now();
    const account = () => {
      const t = this.now();
      s.timings[key] += t - mark;
      mark = t;
    };
    try {
      return await runSliced(task, {
        ...pacing,
        onSnapshot: (snap, fraction) => {
          account();
          // Before the layout has moved (UMAP's graph / spectral phases, a druid method's
          // set-up) its snapshot is not a picture yet: report progress without coordinates.
          const coords = phase === 'layout' && task.progress() > 0 ? (snap as Float32Array) : null;
          onProgress({ phase, fraction, coords, timings: { ...s.timings }, graph: s.graphInfo });
          mark = this.now();
        },
      });
    } finally {
      account();
    }
  }

  /** Brings the session to the start of its layout phase (or past it, if already there). */
  private async prepare(s: Session, pacing: Pacing, onProgress: (p: ProjectProgress) => void): Promise<void> {
    const { table, open } = s;
    const recipe = recipeOf(table, open.spec);
    if (!s.prepared) {
      const key = preparedKey(table, recipe);
      if (this.prepared?.key === key) s.prepared = this.prepared.prepared;
      else {
        s.reduceTask ??= createPrepare(table, recipe, s.pool);
        s.prepared = await this.runPhase(s, 'reduce', s.reduceTask, pacing, onProgress);
        this.prepared = { key, prepared: s.prepared };
      }
    }
    const k = graphK(open.spec, table.n);
    if (k > 0 && !s.graph) {
      const space = graphSpaceKey(table.id, s.prepared.dim, s.prepared.metric, recipe.reduce);
      const hit = this.graphs.find(space, k, table.n);
      if (hit) {
        s.graph = hit.graph;
        s.graphInfo = { k, exact: hit.cached.exact, cached: true, ms: hit.cached.ms };
      } else {
        const exact = table.n <= EXACT_GRAPH_MAX_POINTS;
        const prepared = s.prepared;
        s.graphTask ??= createNeighborGraph(prepared.data, table.n, prepared.dim, k, prepared.metric, exact ? 'exact' : 'nndescent', GRAPH_SEED, s.pool);
        const graph = await this.runPhase(s, 'graph', s.graphTask, pacing, onProgress);
        s.graph = graph;
        // A session builds one graph, so its graph time (over every resume) is the build time.
        s.graphInfo = { k, exact, cached: false, ms: s.timings.graphMs };
        this.graphs.remember({ key: space, datasetId: table.id, graph, exact, ms: s.timings.graphMs });
      }
    }
    if (!s.layout) {
      const t0 = this.now();
      s.layout = await createLayout(s.open.spec, table.n, s.prepared, s.graph, s.pool);
      s.timings.layoutMs += this.now() - t0;
    }
  }

  /** One visible unit: steps the layout until its progress moves (or it finishes). */
  private async stepOnce(s: Session, pacing: Pacing): Promise<void> {
    const task = s.layout as Steppable<Float32Array, Float32Array>;
    const p0 = task.progress();
    let mark = this.now();
    let last = mark;
    try {
      for (;;) {
        if (pacing.signal?.aborted) throw new CancelledError();
        if (task.step(1)) {
          s.finished = true;
          return;
        }
        if (task.progress() > p0) return;
        if (this.now() - last > 30) {
          s.timings.layoutMs += this.now() - mark;
          await pause(pacing);
          mark = last = this.now();
        }
      }
    } finally {
      s.timings.layoutMs += this.now() - mark;
    }
  }
}

/** Phase 3: the method's layout Steppable on the prepared data and the shared graph. */
async function createLayout(spec: ProjectSpec, n: number, prepared: Prepared, graph: KnnGraph | null, pool: KernelPool): Promise<Steppable<Float32Array, Float32Array>> {
  switch (spec.method) {
    case 'tsne': {
      const t = spec.tsne;
      const iterations = Math.max(1, Math.floor(t?.iterations ?? 750));
      return createTsne(
        { n, graph: graph as KnnGraph, init: scaleInit(prepared.pca2 ?? new Float32Array(2 * n)) },
        {
          perplexity: t?.perplexity ?? 30,
          learningRate: t?.learningRate ?? 'auto',
          iterations,
          earlyExaggerationIterations: Math.min(250, Math.round(iterations / 3)),
          earlyExaggeration: t?.earlyExaggeration ?? 12,
          exaggeration: t?.exaggeration ?? 1,
          seed: spec.seed,
        },
        { pool },
      );
    }
    case 'umap': {
      const u = spec.umap;
      return createUmap(
        { n, graph: graph as KnnGraph },
        { nNeighbors: u?.nNeighbors ?? 15, minDist: u?.minDist ?? 0.1, spread: u?.spread ?? 1, nEpochs: u?.epochs ?? 'auto', seed: spec.seed },
        { pool },
      );
    }
    case 'umap-js': {
      const u = spec.umap;
      return createUmapJs(
        { n, dim: prepared.dim, vectors: prepared.data, graph: graph as KnnGraph },
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
