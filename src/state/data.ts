import type { Dataset } from '../compute/dataset';
import { isSessionLost } from '../compute/task';
import type { SliceCreator } from './appState';
import { initialDataState, PCA_COMPONENTS, type DataActions, type PcaResult } from './dataTypes';
import { errorText } from './errors';
import { EXPLORE_RESET } from './exploreTypes';
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

  /** Waits for a PCA job started with `jobs.pca` and shows its layout. */
  const showPca = async (pending: Promise<PcaResult>, t0: number, version: number, precomputed: boolean): Promise<void> => {
    try {
      const res = await pending;
      if (data().version !== version) return;
      const ms = performance.now() - t0;
      const k = res.components;
      const x = 0;
      const y = Math.min(1, k - 1);
      const previous = get().explore.layout;
      update({
        data: { pcaScores: res.scores, pcaComponents: k, pca: { explainedRatio: res.explainedRatio, xComponent: x, yComponent: y } },
        explore: {
          layout: {
            coords: layoutFromScores(res.scores, k, x, y),
            datasetVersion: version,
            method: 'PCA',
            version: (previous?.version ?? 0) + 1,
            running: false,
            ...(precomputed ? { note: 'computed with the data' } : { ms }),
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
    const firstCategory = dataset.columns.find((c) => c.type === 'category');
    // PCA starts before the store update: the worker computes while React renders the new
    // dataset's panels (that render is synchronous and takes a while). Built-in data
    // carries its PCA (computed by the same code at `npm run data`).
    const t0 = performance.now();
    const pending: Promise<PcaResult> = dataset.pca
      ? Promise.resolve({ components: dataset.pca.components, scores: dataset.pca.scores, explainedRatio: [...dataset.pca.explainedRatio] })
      : jobs.pca(dataset, PCA_COMPONENTS);
    pending.catch(() => undefined); // handled in showPca; avoids an unhandled-rejection report meanwhile
    update({
      data: { builtinId, dataset, version, loadStatus: { kind: 'ready' }, pcaScores: null, pcaComponents: 0, pca: null },
      explore: { ...EXPLORE_RESET, colorBy: firstCategory ? firstCategory.name : null },
    });
    await showPca(pending, t0, version, dataset.pca !== undefined);
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
            },
          },
        });
      },
    },
  };
};
