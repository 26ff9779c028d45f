import type { SliceCreator } from './appState';
import { CLUSTER_SEED, clusterColumn, initialClustersData, isClusterColumn, type ClustersActions } from './clustersTypes';
import { errorText } from './errors';

/** The Clusters slice (see clustersTypes.ts). */
export const createClustersSlice: SliceCreator<'clusters', ClustersActions> = ({ jobs, get, patch, update, tr }) => {
  let running: { controller: AbortController; version: number } | null = null;

  return {
    initial: initialClustersData,
    actions: {
      find: async (k) => {
        const { dataset, version: datasetVersion } = get().data;
        if (!dataset) return;
        running?.controller.abort();
        const me = { controller: new AbortController(), version: datasetVersion };
        running = me;
        patch({ status: 'running', k, progress: 0, message: null });
        try {
          const r = await jobs.kmeans(dataset, k, CLUSTER_SEED, {
            signal: me.controller.signal,
            onProgress: (fraction) => {
              if (running === me) patch({ progress: fraction });
            },
          });
          if (running !== me) return;
          running = null;
          const now = get().data;
          if (!now.dataset || now.version !== me.version) {
            // Another dataset arrived meanwhile: these clusters belong to none on screen.
            patch({ status: 'idle', progress: 0, message: null });
            return;
          }
          const column = clusterColumn(now.dataset, k, r);
          const columns = [...now.dataset.columns.filter((c) => !isClusterColumn(c.name)), column];
          update({
            data: { dataset: { ...now.dataset, columns } },
            explore: { colorBy: column.name },
            clusters: {
              status: 'done',
              progress: 1,
              column: column.name,
              message: tr().t('clusters.done', { k, iterations: r.iterations, converged: r.converged }),
            },
          });
        } catch (e) {
          if (running !== me) return;
          running = null;
          if (me.controller.signal.aborted) return;
          patch({ status: 'error', message: tr().t('clusters.failed', { reason: errorText(e) }) });
          get().actions.data.handleLost(e);
        }
      },

      cancel: () => {
        if (!running) return;
        running.controller.abort();
        running = null;
        patch({ status: 'idle', progress: 0, message: tr().t('clusters.cancelled') });
      },
    },
  };
};
