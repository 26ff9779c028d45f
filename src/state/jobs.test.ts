import { afterEach, describe, expect, it } from 'vitest';
import type { Dataset, FullDataset } from '../compute/dataset';
import { encodeSproutBin } from '../compute/formats/sproutBin';
import { createRng } from '../compute/random';
import { createDataHandlers } from '../workers/dataHandlers';
import { channelWorker, type ChannelWorker } from '../workers/fixtures/channelWorker';
import { createParseHandlers } from '../workers/parseHandlers';
import { createProjectHandlers } from '../workers/projectHandlers';
import type { InMessage, JobMap } from '../workers/protocol';
import type { Handlers } from '../workers/serve';
import type { WorkerJobs } from './appState';
import { createWorkerJobs } from './jobs';

/** What one message from the main thread carried: typed-array bytes copied (cloned) and moved (transferred). */
interface Posted {
  readonly kind: string;
  readonly copied: number;
  readonly moved: number;
}

/** Bytes of every typed array reachable from `value`, split by whether their buffer is in `moved`. */
function bytesIn(value: unknown, moved: ReadonlySet<unknown>, out = { copied: 0, moved: 0 }): { copied: number; moved: number } {
  if (ArrayBuffer.isView(value)) {
    if (moved.has(value.buffer)) out.moved += value.byteLength;
    else out.copied += value.byteLength;
  } else if (value && typeof value === 'object' && !(value instanceof Blob)) for (const v of Object.values(value)) bytesIn(v, moved, out);
  return out;
}

let workers: ChannelWorker[] = [];
afterEach(() => {
  for (const w of workers) w.terminate();
  workers = [];
});

/** An in-process worker serving `handlers` that records what the main thread posts to it. */
function recording<M extends JobMap>(handlers: Handlers<M>, log: Posted[]): () => ChannelWorker {
  return () => {
    const w = channelWorker(handlers);
    const post = w.postMessage;
    w.postMessage = (message, transfer) => {
      const m = message as InMessage;
      if (m.type === 'start') log.push({ kind: m.kind, ...bytesIn(m.params, new Set(transfer ?? [])) });
      post(message, transfer);
    };
    workers.push(w);
    return w;
  };
}

function glove(n: number, dim: number): FullDataset {
  const rng = createRng(5);
  const vectors = Float32Array.from({ length: n * dim }, () => rng.gaussian());
  return { id: 'g', name: 'GloVe-ish', n, dim, vectors, labels: Array.from({ length: n }, (_, i) => `w${i}`), columns: [], metric: 'cosine' };
}

function setup(kernelThreads?: number): { jobs: WorkerJobs; posted: { data: Posted[]; project: Posted[]; parse: Posted[] } } {
  const posted = { data: [] as Posted[], project: [] as Posted[], parse: [] as Posted[] };
  const jobs = createWorkerJobs({
    kernelThreads,
    spawn: {
      data: recording(createDataHandlers(), posted.data),
      project: recording(createProjectHandlers(), posted.project),
      parse: recording(createParseHandlers(), posted.parse),
    },
    resolveUrl: (path) => path,
  });
  return { jobs, posted };
}

const dataUrl = (bytes: Uint8Array) => `data:application/octet-stream;base64,${Buffer.from(bytes).toString('base64')}`;
const vectorBytes = (ds: FullDataset) => ds.n * ds.dim * 4;

describe('the jobs over the workers (in-process)', { timeout: 30_000 }, () => {
  it('a neighbours click, k-means and a quality figure post no vectors: the jobs name the dataset', async () => {
    const { jobs, posted } = setup();
    const source = glove(400, 16);
    const ds: Dataset = await jobs.loadBuiltin(dataUrl(encodeSproutBin(source)), {});
    expect('vectors' in ds).toBe(false);
    expect(ds.id).toMatch(/#1$/);

    const nb = await jobs.neighbors(ds, 7, 5);
    expect(nb).toHaveLength(5);
    await jobs.kmeans(ds, 3, 1);
    await jobs.layoutQuality(ds, new Float32Array(ds.n * 2).map((_, i) => Math.sin(i)), null);
    const byKind = Object.fromEntries(posted.data.map((p) => [p.kind, p]));
    expect(byKind.neighbors).toEqual({ kind: 'neighbors', copied: 0, moved: 0 });
    expect(byKind.kmeans).toEqual({ kind: 'kmeans', copied: 0, moved: 0 });
    // Quality posts the layout it measures (n × 2), not the n × 16 table.
    expect(byKind.layoutQuality.copied).toBe(ds.n * 2 * 4);
    expect(posted.data.every((p) => p.copied + p.moved < vectorBytes(source))).toBe(true);
  });

  it('the one data worker answers a neighbours click between the slices of a running k-means', async () => {
    const { jobs } = setup();
    const ds = await jobs.loadBuiltin(dataUrl(encodeSproutBin(glove(10_000, 32))), {});
    const order: string[] = [];
    let slices = 0;
    const kmeans = jobs.kmeans(ds, 30, 1, { onProgress: () => void slices++ }).then(() => order.push('k-means'));
    const click = jobs.neighbors(ds, 3, 10).then(() => order.push('neighbours'));
    await Promise.all([kmeans, click]);
    expect(order).toEqual(['neighbours', 'k-means']);
    expect(slices).toBeGreaterThan(0);
  });

  it('the kernel threads are warmed once, and only when projections use more than one', async () => {
    for (const [threads, want] of [[3, 1], [1, 0]] as const) {
      const { jobs, posted } = setup(threads);
      jobs.warmKernelThreads?.();
      jobs.warmKernelThreads?.();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(posted.project.filter((p) => p.kind === 'projectWarmThreads')).toHaveLength(want);
    }
  });

  it('the projection worker gets a dataset once: the first run moves its vectors over, the next posts none', async () => {
    const { jobs, posted } = setup();
    const source = glove(60, 8);
    const ds = await jobs.loadBuiltin(dataUrl(encodeSproutBin(source)), {});
    const spec = { method: 'umap', seed: 1, preReduce: false, umap: { nNeighbors: 8, minDist: 0.1, spread: 1, epochs: 20 } } as const;
    const first = await jobs.projectRun({ sessionId: 1, mode: 'run', open: { datasetId: ds.id, codes: null, spec } });
    expect(first.finished).toBe(true);
    const second = await jobs.projectRun({ sessionId: 2, mode: 'run', open: { datasetId: ds.id, codes: null, spec: { ...spec, seed: 2 } } });
    expect(second.finished).toBe(true);
    const puts = posted.project.filter((p) => p.kind === 'projectPutTable');
    expect(puts).toEqual([{ kind: 'projectPutTable', copied: 0, moved: vectorBytes(source) }]);
    expect(posted.project.filter((p) => p.kind === 'projectRun').every((p) => p.copied === 0 && p.moved === 0)).toBe(true);
    // Released (the app moved on): the workers forget it, and a late click finds it gone.
    jobs.releaseDataset(ds);
    await expect(jobs.neighbors(ds, 0, 3)).rejects.toThrow(/no longer in the worker/);
  });

  it('a reviewed file goes from the parse worker to the data worker by transfer; the main thread keeps what it draws', async () => {
    const { jobs, posted } = setup();
    const text = ['3 2', 'a 1 0', 'b 0 1', 'c 1 1'].join('\n');
    const out = await jobs.parseData({ inputs: [{ kind: 'file', name: 'w.vec', file: new Blob([text]) }], nonFinite: 'error', memoryBudget: 2 ** 30 });
    if (!out.ok) throw new Error(out.failure.message);
    const { dataset } = await jobs.takeParsed(out.dataset.id, { rows: 'all' });
    expect(dataset.labels).toEqual(['a', 'b', 'c']);
    expect('vectors' in dataset).toBe(false);
    expect(posted.data.find((p) => p.kind === 'putTable')).toEqual({ kind: 'putTable', copied: 0, moved: 3 * 2 * 4 });
    expect(await jobs.neighbors(dataset, 0, 1)).toEqual([{ index: 2, value: expect.closeTo(Math.SQRT1_2, 5) }]);
  });
});
