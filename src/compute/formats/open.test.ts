import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CancelledError } from '../task';
import { ParseError } from './errors';
import { openProjector, parseFile } from './open';
import { writeTestParquet } from './parquetTestWriter';
import { parseStream } from './stream';
import { projectorTsvParser } from './projectorTsv';
import { npyBytes, parseErrorOfAsync, utf8 } from './testing';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const iris = path.resolve(repoRoot, 'fixtures/projector-iris');
const blob = (b: Uint8Array | string): Blob => new Blob([(typeof b === 'string' ? utf8(b) : b) as Uint8Array<ArrayBuffer>]);

describe('parseFile', () => {
  it('sniffs and parses each kind of file from a Blob', async () => {
    expect((await parseFile('v.tsv', blob('1\t2\n3\t4\n'))).format).toBe('projector-tsv');
    expect((await parseFile('a.npy', blob(npyBytes([1, 2], '<f4', [1, 2])))).n).toBe(1);
    const pq = writeTestParquet({ vectors: { name: 'embedding', rows: [[1, 2], [3, 4]] } });
    const t = await parseFile('e.parquet', blob(pq));
    expect([t.format, t.n, t.dim]).toEqual(['parquet', 2, 2]);
  });

  it('lets the caller override the format', async () => {
    const t = await parseFile('odd.txt', blob('a,b\n1,2\n'), { format: 'csv' });
    expect(t.format).toBe('csv');
  });

  it('turns every failure into a ParseError naming the file', async () => {
    const e = await parseErrorOfAsync(() => parseFile('v.tsv', blob('1\t2\n3\n')));
    expect(e.message).toBe('v.tsv: line 2: expected 2 values, got 1');
    expect((await parseErrorOfAsync(() => parseFile('e.csv', blob('')))).message).toBe('e.csv: the file is empty');
  });
});

describe('parseStream', () => {
  it('stops between chunks when the signal aborts, with CancelledError', async () => {
    const ac = new AbortController();
    async function* chunks() {
      yield utf8('1\t2\n');
      ac.abort();
      yield utf8('3\t4\n');
    }
    await expect(parseStream(chunks(), projectorTsvParser(), { signal: ac.signal })).rejects.toBeInstanceOf(CancelledError);
  });

  it('reports progress in bytes and rows', async () => {
    const seen: { bytes: number; rows: number }[] = [];
    await parseStream([utf8('1\t2\n'), utf8('3\t4\n')], projectorTsvParser(), { onProgress: (p) => seen.push(p), progressMs: 0 });
    expect(seen[seen.length - 1]).toEqual({ bytes: 8, rows: 2 });
  });
});

describe('openProjector', () => {
  it('opens the iris fixture from its config: 150 × 4 with class labels and 5 metadata columns', async () => {
    const files: Record<string, Blob> = {};
    for (const f of ['iris_tensors.bytes', 'iris_labels.tsv']) files[f] = new Blob([readFileSync(path.join(iris, f))]);
    const t = await openProjector(readFileSync(path.join(iris, 'projector_config.json'), 'utf8'), (p) => files[p] ?? null);
    expect([t.n, t.dim, t.embedding.tensorName]).toEqual([150, 4, 'Iris']);
    expect(new Set(t.labels)).toEqual(new Set(['Iris-setosa', 'Iris-versicolor', 'Iris-virginica']));
    expect(t.columns).toHaveLength(5);
  });

  it('says which file named in the config is missing', async () => {
    const cfg = '{"embeddings": [{"tensorPath": "t.bytes", "tensorShape": [1, 1], "metadataPath": "m.tsv"}]}';
    const e = await parseErrorOfAsync(() => openProjector(cfg, (p) => (p === 't.bytes' ? blob(new Uint8Array(4)) : null)));
    expect(e.message).toMatch(/the metadata file "m\.tsv" was not found/);
  });

  it('random config text produces only ParseError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 80 }), async (s) => {
        try {
          await openProjector(s, () => null);
        } catch (e) {
          if (!(e instanceof ParseError)) throw e;
        }
      }),
    );
  });
});
