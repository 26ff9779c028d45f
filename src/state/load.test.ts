import { describe, expect, it } from 'vitest';
import { splitDataset, type FullDataset } from '../compute/dataset';
import type { LoadFailure, LoadProgress, LoadRequest, LoadResult } from '../compute/formats/loadTypes';
import { sampleDataset } from '../compute/select/sample';
import { SessionLostError } from '../compute/task';
import type { AppJobs } from './appState';
import type { PcaResult } from './dataTypes';
import { fakeJobs as fake } from './testing/fakeJobs';
import { createAppStore } from './store';

function dataset(n: number, id = `ds${n}`): FullDataset {
  const vectors = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) vectors[2 * i] = i;
  return {
    id,
    name: `${id}.tsv`,
    n,
    dim: 2,
    vectors,
    labels: Array.from({ length: n }, (_, i) => (i === 1 ? '<img src=x onerror=alert(1)>' : `w${i % 1000}`)),
    columns: [{ name: 'group', type: 'category', codes: Uint32Array.from({ length: n }, (_, i) => (i % 100 === 0 ? 1 : 0)), categories: ['many', 'few'] }],
    metric: 'euclidean',
  };
}

const success = (ds: FullDataset, more: Partial<LoadedFactsOf> = {}): LoadResult => ({
  ok: true,
  dataset: ds,
  format: 'projector-tsv',
  formatWhy: 'tab-separated numbers',
  files: [ds.name],
  warnings: [],
  notes: [],
  droppedRows: 0,
  embeddings: null,
  embedding: null,
  peakBytes: 0,
  ...more,
});

const failure: LoadFailure = {
  file: 'bad.tsv',
  message: 'bad.tsv: line 3, column 2: not a number: "x"',
  problems: [{ line: 3, column: 2, message: 'not a number: "x"' }],
  totalProblems: 1,
  truncated: false,
  unit: 'line',
  nonFinite: false,
  code: null,
  params: {},
  format: 'projector-tsv',
  formatWhy: 'tab-separated numbers',
};

type LoadedFactsOf = Omit<Extract<LoadResult, { ok: true }>, 'ok' | 'dataset'>;
type Parse = (req: LoadRequest, opts?: { signal?: AbortSignal; onProgress?: (p: LoadProgress) => void }) => Promise<LoadResult>;

/**
 * Fake workers: PCA answers at once; parsing does what the test says and records each
 * request. Like the parse worker, the fake keeps the parsed table, sends a summary, and
 * samples on `takeParsed` (with the real sampler), handing out only what is drawn.
 */
function fakeJobs(parse: Parse): AppJobs & { requests: LoadRequest[]; taken: string[]; dropped: string[] } {
  const requests: LoadRequest[] = [];
  const taken: string[] = [];
  const dropped: string[] = [];
  let pending: FullDataset | null = null;
  return Object.assign(
    fake({
    loadBuiltin: async () => splitDataset(dataset(5, 'builtin')).dataset,
    pca: async (ds): Promise<PcaResult> => ({ components: 2, scores: new Float32Array(ds.n * 2), explainedRatio: [0.5, 0.5] }),
    neighbors: async () => [],
    releaseDataset: () => undefined,
    parseData: async (req, opts) => {
      requests.push(req);
      pending = null;
      const out = await parse(req, opts);
      if (!out.ok) return out;
      pending = out.dataset;
      const { id, name, n, dim, columns } = out.dataset;
      return { ...out, dataset: { id, name, n, dim, columns: columns.map((c) => ({ name: c.name, type: c.type })) } };
    },
    takeParsed: async (id, choice) => {
      if (!pending || pending.id !== id) throw new SessionLostError('The file under review is no longer in the parse worker; open it again.');
      const picked = sampleDataset(pending, choice);
      pending = null;
      taken.push(id);
      return { dataset: splitDataset(picked.dataset).dataset, sample: picked.sample };
    },
    dropParsed: (id) => {
      dropped.push(id);
      if (pending?.id === id) pending = null;
    },
    }),
    { requests, taken, dropped },
  );
}

const file = (name: string, text = '1\t2\n') => ({ name, file: new Blob([text]) });

describe('load slice', () => {
  it('a parsed file becomes the current dataset, laid out with PCA, with progress on the way', async () => {
    const seen: string[] = [];
    const jobs = fakeJobs(async (_req, opts) => {
      opts?.onProgress?.({ file: 'v.tsv', bytes: 10, totalBytes: 20, rows: 3, stalled: null });
      return success(dataset(4));
    });
    const store = createAppStore(jobs);
    store.subscribe((s) => {
      if (s.load.status.kind === 'reading') seen.push(`${s.load.status.bytes}/${s.load.status.totalBytes} ${s.load.status.rows}`);
    });
    expect(await store.getState().actions.load.openFiles([file('v.tsv'), file('m.tsv')])).toBe('shown');
    const s = store.getState();
    expect([s.data.dataset?.id, s.load.status.kind, s.explore.layout?.method, s.data.builtinId]).toEqual(['ds4', 'idle', 'PCA', null]);
    expect(s.data.dataset?.labels[1]).toBe('<img src=x onerror=alert(1)>');
    expect(seen).toContain('10/20 3');
    expect(s.load.loaded).toMatchObject({ what: 'v.tsv + m.tsv', format: 'projector-tsv', sample: null });
    expect(jobs.requests[0]).toMatchObject({ nonFinite: 'drop', inputs: [{ kind: 'file', name: 'v.tsv' }, { kind: 'file', name: 'm.tsv' }] });
    expect(jobs.requests[0].format).toBeUndefined();
  });

  it('a failed parse lists the problems and keeps the previous dataset', async () => {
    const store = createAppStore(fakeJobs(async () => ({ ok: false, failure })));
    await store.getState().actions.data.show(splitDataset(dataset(5, 'before')).dataset);
    expect(await store.getState().actions.load.openFiles([file('bad.tsv')])).toBe('failed');
    const s = store.getState();
    expect(s.data.dataset?.id).toBe('before');
    expect(s.load.status).toMatchObject({ kind: 'failed', what: 'bad.tsv', failure: { problems: [{ line: 3, column: 2 }] } });
    store.getState().actions.load.dismiss();
    expect(store.getState().load.status.kind).toBe('idle');
  });

  it('a crashed worker is a failure too, and the app keeps its dataset', async () => {
    const store = createAppStore(fakeJobs(async () => Promise.reject(new Error('Worker crashed while running "parse"'))));
    await store.getState().actions.data.show(splitDataset(dataset(5, 'before')).dataset);
    expect(await store.getState().actions.load.openText('1\t2\n')).toBe('failed');
    expect(store.getState().load.status).toMatchObject({ kind: 'failed', failure: null, message: expect.stringContaining('crashed') });
    expect(store.getState().data.dataset?.id).toBe('before');
  });

  it('a worker that dies mid-parse is named as such, and Try again reads the file on a fresh worker', async () => {
    let calls = 0;
    const store = createAppStore(
      fakeJobs(async () => {
        if (calls++ > 0) return success(dataset(4, 'again'));
        const crash = new Error('Worker crashed while running "parse": injected fault');
        crash.name = 'WorkerCrashError';
        throw crash;
      }),
    );
    await store.getState().actions.data.show(splitDataset(dataset(5, 'before')).dataset);
    expect(await store.getState().actions.load.openText('1\t2\n')).toBe('failed');
    expect(store.getState().load.status).toMatchObject({ kind: 'failed', message: 'The worker reading the file stopped (Worker crashed while running "parse": injected fault). Try again.' });
    expect(store.getState().data.dataset?.id).toBe('before');
    expect(await store.getState().actions.load.retry()).toBe('shown');
    expect(store.getState().data.dataset?.id).toBe('again');
  });

  it('cancel stops the parse, goes back to idle and keeps the previous dataset', async () => {
    const jobs = fakeJobs(
      (_req, opts) =>
        new Promise((_resolve, reject) => {
          opts?.signal?.addEventListener('abort', () => reject(Object.assign(new Error('cancelled'), { name: 'AbortError' })));
        }),
    );
    const store = createAppStore(jobs);
    await store.getState().actions.data.show(splitDataset(dataset(5, 'before')).dataset);
    const p = store.getState().actions.load.openFiles([file('big.vec')]);
    expect(store.getState().load.status.kind).toBe('reading');
    store.getState().actions.load.cancel();
    expect(await p).toBe('cancelled');
    expect([store.getState().load.status.kind, store.getState().data.dataset?.id]).toEqual(['idle', 'before']);
  });

  it('a newer load supersedes one still running', async () => {
    let calls = 0;
    const store = createAppStore(
      fakeJobs((_req, opts) => {
        calls++;
        if (calls === 1) return new Promise((_r, reject) => opts?.signal?.addEventListener('abort', () => reject(new Error('aborted'))));
        return Promise.resolve(success(dataset(3, 'second')));
      }),
    );
    const first = store.getState().actions.load.openFiles([file('a.tsv')]);
    const second = store.getState().actions.load.openFiles([file('b.tsv')]);
    expect(await first).toBe('superseded');
    expect(await second).toBe('shown');
    expect(store.getState().data.dataset?.id).toBe('second');
  });

  it('NaN rows: with "ask" the dropped count waits for a decision; Stop keeps the old data, Drop shows the rest', async () => {
    const warn = 'dropped 2 rows containing NaN or Infinity (lines 2, 3) — 2 non-finite values in all';
    const store = createAppStore(fakeJobs(async () => success(dataset(8, 'nan'), { droppedRows: 2, warnings: [warn] })));
    await store.getState().actions.data.show(splitDataset(dataset(5, 'before')).dataset);
    expect(await store.getState().actions.load.openFiles([file('n.tsv')])).toBe('review');
    expect(store.getState().load.status).toMatchObject({ kind: 'review', askNonFinite: true, large: false });
    store.getState().actions.load.dismiss();
    expect(store.getState().data.dataset?.id).toBe('before');
    await store.getState().actions.load.retry();
    expect(await store.getState().actions.load.confirm({ rows: 'all' })).toBe('shown');
    expect(store.getState().data.dataset?.id).toBe('nan');
    expect(store.getState().ui.notices.at(-1)?.text).toContain(warn);
  });

  it('with "stop" NaN rows are errors, and a retry with "drop" re-parses with that policy', async () => {
    const jobs = fakeJobs(async (req) => (req.nonFinite === 'error' ? { ok: false, failure: { ...failure, nonFinite: true } } : success(dataset(3))));
    const store = createAppStore(jobs);
    store.getState().actions.load.setOptions({ nonFinite: 'error' });
    expect(await store.getState().actions.load.openFiles([file('n.tsv')])).toBe('failed');
    expect(await store.getState().actions.load.retry({ nonFinite: 'drop' })).toBe('shown');
    expect(jobs.requests.map((r) => r.nonFinite)).toEqual(['error', 'drop']);
    expect(jobs.requests[1].inputs).toBe(jobs.requests[0].inputs);
  });

  it('a format chosen by the user goes with the request', async () => {
    const jobs = fakeJobs(async () => success(dataset(3)));
    const store = createAppStore(jobs);
    await store.getState().actions.load.openFiles([file('x.dat')]);
    await store.getState().actions.load.retry({ format: 'csv' });
    expect(jobs.requests.map((r) => r.format)).toEqual([undefined, 'csv']);
  });

  it('a file that fits the data budget loads whole by default, all 150,000 rows', async () => {
    const store = createAppStore(fakeJobs(async () => success(dataset(150_000, 'big'))));
    expect(await store.getState().actions.load.openFiles([file('big.tsv')])).toBe('shown');
    expect(store.getState().data.dataset?.n).toBe(150_000);
    expect(store.getState().load.loaded?.sample).toBeNull();
  });

  it('layout columns typed in the load dialog go with the request', async () => {
    const jobs = fakeJobs(async () => success(dataset(3)));
    const store = createAppStore(jobs);
    store.getState().actions.load.setOptions({ layoutColumns: 'a, b; c,d' });
    await store.getState().actions.load.openFiles([file('x.csv')]);
    store.getState().actions.load.setOptions({ layoutColumns: 'none' });
    await store.getState().actions.load.retry();
    expect(jobs.requests.map((r) => r.layoutColumns)).toEqual([[['a', 'b'], ['c', 'd']], 'none']);
  });

  it('a Parquet file with two text columns waits in review; the label column chosen there goes to the parser, and Show shows those labels', async () => {
    const columns = ['word', 'french'];
    const jobs = fakeJobs(async (req) => {
      const chosen = req.labelColumn ?? 'word';
      const ds = { ...dataset(3, `pq-${chosen}`), labels: chosen === 'word' ? ['cat', 'dog', 'emu'] : ['chat', 'chien', 'émeu'] };
      return success(ds, { format: 'parquet', formatWhy: 'Parquet magic', labelChoice: { columns, chosen } });
    });
    const store = createAppStore(jobs);
    expect(await store.getState().actions.load.openFiles([file('two.parquet')])).toBe('review');
    expect(store.getState().load.status).toMatchObject({ kind: 'review', askLabels: true, askNonFinite: false, large: false, result: { labelChoice: { columns, chosen: 'word' } } });
    expect(await store.getState().actions.load.chooseLabels('french')).toBe('review');
    expect(jobs.requests.map((r) => r.labelColumn)).toEqual([undefined, 'french']);
    expect(store.getState().load.status).toMatchObject({ kind: 'review', result: { labelChoice: { chosen: 'french' } } });
    expect(await store.getState().actions.load.confirm({ rows: 'all' })).toBe('shown');
    expect(store.getState().data.dataset?.labels).toEqual(['chat', 'chien', 'émeu']);
    // A CSV offers the same choice only when it is reviewed anyway; a single text column asks nothing.
    const csv = createAppStore(fakeJobs(async () => success(dataset(3), { format: 'csv', labelChoice: { columns, chosen: 'word' } })));
    expect(await csv.getState().actions.load.openFiles([file('t.csv')])).toBe('shown');
    const one = createAppStore(fakeJobs(async () => success(dataset(3), { format: 'parquet', labelChoice: { columns: ['word'], chosen: 'word' } })));
    expect(await one.getState().actions.load.openFiles([file('one.parquet')])).toBe('shown');
  });

  it('asked to ask, more than 100,000 rows asks first; a seeded sample says "showing 100,000 of 150,000"', async () => {
    const big = dataset(150_000, 'big');
    const store = createAppStore(fakeJobs(async () => success(big)));
    store.getState().actions.load.setOptions({ sampling: 'ask' });
    expect(await store.getState().actions.load.openFiles([file('big.tsv')])).toBe('review');
    expect(store.getState().load.status).toMatchObject({ kind: 'review', large: true, askNonFinite: false });
    // While the user decides, the main thread holds a summary, not the rows.
    const review = store.getState().load.status;
    expect(review.kind === 'review' && Object.keys(review.result.dataset).sort()).toEqual(['columns', 'dim', 'id', 'n', 'name']);
    expect(await store.getState().actions.load.confirm({ rows: 'random', size: 100_000, seed: 1 })).toBe('shown');
    const s = store.getState();
    expect(s.data.dataset?.n).toBe(100_000);
    expect(s.data.dataset?.name).toBe('big.tsv — showing 100,000 of 150,000');
    expect(s.data.dataset && 'vectors' in s.data.dataset).toBe(false);
    expect(s.load.loaded?.sample).toEqual({ shown: 100_000, total: 150_000, how: 'random sample, seed 1' });
  });

  it('a review that is closed lets the parse worker forget its table; a new load does too', async () => {
    const jobs = fakeJobs(async () => success(dataset(150_000, 'big')));
    const store = createAppStore(jobs);
    store.getState().actions.load.setOptions({ sampling: 'ask' });
    expect(await store.getState().actions.load.openFiles([file('big.tsv')])).toBe('review');
    store.getState().actions.load.dismiss();
    expect(jobs.dropped).toEqual(['big']);
    expect(await store.getState().actions.load.openFiles([file('big.tsv')])).toBe('review');
    expect(await store.getState().actions.load.openFiles([file('big.tsv')])).toBe('review');
    expect(jobs.dropped).toEqual(['big', 'big']);
  });

  it('a reviewed table the parse worker lost fails with the way back (open it again)', async () => {
    const jobs = fakeJobs(async () => success(dataset(150_000, 'big')));
    const store = createAppStore(jobs);
    await store.getState().actions.data.show(splitDataset(dataset(5, 'before')).dataset);
    store.getState().actions.load.setOptions({ sampling: 'ask' });
    expect(await store.getState().actions.load.openFiles([file('big.tsv')])).toBe('review');
    jobs.dropParsed('big'); // as if the worker had been restarted
    expect(await store.getState().actions.load.confirm({ rows: 'random', size: 10, seed: 1 })).toBe('failed');
    expect(store.getState().load.status).toMatchObject({ kind: 'failed', message: expect.stringMatching(/open it again/) });
    expect(store.getState().data.dataset?.id).toBe('before');
  });

  it('URL parameters become inputs with roles; metadata alone is refused', async () => {
    const jobs = fakeJobs(async () => success(dataset(3)));
    const store = createAppStore(jobs);
    await store.getState().actions.load.openUrls({ data: 'https://x.org/v.vec', metadata: 'm.tsv' });
    expect(jobs.requests[0].inputs).toEqual([
      { kind: 'url', url: 'https://x.org/v.vec', role: 'data' },
      { kind: 'url', url: 'm.tsv', role: 'metadata' },
    ]);
    expect(await store.getState().actions.load.openUrls({ metadata: 'm.tsv' })).toBe('failed');
    expect(await store.getState().actions.load.openText('   ')).toBe('failed');
  });
});
