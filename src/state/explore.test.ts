import { describe, expect, it } from 'vitest';
import type { Dataset } from '../compute/dataset';
import type { NeighborQuery } from '../compute/neighbors/query';
import type { AppJobs } from './appState';
import { isolatedLayout, selectShownLayout } from './isolation';
import { litSet } from './litSet';
import { createAppStore } from './store';
import { fakeJobs } from './testing/fakeJobs';

const LABELS = ['king', 'queen', 'man', 'woman', 'apple', 'kingdom'];

function words(): Dataset {
  return {
    id: 'words',
    name: 'Words',
    n: LABELS.length,
    dim: 2,
    labels: LABELS,
    metric: 'cosine',
    columns: [
      { name: 'kind', type: 'category', codes: Uint32Array.from([0, 0, 1, 1, 2, 0]), categories: ['royal', 'person', 'fruit'] },
      { name: 'note', type: 'text', values: ['crown', 'crown', 'hat', 'hat', 'pie', 'land'] },
    ],
  };
}

interface Asked {
  query: NeighborQuery;
  k: number;
  metric: string;
}

async function setup(extra: Partial<AppJobs> = {}) {
  const asked: Asked[] = [];
  const clickK: number[] = [];
  const jobs = fakeJobs({
    pca: async (ds) => ({ components: 2, scores: Float32Array.from({ length: ds.n * 2 }, (_, i) => i), explainedRatio: [0.6, 0.4] }),
    neighbors: async (_ds, index, k) => {
      clickK.push(k);
      return [{ index: (index + 1) % LABELS.length, value: 0.9 }];
    },
    nearest: async (_ds, query, k, metric) => {
      asked.push({ query, k, metric });
      return [{ index: 1, value: 0.8 }];
    },
    ...extra,
  });
  const store = createAppStore(jobs);
  await store.getState().actions.data.show(words());
  return { store, asked, clickK, actions: store.getState().actions.explore };
}

describe('search', () => {
  it('searches a metadata column chosen with "by", listing the rows whose value matches', async () => {
    const { store, actions } = await setup();
    actions.setSearchBy('note');
    actions.setSearch('hat');
    expect(Array.from(store.getState().explore.search.matches!)).toEqual([0, 0, 1, 1, 0, 0]);
    // Back to labels: the same query is matched again, now over the labels.
    actions.setSearchBy(null);
    expect(store.getState().explore.search.count).toBe(0);
    actions.setSearch('king');
    expect(store.getState().explore.search.count).toBe(2);
  });

  it('Enter on an exact label selects it; on anything else selects the first result and says so', async () => {
    const { store, actions } = await setup();
    actions.submitSearch('queen');
    expect(store.getState().explore.selected).toBe(1);
    expect(store.getState().explore.searchNote).toBeNull();
    actions.submitSearch('kin');
    expect(store.getState().explore.selected).toBe(0);
    expect(store.getState().explore.searchNote).toEqual({ kind: 'first-of', label: 'king', count: 2 });
    actions.submitSearch('zebra');
    expect(store.getState().explore.searchNote).toEqual({ kind: 'none' });
  });

  it('matches the row numbers at the end of labels only when the query has a "#"', async () => {
    const store = createAppStore(fakeJobs({ pca: async (ds) => ({ components: 2, scores: new Float32Array(ds.n * 2), explainedRatio: [0.5, 0.5] }) }));
    await store.getState().actions.data.show({ ...words(), labels: ['7 #945', '9 #12', '1 #97', '7 #3', 'x', 'y'] });
    const a = store.getState().actions.explore;
    a.setSearch('9');
    expect(Array.from(store.getState().explore.search.matches!)).toEqual([0, 1, 0, 0, 0, 0]);
    a.submitSearch('#945');
    expect(store.getState().explore.search.count).toBe(1);
    expect(store.getState().explore.selected).toBe(0);
  });
});

describe('legend picks, Escape and isolation', () => {
  it('a legend click picks a category, shift-click adds one, clicking the only one again un-picks', async () => {
    const { store, actions } = await setup();
    actions.pickCategory('kind', 0, false);
    expect(store.getState().explore.pick).toMatchObject({ column: 'kind', codes: [0], count: 3 });
    actions.pickCategory('kind', 2, true);
    expect(store.getState().explore.pick?.count).toBe(4);
    actions.pickCategory('kind', 0, true);
    expect(Array.from(store.getState().explore.pick!.mask)).toEqual([0, 0, 0, 0, 1, 0]);
    actions.pickCategory('kind', 2, false);
    expect(store.getState().explore.pick).toBeNull();
  });

  it('the lit set is lasso ∩ pick ∩ search, else the neighbour list', async () => {
    const { store, actions } = await setup();
    actions.setLasso({ mask: Uint8Array.from([1, 1, 1, 0, 0, 1]), count: 4 });
    actions.pickCategory('kind', 0, false);
    actions.setSearch('king');
    let set = litSet(store.getState().explore, 6);
    expect(set && Array.from(set.mask)).toEqual([1, 0, 0, 0, 0, 1]);
    expect(set?.what).toBe('combined');
    actions.clearAll();
    actions.setSearch('');
    await actions.select(2);
    set = litSet(store.getState().explore, 6);
    expect(set && Array.from(set.mask)).toEqual([0, 0, 1, 1, 0, 0]);
    expect(set?.what).toBe('neighbors');
  });

  it('Escape clears the lasso, the pick and the selection with its neighbours', async () => {
    const { store, actions } = await setup();
    await actions.select(0);
    actions.setLasso({ mask: Uint8Array.from([1, 1, 0, 0, 0, 0]), count: 2 });
    actions.pickCategory('kind', 1, false);
    actions.clearAll();
    await Promise.resolve();
    const e = store.getState().explore;
    expect([e.lasso, e.pick, e.neighbors, e.selected]).toEqual([null, null, null, -1]);
  });

  it('Isolate draws only the lit rows; Show all brings the rest back', async () => {
    const { store, actions } = await setup();
    actions.setLasso({ mask: Uint8Array.from([0, 1, 0, 1, 0, 0]), count: 2 });
    actions.isolate();
    const iso = store.getState().explore.isolation!;
    expect(Array.from(iso.rows)).toEqual([1, 3]);
    expect(iso.what).toBe('lasso');
    const shown = selectShownLayout(store.getState())!;
    expect(Array.from(shown.coords.slice(0, 4))).toEqual([NaN, NaN, 2, 3]);
    expect(shown.version).not.toBe(store.getState().explore.layout!.version);
    // The same inputs give the same object (the plot is not fed again).
    expect(selectShownLayout(store.getState())).toBe(shown);
    actions.showAll();
    expect(store.getState().explore.isolation).toBeNull();
    expect(selectShownLayout(store.getState())).toBe(store.getState().explore.layout);
  });

  it('a search while isolated only lights isolated rows', async () => {
    const { store, actions } = await setup();
    actions.isolateRows(Uint32Array.from([0, 1]), 'sample');
    actions.setSearch('king');
    expect(litSet(store.getState().explore, 6)?.count).toBe(1);
    expect(isolatedLayout(null, store.getState().explore.isolation)).toBeNull();
  });
});

describe('neighbours', () => {
  it('k and the metric apply to the selected row at once, through the data worker', async () => {
    const { store, asked, clickK, actions } = await setup();
    await actions.select(0);
    expect(clickK).toEqual([10]);
    actions.setNeighborSettings({ k: 100 });
    await Promise.resolve();
    expect(clickK).toEqual([10, 100]);
    actions.setNeighborSettings({ metric: 'dot', k: 9999 });
    await Promise.resolve();
    expect(store.getState().explore.neighborSettings).toEqual({ k: 500, metric: 'dot' });
    expect(asked.at(-1)).toEqual({ query: { kind: 'row', index: 0 }, k: 500, metric: 'dot' });
  });

  it('vector arithmetic looks its words up and asks for their sum, naming words it cannot find', async () => {
    const { store, asked, actions } = await setup();
    await actions.arithmetic('King - man + WOMAN');
    expect(asked.at(-1)?.query).toEqual({ kind: 'arithmetic', terms: [{ index: 0, weight: 1 }, { index: 2, weight: -1 }, { index: 3, weight: 1 }] });
    expect(store.getState().explore.neighborsOf).toEqual({ kind: 'arithmetic', text: 'King - man + WOMAN', inputs: [0, 2, 3] });
    expect(store.getState().explore.neighbors).toEqual([{ index: 1, value: 0.8 }]);
    await actions.arithmetic('king - zorg');
    expect(store.getState().explore.neighborProblem).toEqual({ kind: 'unknown', words: ['zorg'] });
    await actions.arithmetic('king +');
    expect(store.getState().explore.neighborProblem).toEqual({ kind: 'missing-word' });
  });

  it('neighbours of the lit set ask for its centroid', async () => {
    const { store, asked, actions } = await setup();
    await actions.neighborsOfSet();
    expect(store.getState().explore.neighborProblem).toEqual({ kind: 'no-set' });
    actions.pickCategory('kind', 1, false);
    await actions.neighborsOfSet();
    expect(asked.at(-1)).toEqual({ query: { kind: 'centroid', rows: Uint32Array.from([2, 3]) }, k: 10, metric: 'cosine' });
    expect(store.getState().explore.neighborsOf).toEqual({ kind: 'centroid', count: 2, what: 'category' });
  });

  it('a failed query is reported in the panel, not as a crash', async () => {
    const { store, actions } = await setup({ nearest: async () => Promise.reject(new Error('boom')) });
    await actions.arithmetic('king - man');
    expect(store.getState().explore.neighborProblem).toEqual({ kind: 'failed', error: 'boom' });
  });
});
