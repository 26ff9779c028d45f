import type { Dataset } from '../compute/dataset';
import { expandSubsetCoords, subsetId } from '../compute/select/subset';
import type { SliceApi } from './appState';
import { errorText } from './errors';
import type { RunSubset } from './projectTypes';

/**
 * The projection slice's isolated rows: Isolate makes the workers keep the rows as a
 * table of their own (derived once, by id; the previous one is released), and runs lay
 * that table out. PCA of an isolation is fitted again on the rows alone.
 */
export interface ProjectionSubsets {
  /** The isolated rows as a subset in the workers, or null without an isolation. */
  subsetFor(dataset: Dataset): Promise<RunSubset | null>;
  /** As subsetFor for a new run; 'failed' when the workers could not derive it (already said to the user). */
  isolatedSubset(dataset: Dataset): Promise<RunSubset | null | 'failed'>;
  /** PCA fitted again on the isolated rows alone (in the data worker), shown as their layout. */
  pcaOfSubset(dataset: Dataset): Promise<void>;
}

export function projectionSubsets({ jobs, get, tr }: Pick<SliceApi<'projection'>, 'jobs' | 'get' | 'tr'>): ProjectionSubsets {
  /** The subset table the workers were last asked to keep (one at a time). */
  let derived: string | null = null;

  const subsetFor = async (dataset: Dataset): Promise<RunSubset | null> => {
    const isolation = get().explore.isolation;
    if (!isolation) return null;
    const id = subsetId(dataset.id, isolation.rows);
    await jobs.deriveSubset(dataset, isolation.rows, id);
    if (derived && derived !== id) jobs.releaseTable(derived);
    derived = id;
    return { id, rows: isolation.rows };
  };

  const isolatedSubset = async (dataset: Dataset): Promise<RunSubset | null | 'failed'> => {
    if (!get().explore.isolation) return null;
    try {
      return await subsetFor(dataset);
    } catch (e) {
      if (!get().actions.data.handleLost(e)) get().actions.ui.notify('error', errorText(e));
      return 'failed';
    }
  };

  const pcaOfSubset = async (dataset: Dataset): Promise<void> => {
    const version = get().data.version;
    const t0 = performance.now();
    try {
      const subset = await subsetFor(dataset);
      if (!subset) return;
      const res = await jobs.pca({ ...dataset, id: subset.id, n: subset.rows.length }, 2);
      if (get().data.version !== version || res.components < 1) return;
      const m = subset.rows.length;
      const coords = new Float32Array(2 * m);
      for (let j = 0; j < m; j++) {
        coords[2 * j] = res.scores[j * res.components];
        coords[2 * j + 1] = res.components > 1 ? res.scores[j * res.components + 1] : 0;
      }
      get().actions.explore.showLayout({
        coords: expandSubsetCoords(coords, subset.rows, dataset.n),
        datasetVersion: version,
        method: 'PCA',
        version: (get().explore.layout?.version ?? 0) + 1,
        running: false,
        ms: performance.now() - t0,
        identity: `PCA fitted on ${m} isolated rows · components 1 and 2`,
        rows: subset.rows,
      });
    } catch (e) {
      if (!get().actions.data.handleLost(e)) get().actions.ui.notify('error', tr().t('data.pcaFailed', { reason: errorText(e) }));
    }
  };

  return { subsetFor, isolatedSubset, pcaOfSubset };
}
