import { describe, expect, it } from 'vitest';
import type { Dataset } from '../compute/dataset';
import type { AppStore } from './appState';
import { createAppStore } from './store';
import type { PcaResult } from './dataTypes';
import { fakeJobs as fake } from './testing/fakeJobs';
import type { ProjectProgress, ProjectQuality, ProjectRunParams, ProjectRunResult } from '../compute/project/session';
import { SessionLostError } from '../compute/task';

function dataset(n = 6, dim = 3, id = 'd'): Dataset {
  return {
    id,
    name: 'D',
    n,
    dim,
    labels: Array.from({ length: n }, (_, i) => `w${i}`),
    metric: 'cosine',
    columns: [{ name: 'kind', type: 'category', codes: new Uint32Array(n).map((_, i) => i % 2), categories: ['a', 'b'] }],
  };
}

/** One projectRun call the test drives by hand. */
interface Call {
  params: ProjectRunParams;
  signal: AbortSignal | undefined;
  emit(coords: Float32Array | null, fraction?: number): void;
  finish(coords: Float32Array, finished?: boolean): void;
  fail(error: Error): void;
}

const timings = { reduceMs: 1, graphMs: 2, layoutMs: 3 };
const graph = { k: 90, exact: true, cached: false, ms: 2 };
const quality: ProjectQuality = { recall: 0.4, recallSample: 6, trustworthiness: 0.9, trustSample: 6, accuracy: 0.8, ms: 5 };
const coords = (n: number, v: number) => new Float32Array(2 * n).fill(v);

function fakeJobs() {
  const calls: Call[] = [];
  const qualityCalls: number[] = [];
  const jobs = fake({
    loadBuiltin: async () => dataset(),
    pca: async (ds): Promise<PcaResult> => ({ components: 2, scores: new Float32Array(ds.n * 2).fill(7), explainedRatio: [0.5, 0.2] }),
    neighbors: async () => [],
    releaseDataset: () => undefined,
    projectRun: (params, opts) =>
      new Promise<ProjectRunResult>((resolve, reject) => {
        const signal = opts?.signal;
        let settled = false;
        signal?.addEventListener('abort', () => {
          settled = true;
          const e = new Error('cancelled');
          e.name = 'AbortError';
          reject(e);
        });
        calls.push({
          params,
          signal,
          // Like the pool: progress after the job settled is not delivered.
          emit: (c, fraction = 0.5) => {
            if (!settled) opts?.onProgress?.({ phase: c ? 'layout' : 'graph', fraction, coords: c, timings, graph } satisfies ProjectProgress);
          },
          finish: (c, finished = true) => {
            settled = true;
            resolve({ sessionId: params.sessionId, finished, coords: c, progress: finished ? 1 : 0.1, timings, graph });
          },
          fail: (e) => {
            settled = true;
            reject(e);
          },
        });
      }),
    projectQuality: async (sessionId) => {
      qualityCalls.push(sessionId);
      return quality;
    },
  });
  return { jobs, calls, qualityCalls };
}

async function setup(n = 6): Promise<{ store: AppStore } & ReturnType<typeof fakeJobs>> {
  const fake = fakeJobs();
  const store = createAppStore(fake.jobs);
  await store.getState().actions.data.show(dataset(n));
  return { store, ...fake };
}

const tick = () => new Promise<void>((r) => setTimeout(r, 0));

describe('projection slice', () => {
  it('PCA is the default; Run of t-SNE streams snapshots into the layout, then measures quality', async () => {
    const { store, calls, qualityCalls } = await setup();
    expect(store.getState().projection.method).toBe('pca');
    expect(store.getState().explore.layout?.method).toBe('PCA');
    store.getState().actions.projection.setMethod('tsne');
    // Picking a method does not change the layout until Run.
    expect(store.getState().explore.layout?.method).toBe('PCA');
    const done = store.getState().actions.projection.run();
    expect(calls).toHaveLength(1);
    const { params } = calls[0];
    expect(params.mode).toBe('run');
    expect(params.open?.spec).toMatchObject({ method: 'tsne', seed: 42, tsne: { perplexity: 30, iterations: 750 } });
    expect(params.open?.codes).not.toBeNull();
    // The job names the dataset; its vectors stay in the workers.
    expect(params.open?.datasetId).toBe(store.getState().data.dataset?.id);
    expect(JSON.stringify(Object.keys(params.open ?? {}))).not.toMatch(/vectors/);
    expect(store.getState().projection.run?.status).toBe('running');

    calls[0].emit(null, 0.3);
    expect(store.getState().projection.run?.phase).toBe('graph');
    expect(store.getState().explore.layout?.method).toBe('PCA');
    const v0 = store.getState().explore.layout!.version;
    calls[0].emit(coords(6, 1));
    calls[0].emit(coords(6, 2));
    let layout = store.getState().explore.layout!;
    expect(layout).toMatchObject({ method: 't-SNE', running: true });
    expect(layout.coords[0]).toBe(2);
    expect(layout.version).toBe(v0 + 2);

    calls[0].finish(coords(6, 3));
    await done;
    layout = store.getState().explore.layout!;
    expect(layout).toMatchObject({ method: 't-SNE', running: false });
    expect(layout.coords[0]).toBe(3);
    const run = store.getState().projection.run!;
    expect(run).toMatchObject({ status: 'done', qualityStatus: 'done', quality, accuracyColumn: 'kind', graph });
    expect(run.identity).toContain('perplexity 30');
    expect(run.identity).toContain('seed 42');
    expect(qualityCalls).toEqual([params.sessionId]);
  });

  it('Pause cancels the job and keeps the session; Resume continues the same session', async () => {
    const { store, calls } = await setup();
    store.getState().actions.projection.setMethod('umap');
    void store.getState().actions.projection.run();
    calls[0].emit(coords(6, 1));
    store.getState().actions.projection.pause();
    expect(calls[0].signal?.aborted).toBe(true);
    expect(store.getState().projection.run?.status).toBe('paused');
    expect(store.getState().explore.layout).toMatchObject({ running: false, method: 'UMAP' });
    expect(store.getState().explore.layout!.coords[0]).toBe(1);

    const resumed = store.getState().actions.projection.resume();
    expect(calls).toHaveLength(2);
    expect(calls[1].params).toEqual({ sessionId: calls[0].params.sessionId, mode: 'run' });
    expect(store.getState().projection.run?.status).toBe('running');
    calls[1].emit(coords(6, 4));
    expect(store.getState().explore.layout).toMatchObject({ running: true });
    calls[1].finish(coords(6, 5));
    await resumed;
    expect(store.getState().projection.run?.status).toBe('done');
    expect(store.getState().explore.layout!.coords[0]).toBe(5);
  });

  it('Cancel keeps the last frame on screen and ignores anything the old job still sends', async () => {
    const { store, calls } = await setup();
    store.getState().actions.projection.setMethod('tsne');
    const done = store.getState().actions.projection.run();
    calls[0].emit(coords(6, 9));
    store.getState().actions.projection.cancel();
    await done;
    calls[0].emit(coords(6, 10));
    const s = store.getState();
    expect(s.projection.run?.status).toBe('cancelled');
    expect(s.explore.layout).toMatchObject({ method: 't-SNE', running: false });
    expect(s.explore.layout!.coords[0]).toBe(9);
    // A cancelled run cannot be resumed; Run starts afresh.
    await s.actions.projection.resume();
    expect(calls).toHaveLength(1);
  });

  it('the same parameters and seed reuse the finished layout; another seed runs again', async () => {
    const { store, calls, qualityCalls } = await setup();
    store.getState().actions.projection.setMethod('umap');
    const first = store.getState().actions.projection.run();
    calls[0].finish(coords(6, 3));
    await first;
    const firstCoords = store.getState().explore.layout!.coords;
    store.getState().actions.projection.setMethod('pca');
    expect(store.getState().explore.layout?.method).toBe('PCA');
    store.getState().actions.projection.setMethod('umap');
    await store.getState().actions.projection.run();
    expect(calls).toHaveLength(1);
    expect(store.getState().explore.layout!.coords).toBe(firstCoords);
    expect(store.getState().projection.run).toMatchObject({ status: 'done', reused: true, quality });
    expect(qualityCalls).toHaveLength(1);

    store.getState().actions.projection.updateSettings({ seed: 7 });
    void store.getState().actions.projection.run();
    expect(calls).toHaveLength(2);
    expect(calls[1].params.open?.spec.seed).toBe(7);
    expect(store.getState().projection.run?.identity).toContain('seed 7');
  });

  it('choosing PCA stops a run and shows the PCA layout again', async () => {
    const { store, calls } = await setup();
    store.getState().actions.projection.setMethod('tsne');
    void store.getState().actions.projection.run();
    calls[0].emit(coords(6, 1));
    store.getState().actions.projection.setMethod('pca');
    expect(calls[0].signal?.aborted).toBe(true);
    expect(store.getState().projection.run).toBeNull();
    expect(store.getState().explore.layout).toMatchObject({ method: 'PCA', running: false });
    expect(store.getState().explore.layout!.coords[0]).toBe(7);
  });

  it('Step from scratch opens a session in step mode and leaves it paused; Step again continues it', async () => {
    const { store, calls } = await setup();
    store.getState().actions.projection.setMethod('tsne');
    const step = store.getState().actions.projection.step();
    expect(calls[0].params).toMatchObject({ mode: 'step' });
    expect(calls[0].params.open).toBeDefined();
    calls[0].finish(coords(6, 1), false);
    await step;
    expect(store.getState().projection.run?.status).toBe('paused');
    expect(store.getState().explore.layout!.coords[0]).toBe(1);
    const again = store.getState().actions.projection.step();
    expect(calls[1].params).toEqual({ sessionId: calls[0].params.sessionId, mode: 'step' });
    calls[1].finish(coords(6, 2), false);
    await again;
    expect(store.getState().explore.layout!.coords[0]).toBe(2);
  });

  it('a session the worker lost is reported, with the way out', async () => {
    const { store, calls } = await setup();
    store.getState().actions.projection.setMethod('umap');
    void store.getState().actions.projection.run();
    store.getState().actions.projection.pause();
    const resumed = store.getState().actions.projection.resume();
    calls[1].fail(new SessionLostError('gone'));
    await resumed;
    const run = store.getState().projection.run!;
    expect(run.status).toBe('lost');
    expect(run.message).toMatch(/Run it again/);
    expect(store.getState().data.loadStatus.kind).toBe('ready');
  });

  it('a worker that dies mid-run: the map keeps its last frame, the message names the cause, and Run again completes', async () => {
    const { store, calls } = await setup();
    store.getState().actions.projection.setMethod('umap');
    const first = store.getState().actions.projection.run();
    calls[0].emit(coords(6, 3));
    const crash = new Error('Worker crashed while running "projectRun": injected fault');
    crash.name = 'WorkerCrashError';
    calls[0].fail(crash);
    await first;
    const run = store.getState().projection.run!;
    expect(run.status).toBe('lost');
    expect(run.message).toMatch(/^The projection worker stopped \(Worker crashed while running "projectRun": injected fault\).*Press Run to try again/);
    expect(store.getState().explore.layout).toMatchObject({ method: 'UMAP', running: false });
    expect(store.getState().explore.layout!.coords[0]).toBe(3);
    expect(store.getState().data.loadStatus.kind).toBe('ready');
    const again = store.getState().actions.projection.run();
    expect(calls[1].params.open).toBeDefined();
    calls[1].finish(coords(6, 4));
    await again;
    expect(store.getState().projection.run?.status).toBe('done');
    expect(store.getState().explore.layout!.coords[0]).toBe(4);
  });

  it('a new run whose data the workers no longer hold reports the dataset as lost, with Retry', async () => {
    const { store, calls } = await setup();
    store.getState().actions.projection.setMethod('umap');
    const run = store.getState().actions.projection.run();
    calls[0].fail(new SessionLostError('The data of "d" is no longer in the worker'));
    await run;
    expect(store.getState().projection.run?.status).toBe('error');
    expect(store.getState().data.loadStatus).toMatchObject({ kind: 'error', message: expect.stringMatching(/Retry loads it again/) });
  });

  it('slow methods ask first; methods over their limit are refused', async () => {
    const { store, calls } = await setup(3_500);
    store.getState().actions.projection.setMethod('trimap');
    await store.getState().actions.projection.run();
    expect(calls).toHaveLength(0);
    expect(store.getState().projection.confirm).toMatch(/slow above 2,000 points/);
    void store.getState().actions.projection.run({ allowSlow: true });
    expect(calls).toHaveLength(1);
    expect(store.getState().projection.confirm).toBeNull();

    store.getState().actions.projection.setMethod('isomap');
    await store.getState().actions.projection.run({ allowSlow: true });
    expect(calls).toHaveLength(1);
    expect(store.getState().ui.notices.at(-1)?.text).toMatch(/limited to 3,000 points/);
  });

  it('a new dataset makes a running projection moot', async () => {
    const { store, calls } = await setup();
    store.getState().actions.projection.setMethod('tsne');
    void store.getState().actions.projection.run();
    calls[0].emit(coords(6, 1));
    await store.getState().actions.data.show(dataset(8, 3, 'other'));
    calls[0].emit(coords(6, 2));
    expect(calls[0].signal?.aborted).toBe(true);
    expect(store.getState().explore.layout).toMatchObject({ method: 'PCA' });
    expect(store.getState().explore.layout!.coords).toHaveLength(16);
    await tick();
  });

  it('pre-reduction is automatic above 128 dimensions and can be switched', async () => {
    const { store, calls } = await setup();
    await store.getState().actions.data.show(dataset(6, 130));
    store.getState().actions.projection.setMethod('umap');
    void store.getState().actions.projection.run();
    expect(calls[0].params.open?.spec.preReduce).toBe(true);
    expect(store.getState().projection.run?.identity).toContain('PCA → 50 dims first');
    store.getState().actions.projection.updateSettings({ preReduce: false });
    void store.getState().actions.projection.run();
    expect(calls[0].signal?.aborted).toBe(true);
    expect(calls[1].params.open?.spec.preReduce).toBe(false);
  });
});
