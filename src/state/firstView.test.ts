import { describe, expect, it } from 'vitest';
import type { Dataset, StoredLayout } from '../compute/dataset';
import type { ProjectSpec } from '../compute/project/methods';
import { clusterColumnName } from './clustersTypes';
import { compareOptions, resolveCompare, sourceLayout } from './compareSelectors';
import { firstViewOf } from './firstView';
import { DEFAULT_PROJECTION_SETTINGS, specFor } from './projectTypes';
import { createAppStore } from './store';
import { fakeJobs } from './testing/fakeJobs';

const N = 6;
const labels = Array.from({ length: N }, (_, i) => `w${i}`);
const line = (slope: number) => Float32Array.from({ length: 2 * N }, (_, i) => (i % 2 ? slope * (i >> 1) : i >> 1));
const umapSpec: ProjectSpec = specFor('umap', DEFAULT_PROJECTION_SETTINGS, { dim: 3 });

/** A built-in set as the files carry it: vectors, PCA, a UMAP with its spec and named clusters. */
function builtin(): Dataset {
  return {
    id: 'builtin:t',
    name: 'T',
    n: N,
    dim: 3,
    labels,
    metric: 'cosine',
    columns: [
      { name: 'kind', type: 'category', codes: new Uint32Array(N), categories: ['word'] },
      { name: clusterColumnName(12), type: 'category', codes: Uint32Array.from({ length: N }, (_, i) => i % 2), categories: ['a · b · c', 'd · e · f'] },
    ],
    pca: { components: 2, scores: line(0.5), explainedRatio: [0.4, 0.2] },
    layouts: [{ name: 'UMAP', coords: line(2), spec: umapSpec }],
  };
}

/** A file of precomputed coordinates: two layouts, a category column, no vectors. */
function coordinatesOnly(): Dataset {
  const layouts: StoredLayout[] = [
    { name: 'umap', coords: line(3) },
    { name: 'tsne', coords: line(-1) },
  ];
  return { id: 'file:xy#1', name: 'xy.parquet', n: N, dim: 0, labels, metric: 'euclidean', columns: [{ name: 'group', type: 'category', codes: new Uint32Array(N), categories: ['g'] }], layouts };
}

describe('the first view of a dataset', () => {
  it('opens a built-in set on its stored UMAP, coloured by its named clusters, labelled, with PCA kept one click away', async () => {
    const store = createAppStore(fakeJobs());
    await store.getState().actions.data.show(builtin());
    // show() is the files' path; a built-in load passes its id, which turns the labels on.
    const s = store.getState();
    expect(s.explore.layout?.method).toBe('UMAP');
    expect(s.explore.layout?.note).toBe('with-data');
    expect([...s.explore.layout!.coords]).toEqual([...line(2)]);
    expect(s.explore.colorBy).toBe(clusterColumnName(12));
    expect(s.projection.method).toBe('umap');
    expect(s.data.pca?.explainedRatio).toEqual([0.4, 0.2]);

    store.getState().actions.projection.setMethod('pca');
    expect(store.getState().explore.layout?.method).toBe('PCA');
    expect(store.getState().explore.layout?.note).toBe('with-data');
    store.getState().actions.data.showStored(0);
    expect(store.getState().explore.layout?.method).toBe('UMAP');
  });

  it('turns the labels on for a built-in word set, not for digits or files', () => {
    expect(firstViewOf(builtin(), true).showLabels).toBe(true);
    expect(firstViewOf(builtin(), false).showLabels).toBe(false);
    const digits = { ...builtin(), images: { width: 1, height: 1, channels: 1 as const, pixels: new Uint8Array(N) } };
    expect(firstViewOf(digits, true).showLabels).toBe(false);
  });

  it('shows the stored UMAP again, without running anything, when UMAP is run with the default settings', async () => {
    const store = createAppStore(fakeJobs()); // projectRun is not faked: calling it would fail the run
    await store.getState().actions.data.show(builtin());
    store.getState().actions.projection.setMethod('pca');
    store.getState().actions.projection.setMethod('umap');
    await store.getState().actions.projection.run();
    const s = store.getState();
    expect(s.projection.run?.status).toBe('done');
    expect(s.projection.run?.reused).toBe(true);
    expect([...s.explore.layout!.coords]).toEqual([...line(2)]);
  });

  it('opens a file of coordinates without vectors on its own layout: no PCA job, no neighbour search, both layouts in Compare', async () => {
    const asked: string[] = [];
    const store = createAppStore(
      fakeJobs({
        pca: () => {
          asked.push('pca');
          return Promise.reject(new Error('no vectors'));
        },
        neighbors: () => {
          asked.push('neighbors');
          return Promise.resolve([]);
        },
      }),
    );
    await store.getState().actions.data.show(coordinatesOnly());
    let s = store.getState();
    expect(s.explore.layout?.method).toBe('umap');
    expect(s.explore.layout?.note).toBe('from-file');
    expect(s.explore.colorBy).toBe('group');
    expect(s.data.pca).toBeNull();

    await store.getState().actions.explore.select(2);
    s = store.getState();
    expect(s.explore.selected).toBe(2);
    expect(s.explore.neighbors).toBeNull();
    expect(s.explore.neighborsOf).toBeNull();
    expect(asked).toEqual([]);

    expect(compareOptions(s).map((o) => o.id)).toEqual(['stored:0', 'stored:1']);
    const { left, right } = resolveCompare(s);
    expect([left, right]).toEqual(['stored:0', 'stored:1']);
    expect([...sourceLayout(s, right)!.coords]).toEqual([...line(-1)]);
    // The same Layout object while nothing changes: plots keep layouts by identity.
    expect(sourceLayout(s, 'stored:1')).toBe(sourceLayout(store.getState(), 'stored:1'));
  });

  it('opens data without layouts on PCA, as before', async () => {
    const store = createAppStore(fakeJobs({ pca: async () => ({ components: 2, scores: line(1), explainedRatio: [0.5, 0.3] }) }));
    const { layouts: _none, pca: _pca, ...plain } = builtin();
    await store.getState().actions.data.show(plain);
    const s = store.getState();
    expect(s.explore.layout?.method).toBe('PCA');
    expect(s.projection.method).toBe('pca');
    expect(s.projection.finished).toEqual([]);
  });
});
