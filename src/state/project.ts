import type { Dataset } from '../compute/dataset';
import { checkLimit, methodInfo, type ProjectMethodId, type ProjectSpec } from '../compute/project/methods';
import type { ProjectRunParams } from '../compute/project/session';
import { isSessionLost } from '../compute/task';
import {
  categoryColumn,
  describeSpec,
  finishedKey,
  initialProjectionData,
  specFor,
  type FinishedLayout,
  type ProjectionActions,
  type ProjectionRun,
  type ProjectionSettings,
  type ProjectionStatus,
} from './projectTypes';
import type { SliceCreator } from './appState';
import { errorText, isAbort } from './errors';

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

export const createProjectionSlice: SliceCreator<'projection', ProjectionActions> = ({ jobs, get, data, patch }) => {
  let nextSession = 0;
  /** The job in flight, if any. */
  let active: { sessionId: number; controller: AbortController } | null = null;
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

  const showCoords = (run: ProjectionRun, coords: Float32Array, running: boolean): void => {
    const { version, dataset } = get().data;
    if (version !== run.datasetVersion || coords.length !== 2 * (dataset?.n ?? -1)) return;
    const previous = get().explore.layout;
    get().actions.explore.showLayout({ coords, datasetVersion: run.datasetVersion, method: run.label, version: (previous?.version ?? 0) + 1, running });
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
      const key = finishedKey(run.datasetVersion, run.spec);
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
          message: 'The projection worker was restarted, so this paused run is gone. Run it again: the same parameters and seed give the same layout.',
        });
      } else {
        patchRun(sessionId, { status: 'error', message: errorText(e) });
      }
    }
  };

  /** A new run record for the current dataset. */
  const newRun = (spec: ProjectSpec, dataset: Dataset, status: ProjectionStatus): ProjectionRun => {
    const datasetVersion = get().data.version;
    const { colorBy } = get().explore;
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
      datasetId: dataset.id,
      codes: categoryColumn(dataset, get().explore.colorBy)?.codes ?? null,
      spec: run.spec,
    },
  });

  const setRun = (run: ProjectionRun | null): void => patch({ run, confirm: null });

  /** Back to the explore slice's PCA layout. */
  const showPca = (): void => {
    const { pca } = get().data;
    if (pca) get().actions.data.setPcaAxes(pca.xComponent, pca.yComponent);
  };

  /** The method can run on this data now; otherwise records why not (refused / needs a confirmation). */
  const admissible = (method: ProjectMethodId, n: number, allowSlow: boolean): boolean => {
    const limit = checkLimit(method, n);
    if (limit.level === 'refuse') {
      patch({ confirm: null });
      get().actions.ui.notify('error', limit.text);
      return false;
    }
    if (limit.level === 'slow' && !allowSlow) {
      patch({ confirm: limit.text });
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
          showPca();
          return;
        }
        if (!admissible(method, dataset.n, opts.allowSlow ?? false)) return;
        stopActive();
        const spec = specFor(method, projection.settings, dataset);
        const cached = findFinished(finishedKey(get().data.version, spec));
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
        const fresh = newRun(specFor(projection.method, projection.settings, dataset), dataset, 'stepping');
        setRun(fresh);
        await drive(fresh, openParams(fresh, dataset, 'step'));
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
