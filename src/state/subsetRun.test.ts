import { describe, expect, it } from 'vitest';
import type { Dataset } from '../compute/dataset';
import type { ProjectRunParams } from '../compute/project/session';
import { subsetId } from '../compute/select/subset';
import { createAppStore } from './store';
import { fakeJobs } from './testing/fakeJobs';
import { sampleSize } from './projectTypes';

function dataset(n: number): Dataset {
  return {
    id: 'big',
    name: 'Big',
    n,
    dim: 3,
    labels: Array.from({ length: n }, (_, i) => `w${i}`),
    metric: 'cosine',
    columns: [{ name: 'kind', type: 'category', codes: Uint32Array.from({ length: n }, (_, i) => i % 3), categories: ['a', 'b', 'c'] }],
  };
}

async function setup(n = 10) {
  const runs: ProjectRunParams[] = [];
  const derived: { rows: number[]; id: string }[] = [];
  const released: string[] = [];
  const pcaIds: string[] = [];
  const rowsOf = new Map<string, number>();
  const jobs = fakeJobs({
    pca: async (ds, components) => {
      pcaIds.push(ds.id);
      return { components, scores: Float32Array.from({ length: ds.n * components }, (_, i) => i + 1), explainedRatio: [0.5, 0.3].slice(0, components) };
    },
    deriveSubset: async (_ds, rows, id) => {
      derived.push({ rows: Array.from(rows), id });
      rowsOf.set(id, rows.length);
    },
    releaseTable: (id) => void released.push(id),
    projectRun: async (params) => {
      runs.push(params);
      const m = params.open ? (rowsOf.get(params.open.datasetId) ?? n) : n;
      return { sessionId: params.sessionId, finished: true, coords: Float32Array.from({ length: 2 * m }, (_, i) => 100 + i), progress: 1, timings: { reduceMs: 0, graphMs: 0, layoutMs: 0 }, graph: null };
    },
    projectQuality: async () => ({ recall: 0.5, recallSample: 1, trustworthiness: 0.9, trustSample: 1, accuracy: null, ms: 1 }),
  });
  const store = createAppStore(jobs);
  await store.getState().actions.data.show(dataset(n));
  return { store, runs, derived, released, pcaIds };
}

const finiteRows = (coords: Float32Array) => {
  let m = 0;
  for (let i = 0; i < coords.length; i += 2) if (Number.isFinite(coords[i]) && Number.isFinite(coords[i + 1])) m++;
  return m;
};

describe('projecting isolated rows', () => {
  it('UMAP on an isolated lasso runs on a subset dataset in the workers and lays out exactly those rows', async () => {
    const { store, runs, derived } = await setup();
    const a = store.getState().actions;
    a.explore.setLasso({ mask: Uint8Array.from([0, 1, 1, 0, 0, 1, 0, 0, 0, 1]), count: 4 });
    a.explore.isolate();
    a.projection.setMethod('umap');
    await a.projection.run();
    const rows = Uint32Array.from([1, 2, 5, 9]);
    expect(derived).toEqual([{ rows: [1, 2, 5, 9], id: subsetId('big', rows) }]);
    expect(runs[0].open?.datasetId).toBe(subsetId('big', rows));
    // The accuracy figure's codes are the subset's own.
    expect(Array.from(runs[0].open!.codes!)).toEqual([1, 2, 2, 0]);
    const layout = store.getState().explore.layout!;
    expect(layout.coords.length).toBe(20);
    expect(finiteRows(layout.coords)).toBe(4);
    expect(Array.from(layout.coords.slice(2, 4))).toEqual([100, 101]);
    expect(Array.from(layout.rows!)).toEqual([1, 2, 5, 9]);
    expect(store.getState().projection.run?.status).toBe('done');
    // Show all goes back to the full layout from before.
    a.explore.showAll();
    expect(store.getState().explore.layout!.method).toBe('PCA');
    expect(finiteRows(store.getState().explore.layout!.coords)).toBe(10);
  });

  it('PCA while isolated is fitted again on the isolated rows alone', async () => {
    const { store, pcaIds } = await setup();
    const a = store.getState().actions;
    a.explore.isolateRows(Uint32Array.from([3, 4, 7]), 'sample');
    await a.projection.run();
    expect(pcaIds.at(-1)).toBe(subsetId('big', Uint32Array.from([3, 4, 7])));
    const layout = store.getState().explore.layout!;
    expect(layout.method).toBe('PCA');
    expect(finiteRows(layout.coords)).toBe(3);
    expect(Array.from(layout.coords.slice(6, 8))).toEqual([1, 2]);
  });

  it('a method refused at this size offers a sample: it isolates that many rows, seeded, and runs them', async () => {
    const n = 9000;
    const { store, runs } = await setup(n);
    const a = store.getState().actions;
    a.projection.setMethod('trimap');
    await a.projection.run();
    expect(runs).toHaveLength(0);
    await a.projection.runOnSample();
    const iso = store.getState().explore.isolation!;
    expect(iso.rows.length).toBe(sampleSize('trimap', n));
    expect(iso.what).toBe('sample');
    expect(runs).toHaveLength(1);
    expect(finiteRows(store.getState().explore.layout!.coords)).toBe(iso.rows.length);
    // The same seed samples the same rows.
    a.explore.showAll();
    await a.projection.runOnSample();
    expect(store.getState().explore.isolation!.rows).toEqual(iso.rows);
  });

  it('keeps one subset in the workers at a time', async () => {
    const { store, released } = await setup();
    const a = store.getState().actions;
    a.projection.setMethod('umap');
    a.explore.isolateRows(Uint32Array.from([0, 1, 2]), 'sample');
    await a.projection.run();
    a.explore.isolateRows(Uint32Array.from([4, 5, 6]), 'sample');
    await a.projection.run();
    expect(released).toEqual([subsetId('big', Uint32Array.from([0, 1, 2]))]);
  });
});
