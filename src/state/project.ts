import type { Dataset } from '../compute/dataset';
import {
  PRE_REDUCE_ABOVE_DIM,
  PRE_REDUCE_DIMS,
  SESSION_LOST,
  checkLimit,
  methodInfo,
  type DruidSettings,
  type GraphInfo,
  type ProjectionMethodId,
  type ProjectMethodId,
  type ProjectPhase,
  type ProjectProgress,
  type ProjectQuality,
  type ProjectRunParams,
  type ProjectRunResult,
  type ProjectSpec,
  type ProjectTimings,
  type TsneSettings,
  type UmapSettings,
} from '../workers/projectJobs';
import type { SliceCreator } from './store';
import type { Layout } from './types';
import { errorText } from './explore';

/**
 * The Projection slice: which method lays the current dataset out (PCA, owned by the
 * explore slice, stays the default), its parameters and seed, and the state of a run.
 *
 * A run streams snapshots (~10/s) into the shared `layout` (running: true), so the
 * scatter plot animates. Pause cancels the worker job but the worker keeps the session;
 * Resume and Step are new jobs on the same session (see workers/projectHandlers.ts).
 * A finished layout is measured (kNN recall, trustworthiness, 10-NN accuracy) and kept
 * in a small cache keyed by (dataset, spec): running the same spec again shows it at
 * once — the spec (method + parameters + seed) is the layout's identity.
 */

/** The projection worker's jobs; state/jobs.ts implements them, tests pass fakes. */
export interface ProjectJobs {
  projectRun(params: ProjectRunParams, opts?: { signal?: AbortSignal; onProgress?: (p: ProjectProgress) => void }): Promise<ProjectRunResult>;
  projectQuality(sessionId: number, opts?: { signal?: AbortSignal }): Promise<ProjectQuality>;
}

/** For fakes that do not exercise projections. */
export const unavailableProjectJobs: ProjectJobs = {
  projectRun: () => Promise.reject(new Error('Projections are not available here')),
  projectQuality: () => Promise.reject(new Error('Projections are not available here')),
};

export interface ProjectionSettings {
  readonly seed: number;
  /** PCA → 50 dims first; null = automatic (on above PRE_REDUCE_ABOVE_DIM dimensions). */
  readonly preReduce: boolean | null;
  readonly tsne: TsneSettings;
  readonly umap: UmapSettings;
  readonly druid: DruidSettings;
}

export interface ProjectionSettingsPatch {
  readonly seed?: number;
  readonly preReduce?: boolean | null;
  readonly tsne?: Partial<TsneSettings>;
  readonly umap?: Partial<UmapSettings>;
  readonly druid?: Partial<DruidSettings>;
}

export type ProjectionStatus = 'running' | 'stepping' | 'paused' | 'done' | 'cancelled' | 'lost' | 'error';

export interface ProjectionRun {
  readonly sessionId: number;
  readonly datasetVersion: number;
  readonly spec: ProjectSpec;
  /** Method name shown on the layout, e.g. "t-SNE". */
  readonly label: string;
  /** The spec in words: method, parameters, seed. */
  readonly identity: string;
  readonly status: ProjectionStatus;
  readonly phase: ProjectPhase | null;
  /** 0..1 within the phase. */
  readonly progress: number;
  readonly timings: ProjectTimings | null;
  readonly graph: GraphInfo | null;
  /** Main-thread wall time while a job ran (pauses excluded), ms. */
  readonly wallMs: number;
  readonly quality: ProjectQuality | null;
  readonly qualityStatus: 'none' | 'measuring' | 'done' | 'failed';
  /** Category column the 10-NN accuracy is about, or null. */
  readonly accuracyColumn: string | null;
  /** Shown from the result cache instead of recomputed. */
  readonly reused: boolean;
  readonly message: string | null;
}

/** A finished layout kept for instant re-display and for the Compare view. */
export interface FinishedLayout {
  /** (dataset version, spec) as a string: the layout's identity. */
  readonly key: string;
  readonly datasetVersion: number;
  readonly spec: ProjectSpec;
  readonly label: string;
  readonly identity: string;
  readonly layout: Layout;
  readonly timings: ProjectTimings | null;
  readonly graph: GraphInfo | null;
  readonly wallMs: number;
  readonly quality: ProjectQuality | null;
}

export interface ProjectionData {
  readonly method: ProjectionMethodId;
  readonly settings: ProjectionSettings;
  readonly run: ProjectionRun | null;
  /** Set when the method is slow for this data: Run waits for a confirmation. */
  readonly confirm: string | null;
  /** Finished layouts of the current dataset, oldest first (at most RESULT_CACHE_SIZE). */
  readonly finished: readonly FinishedLayout[];
}

export interface ProjectionActions {
  /** Picks the method; picking PCA stops any run and shows the PCA layout again. */
  setProjectionMethod(method: ProjectionMethodId): void;
  updateProjectionSettings(patch: ProjectionSettingsPatch): void;
  /** Starts a run of the current method and settings (restarting any other). */
  runProjection(opts?: { allowSlow?: boolean }): Promise<void>;
  dismissProjectionConfirm(): void;
  pauseProjection(): void;
  resumeProjection(): Promise<void>;
  /** One iteration / epoch: continues a paused run, or starts a new one paused after one unit. */
  stepProjection(): Promise<void>;
  /** Stops the run for good; the last frame stays on screen. */
  cancelProjection(): void;
}

export interface ProjectionState extends ProjectionActions {
  readonly projection: ProjectionData;
}

export const DEFAULT_PROJECTION_SETTINGS: ProjectionSettings = {
  seed: 42,
  preReduce: null,
  tsne: { perplexity: 30, learningRate: 'auto', iterations: 750, earlyExaggeration: 12, exaggeration: 1 },
  umap: { nNeighbors: 15, minDist: 0.1, spread: 1, epochs: 'auto' },
  druid: { iterations: null, nNeighbors: 15 },
};

/** How many finished layouts are kept for instant re-display. */
const RESULT_CACHE_SIZE = 6;

export function effectivePreReduce(settings: ProjectionSettings, dim: number): boolean {
  return settings.preReduce ?? dim > PRE_REDUCE_ABOVE_DIM;
}

/** The spec (identity) of running `method` with `settings` on `dataset`. */
export function specFor(method: ProjectMethodId, settings: ProjectionSettings, dataset: Pick<Dataset, 'dim'>): ProjectSpec {
  const info = methodInfo(method);
  const base = { method, seed: settings.seed >>> 0, preReduce: effectivePreReduce(settings, dataset.dim) && dataset.dim > PRE_REDUCE_DIMS };
  if (info.params === 'tsne') return { ...base, tsne: settings.tsne };
  if (info.params === 'umap') return { ...base, umap: settings.umap };
  if (info.params === 'druid-iterative') return { ...base, druid: { iterations: settings.druid.iterations, nNeighbors: settings.druid.nNeighbors } };
  if (info.params === 'druid-neighbors') return { ...base, druid: { iterations: null, nNeighbors: settings.druid.nNeighbors } };
  return { ...base, druid: { iterations: null, nNeighbors: 15 } };
}

/** The spec in words, e.g. "t-SNE · perplexity 30 · learning rate auto · … · seed 42". */
export function describeSpec(spec: ProjectSpec): string {
  const info = methodInfo(spec.method);
  const parts: string[] = [info.label];
  if (spec.tsne) {
    const t = spec.tsne;
    parts.push(`perplexity ${t.perplexity}`, `learning rate ${t.learningRate}`, `${t.iterations} iterations`, `early exaggeration ${t.earlyExaggeration}`);
    if (t.exaggeration !== 1) parts.push(`exaggeration ${t.exaggeration}`);
  }
  if (spec.umap) {
    const u = spec.umap;
    parts.push(`${u.nNeighbors} neighbours`, `min dist ${u.minDist}`, `spread ${u.spread}`, `${u.epochs} epochs`);
  }
  if (spec.druid) {
    if (info.params === 'druid-iterative') parts.push(`${spec.druid.iterations ?? 'default'} iterations`);
    if (info.params === 'druid-iterative' && (spec.method === 'pacmap' || spec.method === 'localmap')) parts.push(`${spec.druid.nNeighbors} neighbours`);
    if (info.params === 'druid-neighbors') parts.push(`${spec.druid.nNeighbors} neighbours`);
  }
  parts.push(`seed ${spec.seed}`);
  if (spec.preReduce) parts.push(`PCA → ${PRE_REDUCE_DIMS} dims first`);
  return parts.join(' · ');
}

/** The category column the accuracy figure uses: the colouring one, else the first. */
export function categoryColumn(dataset: Dataset, colorBy: string | null) {
  const cats = dataset.columns.filter((c) => c.type === 'category');
  const pick = cats.find((c) => c.name === colorBy) ?? cats[0];
  return pick && pick.type === 'category' ? pick : null;
}

export const initialProjectionData: ProjectionData = {
  method: 'pca',
  settings: DEFAULT_PROJECTION_SETTINGS,
  run: null,
  confirm: null,
  finished: [],
};

const isAbort = (e: unknown): boolean => e instanceof Error && (e.name === 'AbortError' || e.name === 'CancelledError');

export const createProjectionSlice: SliceCreator<ProjectionState> = (jobs, set, get) => {
  let nextSession = 0;
  /** The job in flight, if any. */
  let active: { sessionId: number; controller: AbortController } | null = null;
  const resultKey = (datasetVersion: number, spec: ProjectSpec) => JSON.stringify([datasetVersion, spec]);
  const findFinished = (key: string): FinishedLayout | undefined => get().projection.finished.find((f) => f.key === key);
  const setFinished = (finished: readonly FinishedLayout[]): void => set((s) => ({ projection: { ...s.projection, finished } }));

  /** The run, if it is about the current dataset. */
  const currentRun = (): ProjectionRun | null => {
    const { projection, datasetVersion } = get();
    return projection.run && projection.run.datasetVersion === datasetVersion ? projection.run : null;
  };

  const patchRun = (sessionId: number, patch: Partial<ProjectionRun>): boolean => {
    const run = currentRun();
    if (!run || run.sessionId !== sessionId) return false;
    set((s) => ({ projection: { ...s.projection, run: { ...run, ...patch } } }));
    return true;
  };

  const showCoords = (run: ProjectionRun, coords: Float32Array, running: boolean): void => {
    if (get().datasetVersion !== run.datasetVersion || coords.length !== 2 * (get().dataset?.n ?? -1)) return;
    set((s) => ({
      layout: { coords, datasetVersion: run.datasetVersion, method: run.label, version: (s.layout?.version ?? 0) + 1, running },
    }));
  };

  /** Marks the layout on screen as no longer running (the last frame stays). */
  const freezeLayout = (): void => {
    const { layout } = get();
    if (layout?.running) set({ layout: { ...layout, running: false, version: layout.version + 1 } });
  };

  const stopActive = (): void => {
    active?.controller.abort();
    active = null;
  };

  const measure = async (run: ProjectionRun, key: string): Promise<void> => {
    patchRun(run.sessionId, { qualityStatus: 'measuring' });
    try {
      const quality = await jobs.projectQuality(run.sessionId);
      if (findFinished(key)) setFinished(get().projection.finished.map((f) => (f.key === key ? { ...f, quality } : f)));
      patchRun(run.sessionId, { quality, qualityStatus: 'done' });
    } catch (e) {
      patchRun(run.sessionId, { qualityStatus: 'failed', message: `Quality figures failed: ${errorText(e)}` });
    }
  };

  /** Runs one job on the run's session and folds its progress and result into the store. */
  const drive = async (run: ProjectionRun, params: ProjectRunParams): Promise<void> => {
    stopActive();
    const controller = new AbortController();
    const me = { sessionId: run.sessionId, controller };
    active = me;
    const { sessionId } = run;
    let mark = performance.now();
    const wall = (): number => {
      const now = performance.now();
      const add = now - mark;
      mark = now;
      return (currentRun()?.wallMs ?? 0) + add;
    };
    try {
      const res = await jobs.projectRun(params, {
        signal: controller.signal,
        onProgress: (p) => {
          if (active !== me) return;
          if (get().datasetVersion !== run.datasetVersion) {
            // A new dataset: this run is moot.
            stopActive();
            return;
          }
          if (!patchRun(sessionId, { phase: p.phase, progress: p.fraction, timings: p.timings, graph: p.graph, wallMs: wall() })) return;
          if (p.coords) showCoords(run, p.coords, true);
        },
      });
      if (active !== me) return;
      active = null;
      const latest = currentRun();
      if (!latest || latest.sessionId !== sessionId) return;
      const wallMs = wall();
      showCoords(latest, res.coords, false);
      if (!res.finished) {
        patchRun(sessionId, { status: 'paused', phase: 'layout', progress: res.progress, timings: res.timings, graph: res.graph, wallMs });
        return;
      }
      patchRun(sessionId, { status: 'done', phase: 'layout', progress: 1, timings: res.timings, graph: res.graph, wallMs });
      const key = resultKey(run.datasetVersion, run.spec);
      const entry: FinishedLayout = {
        key,
        datasetVersion: run.datasetVersion,
        spec: run.spec,
        label: run.label,
        identity: run.identity,
        layout: { coords: res.coords, datasetVersion: run.datasetVersion, method: run.label, version: 1, running: false, ms: wallMs },
        timings: res.timings,
        graph: res.graph,
        wallMs,
        quality: null,
      };
      // Layouts of other datasets can never be shown again.
      const kept = get().projection.finished.filter((f) => f.key !== key && f.datasetVersion === run.datasetVersion);
      setFinished([...kept, entry].slice(-RESULT_CACHE_SIZE));
      await measure(latest, key);
    } catch (e) {
      if (active === me) active = null;
      // Pause, Cancel, a new run or a new dataset aborted it: whoever did has set the state.
      if (controller.signal.aborted || isAbort(e)) return;
      freezeLayout();
      if (e instanceof Error && e.name === SESSION_LOST) {
        patchRun(sessionId, {
          status: 'lost',
          message: 'The projection worker was restarted, so this paused run is gone. Run it again: the same parameters and seed give the same layout.',
        });
      } else {
        patchRun(sessionId, { status: 'error', message: errorText(e) });
      }
    }
  };

  /** A new run record for the current dataset. */
  const newRun = (spec: ProjectSpec, dataset: Dataset, status: ProjectionStatus): ProjectionRun => {
    const { datasetVersion, colorBy } = get();
    return {
      sessionId: ++nextSession,
      datasetVersion,
      spec,
      label: methodInfo(spec.method).label,
      identity: describeSpec(spec),
      status,
      phase: null,
      progress: 0,
      timings: null,
      graph: null,
      wallMs: 0,
      quality: null,
      qualityStatus: 'none',
      accuracyColumn: categoryColumn(dataset, colorBy)?.name ?? null,
      reused: false,
      message: null,
    };
  };

  const openParams = (run: ProjectionRun, dataset: Dataset, mode: 'run' | 'step'): ProjectRunParams => ({
    sessionId: run.sessionId,
    mode,
    open: {
      datasetKey: `${run.datasetVersion}:${dataset.id}`,
      vectors: dataset.vectors,
      n: dataset.n,
      dim: dataset.dim,
      metric: dataset.metric,
      codes: categoryColumn(dataset, get().colorBy)?.codes ?? null,
      spec: run.spec,
    },
  });

  const setRun = (run: ProjectionRun | null): void => set((s) => ({ projection: { ...s.projection, run, confirm: null } }));

  /** Back to the explore slice's PCA layout. */
  const showPca = (): void => {
    const { pca } = get();
    if (pca) get().setPcaAxes(pca.xComponent, pca.yComponent);
  };

  /** The method can run on this data now; otherwise records why not (refused / needs a confirmation). */
  const admissible = (method: ProjectMethodId, n: number, allowSlow: boolean): boolean => {
    const limit = checkLimit(method, n);
    if (limit.level === 'refuse') {
      set((s) => ({ projection: { ...s.projection, confirm: null } }));
      get().notify('error', limit.text);
      return false;
    }
    if (limit.level === 'slow' && !allowSlow) {
      set((s) => ({ projection: { ...s.projection, confirm: limit.text } }));
      return false;
    }
    return true;
  };

  return {
    projection: initialProjectionData,

    setProjectionMethod: (method) => {
      set((s) => ({ projection: { ...s.projection, method, confirm: null } }));
      if (method === 'pca') {
        stopActive();
        setRun(null);
        showPca();
      }
    },

    updateProjectionSettings: (patch) => {
      set((s) => {
        const cur = s.projection.settings;
        const settings: ProjectionSettings = {
          seed: patch.seed ?? cur.seed,
          preReduce: patch.preReduce !== undefined ? patch.preReduce : cur.preReduce,
          tsne: { ...cur.tsne, ...patch.tsne },
          umap: { ...cur.umap, ...patch.umap },
          druid: { ...cur.druid, ...patch.druid },
        };
        return { projection: { ...s.projection, settings, confirm: null } };
      });
    },

    runProjection: async (opts = {}) => {
      const { dataset, projection } = get();
      if (!dataset) return;
      const method = projection.method;
      if (method === 'pca') {
        stopActive();
        setRun(null);
        showPca();
        return;
      }
      if (!admissible(method, dataset.n, opts.allowSlow ?? false)) return;
      stopActive();
      const spec = specFor(method, projection.settings, dataset);
      const cached = findFinished(resultKey(get().datasetVersion, spec));
      if (cached) {
        const run: ProjectionRun = {
          ...newRun(spec, dataset, 'done'),
          phase: 'layout',
          progress: 1,
          timings: cached.timings,
          graph: cached.graph,
          wallMs: cached.wallMs,
          quality: cached.quality,
          qualityStatus: cached.quality ? 'done' : 'none',
          reused: true,
        };
        setRun(run);
        showCoords(run, cached.layout.coords, false);
        return;
      }
      const run = newRun(spec, dataset, 'running');
      setRun(run);
      await drive(run, openParams(run, dataset, 'run'));
    },

    dismissProjectionConfirm: () => set((s) => ({ projection: { ...s.projection, confirm: null } })),

    pauseProjection: () => {
      const run = currentRun();
      if (!run || (run.status !== 'running' && run.status !== 'stepping')) return;
      stopActive();
      patchRun(run.sessionId, { status: 'paused' });
      freezeLayout();
    },

    resumeProjection: async () => {
      const run = currentRun();
      if (!run || run.status !== 'paused') return;
      patchRun(run.sessionId, { status: 'running' });
      await drive(run, { sessionId: run.sessionId, mode: 'run' });
    },

    stepProjection: async () => {
      const { dataset, projection } = get();
      if (!dataset || projection.method === 'pca') return;
      const run = currentRun();
      if (run?.status === 'paused') {
        patchRun(run.sessionId, { status: 'stepping' });
        await drive(run, { sessionId: run.sessionId, mode: 'step' });
        return;
      }
      if (run && (run.status === 'running' || run.status === 'stepping')) return;
      if (!admissible(projection.method, dataset.n, true)) return;
      const fresh = newRun(specFor(projection.method, projection.settings, dataset), dataset, 'stepping');
      setRun(fresh);
      await drive(fresh, openParams(fresh, dataset, 'step'));
    },

    cancelProjection: () => {
      const run = currentRun();
      set((s) => ({ projection: { ...s.projection, confirm: null } }));
      if (!run || (run.status !== 'running' && run.status !== 'stepping' && run.status !== 'paused')) return;
      stopActive();
      patchRun(run.sessionId, { status: 'cancelled' });
      freezeLayout();
    },
  };
};
