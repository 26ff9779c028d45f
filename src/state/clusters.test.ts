import { describe, expect, it } from 'vitest';
import type { Dataset } from '../compute/dataset';
import { clusterColumnName, type ClusterResult } from './clustersTypes';
import type { PcaResult } from './dataTypes';
import { fakeJobs as fake } from './testing/fakeJobs';
import { createAppStore } from './store';

const N = 6;
const dataset = (): Dataset => ({
  id: 'd',
  name: 'D',
  n: N,
  dim: 2,
  labels: ['red', 'green', 'blue', 'cat', 'dog', 'cow'],
  metric: 'cosine',
  columns: [{ name: 'kind', type: 'category', codes: new Uint32Array(N), categories: ['word'] }],
});

/** k-means in a fake worker: the first three rows form one cluster, the rest another. */
function fakeJobs(answer: (signal?: AbortSignal) => Promise<ClusterResult>) {
  const jobs = fake({
    loadBuiltin: async () => dataset(),
    pca: async (ds): Promise<PcaResult> => ({ components: 2, scores: new Float32Array(ds.n * 2), explainedRatio: [0.5, 0.5] }),
    neighbors: async () => [],
    releaseDataset: () => undefined,
    kmeans: (_ds, _k, _seed, opts) => answer(opts?.signal),
  });
  return jobs;
}

const twoClusters: ClusterResult = {
  codes: Uint32Array.from([0, 0, 0, 1, 1, 1]),
  sizes: Uint32Array.from([3, 3]),
  representatives: [
    [1, 0, 2],
    [4, 3, 5],
  ],
  iterations: 3,
  converged: true,
};

describe('clusters slice', () => {
  it('adds a named cluster column to the dataset and colours by it, keeping the dataset version', async () => {
    const store = createAppStore(fakeJobs(async () => twoClusters));
    await store.getState().actions.data.show(dataset());
    const version = store.getState().data.version;
    await store.getState().actions.clusters.find(2);
    const s = store.getState();
    const col = s.data.dataset?.columns.find((c) => c.name === clusterColumnName(2));
    expect(col?.type === 'category' && col.categories).toEqual(['green · red · blue', 'dog · cat · cow']);
    expect(s.explore.colorBy).toBe(clusterColumnName(2));
    expect(s.data.version).toBe(version);
    expect(s.clusters.status).toBe('done');
    // Running again replaces the column rather than adding another.
    await store.getState().actions.clusters.find(3);
    expect(store.getState().data.dataset?.columns.filter((c) => c.name.startsWith('clusters'))).toHaveLength(1);
  });

  it('a failure is reported and the dataset is unchanged; Cancel leaves it as it was', async () => {
    const store = createAppStore(fakeJobs(async () => Promise.reject(new Error('worker died'))));
    await store.getState().actions.data.show(dataset());
    const before = store.getState().data.dataset;
    await store.getState().actions.clusters.find(2);
    expect(store.getState().clusters.message).toMatch(/worker died/);
    expect(store.getState().data.dataset).toBe(before);

    const slow = createAppStore(
      fakeJobs((signal) => new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted'))))),
    );
    await slow.getState().actions.data.show(dataset());
    const running = slow.getState().actions.clusters.find(2);
    expect(slow.getState().clusters.status).toBe('running');
    slow.getState().actions.clusters.cancel();
    await running;
    expect(slow.getState().clusters.status).toBe('idle');
    expect(slow.getState().data.dataset?.columns).toHaveLength(1);
  });

  it('a result for a dataset that has since been replaced is dropped', async () => {
    let resolve: (r: ClusterResult) => void = () => {};
    const store = createAppStore(fakeJobs(() => new Promise((r) => (resolve = r))));
    await store.getState().actions.data.show(dataset());
    const running = store.getState().actions.clusters.find(2);
    await store.getState().actions.data.show(dataset());
    resolve(twoClusters);
    await running;
    expect(store.getState().data.dataset?.columns).toHaveLength(1);
    expect(store.getState().clusters.status).toBe('idle');
  });
});
