import { describe, expect, it } from 'vitest';
import type { Dataset } from '../compute/dataset';
import { SessionLostError } from '../compute/task';
import { createAppStore } from './store';
import type { AppJobs } from './appState';
import type { PcaResult } from './dataTypes';
import { fakeJobs as fake } from './testing/fakeJobs';

function tinyDataset(id = 'tiny'): Dataset {
  const labels = ['king', 'queen', 'apple', 'quit', 'banana'];
  return {
    id,
    name: 'Tiny',
    n: labels.length,
    dim: 2,
    labels,
    metric: 'cosine',
    columns: [{ name: 'kind', type: 'category', codes: new Uint32Array([0, 0, 1, 0, 1]), categories: ['royal', 'fruit'] }],
  };
}

/** Fake workers: answers immediately (or fails on demand), records what was asked. */
function fakeJobs(overrides: Partial<AppJobs> = {}): AppJobs & { calls: string[]; released: string[] } {
  const calls: string[] = [];
  const released: string[] = [];
  return Object.assign(
    fake({
    releaseDataset: (ds) => void released.push(ds.id),
    loadBuiltin: async (file, opts) => {
      calls.push(`load ${file}`);
      opts.onProgress?.(50, 100);
      return tinyDataset(file);
    },
    pca: async (ds, components): Promise<PcaResult> => {
      calls.push(`pca ${ds.id}`);
      const k = Math.min(components, 3);
      const scores = new Float32Array(ds.n * k);
      for (let i = 0; i < ds.n; i++) for (let c = 0; c < k; c++) scores[i * k + c] = i * 10 + c;
      return { components: k, scores, explainedRatio: [0.6, 0.3, 0.1].slice(0, k) };
    },
    neighbors: async (_ds, index, k) => {
      calls.push(`neighbors ${index}`);
      return [{ index: (index + 1) % 5, value: 0.9 }].slice(0, k);
    },
    warmKernelThreads: () => void calls.push('warm kernel threads'),
    ...overrides,
    }),
    { calls, released },
  );
}

describe('app store', () => {
  it('loadBuiltin loads the data, runs PCA and lays out components 1 and 2', async () => {
    const jobs = fakeJobs();
    const store = createAppStore(jobs);
    await store.getState().actions.data.loadBuiltin('glove-10k');
    const s = store.getState();
    expect(s.data.loadStatus.kind).toBe('ready');
    expect(s.data.dataset?.n).toBe(5);
    expect(s.data.pca?.explainedRatio).toEqual([0.6, 0.3, 0.1]);
    expect(s.explore.layout?.method).toBe('PCA');
    expect(Array.from(s.explore.layout!.coords.slice(0, 4))).toEqual([0, 1, 10, 11]);
    expect(s.explore.colorBy).toBe('kind');
    // Once the first map is up, the kernel threads get ready for the first run.
    expect(jobs.calls).toEqual(['load data/glove-10k.sprout', 'pca data/glove-10k.sprout', 'warm kernel threads']);
  });

  it('setPcaAxes swaps which components go on x and y without recomputing PCA', async () => {
    const jobs = fakeJobs();
    const store = createAppStore(jobs);
    await store.getState().actions.data.loadBuiltin('glove-10k');
    const before = store.getState().explore.layout!.version;
    store.getState().actions.data.setPcaAxes(2, 0);
    const s = store.getState();
    expect(s.data.pca?.xComponent).toBe(2);
    expect(s.data.pca?.yComponent).toBe(0);
    expect(Array.from(s.explore.layout!.coords.slice(0, 4))).toEqual([2, 0, 12, 10]);
    expect(s.explore.layout!.version).toBeGreaterThan(before);
    expect(jobs.calls.filter((c) => c.startsWith('pca'))).toHaveLength(1);
  });

  it('a failed load keeps the previous dataset and reports the error, and retry recovers', async () => {
    let fail = false;
    const base = fakeJobs();
    const store = createAppStore({
      ...base,
      loadBuiltin: async (file, opts) => {
        if (fail) throw new Error('HTTP 404 for data/mnist-10k.sprout');
        return base.loadBuiltin(file, opts);
      },
    });
    await store.getState().actions.data.loadBuiltin('glove-10k');
    fail = true;
    await store.getState().actions.data.loadBuiltin('mnist-10k');
    let s = store.getState();
    expect(s.data.loadStatus).toMatchObject({ kind: 'error', message: 'HTTP 404 for data/mnist-10k.sprout' });
    expect(s.data.dataset?.id).toBe('data/glove-10k.sprout');
    expect(s.explore.layout).not.toBeNull();
    fail = false;
    await s.actions.data.retry();
    s = store.getState();
    expect(s.data.loadStatus.kind).toBe('ready');
    expect(s.data.dataset?.id).toBe('data/mnist-10k.sprout');
  });

  it('a PCA failure becomes an error notice, not a crash', async () => {
    const store = createAppStore(fakeJobs({ pca: async () => Promise.reject(new Error('Worker crashed while running "pca"')) }));
    await store.getState().actions.data.loadBuiltin('glove-10k');
    const s = store.getState();
    expect(s.data.dataset).not.toBeNull();
    expect(s.ui.notices.map((n) => n.text)).toEqual(['PCA failed: Worker crashed while running "pca"']);
    s.actions.ui.dismissNotice(s.ui.notices[0].id);
    expect(store.getState().ui.notices).toEqual([]);
  });

  it('select() asks for neighbours of that row and a later selection wins over a slow earlier one', async () => {
    let release: (() => void) | null = null;
    const base = fakeJobs();
    const store = createAppStore({
      ...base,
      neighbors: async (ds, index, k) => {
        if (index === 0) await new Promise<void>((r) => (release = r));
        return base.neighbors(ds, index, k);
      },
    });
    await store.getState().actions.data.loadBuiltin('glove-10k');
    const slow = store.getState().actions.explore.select(0);
    await store.getState().actions.explore.select(3);
    release!();
    await slow;
    const s = store.getState();
    expect(s.explore.selected).toBe(3);
    expect(s.explore.neighbors).toEqual([{ index: 4, value: 0.9 }]);
    await s.actions.explore.select(-1);
    expect(store.getState().explore.selected).toBe(-1);
    expect(store.getState().explore.neighbors).toBeNull();
  });

  it('selectLabel selects the exact label, falls back to ignoring case, and says when nothing matches', async () => {
    const store = createAppStore(fakeJobs());
    await store.getState().actions.data.loadBuiltin('glove-10k');
    expect(store.getState().actions.explore.selectLabel('apple')).toBe(true);
    expect(store.getState().explore.selected).toBe(2);
    expect(store.getState().actions.explore.selectLabel('QUIT')).toBe(true);
    expect(store.getState().explore.selected).toBe(3);
    expect(store.getState().actions.explore.selectLabel('pear')).toBe(false);
    expect(store.getState().explore.selected).toBe(3);
  });

  it('showDataset replaces a built-in set with one from elsewhere and lays it out', async () => {
    const jobs = fakeJobs();
    const store = createAppStore(jobs);
    await store.getState().actions.data.loadBuiltin('glove-10k');
    await store.getState().actions.explore.setSearch('qu');
    await store.getState().actions.data.show({ ...tinyDataset('trained'), name: 'Trained table' });
    const s = store.getState();
    expect(s.data.builtinId).toBeNull();
    expect(s.data.dataset?.id).toBe('trained');
    expect(s.explore.search.query).toBe('');
    expect(s.explore.layout?.datasetVersion).toBe(s.data.version);
    // The store asks for warm threads after every first map; the jobs layer warms them once.
    expect(jobs.calls.slice(-2)).toEqual(['pca trained', 'warm kernel threads']);
  });

  it('setSearch counts substring and /regex/ matches and reports a bad regex', async () => {
    const store = createAppStore(fakeJobs());
    await store.getState().actions.data.loadBuiltin('glove-10k');
    const search = async (q: string) => {
      await store.getState().actions.explore.setSearch(q);
      return store.getState().explore.search;
    };
    expect((await search('QU')).count).toBe(2);
    expect(Array.from((await search('/^qu/')).matches!)).toEqual([0, 1, 0, 1, 0]);
    expect((await search('/^k|a$/')).count).toBe(2);
    const bad = await search('/[/');
    expect(bad.count).toBe(0);
    expect(bad.error).toMatch(/Invalid regular expression/);
    expect((await search('/(a)\\1/')).error).toMatch(/not supported/);
    expect((await search('')).matches).toBeNull();
  });

  it('showing another dataset releases the previous one’s vectors in the workers (and only then)', async () => {
    const jobs = fakeJobs();
    const store = createAppStore(jobs);
    await store.getState().actions.data.loadBuiltin('glove-10k');
    expect(jobs.released).toEqual([]);
    await store.getState().actions.data.loadBuiltin('mnist-10k');
    expect(jobs.released).toEqual(['data/glove-10k.sprout']);
  });

  it('a built-in load overtaken by another releases its own data at once', async () => {
    let finishFirst: (() => void) | null = null;
    const base = fakeJobs();
    const jobs = {
      ...base,
      loadBuiltin: async (file: string, opts: Parameters<AppJobs['loadBuiltin']>[1]) => {
        if (file.includes('glove')) await new Promise<void>((r) => (finishFirst = r));
        return base.loadBuiltin(file, opts);
      },
    };
    const store = createAppStore(jobs);
    const first = store.getState().actions.data.loadBuiltin('glove-10k');
    await store.getState().actions.data.loadBuiltin('mnist-10k');
    finishFirst!();
    await first;
    expect(store.getState().data.dataset?.id).toBe('data/mnist-10k.sprout');
    expect(base.released).toEqual(['data/glove-10k.sprout']);
  });

  it('when a worker has lost the dataset, a click says so and Retry loads it again', async () => {
    let lost = true;
    const base = fakeJobs();
    const store = createAppStore({
      ...base,
      neighbors: async (ds, index, k) => {
        if (lost) throw new SessionLostError('The data of "x" is no longer in the worker');
        return base.neighbors(ds, index, k);
      },
    });
    await store.getState().actions.data.loadBuiltin('glove-10k');
    await store.getState().actions.explore.select(1);
    const s = store.getState();
    expect(s.data.loadStatus).toMatchObject({ kind: 'error', what: 'Tiny', message: expect.stringMatching(/restarted.*Retry loads it again/) });
    expect(s.ui.notices).toEqual([]);
    lost = false;
    await s.actions.data.retry();
    expect(store.getState().data.loadStatus.kind).toBe('ready');
    expect(base.calls.filter((c) => c.startsWith('load'))).toEqual(['load data/glove-10k.sprout', 'load data/glove-10k.sprout']);
    await store.getState().actions.explore.select(1);
    expect(store.getState().explore.neighbors).toEqual([{ index: 2, value: 0.9 }]);
  });
});
