import { beforeEach, describe, expect, it } from 'vitest';
import type { VectorTable } from '../dataset';
import { createRng } from '../random';
import { serialPool } from '../parallel/pool';
import { isSessionLost } from '../task';
import type { ProjectSpec } from './methods';
import { GRAPH_SEED, ProjectWorkspace, type ProjectOpen, type ProjectProgress, type ProjectRunResult } from './session';

/** `clusters` gaussian blobs in `dim` dimensions, centres 10 apart; codes = the blob. */
function blobs(n: number, dim: number, clusters: number, seed = 1): { vectors: Float32Array; codes: Uint32Array } {
  const rng = createRng(seed);
  const vectors = new Float32Array(n * dim);
  const codes = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % clusters;
    codes[i] = c;
    for (let d = 0; d < dim; d++) vectors[i * dim + d] = (d === c % dim ? 10 : 0) + (d === (c + 1) % dim ? 5 * Math.floor(c / dim) : 0) + rng.gaussian();
  }
  return { vectors, codes };
}

const DATA = blobs(300, 8, 3);
const table = (id: string, data = DATA, n = 300, dim = 8): VectorTable => ({ id, n, dim, metric: 'euclidean', vectors: data.vectors });

function open(spec: Partial<ProjectSpec> & Pick<ProjectSpec, 'method'>, datasetId = 'blobs'): ProjectOpen {
  return { datasetId, codes: DATA.codes, spec: { seed: 7, preReduce: false, ...spec } };
}

const TSNE = { method: 'tsne', tsne: { perplexity: 10, learningRate: 'auto', iterations: 120, earlyExaggeration: 12, exaggeration: 1 } } as const;
const UMAP = { method: 'umap', umap: { nNeighbors: 10, minDist: 0.1, spread: 1, epochs: 60 } } as const;

let ws: ProjectWorkspace;
const never = new AbortController().signal;
const ignore = () => undefined;

/** A fresh workspace holding the test data (as the projection worker does after its first run). */
function fresh(): ProjectWorkspace {
  const w = new ProjectWorkspace();
  w.putTable(table('blobs'));
  return w;
}

async function runToEnd(sessionId: number, o: ProjectOpen | undefined): Promise<ProjectRunResult> {
  return ws.run({ sessionId, mode: 'run', ...(o ? { open: o } : {}) }, never, ignore);
}

describe('the projection workspace', () => {
  beforeEach(() => (ws = fresh()));

  it('a t-SNE session runs to the end, streams layout snapshots and reports its exact graph', async () => {
    const progress: ProjectProgress[] = [];
    const res = await ws.run({ sessionId: 1, open: open(TSNE), mode: 'run' }, never, (p) => progress.push(p));
    expect(res.finished).toBe(true);
    expect(res.coords).toHaveLength(600);
    expect(res.coords.every(Number.isFinite)).toBe(true);
    expect(res.graph).toMatchObject({ k: 30, exact: true, cached: false });
    expect(res.timings.layoutMs).toBeGreaterThan(0);
    // Every progress message in the layout phase carries an n × 2 snapshot.
    for (const p of progress) if (p.phase === 'layout') expect(p.coords).toHaveLength(600);
  });

  it('cancel mid-run keeps the session; resume finishes bit-identical to an uninterrupted run', async () => {
    const whole = await runToEnd(1, open(TSNE));
    // Same spec, new session: two single steps, a run cancelled part-way, then resume.
    const first = await ws.run({ sessionId: 2, open: open(TSNE), mode: 'step' }, never, ignore);
    expect(first.finished).toBe(false);
    const second = await ws.run({ sessionId: 2, mode: 'step' }, never, ignore);
    expect(second.progress).toBeGreaterThan(first.progress);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 15);
    await expect(ws.run({ sessionId: 2, mode: 'run' }, controller.signal, ignore)).rejects.toThrow(/Cancelled/);
    const resumed = await runToEnd(2, undefined);
    expect(resumed.finished).toBe(true);
    expect(resumed.graph?.cached).toBe(true);
    expect(Buffer.from(resumed.coords.buffer).equals(Buffer.from(whole.coords.buffer))).toBe(true);
  });

  it('the same spec and seed give bit-identical UMAP layouts; another seed does not', async () => {
    const a = await runToEnd(1, open(UMAP));
    ws = fresh();
    const b = await runToEnd(2, open(UMAP));
    const c = await runToEnd(3, open({ ...UMAP, seed: 8 }));
    expect(Buffer.from(a.coords.buffer).equals(Buffer.from(b.coords.buffer))).toBe(true);
    expect(Buffer.from(a.coords.buffer).equals(Buffer.from(c.coords.buffer))).toBe(false);
  });

  it('the kNN graph is computed once per dataset and reused for a smaller k', async () => {
    const t = await runToEnd(1, open(TSNE));
    expect(t.graph?.cached).toBe(false);
    const u = await runToEnd(2, open(UMAP));
    expect(u.graph).toMatchObject({ k: 10, exact: true, cached: true });
    ws.putTable(table('other data'));
    const other = await runToEnd(3, open(UMAP, 'other data'));
    expect(other.graph?.cached).toBe(false);
  });

  it('releasing a dataset drops its graphs: a new run on the same data builds them again', async () => {
    await runToEnd(1, open(UMAP));
    expect((await runToEnd(2, open(UMAP))).graph?.cached).toBe(true);
    ws.releaseTable('blobs');
    expect(ws.hasTable('blobs')).toBe(false);
    await expect(runToEnd(3, open(UMAP))).rejects.toSatisfy(isSessionLost);
    ws.putTable(table('blobs'));
    expect((await runToEnd(4, open(UMAP))).graph?.cached).toBe(false);
  });

  it('keeps at most two datasets, the least recently put going first, with their caches', async () => {
    ws.putTable(table('b'));
    ws.putTable(table('c'));
    expect([ws.hasTable('blobs'), ws.hasTable('b'), ws.hasTable('c')]).toEqual([false, true, true]);
    await expect(runToEnd(1, open(UMAP, 'blobs'))).rejects.toThrow(/no longer holds the data of "blobs"/);
  });

  it('refuses a table whose vectors do not match its shape', () => {
    expect(() => ws.putTable({ ...table('x'), n: 301 })).toThrow(/expected 301 × 8 values, got 2400/);
  });

  it('continuing a session the workspace no longer has fails as lost', async () => {
    await runToEnd(1, open(UMAP));
    await expect(ws.run({ sessionId: 99, mode: 'run' }, never, ignore)).rejects.toSatisfy(isSessionLost);
    ws = fresh(); // as if the pool had terminated the worker
    await expect(ws.run({ sessionId: 1, mode: 'step' }, never, ignore)).rejects.toSatisfy(isSessionLost);
    await expect(ws.quality(1, never)).rejects.toSatisfy(isSessionLost);
  });

  it('quality: recall@10, trustworthiness and 10-NN accuracy of a finished layout', async () => {
    await runToEnd(1, open(UMAP));
    const q = await ws.quality(1, never);
    expect(q.recall).toBeGreaterThan(0.2);
    expect(q.recall).toBeLessThanOrEqual(1);
    // The exact graph (k = 10) was at hand, so recall covers every point.
    expect(q.recallSample).toBe(300);
    expect(q.trustworthiness).toBeGreaterThan(0.85);
    expect(q.accuracy).toBeGreaterThan(0.95);
    expect(q.ms).toBeGreaterThanOrEqual(0);
  });

  it('PCA pre-reduction and cosine data: the graph is searched in the reduced space', async () => {
    const wide = blobs(200, 120, 4, 3);
    ws.putTable({ id: 'wide', n: 200, dim: 120, metric: 'cosine', vectors: wide.vectors });
    const o: ProjectOpen = { datasetId: 'wide', codes: null, spec: { ...UMAP, seed: 1, preReduce: true } };
    const res = await runToEnd(1, o);
    expect(res.finished).toBe(true);
    expect(res.timings.reduceMs).toBeGreaterThan(0);
    const q = await ws.quality(1, never);
    expect(q.accuracy).toBeNull();
    // No exact graph of the original space: recall is sampled (all 200 points here).
    expect(q.recallSample).toBe(200);
  });

  it('umap-js on the shared graph, and a druid.js method, finish with finite layouts', async () => {
    const r = await runToEnd(1, open({ method: 'umap-js', umap: { nNeighbors: 10, minDist: 0.1, spread: 1, epochs: 40 } }));
    expect(r.finished && r.coords.every(Number.isFinite)).toBe(true);
    expect(r.graph?.k).toBe(10);
    const d = await runToEnd(2, open({ method: 'pacmap', druid: { iterations: 60, nNeighbors: 10 } }));
    expect(d.finished && d.coords.every(Number.isFinite)).toBe(true);
    expect(d.graph).toBeNull();
    expect(GRAPH_SEED).toBe(42);
  });

  it('a run waits for the kernel threads\' warm-up instead of sharing the pool with it', async () => {
    const events: string[] = [];
    let finishWarm = (): void => undefined;
    const w = new ProjectWorkspace({
      kernelPool: async () => serialPool(),
      warmPool: async () => {
        events.push('warm starts');
        await new Promise<void>((resolve) => (finishWarm = resolve));
        events.push('warm ends');
      },
    });
    w.putTable(table('blobs'));
    void w.warmThreads(2, never);
    const run = w.run({ sessionId: 1, open: open(UMAP), mode: 'run', threads: 2 }, never, () => void events.push('run progress'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events).toEqual(['warm starts']);
    finishWarm();
    expect((await run).finished).toBe(true);
    expect(events.slice(0, 3)).toEqual(['warm starts', 'warm ends', 'run progress']);
  });

  it('a run cancelled while it waits for the warm-up stops at once', async () => {
    const w = new ProjectWorkspace({ kernelPool: async () => serialPool(), warmPool: () => new Promise<void>(() => undefined) });
    w.putTable(table('blobs'));
    void w.warmThreads(2, never);
    const abort = new AbortController();
    const run = w.run({ sessionId: 1, open: open(UMAP), mode: 'run', threads: 2 }, abort.signal, ignore);
    abort.abort();
    await expect(run).rejects.toMatchObject({ name: 'CancelledError' });
  });

  it('a warm-up that fails leaves runs working', async () => {
    const w = new ProjectWorkspace({ kernelPool: async () => serialPool(), warmPool: async () => Promise.reject(new Error('no threads')) });
    w.putTable(table('blobs'));
    await w.warmThreads(2, never);
    expect((await w.run({ sessionId: 1, open: open(UMAP), mode: 'run', threads: 2 }, never, ignore)).finished).toBe(true);
  });
});
