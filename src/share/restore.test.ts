import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../compute/dataset';
import type { ProjectRunParams } from '../compute/project/session';
import { pointsInPolygon } from '../compute/select/lasso';
import { translatorFor } from '../i18n/translate';
import type { AppJobs, AppStore } from '../state/appState';
import { DEFAULT_PROJECTION_SETTINGS, specFor } from '../state/projectTypes';
import { createAppStore } from '../state/store';
import { fakeJobs } from '../state/testing/fakeJobs';
import { applyView, type ApplyOptions } from './apply';
import { captureView } from './capture';
import { decodeView, encodeView } from './codec';
import type { Problem } from './fields';
import { startAutosave } from './persist/autosave';
import { openSproutDb } from './persist/db';
import { planSave } from './persist/plan';
import { loadSession } from './persist/restore';
import { SessionStore } from './persist/sessionStore';

const N = 6;
let loads = 0;
/** A tiny "GloVe 10k": its id is the one the data worker gives the built-in file. */
const dataset = (): Dataset => ({
  id: `builtin:data/glove-10k.sprout#${++loads}`,
  name: 'GloVe 10k',
  n: N,
  dim: 3,
  labels: ['king', 'queen', 'paris', 'london', 'apple', 'pear'],
  metric: 'cosine',
  columns: [{ name: 'kind', type: 'category', codes: Uint32Array.from([0, 0, 1, 1, 2, 2]), categories: ['royal', 'city', 'fruit'] }],
  pca: { components: 2, scores: Float32Array.from([0, 0, 1, 0, 0, 1, 1, 1, 2, 2, 3, 3]), explainedRatio: [0.6, 0.3] },
});
/** The t-SNE layout the fake projection worker "computes" (a function of the seed, as the real one is). */
const tsneCoords = (seed: number) => Float32Array.from({ length: 2 * N }, (_, i) => Math.sin(seed + i) * 10);

function app(extra: Partial<AppJobs> = {}): { store: AppStore; runs: ProjectRunParams[] } {
  const runs: ProjectRunParams[] = [];
  const jobs = fakeJobs({
    loadBuiltin: async () => dataset(),
    neighbors: async () => [],
    projectRun: async (params) => {
      runs.push(params);
      const seed = params.open?.spec.seed ?? 0;
      return { coords: tsneCoords(seed), finished: true, progress: 1, timings: null, graph: null } as never;
    },
    projectQuality: async () => ({ recall: 0.5, recallSample: N, trustworthiness: null, trustSample: 0, accuracy: null, ms: 1 }),
    ...extra,
  });
  return { store: createAppStore(jobs), runs };
}

const TSNE = { ...DEFAULT_PROJECTION_SETTINGS, seed: 42, tsne: { ...DEFAULT_PROJECTION_SETTINGS.tsne, iterations: 250 } };

/** The issue's scenario on the tiny data: t-SNE, a selection, a lasso, a colour, a camera, the Compare tab. */
async function makeView(store: AppStore): Promise<void> {
  const a = store.getState().actions;
  await a.data.loadBuiltin('glove-10k');
  a.projection.updateSettings(TSNE);
  a.projection.setMethod('tsne');
  await a.projection.run();
  a.explore.setNeighborSettings({ k: 4, metric: 'euclidean' });
  await a.explore.select(2);
  a.explore.setSearchBy('kind');
  a.explore.setSearch('city');
  a.explore.setColorBy('kind');
  // A box around the two points at the lower left of the t-SNE layout (rows 0 and 3), as the lasso tool records it.
  const box: [number, number][] = [[-12, -12], [-5, -12], [-5, -5], [-12, -5]];
  const { mask, count } = pointsInPolygon(store.getState().explore.layout!.coords, N, box);
  expect(Array.from(mask)).toEqual([1, 0, 0, 1, 0, 0]);
  a.explore.setLasso({ mask, count, polygon: Float32Array.from(box.flat()) });
  a.explore.setCamera({ cx: 0.5, cy: -1.25, zoom: 3 });
  a.ui.setView('compare');
}

const options = (over: Partial<ApplyOptions> = {}): ApplyOptions & { problems: Problem[] } => {
  const problems: Problem[] = [];
  return { origin: 'session', saved: null, signal: new AbortController().signal, onProblems: (p) => problems.push(...p), problems, ...over };
};

let seq = 0;
const repo = async () => new SessionStore((await openSproutDb(`restore-${++seq}`))!);

describe('a saved session restores the view exactly', () => {
  it('save → reload → restore: the same layout to the bit (from the saved copy, not recomputed), selection with its neighbour k and metric, search and its column, lasso, colour, camera and tab', async () => {
    const a = app();
    await makeView(a.store);
    const before = a.store.getState();
    const sessions = await repo();
    const plan = planSave(before, null, 'tab-1', 1000, translatorFor('en').t);
    await sessions.save(plan.fields, plan.keep, plan.writes);

    const loaded = await loadSession(sessions, (await sessions.get('tab-1'))!);
    expect(loaded.decoded.problems).toEqual([]);
    expect(encodeView(loaded.decoded.view)).toBe(encodeView(captureView(before)));
    expect(loaded.cache.layouts).toHaveLength(1);

    const b = app();
    const opts = options({ saved: loaded.cache });
    await applyView(b.store, loaded.decoded.view, opts);
    const after = b.store.getState();
    expect(b.runs).toEqual([]); // the layout came from the session
    expect(Array.from(after.explore.layout?.coords ?? [])).toEqual(Array.from(tsneCoords(42)));
    expect(after.explore.layout?.method).toBe('t-SNE');
    expect(after.explore.selected).toBe(2);
    expect(after.explore.colorBy).toBe('kind');
    expect(after.explore.neighborSettings).toEqual({ k: 4, metric: 'euclidean' });
    expect([after.explore.searchBy, after.explore.search.query, after.explore.search.count]).toEqual(['kind', 'city', 2]);
    expect(Array.from(after.explore.lasso?.mask ?? [])).toEqual(Array.from(before.explore.lasso?.mask ?? []));
    expect(after.explore.camera).toEqual({ cx: 0.5, cy: -1.25, zoom: 3 });
    expect(after.ui.view).toBe('compare');
    expect(opts.problems).toEqual([]);
    expect(after.ui.notices).toEqual([]);
    expect(encodeView(captureView(after))).toBe(encodeView(captureView(before)));
  });

  it('a link (no saved copy) recomputes the layout from its seed, says so, and gives the same coordinates', async () => {
    const a = app();
    await makeView(a.store);
    const link = encodeView(captureView(a.store.getState()));
    const b = app();
    await applyView(b.store, decodeView(link).view, options({ origin: 'link' }));
    expect(b.runs.map((r) => r.open?.spec)).toEqual([specFor('tsne', TSNE, { dim: 3 })]);
    expect(b.store.getState().ui.notices.map((n) => n.text)).toEqual([expect.stringContaining('Recomputing t-SNE with seed 42')]);
    expect(Array.from(b.store.getState().explore.layout?.coords ?? [])).toEqual(Array.from(tsneCoords(42)));
    expect(b.store.getState().explore.lasso?.count).toBe(a.store.getState().explore.lasso?.count);
  });

  it('a session saved while its projection was still running restarts it with the same seed and says so', async () => {
    const a = app();
    await makeView(a.store);
    const view = captureView(a.store.getState());
    const b = app();
    // The session's view names the run, but no finished layout was saved with it.
    await applyView(b.store, view, options({ origin: 'session' }));
    expect(b.runs.map((r) => r.open?.spec.seed)).toEqual([42]);
    expect(b.store.getState().ui.notices.map((n) => n.text)).toEqual(['t-SNE had not finished when the page closed: running it again with seed 42…']);
    expect(Array.from(b.store.getState().explore.layout?.coords ?? [])).toEqual(Array.from(tsneCoords(42)));
  });

  it('what does not fit the data is named and left out; the rest applies', async () => {
    const b = app();
    const { view, problems } = decodeView('dataset=glove-10k&sel=99&color=nope&in=nope&pc=3,1&labels=1');
    expect(problems).toEqual([]);
    const opts = options({ origin: 'link' });
    await applyView(b.store, view, opts);
    expect(opts.problems.map((p) => [p.field, p.issue.kind])).toEqual([['pc', 'not-in-data'], ['color', 'not-in-data'], ['in', 'not-in-data'], ['sel', 'not-in-data']]);
    expect(b.store.getState().explore.showLabels).toBe(true);
    expect(b.store.getState().explore.colorBy).toBe('kind'); // the dataset's default stays
  });

  it('a view made from a lab table says so and opens the default data', async () => {
    const b = app();
    await applyView(b.store, decodeView('labtable=Lab: teaching corpus').view, options({ origin: 'link' }));
    expect(b.store.getState().data.dataset?.name).toBe('GloVe 10k');
    expect(b.store.getState().ui.notices.map((n) => n.text)).toEqual([expect.stringContaining('trained in the lab')]);
  });
});

describe('autosave', () => {
  it('saves the session shortly after a change, with the finished layout beside it, and only writes a layout once', async () => {
    const a = app();
    const sessions = await repo();
    const saver = startAutosave(a.store, sessions, 'tab-1', { delayMs: 5, maxWaitMs: 20 });
    await makeView(a.store);
    await saver.flush();
    const rec = await sessions.get('tab-1');
    expect(rec?.view).toContain('sel=2');
    expect(rec?.name).toBe('GloVe 10k · t-SNE');
    const layout = rec?.parts.find((p) => p.kind === 'layout');
    expect(layout?.bytes).toBe(2 * N * 4);
    let writes = 0;
    const save = sessions.save.bind(sessions);
    sessions.save = (f, keep, w) => {
      writes += w.length;
      return save(f, keep, w);
    };
    await a.store.getState().actions.explore.select(3);
    await saver.flush();
    expect((await sessions.get('tab-1'))?.view).toContain('sel=3');
    expect(writes).toBe(0);
    saver.stop();
  });

  it('tells the user once what the browser refused to store, and lists it', async () => {
    const a = app();
    const sessions = await repo();
    sessions.save = async (_fields, _keep, w) => ({ refused: w.map((x) => x.what), recordRefused: false });
    const saver = startAutosave(a.store, sessions, 'tab-1', { delayMs: 5, maxWaitMs: 20 });
    await makeView(a.store);
    await saver.flush();
    await a.store.getState().actions.explore.select(1);
    await saver.flush();
    const errors = a.store.getState().ui.notices.filter((n) => n.level === 'error');
    expect(errors.map((n) => n.text)).toEqual(['The browser refused the space to save the t-SNE layout: it will not survive a reload. Delete old sessions to make room.']);
    expect(a.store.getState().sessions.unsaved).toEqual(['the t-SNE layout']);
    saver.stop();
  });
});
