import { beforeEach, describe, expect, it } from 'vitest';
import { createRng } from '../compute/random';
import { Transferred } from './protocol';
import { GRAPH_SEED, projectHandlers, resetProjectWorker } from './projectHandlers';
import { SESSION_LOST, type ProjectOpen, type ProjectProgress, type ProjectQuality, type ProjectRunResult, type ProjectSpec } from './projectJobs';

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

function open(spec: Partial<ProjectSpec> & Pick<ProjectSpec, 'method'>, datasetKey = 'blobs'): ProjectOpen {
  return {
    datasetKey,
    vectors: DATA.vectors,
    n: 300,
    dim: 8,
    metric: 'euclidean',
    codes: DATA.codes,
    spec: { seed: 7, preReduce: false, ...spec },
  };
}

const TSNE = { method: 'tsne', tsne: { perplexity: 10, learningRate: 'auto', iterations: 120, earlyExaggeration: 12, exaggeration: 1 } } as const;
const UMAP = { method: 'umap', umap: { nNeighbors: 10, minDist: 0.1, spread: 1, epochs: 60 } } as const;

function ctx(onProgress?: (p: ProjectProgress, c: AbortController) => void) {
  const controller = new AbortController();
  const progress: ProjectProgress[] = [];
  return {
    controller,
    progress,
    ctx: {
      signal: controller.signal,
      progress: (p: ProjectProgress) => {
        progress.push(p);
        onProgress?.(p, controller);
      },
    },
  };
}

const value = <T,>(out: T | Transferred<T>): T => (out instanceof Transferred ? out.value : out);

async function runToEnd(sessionId: number, o: ProjectOpen | undefined): Promise<ProjectRunResult> {
  return value(await projectHandlers.projectRun({ sessionId, mode: 'run', ...(o ? { open: o } : {}) }, ctx().ctx));
}

describe('projection worker handlers', () => {
  beforeEach(() => resetProjectWorker());

  it('a t-SNE session runs to the end, streams layout snapshots and reports its exact graph', async () => {
    const c = ctx();
    const res = value(await projectHandlers.projectRun({ sessionId: 1, open: open(TSNE), mode: 'run' }, c.ctx));
    expect(res.finished).toBe(true);
    expect(res.coords).toHaveLength(600);
    expect(res.coords.every(Number.isFinite)).toBe(true);
    expect(res.graph).toMatchObject({ k: 30, exact: true, cached: false });
    expect(res.timings.layoutMs).toBeGreaterThan(0);
    // Every progress message in the layout phase carries an n × 2 snapshot.
    for (const p of c.progress) if (p.phase === 'layout') expect(p.coords).toHaveLength(600);
  });

  it('cancel mid-run keeps the session; resume finishes bit-identical to an uninterrupted run', async () => {
    const whole = await runToEnd(1, open(TSNE));
    // Same spec, new session: two single steps, a run cancelled part-way, then resume.
    const first = value(await projectHandlers.projectRun({ sessionId: 2, open: open(TSNE), mode: 'step' }, ctx().ctx));
    expect(first.finished).toBe(false);
    const second = value(await projectHandlers.projectRun({ sessionId: 2, mode: 'step' }, ctx().ctx));
    expect(second.progress).toBeGreaterThan(first.progress);
    const c = ctx();
    setTimeout(() => c.controller.abort(), 15);
    await expect(projectHandlers.projectRun({ sessionId: 2, mode: 'run' }, c.ctx)).rejects.toThrow(/Cancelled/);
    const resumed = await runToEnd(2, undefined);
    expect(resumed.finished).toBe(true);
    expect(resumed.graph?.cached).toBe(true);
    expect(Buffer.from(resumed.coords.buffer).equals(Buffer.from(whole.coords.buffer))).toBe(true);
  });

  it('the same spec and seed give bit-identical UMAP layouts; another seed does not', async () => {
    const a = await runToEnd(1, open(UMAP));
    resetProjectWorker();
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
    const other = await runToEnd(3, open(UMAP, 'other data'));
    expect(other.graph?.cached).toBe(false);
  });

  it('continuing a session the worker no longer has fails with SESSION_LOST', async () => {
    await runToEnd(1, open(UMAP));
    await expect(projectHandlers.projectRun({ sessionId: 99, mode: 'run' }, ctx().ctx)).rejects.toMatchObject({ name: SESSION_LOST });
    resetProjectWorker(); // as if the pool had terminated the worker
    await expect(projectHandlers.projectRun({ sessionId: 1, mode: 'step' }, ctx().ctx)).rejects.toMatchObject({ name: SESSION_LOST });
    await expect(projectHandlers.projectQuality({ sessionId: 1 }, ctx().ctx)).rejects.toMatchObject({ name: SESSION_LOST });
  });

  it('quality: recall@10, trustworthiness and 10-NN accuracy of a finished layout', async () => {
    await runToEnd(1, open(UMAP));
    const q = value(await projectHandlers.projectQuality({ sessionId: 1 }, ctx().ctx)) as ProjectQuality;
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
    const o: ProjectOpen = { datasetKey: 'wide', vectors: wide.vectors, n: 200, dim: 120, metric: 'cosine', codes: null, spec: { ...UMAP, seed: 1, preReduce: true } };
    const res = await runToEnd(1, o);
    expect(res.finished).toBe(true);
    expect(res.timings.reduceMs).toBeGreaterThan(0);
    const q = value(await projectHandlers.projectQuality({ sessionId: 1 }, ctx().ctx)) as ProjectQuality;
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
});
