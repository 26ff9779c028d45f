import { hasVectors, type Dataset } from '../compute/dataset';
import { isSessionLost } from '../compute/task';
import { yieldToEventLoop } from '../workers/yieldToEventLoop';
import type { SliceCreator } from './appState';
import { initialDataState, PCA_COMPONENTS, type DataActions, type PcaResult } from './dataTypes';
import { errorText } from './errors';
import { EXPLORE_RESET } from './exploreTypes';
import { firstViewOf, storedFinished, storedLayoutView } from './firstView';
import { layoutFromScores } from './pcaLayout';
import { BUILTINS, type BuiltinId } from './types';

/**
 * The Data slice: which dataset is current, loading the built-in ones, and its PCA (the
 * default layout). A new dataset resets what was selected on the old one in the same
 * store update, and the old layout stays on screen until the new PCA is ready.
 */
export const createDataSlice: SliceCreator<'data', DataActions> = ({ jobs, get, data, patch, update, tr }) => {
  let loadAbort: AbortController | null = null;
  const notify = (level: 'error' | 'info', text: string): void => get().actions.ui.notify(level, text);

  const handleLost = (e: unknown): boolean => {
    if (!isSessionLost(e)) return false;
    const what = data().dataset?.name ?? tr().t('data.theData');
    patch({ loadStatus: { kind: 'error', what, message: tr().t('data.vectorsGone') } });
    return true;
  };

  /**
   * Waits for a PCA job started with `jobs.pca` and keeps its scores; shows its layout
   * unless the dataset opened on a layout of its own (PCA is then one click away).
   */
  const showPca = async (pending: Promise<PcaResult>, t0: number, version: number, precomputed: boolean, onScreen: boolean): Promise<void> => {
    try {
      const res = await pending;
      // A built-in's PCA is ready at once: the layout goes to the plot a task after the
      // new dataset's render, so that render and the plot's first work on the layout
      // (colours, extent, fit) are two main-thread tasks instead of one over 100 ms.
      if (precomputed && onScreen) await yieldToEventLoop();
      if (data().version !== version) return;
      const ms = performance.now() - t0;
      const k = res.components;
      const x = 0;
      const y = Math.min(1, k - 1);
      const previous = get().explore.layout;
      const how = precomputed ? { note: 'with-data' as const } : { ms };
      const pca = { pcaScores: res.scores, pcaComponents: k, pca: { explainedRatio: res.explainedRatio, xComponent: x, yComponent: y, ...how } };
      if (!onScreen) {
        patch(pca);
        return;
      }
      update({
        data: pca,
        explore: {
          layout: {
            coords: layoutFromScores(res.scores, k, x, y),
            datasetVersion: version,
            method: 'PCA',
            version: (previous?.version ?? 0) + 1,
            running: false,
            ...how,
          },
        },
      });
    } catch (e) {
      if (data().version === version && !handleLost(e)) notify('error', tr().t('data.pcaFailed', { reason: errorText(e) }));
    }
  };

  /** Makes `dataset` the current one (resetting selection and search) and lays it out with PCA. */
  const show = async (dataset: Dataset, builtinId: BuiltinId | null = null): Promise<void> => {
    if (builtinId === null) {
      // A dataset from elsewhere (a file, the lab) supersedes any built-in still downloading.
      loadAbort?.abort();
      loadAbort = null;
    }
    const previous = data().dataset;
    if (previous && previous.id !== dataset.id) jobs.releaseDataset(previous);
    const version = data().version + 1;
    const view = firstViewOf(dataset, builtinId !== null);
    // PCA starts before the store update: the worker computes while React renders the new
    // dataset's panels (that render is synchronous and takes a while). Built-in data
    // carries its PCA (computed by the same code at `npm run data`); data without vectors has none.
    const t0 = performance.now();
    const pending: Promise<PcaResult> | null = dataset.pca
      ? Promise.resolve({ components: dataset.pca.components, scores: dataset.pca.scores, explainedRatio: [...dataset.pca.explainedRatio] })
      : hasVectors(dataset)
        ? jobs.pca(dataset, PCA_COMPONENTS)
        : null;
    pending?.catch(() => undefined); // handled in showPca; avoids an unhandled-rejection report meanwhile
    const stored = view.stored >= 0 ? dataset.layouts![view.stored] : null;
    const layoutVersion = (get().explore.layout?.version ?? 0) + 1;
    update({
      data: { builtinId, dataset, version, loadStatus: { kind: 'ready' }, pcaScores: null, pcaComponents: 0, pca: null },
      explore: {
        ...EXPLORE_RESET,
        colorBy: view.colorBy,
        showLabels: view.showLabels,
        ...(stored ? { layout: storedLayoutView(stored, version, layoutVersion) } : {}),
      },
      projection: { method: view.method, finished: storedFinished(dataset, version), confirm: null },
    });
    if (pending) await showPca(pending, t0, version, dataset.pca !== undefined, stored === null);
    // The first map is up: the kernel threads can get ready for the first run meanwhile.
    jobs.warmKernelThreads?.();
  };

  const loadBuiltin = async (id: BuiltinId): Promise<void> => {
    const info = BUILTINS.find((b) => b.id === id);
    if (!info) throw new Error(`Unknown built-in dataset ${id}`);
    loadAbort?.abort();
    const abort = new AbortController();
    loadAbort = abort;
    patch({ builtinId: id, loadStatus: { kind: 'loading', what: info.title, loadedBytes: 0, totalBytes: null } });
    try {
      const dataset = await jobs.loadBuiltin(info.file, {
        signal: abort.signal,
        onProgress: (loadedBytes, totalBytes) => {
          if (loadAbort === abort) patch({ loadStatus: { kind: 'loading', what: info.title, loadedBytes, totalBytes } });
        },
      });
      if (loadAbort !== abort) {
        jobs.releaseDataset(dataset); // a newer load won
        return;
      }
      await show(dataset, id);
    } catch (e) {
      if (loadAbort !== abort || abort.signal.aborted) return;
      // Whatever was loaded before stays usable; the status line offers a retry.
      patch({ loadStatus: { kind: 'error', what: info.title, message: errorText(e) } });
    }
  };

  return {
    initial: initialDataState,
    actions: {
      loadBuiltin,
      show: (dataset) => show(dataset),
      retry: async () => {
        const { builtinId, dataset } = data();
        if (builtinId) await loadBuiltin(builtinId);
        else if (dataset?.id.startsWith('file:') && get().load.loaded) await get().actions.load.retry();
        else notify('info', tr().t('data.fromLab'));
      },
      handleLost,
      showStored: (index) => {
        const { dataset, version } = data();
        const stored = dataset?.layouts?.[index];
        if (!stored) return;
        // A running projection would overwrite the picture with its next snapshot.
        get().actions.projection.cancel();
        get().actions.explore.showLayout(storedLayoutView(stored, version, (get().explore.layout?.version ?? 0) + 1));
        if (stored.spec) get().actions.projection.setMethod(stored.spec.method);
      },
      setPcaAxes: (xComponent, yComponent) => {
        const { pcaScores, pcaComponents, pca, version } = data();
        if (!pcaScores || !pca) return;
        const clamp = (c: number): number => Math.max(0, Math.min(pcaComponents - 1, Math.floor(c)));
        const x = clamp(xComponent);
        const y = clamp(yComponent);
        const previous = get().explore.layout;
        update({
          data: { pca: { ...pca, xComponent: x, yComponent: y } },
          explore: {
            layout: {
              coords: layoutFromScores(pcaScores, pcaComponents, x, y),
              datasetVersion: version,
              method: 'PCA',
              version: (previous?.version ?? 0) + 1,
              running: false,
              ...(pca.note ? { note: pca.note } : pca.ms !== undefined ? { ms: pca.ms } : {}),
            },
          },
        });
      },
    },
  };
};
