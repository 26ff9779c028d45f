import type { Dataset } from '../compute/dataset';
import { checkLimit, methodInfo, type ProjectMethodId, type ProjectSpec } from '../compute/project/methods';
import { limitText } from './projectText';
import { randomSampleIndices } from '../compute/select/sample';
import { expandSubsetCoords, gatherValues } from '../compute/select/subset';
import type { ProjectRunParams } from '../compute/project/session';
import { isSessionLost } from '../compute/task';
import {
  categoryColumn,
  describeSpec,
  finishedKey,
  initialProjectionData,
  sampleSize,
  specFor,
  adoptedLayout,
  type FinishedLayout,
  type RunSubset,
  type ProjectionActions,
  type ProjectionRun,
  type ProjectionSettings,
  type ProjectionStatus,
} from './projectTypes';
import type { SliceCreator } from './appState';
import type { Layout } from './types';
import { errorText, isAbort, isWorkerCrash } from './errors';
import { litSet } from './litSet';
import { projectionSubsets } from './projectSubset';

/**
 * The Projection slice: which method lays the current dataset out (PCA, owned by the
 * data slice, stays the default), its parameters and seed, and the state of a run.
 *
 * A run streams snapshots (~10/s) into Explore's `layout` (running: true), so the
 * scatter plot animates. Pause cancels the worker job but the worker keeps the session;
 * Resume and Step are new jobs on the same session (see compute/project/session.ts).
 * A finished layout is measured (kNN recall, trustworthiness, 10-NN accuracy) and kept
 * in a small cache keyed by (dataset, spec): running the same spec again shows it at
 * once — the spec (method + parameters + seed) is the layout's identity.
 */

/** How many finished layouts are kept for instant re-display. */
const RESULT_CACHE_SIZE = 6;

export const createProjectionSlice: SliceCreator<'projection', ProjectionActions> = ({ jobs, get, data, patch, tr }) => {
  let nextSession = 0;
  /** The job in flight, if any. */
  let active: { sessionId: number; controller: AbortController } | null = null;
  const { isolatedSubset, pcaOfSubset } = projectionSubsets({ jobs, get, tr });
  const findFinished = (key: string): FinishedLayout | undefined => data().finished.find((f) => f.key === key);
  const setFinished = (finished: readonly FinishedLayout[]): void => patch({ finished });

  /** The run, if it is about the current dataset. */
  const currentRun = (): ProjectionRun | null => {
    const { run } = data();
    return run && run.datasetVersion === get().data.version ? run : null;
  };

  const patchRun = (sessionId: number, change: Partial<ProjectionRun>): boolean => {
    const run = currentRun();
    if (!run || run.sessionId !== sessionId) return false;
    patch({ run: { ...run, ...change } });
    return true;
  };

  /** A run's coordinates as a layout of every row (a subset's spread out, NaN for the other rows). */
  const layoutOf = (run: ProjectionRun, coords: Float32Array, running: boolean, version: number): Layout | null => {
    const { dataset } = get().data;
    if (!dataset || coords.length !== 2 * (run.subset ? run.subset.rows.length : dataset.n)) return null;
    return {
      coords: run.subset ? expandSubsetCoords(coords, run.subset.rows, dataset.n) : coords,
      datasetVersion: run.datasetVersion,
      method: run.label,
      version,
      running,
      identity: run.identity,
      seed: run.spec.seed,
      ...(run.subset ? { rows: run.subset.rows } : {}),
    };
  };

  const showCoords = (run: ProjectionRun, coords: Float32Array, running: boolean): void => {
    if (get().data.version !== run.datasetVersion) return;
    const layout = layoutOf(run, coords, running, (get().explore.layout?.version ?? 0) + 1);
    if (layout) get().actions.explore.showLayout(layout);
  };

  /** Marks the layout on screen as no longer running (the last frame stays). */
  const freezeLayout = (): void => {
    const { layout } = get().explore;
    if (layout?.running) get().actions.explore.showLayout({ ...layout, running: false, version: layout.version + 1 });
  };

  const stopActive = (): void => {
    active?.controller.abort();
    active = null;
  };

  const measure = async (run: ProjectionRun, key: string): Promise<void> => {
    patchRun(run.sessionId, { qualityStatus: 'measuring' });
    try {
      const quality = await jobs.projectQuality(run.sessionId);
      if (findFinished(key)) setFinished(data().finished.map((f) => (f.key === key ? { ...f, quality } : f)));
      patchRun(run.sessionId, { quality, qualityStatus: 'done' });
    } catch (e) {
      patchRun(run.sessionId, { qualityStatus: 'failed', message: tr().t('project.qualityFailed', { reason: errorText(e) }) });
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
          if (get().data.version !== run.datasetVersion) {
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
      const key = finishedKey(run.datasetVersion, run.spec, run.subset?.id);
      const finishedLayout = layoutOf(run, res.coords, false, 1);
      if (!finishedLayout) return;
      const entry: FinishedLayout = {
        key,
        datasetVersion: run.datasetVersion,
        spec: run.spec,
        subsetId: run.subset?.id ?? null,
        label: run.label,
        identity: run.identity,
        layout: { ...finishedLayout, ms: wallMs },
        timings: res.timings,
        graph: res.graph,
        wallMs,
        quality: null,
      };
      // Layouts of other datasets can never be shown again.
      const kept = data().finished.filter((f) => f.key !== key && f.datasetVersion === run.datasetVersion);
      setFinished([...kept, entry].slice(-RESULT_CACHE_SIZE));
      await measure(latest, key);
    } catch (e) {
      if (active === me) active = null;
      // Pause, Cancel, a new run or a new dataset aborted it: whoever did has set the state.
      if (controller.signal.aborted || isAbort(e)) return;
      freezeLayout();
      // A new run whose data the workers no longer hold: the dataset is lost, not just the run.
      if (params.open && get().actions.data.handleLost(e)) {
        patchRun(sessionId, { status: 'error', message: errorText(e) });
      } else if (isSessionLost(e)) {
        patchRun(sessionId, {
          status: 'lost',
          message: tr().t('project.lostPaused'),
        });
      } else if (isWorkerCrash(e)) {
        patchRun(sessionId, { status: 'lost', message: tr().t('project.workerStopped', { reason: errorText(e) }) });
      } else {
        patchRun(sessionId, { status: 'error', message: errorText(e) });
      }
    }
  };

  /** A new run record for the current dataset. */
  const newRun = (spec: ProjectSpec, dataset: Dataset, status: ProjectionStatus, subset: RunSubset | null): ProjectionRun => {
    const datasetVersion = get().data.version;
    const { colorBy } = get().explore;
    return {
      sessionId: ++nextSession,
      datasetVersion,
      spec,
      label: methodInfo(spec.method).label,
      identity: describeSpec(spec) + (subset ? ` · ${subset.rows.length} isolated rows` : ''),
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
      subset,
    };
  };

  const openParams = (run: ProjectionRun, dataset: Dataset, mode: 'run' | 'step'): ProjectRunParams => {
    const codes = categoryColumn(dataset, get().explore.colorBy)?.codes ?? null;
    return {
      sessionId: run.sessionId,
      mode,
      open: {
        datasetId: run.subset ? run.subset.id : dataset.id,
        codes: codes && run.subset ? gatherValues(codes, run.subset.rows) : codes,
        spec: run.spec,
      },
    };
  };

  const setRun = (run: ProjectionRun | null): void => patch({ run, confirm: null });

  /** Back to the explore slice's PCA layout. */
  const showPca = (): void => {
    const { pca } = get().data;
    if (pca) get().actions.data.setPcaAxes(pca.xComponent, pca.yComponent);
  };

  /** The method can run on this data now; otherwise records why not (refused / needs a confirmation). */
  const admissible = (method: ProjectMethodId, n: number, allowSlow: boolean): boolean => {
    // Isolated rows are what runs: the limits are about them.
    n = get().explore.isolation?.rows.length ?? n;
    const limit = checkLimit(method, n);
    if (limit.level === 'refuse') {
      patch({ confirm: null });
      get().actions.ui.notify('error', limitText(tr(), limit));
      return false;
    }
    if (limit.level === 'slow' && !allowSlow) {
      patch({ confirm: limitText(tr(), limit) });
      return false;
    }
    return true;
  };

  return {
    initial: initialProjectionData,
    actions: {

      setMethod: (method) => {
        patch({ method, confirm: null });
        if (method === 'pca') {
          stopActive();
          setRun(null);
          showPca();
        }
      },

      updateSettings: (change) => {
        const cur = data().settings;
        const settings: ProjectionSettings = {
          seed: change.seed ?? cur.seed,
          preReduce: change.preReduce !== undefined ? change.preReduce : cur.preReduce,
          tsne: { ...cur.tsne, ...change.tsne },
          umap: { ...cur.umap, ...change.umap },
          druid: { ...cur.druid, ...change.druid },
        };
        patch({ settings, confirm: null });
      },

      run: async (opts = {}) => {
        const { dataset } = get().data;
        const projection = data();
        if (!dataset) return;
        const method = projection.method;
        if (method === 'pca') {
          stopActive();
          setRun(null);
          if (get().explore.isolation) await pcaOfSubset(dataset);
          else showPca();
          return;
        }
        if (!admissible(method, dataset.n, opts.allowSlow ?? false)) return;
        stopActive();
        const spec = specFor(method, projection.settings, dataset);
        // Only an isolation waits for the subset: a plain run starts its job in this task.
        const subset = get().explore.isolation ? await isolatedSubset(dataset) : null;
        if (subset === 'failed') return;
        const cached = findFinished(finishedKey(get().data.version, spec, subset?.id));
        if (cached) {
          const run: ProjectionRun = {
            ...newRun(spec, dataset, 'done', subset),
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
          get().actions.explore.showLayout({ ...cached.layout, version: (get().explore.layout?.version ?? 0) + 1 });
          return;
        }
        const run = newRun(spec, dataset, 'running', subset);
        setRun(run);
        await drive(run, openParams(run, dataset, 'run'));
      },

      runOnSample: async () => {
        const { dataset } = get().data;
        const { method, settings } = data();
        if (!dataset || method === 'pca') return;
        const rows = randomSampleIndices(dataset.n, sampleSize(method, dataset.n), settings.seed);
        get().actions.explore.isolateRows(rows, 'sample');
        await get().actions.projection.run({ allowSlow: true });
      },

      runOnSelection: async () => {
        const { dataset } = get().data;
        if (!dataset) return;
        const set = litSet(get().explore, dataset.n);
        if (!set) return;
        get().actions.explore.isolate();
        await get().actions.projection.run({ allowSlow: true });
      },

      dismissConfirm: () => patch({ confirm: null }),

      pause: () => {
        const run = currentRun();
        if (!run || (run.status !== 'running' && run.status !== 'stepping')) return;
        stopActive();
        patchRun(run.sessionId, { status: 'paused' });
        freezeLayout();
      },

      resume: async () => {
        const run = currentRun();
        if (!run || run.status !== 'paused') return;
        patchRun(run.sessionId, { status: 'running' });
        await drive(run, { sessionId: run.sessionId, mode: 'run' });
      },

      step: async () => {
        const { dataset } = get().data;
        const projection = data();
        if (!dataset || projection.method === 'pca') return;
        const run = currentRun();
        if (run?.status === 'paused') {
          patchRun(run.sessionId, { status: 'stepping' });
          await drive(run, { sessionId: run.sessionId, mode: 'step' });
          return;
        }
        if (run && (run.status === 'running' || run.status === 'stepping')) return;
        if (!admissible(projection.method, dataset.n, true)) return;
        // Only an isolation waits for the subset: a plain run starts its job in this task.
        const subset = get().explore.isolation ? await isolatedSubset(dataset) : null;
        if (subset === 'failed') return;
        const fresh = newRun(specFor(projection.method, projection.settings, dataset), dataset, 'stepping', subset);
        setRun(fresh);
        await drive(fresh, openParams(fresh, dataset, 'step'));
      },

      adoptFinished: (layouts) => {
        const { dataset, version } = get().data;
        if (!dataset) return;
        const adopted = layouts.filter((l) => l.coords.length === 2 * dataset.n).map((l) => adoptedLayout(l, version));
        const keys = new Set(adopted.map((f) => f.key));
        const kept = data().finished.filter((f) => f.datasetVersion === version && !keys.has(f.key));
        setFinished([...adopted, ...kept].slice(-RESULT_CACHE_SIZE));
      },

      cancel: () => {
        const run = currentRun();
        patch({ confirm: null });
        if (!run || (run.status !== 'running' && run.status !== 'stepping' && run.status !== 'paused')) return;
        stopActive();
        patchRun(run.sessionId, { status: 'cancelled' });
        freezeLayout();
      },
    },
  };
};
