import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelledError } from '../task';
import { loadDataset, type SpriteDecoder } from './load';
import type { LoadFailure, LoadInput, LoadProgress, LoadRequest, LoadResult } from './loadTypes';
import { encodeSproutBin } from './sproutBin';
import { npyBytes, utf8 } from './testing';

const iris = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/projector-iris');
const file = (name: string, content: string | Uint8Array): LoadInput => ({
  kind: 'file',
  name,
  file: new File([(typeof content === 'string' ? utf8(content) : content) as Uint8Array<ArrayBuffer>], name),
});
const irisFile = (name: string): LoadInput => file(name, new Uint8Array(readFileSync(path.join(iris, name))));

function ctx(signal = new AbortController().signal) {
  const progress: LoadProgress[] = [];
  return { progress, ctx: { signal, onProgress: (p: LoadProgress) => progress.push(p) } };
}

const request = (inputs: LoadInput[], more: Partial<LoadRequest> = {}): LoadRequest => ({ inputs, nonFinite: 'error', memoryBudget: 2 ** 30, ...more });
type Success = Extract<LoadResult, { ok: true }>;

async function ok(inputs: LoadInput[], more: Partial<LoadRequest> = {}, deps = {}): Promise<Success> {
  const out = await loadDataset(request(inputs, more), '#1', ctx().ctx, deps);
  if (!out.ok) throw new Error(`expected success, got: ${out.failure.message}`);
  return out;
}
async function failed(inputs: LoadInput[], more: Partial<LoadRequest> = {}): Promise<LoadFailure> {
  const out = await loadDataset(request(inputs, more), '#1', ctx().ctx);
  if (out.ok) throw new Error('expected a failure');
  return out.failure;
}

describe('loadDataset: files', () => {
  it('pairs a projector vectors TSV with its metadata TSV, keeping duplicate and HTML-looking labels as text', async () => {
    const out = await ok([
      file('meta.tsv', 'word\tpos\ncat\tnoun\n<img src=x onerror=alert(1)>\tnoun\ncat\tverb\n'),
      file('vecs.tsv', '0.1\t0.2\n0.3\t0.4\n0.5\t0.6\n'),
    ]);
    expect([out.dataset.n, out.dataset.dim, out.format, out.files]).toEqual([3, 2, 'projector-tsv', ['vecs.tsv', 'meta.tsv']]);
    expect(out.dataset.labels).toEqual(['cat', '<img src=x onerror=alert(1)>', 'cat']);
    expect(out.dataset.columns.map((c) => c.name)).toEqual(['word', 'pos']);
  });

  it('opens the Iris projector config from three picked files: 150 × 4, labelled by class, with an id unique to the load', async () => {
    const out = await ok(['projector_config.json', 'iris_tensors.bytes', 'iris_labels.tsv'].map(irisFile));
    expect([out.dataset.n, out.dataset.dim, out.dataset.name]).toEqual([150, 4, 'Iris']);
    expect(new Set(out.dataset.labels)).toEqual(new Set(['Iris-setosa', 'Iris-versicolor', 'Iris-virginica']));
    expect(out.dataset.columns.find((c) => c.name === 'class')?.type).toBe('category');
    expect(out.format).toBe('projector-config');
    expect(out.files).toEqual(['projector_config.json', 'iris_tensors.bytes', 'iris_labels.tsv']);
    expect(out.dataset.id).toMatch(/^file:projector_config\.json:\d+\+iris_tensors\.bytes:\d+\+iris_labels\.tsv:\d+#1$/);
    // The first Iris row of the TensorFlow projector data (sepal/petal lengths, cm).
    expect(Array.from(out.dataset.vectors.subarray(0, 4)).map((v) => Math.round(v * 10) / 10)).toEqual([5.1, 3.5, 1.4, 0.2]);
  });

  it('a projector sprite goes through the injected decoder, one thumbnail per row', async () => {
    const config = JSON.stringify({
      embeddings: [{ tensorName: 'tiny', tensorShape: [2, 2], tensorPath: 'v.tsv', sprite: { imagePath: 'sprite.png', singleImageDim: [1, 1] } }],
    });
    let asked: [number, readonly [number, number]] | null = null;
    const decodeSprite: SpriteDecoder = async (_blob, rows, thumb) => {
      asked = [rows, thumb];
      return { images: { width: 1, height: 1, channels: 4, pixels: new Uint8Array(rows * 4).fill(9) }, warning: null };
    };
    const inputs = [file('projector_config.json', config), file('v.tsv', '1\t2\n3\t4\n'), file('sprite.png', new Uint8Array([1, 2, 3]))];
    const out = await ok(inputs, {}, { decodeSprite });
    expect(asked).toEqual([2, [1, 1]]);
    expect(out.dataset.images?.pixels).toHaveLength(8);
    // Where images cannot be decoded, the sprite is skipped with a warning, not a failure.
    const plain = await ok(inputs);
    expect(plain.dataset.images).toBeUndefined();
    expect(plain.warnings.join()).toMatch(/sprite sprite\.png: not shown \(this environment cannot decode images\)/);
  });

  it('reads word2vec text, .npy and gzip-compressed files, reporting progress in bytes and rows', async () => {
    const { progress, ctx: c } = ctx();
    const w2v = await loadDataset(request([file('v.txt', '2 3\nking 1 2 3\nqueen 1 2 4\n')]), '#1', c);
    expect(w2v.ok && [w2v.dataset.labels, w2v.dataset.metric, w2v.format]).toEqual([['king', 'queen'], 'cosine', 'word2vec-text']);
    const last = progress[progress.length - 1];
    expect([last.bytes, last.totalBytes, last.rows, last.file]).toEqual([27, 27, 2, 'v.txt']);
    const npy = await ok([file('a.npy', npyBytes([3, 2], '<f4', [1, 2, 3, 4, 5, 6]))]);
    expect([npy.dataset.n, npy.dataset.dim, npy.dataset.labels]).toEqual([3, 2, ['0', '1', '2']]);
    const gz = await ok([file('g.vec.gz', gzipSync(utf8('a 1 2\nb 3 4\n')))]);
    expect([gz.dataset.labels, gz.format]).toEqual([['a', 'b'], 'word2vec-text']);
  });

  it('the label column asked for reaches the parser, and the result says which columns could give labels', async () => {
    const csv = file('t.csv', 'word,tag,x,y\ncat,animal,1,0\nfig,fruit,0,1\n');
    const auto = await ok([csv]);
    expect(auto.dataset.labels).toEqual(['cat', 'fig']);
    expect(auto.labelChoice).toEqual({ columns: ['word', 'tag'], chosen: 'word' });
    const tag = await ok([file('t.csv', 'word,tag,x,y\ncat,animal,1,0\nfig,fruit,0,1\n')], { labelColumn: 'tag' });
    expect(tag.dataset.labels).toEqual(['animal', 'fruit']);
    expect(tag.labelChoice?.chosen).toBe('tag');
    expect((await ok([file('v.tsv', '0.1\t0.2\n0.3\t0.4\n')])).labelChoice).toBeUndefined();
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
    const p = loadDataset(request([input]), '#1', { signal: ac.signal, onProgress: (pr) => (pr.bytes > 0 ? ac.abort() : undefined) });
    await expect(p).rejects.toBeInstanceOf(CancelledError);
  });
});

describe('loadDataset: URLs', () => {
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

describe('loadDataset: Sprout files', () => {
  it('reads a .sprout file (the app’s own format) whole', async () => {
    const ds = { id: 'x', name: 'tiny', n: 2, dim: 2, vectors: Float32Array.from([1, 2, 3, 4]), labels: ['a', 'b'], columns: [], metric: 'cosine' as const };
    const out = await ok([file('tiny.sprout', encodeSproutBin(ds))]);
    expect([out.format, out.dataset.labels, Array.from(out.dataset.vectors)]).toEqual(['sprout', ['a', 'b'], [1, 2, 3, 4]]);
  });
});
