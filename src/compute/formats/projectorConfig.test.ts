import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { joinMetadata, metadataTsvParser } from './metadata';
import { parseProjectorConfig, tensorBytesParser } from './projectorConfig';
import { parseBytes } from './stream';
import { toDataset } from './table';
import { cutsArb, onlyParseErrors, parseErrorOf, runCut, seededVectors, utf8 } from './testing';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const iris = path.resolve(repoRoot, 'fixtures/projector-iris');

describe('parseProjectorConfig', () => {
  it('reads the tensor path, shape and metadata path of the iris fixture', () => {
    const cfg = parseProjectorConfig(readFileSync(path.join(iris, 'projector_config.json'), 'utf8'));
    expect(cfg.embeddings).toEqual([
      { tensorName: 'Iris', tensorShape: [150, 4], tensorPath: 'iris_tensors.bytes', tensorFormat: 'bytes', metadataPath: 'iris_labels.tsv', sprite: null, bookmarksPath: null },
    ]);
    expect(cfg.warnings).toEqual([]);
  });

  it('keeps a sprite and warns that bookmarks are ignored', () => {
    const cfg = parseProjectorConfig({
      embeddings: [{ tensorPath: 'v.tsv', sprite: { imagePath: 's.png', singleImageDim: [28, 28] }, bookmarksPath: 'b.txt' }],
    });
    expect(cfg.embeddings[0].tensorFormat).toBe('tsv');
    expect(cfg.embeddings[0].sprite).toEqual({ imagePath: 's.png', singleImageDim: [28, 28] });
    expect(cfg.warnings[0]).toMatch(/bookmarks \(b\.txt\) are not supported yet/);
  });

  it('lists every invalid field by name', () => {
    const e = parseErrorOf(() =>
      parseProjectorConfig({ embeddings: [{ tensorPath: 'a.bytes' }, { tensorPath: 'b.bytes', tensorShape: [10, -1] }, { tensorShape: [1, 1] }] }),
    );
    expect(e.problems.map((p) => p.message)).toEqual([
      'embeddings[0].tensorShape is required for a binary tensor (a.bytes)',
      'embeddings[1].tensorShape must be [rows, dims] of positive integers, got [10,-1]',
      'embeddings[2].tensorPath must be a file path or URL',
    ]);
  });

  it('says when the JSON itself is broken or has no embeddings', () => {
    expect(parseErrorOf(() => parseProjectorConfig('{', 'cfg.json')).message).toMatch(/^cfg\.json: not valid JSON/);
    expect(parseErrorOf(() => parseProjectorConfig('{"embeddings": []}')).message).toMatch(/non-empty list/);
  });
});

describe('tensor .bytes', () => {
  it('reads the iris fixture as 150 × 4 float32 and joins its metadata (label = class)', () => {
    const bytes = readFileSync(path.join(iris, 'iris_tensors.bytes'));
    const t = parseBytes(new Uint8Array(bytes), tensorBytesParser([150, 4], { fileName: 'iris_tensors.bytes' }), 1000);
    expect(t.n).toBe(150);
    expect(t.vectors[0]).toBeCloseTo(5.1, 5);
    const meta = parseBytes(new Uint8Array(readFileSync(path.join(iris, 'iris_labels.tsv'))), metadataTsvParser({ fileName: 'iris_labels.tsv' }));
    expect(meta.hasHeader).toBe(true);
    const joined = joinMetadata(t, meta, 'iris_labels.tsv');
    expect(joined.labels?.[0]).toBe('Iris-setosa');
    expect(joined.columns.map((c) => c.name)).toEqual(['sepal-length', 'sepal-width', 'petal-length', 'petal-width', 'class']);
    const ds = toDataset(joined, 'file:iris', 'Iris', 'euclidean');
    const cls = ds.columns.find((c) => c.name === 'class');
    expect(cls?.type === 'category' && cls.categories).toEqual(['Iris-setosa', 'Iris-versicolor', 'Iris-virginica']);
  });

  it('streams the same values however the bytes are cut (floats split across chunks)', () => {
    const v = seededVectors(7, 3, 5);
    const bytes = new Uint8Array(v.buffer.slice(0));
    fc.assert(
      fc.property(cutsArb(bytes.length), (cuts) => {
        expect(Array.from(runCut(bytes, cuts, tensorBytesParser([7, 3])).vectors)).toEqual(Array.from(v));
      }),
    );
  });

  it('says how many bytes were expected and got, and suggests the shape may be wrong', () => {
    const e = parseErrorOf(() => parseBytes(new Uint8Array(4 * 4 * 3), tensorBytesParser([5, 4], { fileName: 't.bytes' })));
    expect(e.message).toBe('t.bytes: expected 5 × 4 float32 values = 80 bytes (from tensorShape), got 48 bytes — that is 3 rows; is tensorShape right?');
  });

  it('refuses before allocating when the shape exceeds the memory budget', () => {
    const e = parseErrorOf(() => tensorBytesParser([1_000_000, 1000], { fileName: 'big.bytes', memoryBudget: 2 ** 30 }));
    expect(e.message).toMatch(/^big\.bytes: too large to open here: about 1,000,000 rows × 1000 dims would need 3\.7 GB/);
  });

  it('random bytes with a small shape produce only ParseError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (b) => onlyParseErrors(() => parseBytes(b, tensorBytesParser([2, 3])))));
  });
});

describe('metadata TSV', () => {
  const meta = (s: string) => parseBytes(utf8(s), metadataTsvParser({ fileName: 'meta.tsv' }));
  const vecs = (n: number) => ({ n, dim: 1, vectors: new Float32Array(n), labels: null, columns: [], warnings: [], droppedRows: 0, droppedIndices: [] });

  it('reads a one-column file without a header and a several-column file with one; empty cells are missing', () => {
    expect(meta('a\nb\n')).toMatchObject({ rows: 2, hasHeader: false, columns: [{ name: 'label', cells: ['a', 'b'] }] });
    expect(meta('word\tcount\nx\t\ny\t3\n')).toMatchObject({ rows: 2, hasHeader: true, columns: [{ name: 'word', cells: ['x', 'y'] }, { name: 'count', cells: ['', '3'] }] });
  });

  it('spots the header-row off-by-one: "metadata has 3 rows for 2 vectors — does it have a header row?"', () => {
    const e = parseErrorOf(() => joinMetadata(vecs(2), meta('label\na\nb\n'), 'meta.tsv'));
    expect(e.message).toMatch(/^meta\.tsv: metadata has 3 rows for 2 vectors — does it have a header row\?/);
  });

  it('names both counts when they differ otherwise', () => {
    expect(parseErrorOf(() => joinMetadata(vecs(5), meta('a\nb\n'))).message).toMatch(/metadata has 2 rows for 5 vectors$/);
  });

  it('drops the metadata rows of vectors dropped for NaN/Infinity', () => {
    const t = { ...vecs(2), droppedRows: 1, droppedIndices: [1] };
    expect(joinMetadata(t, meta('a\nb\nc\n')).labels).toEqual(['a', 'c']);
  });
});
