import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { npyBytes, utf8 } from '../compute/formats/testing';
import { CancelledError } from '../compute/task';
import { Transferred } from './protocol';
import { datasetTransferables, parseHandlers, parseRequest } from './parseHandlers';
import type { ParseInput, ParseOutcome, ParseProgress, ParseRequest, ParseSuccess, LoadFailure } from './parseJobs';

const iris = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/projector-iris');
const file = (name: string, content: string | Uint8Array): ParseInput => ({
  kind: 'file',
  name,
  file: new File([(typeof content === 'string' ? utf8(content) : content) as Uint8Array<ArrayBuffer>], name),
});
const irisFile = (name: string): ParseInput => file(name, new Uint8Array(readFileSync(path.join(iris, name))));

function ctx(signal = new AbortController().signal) {
  const progress: ParseProgress[] = [];
  return { progress, ctx: { signal, progress: (p: ParseProgress) => progress.push(p) } };
}

const request = (inputs: ParseInput[], more: Partial<ParseRequest> = {}): ParseRequest => ({ inputs, nonFinite: 'error', memoryBudget: 2 ** 30, ...more });

async function ok(inputs: ParseInput[], more: Partial<ParseRequest> = {}): Promise<ParseSuccess> {
  const out = await parseRequest(request(inputs, more), ctx().ctx);
  if (!out.ok) throw new Error(`expected success, got: ${out.failure.message}`);
  return out;
}
async function failed(inputs: ParseInput[], more: Partial<ParseRequest> = {}): Promise<LoadFailure> {
  const out = await parseRequest(request(inputs, more), ctx().ctx);
  if (out.ok) throw new Error('expected a failure');
  return out.failure;
}

describe('parse worker: files', () => {
  it('pairs a projector vectors TSV with its metadata TSV, keeping duplicate and HTML-looking labels as text', async () => {
    const out = await ok([
      file('meta.tsv', 'word\tpos\ncat\tnoun\n<img src=x onerror=alert(1)>\tnoun\ncat\tverb\n'),
      file('vecs.tsv', '0.1\t0.2\n0.3\t0.4\n0.5\t0.6\n'),
    ]);
    expect([out.dataset.n, out.dataset.dim, out.format, out.files]).toEqual([3, 2, 'projector-tsv', ['vecs.tsv', 'meta.tsv']]);
    expect(out.dataset.labels).toEqual(['cat', '<img src=x onerror=alert(1)>', 'cat']);
    expect(out.dataset.columns.map((c) => c.name)).toEqual(['word', 'pos']);
  });

  it('opens the iris projector config from three picked files: 150 × 4, labelled by class', async () => {
    const out = await ok(['projector_config.json', 'iris_tensors.bytes', 'iris_labels.tsv'].map(irisFile));
    expect([out.dataset.n, out.dataset.dim, out.dataset.name]).toEqual([150, 4, 'Iris']);
    expect(new Set(out.dataset.labels)).toEqual(new Set(['Iris-setosa', 'Iris-versicolor', 'Iris-virginica']));
    expect(out.dataset.columns.find((c) => c.name === 'class')?.type).toBe('category');
  });

  it('reads word2vec text, .npy and gzip-compressed files, reporting progress in bytes and rows', async () => {
    const { progress, ctx: c } = ctx();
    const w2v = await parseRequest(request([file('v.txt', '2 3\nking 1 2 3\nqueen 1 2 4\n')]), c);
    expect(w2v.ok && [w2v.dataset.labels, w2v.dataset.metric, w2v.format]).toEqual([['king', 'queen'], 'cosine', 'word2vec-text']);
    const last = progress[progress.length - 1];
    expect([last.bytes, last.totalBytes, last.rows, last.file]).toEqual([27, 27, 2, 'v.txt']);
    const npy = await ok([file('a.npy', npyBytes([3, 2], '<f4', [1, 2, 3, 4, 5, 6]))]);
    expect([npy.dataset.n, npy.dataset.dim, npy.dataset.labels]).toEqual([3, 2, ['0', '1', '2']]);
    const gz = await ok([file('g.vec.gz', gzipSync(utf8('a 1 2\nb 3 4\n')))]);
    expect([gz.dataset.labels, gz.format]).toEqual([['a', 'b'], 'word2vec-text']);
  });

  it('a malformed file gives the file, line, column and every problem (up to 20)', async () => {
    const lines = ['0.1\t0.2', ...Array.from({ length: 30 }, (_, i) => `0.${i}\tx${i}`)];
    const f = await failed([file('bad.tsv', lines.join('\n'))]);
    expect(f.file).toBe('bad.tsv');
    expect(f.problems).toHaveLength(20);
    expect(f.problems[0]).toEqual({ line: 2, column: 2, message: 'not a number: "x0"' });
    expect(f.truncated).toBe(true);
    expect(f.format).toBe('projector-tsv');
  });

  it('NaN rows: an error that offers dropping them, or dropped and counted', async () => {
    const text = 'a 1 2\nb NaN 2\nc 3 Infinity\nd 4 5\n';
    const f = await failed([file('n.txt', text)]);
    expect([f.nonFinite, f.problems.map((p) => p.line)]).toEqual([true, [2, 3]]);
    const out = await ok([file('n.txt', text)], { nonFinite: 'drop' });
    expect([out.dataset.labels, out.droppedRows]).toEqual([['a', 'd'], 2]);
    expect(out.warnings.join()).toMatch(/dropped 2 rows/);
  });

  it('a metadata file with one row too many names both counts and the header hint', async () => {
    const f = await failed([file('v.tsv', '1\t2\n3\t4\n'), file('labels.tsv', 'label\na\nb\n')]);
    expect(f.file).toBe('labels.tsv');
    expect(f.message).toMatch(/metadata has 3 rows for 2 vectors — does it have a header row\?/);
  });

  it('the format can be overridden, and a wrong guess is explained', async () => {
    const out = await ok([file('odd.dat', 'x,y\n1,2\n3,4\n')], { format: 'csv' });
    expect([out.format, out.formatWhy, out.dataset.n]).toEqual(['csv', 'chosen by you', 2]);
    const f = await failed([file('blob.bin', new Uint8Array([0, 1, 2, 3, 0, 0, 7]))]);
    expect(f.message).toMatch(/unknown format/);
  });

  it('refuses a file too big for the memory budget before reading it', async () => {
    const f = await failed([file('big.npy', npyBytes([100, 4], '<f4', new Array(400).fill(1)))], { memoryBudget: 1000 });
    expect(f.message).toMatch(/too large to open here/);
  });

  it('two vectors files are refused with a clear reason', async () => {
    const f = await failed([file('a.npy', npyBytes([1, 2], '<f4', [1, 2])), file('b.npy', npyBytes([1, 2], '<f4', [1, 2]))]);
    expect(f.message).toMatch(/several files hold vectors/);
  });

  it('cancelling stops between chunks with CancelledError', async () => {
    const ac = new AbortController();
    const big = 'w ' + '0.5 '.repeat(100) + '\n';
    const input = file('big.txt', big.repeat(20000));
    const { ctx: c } = ctx(ac.signal);
    const p = parseRequest(request([input]), { ...c, progress: (pr) => (pr.bytes > 0 ? ac.abort() : undefined) });
    await expect(p).rejects.toBeInstanceOf(CancelledError);
  });

  it('the handler transfers the dataset buffers', async () => {
    const out = await parseHandlers.parse(request([file('v.tsv', '1\t2\n3\t4\n')]), ctx().ctx);
    expect(out).toBeInstanceOf(Transferred);
    const value = (out as Transferred<ParseOutcome>).value as ParseSuccess;
    expect((out as Transferred<ParseOutcome>).transfer).toEqual(datasetTransferables(value.dataset));
  });
});

describe('parse worker: URLs', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      const name = decodeURIComponent((req.url ?? '/').split('?')[0]).replace(/^\/+/, '');
      if (name === 'words.vec') return void res.end('a 1 2\nb 3 4\n');
      if (name === 'missing.vec') {
        res.statusCode = 404;
        return void res.end('no');
      }
      try {
        res.end(readFileSync(path.join(iris, path.basename(name))));
      } catch {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('?config= resolves the tensor and metadata paths relative to the config', async () => {
    const out = await ok([{ kind: 'url', url: `${base}iris/projector_config.json`, role: 'config' }]);
    expect([out.dataset.n, out.dataset.dim]).toEqual([150, 4]);
    expect(out.files).toEqual(['projector_config.json', 'iris_tensors.bytes', 'iris_labels.tsv']);
  });

  it('?data= and &metadata= stream a sniffed file and its labels', async () => {
    const out = await ok([
      { kind: 'url', url: `${base}iris/iris_labels.tsv`, role: 'metadata' },
      { kind: 'url', url: `${base}iris/iris_tensors.bytes`, role: 'data' },
    ]).catch((e: Error) => e);
    // A .bytes tensor has no shape without its config: a clear failure, not a crash.
    expect(out).toBeInstanceOf(Error);
    const words = await ok([{ kind: 'url', url: `${base}words.vec`, role: 'data' }]);
    expect(words.dataset.labels).toEqual(['a', 'b']);
  });

  it('an HTTP error names the URL and the status', async () => {
    const f = await failed([{ kind: 'url', url: `${base}missing.vec`, role: 'data' }]);
    expect(f.message).toBe(`${base}missing.vec: could not be downloaded: HTTP 404 Not Found`);
  });
});

describe('parse worker: Sprout files', () => {
  it('reads a .sprout file (the app’s own format) whole', async () => {
    const { encodeSproutBin } = await import('../compute/formats/sproutBin');
    const ds = { id: 'x', name: 'tiny', n: 2, dim: 2, vectors: Float32Array.from([1, 2, 3, 4]), labels: ['a', 'b'], columns: [], metric: 'cosine' as const };
    const out = await ok([file('tiny.sprout', encodeSproutBin(ds))]);
    expect([out.format, out.dataset.labels, Array.from(out.dataset.vectors)]).toEqual(['sprout', ['a', 'b'], [1, 2, 3, 4]]);
  });
});
