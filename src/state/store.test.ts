import { describe, expect, it } from 'vitest';
import type { Dataset } from '../compute/dataset';
import { SessionLostError } from '../compute/task';
import { createAppStore } from './store';
import type { AppJobs, PcaResult } from './jobs';
import { unavailableLabJobs } from './lab';
import { unavailableCompareJobs } from './compare';
import { unavailableClusterJobs } from './clusters';
import { unavailableLoadJobs } from './load';
import { unavailableProjectJobs } from './project';

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
  return {
    calls,
    released,
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
    ...unavailableLabJobs,
    ...unavailableLoadJobs,
    ...unavailableProjectJobs,
    ...unavailableCompareJobs,
    ...unavailableClusterJobs,
    ...overrides,
  };
}

describe('app store', () => {
  it('loadBuiltin loads the data, runs PCA and lays out components 1 and 2', async () => {
    const jobs = fakeJobs();
    const store = createAppStore(jobs);
    await store.getState().loadBuiltin('glove-10k');
    const s = store.getState();
    expect(s.loadStatus.kind).toBe('ready');
    expect(s.dataset?.n).toBe(5);
    expect(s.pca?.explainedRatio).toEqual([0.6, 0.3, 0.1]);
    expect(s.layout?.method).toBe('PCA');
    expect(Array.from(s.layout!.coords.slice(0, 4))).toEqual([0, 1, 10, 11]);
    expect(s.colorBy).toBe('kind');
    expect(jobs.calls).toEqual(['load data/glove-10k.sprout', 'pca data/glove-10k.sprout']);
  });

  it('setPcaAxes swaps which components go on x and y without recomputing PCA', async () => {
    const jobs = fakeJobs();
    const store = createAppStore(jobs);
    await store.getState().loadBuiltin('glove-10k');
    const before = store.getState().layout!.version;
    store.getState().setPcaAxes(2, 0);
    const s = store.getState();
    expect(s.pca?.xComponent).toBe(2);
    expect(s.pca?.yComponent).toBe(0);
    expect(Array.from(s.layout!.coords.slice(0, 4))).toEqual([2, 0, 12, 10]);
    expect(s.layout!.version).toBeGreaterThan(before);
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
    await store.getState().loadBuiltin('glove-10k');
    fail = true;
    await store.getState().loadBuiltin('mnist-10k');
    let s = store.getState();
    expect(s.loadStatus).toMatchObject({ kind: 'error', message: 'HTTP 404 for data/mnist-10k.sprout' });
    expect(s.dataset?.id).toBe('data/glove-10k.sprout');
    expect(s.layout).not.toBeNull();
    fail = false;
    await s.retryLoad();
    s = store.getState();
    expect(s.loadStatus.kind).toBe('ready');
    expect(s.dataset?.id).toBe('data/mnist-10k.sprout');
  });

  it('a PCA failure becomes an error notice, not a crash', async () => {
    const store = createAppStore(fakeJobs({ pca: async () => Promise.reject(new Error('Worker crashed while running "pca"')) }));
    await store.getState().loadBuiltin('glove-10k');
    const s = store.getState();
    expect(s.dataset).not.toBeNull();
    expect(s.notices.map((n) => n.text)).toEqual(['PCA failed: Worker crashed while running "pca"']);
    s.dismissNotice(s.notices[0].id);
    expect(store.getState().notices).toEqual([]);
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
    await store.getState().loadBuiltin('glove-10k');
    const slow = store.getState().select(0);
    await store.getState().select(3);
    release!();
    await slow;
    const s = store.getState();
    expect(s.selected).toBe(3);
    expect(s.neighbors).toEqual([{ index: 4, value: 0.9 }]);
    await s.select(-1);
    expect(store.getState().selected).toBe(-1);
    expect(store.getState().neighbors).toBeNull();
  });

  it('selectLabel selects the exact label, falls back to ignoring case, and says when nothing matches', async () => {
    const store = createAppStore(fakeJobs());
    await store.getState().loadBuiltin('glove-10k');
    expect(store.getState().selectLabel('apple')).toBe(true);
    expect(store.getState().selected).toBe(2);
    expect(store.getState().selectLabel('QUIT')).toBe(true);
    expect(store.getState().selected).toBe(3);
    expect(store.getState().selectLabel('pear')).toBe(false);
    expect(store.getState().selected).toBe(3);
  });

  it('showDataset replaces a built-in set with one from elsewhere and lays it out', async () => {
    const jobs = fakeJobs();
    const store = createAppStore(jobs);
    await store.getState().loadBuiltin('glove-10k');
    store.getState().setSearch('qu');
    await store.getState().showDataset({ ...tinyDataset('trained'), name: 'Trained table' });
    const s = store.getState();
    expect(s.builtinId).toBeNull();
    expect(s.dataset?.id).toBe('trained');
    expect(s.search.query).toBe('');
    expect(s.layout?.datasetVersion).toBe(s.datasetVersion);
    expect(jobs.calls.at(-1)).toBe('pca trained');
  });

  it('setSearch counts substring and /regex/ matches and reports a bad regex', async () => {
    const store = createAppStore(fakeJobs());
    await store.getState().loadBuiltin('glove-10k');
    const search = (q: string) => {
      store.getState().setSearch(q);
      return store.getState().search;
    };
    expect(search('QU').count).toBe(2);
    expect(Array.from(search('/^qu/').matches!)).toEqual([0, 1, 0, 1, 0]);
    expect(search('/^k|a$/').count).toBe(2);
    const bad = search('/[/');
    expect(bad.count).toBe(0);
    expect(bad.error).toMatch(/Invalid regular expression/);
    expect(search('').matches).toBeNull();
  });

  it('showing another dataset releases the previous one’s vectors in the workers (and only then)', async () => {
    const jobs = fakeJobs();
    const store = createAppStore(jobs);
    await store.getState().loadBuiltin('glove-10k');
    expect(jobs.released).toEqual([]);
    await store.getState().loadBuiltin('mnist-10k');
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
    const first = store.getState().loadBuiltin('glove-10k');
    await store.getState().loadBuiltin('mnist-10k');
    finishFirst!();
    await first;
    expect(store.getState().dataset?.id).toBe('data/mnist-10k.sprout');
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
    await store.getState().loadBuiltin('glove-10k');
    await store.getState().select(1);
    const s = store.getState();
    expect(s.loadStatus).toMatchObject({ kind: 'error', what: 'Tiny', message: expect.stringMatching(/restarted.*Retry loads it again/) });
    expect(s.notices).toEqual([]);
    lost = false;
    await s.retryLoad();
    expect(store.getState().loadStatus.kind).toBe('ready');
    expect(base.calls.filter((c) => c.startsWith('load'))).toEqual(['load data/glove-10k.sprout', 'load data/glove-10k.sprout']);
    await store.getState().select(1);
    expect(store.getState().neighbors).toEqual([{ index: 2, value: 0.9 }]);
  });
});
