import { describe, expect, it } from 'vitest';
import { loadDataset } from './load';
import { findLayoutPairs, splitLayouts, MIN_WIDE_VECTOR_DIMS } from './layoutColumns';
import type { LoadInput, LoadRequest } from './loadTypes';
import { writeTestParquet } from './parquetTestWriter';
import type { ParsedTable } from './table';
import { npyBytes, utf8 } from './testing';

describe('findLayoutPairs', () => {
  it('finds x/y, name_x/name_y and numbered axes of layout methods', () => {
    expect(findLayoutPairs(['word', 'x', 'y', 'group'])).toEqual([{ name: 'x, y', x: 'x', y: 'y' }]);
    expect(findLayoutPairs(['UMAP_X', 'UMAP_Y', 'tsne-x', 'tsne-y', 'projection_x', 'projection_y']).map((p) => p.name)).toEqual(['umap', 'tsne', 'projection']);
    expect(findLayoutPairs(['umap_0', 'umap_1'])).toEqual([{ name: 'umap', x: 'umap_0', y: 'umap_1' }]);
    expect(findLayoutPairs(['tsne1', 'tsne2'])).toEqual([{ name: 'tsne', x: 'tsne1', y: 'tsne2' }]);
  });

  it('leaves 3D points, numbered features and words that end in x alone', () => {
    expect(findLayoutPairs(['x', 'y', 'z'])).toEqual([]);
    expect(findLayoutPairs(['umap_x', 'umap_y', 'umap_z'])).toEqual([]);
    expect(findLayoutPairs(['umap_0', 'umap_1', 'umap_2'])).toEqual([]);
    expect(findLayoutPairs(['feature_0', 'feature_1'])).toEqual([]);
    expect(findLayoutPairs(['max', 'may', 'index'])).toEqual([]);
  });
});

function table(over: Partial<ParsedTable>): ParsedTable {
  return { n: 3, dim: 0, vectors: new Float32Array(0), labels: null, columns: [], warnings: [], droppedRows: 0, droppedIndices: [], ...over };
}

describe('splitLayouts', () => {
  it('turns x/y dimensions into a layout, and a lone numeric column beside them into metadata: no vectors left', () => {
    const t = table({ dim: 3, vectorNames: ['x', 'y', 'score'], vectors: Float32Array.from([1, 2, 10, 3, 4, 20, 5, 6, 30]), columns: [{ name: 'group', cells: ['a', 'b', 'a'] }] });
    const out = splitLayouts(t, 'auto', 'f.csv');
    expect(out.layouts).toEqual([{ name: 'x, y', coords: Float32Array.from([1, 2, 3, 4, 5, 6]) }]);
    expect(out.table.dim).toBe(0);
    expect(out.table.vectors.length).toBe(0);
    expect(out.numberColumns).toEqual([{ name: 'score', type: 'number', values: Float64Array.from([10, 20, 30]) }]);
    expect(out.table.columns.map((c) => c.name)).toEqual(['group']);
    expect(out.warnings.join(' ')).toMatch(/no vectors beside the coordinates/);
  });

  it(`keeps ${MIN_WIDE_VECTOR_DIMS}+ other numeric columns as the vectors`, () => {
    const names = ['umap_x', ...Array.from({ length: MIN_WIDE_VECTOR_DIMS }, (_, d) => `d${d}`), 'umap_y'];
    const dim = names.length;
    const vectors = Float32Array.from({ length: 3 * dim }, (_, i) => i);
    const out = splitLayouts(table({ dim, vectorNames: names, vectors }), 'auto', 'f.csv');
    expect(out.table.dim).toBe(MIN_WIDE_VECTOR_DIMS);
    expect(out.table.vectorNames).toEqual(names.slice(1, -1));
    expect([...out.table.vectors.subarray(0, MIN_WIDE_VECTOR_DIMS)]).toEqual(Array.from({ length: MIN_WIDE_VECTOR_DIMS }, (_, d) => d + 1));
    expect([...out.layouts[0].coords]).toEqual([0, dim - 1, dim, 2 * dim - 1, 2 * dim, 3 * dim - 1]);
  });

  it('reads a pair from metadata columns beside a packed vector, and keeps the vector', () => {
    const t = table({ dim: 2, vectors: Float32Array.from([9, 9, 8, 8, 7, 7]), columns: [{ name: 'umap_x', cells: ['1', '2', '3'] }, { name: 'umap_y', cells: ['-1', '-2', '-3'] }, { name: 'w', cells: ['a', 'b', 'c'] }] });
    const out = splitLayouts(t, 'auto', 'f.parquet');
    expect(out.table.dim).toBe(2);
    expect(out.table.vectors).toBe(t.vectors);
    expect([...out.layouts[0].coords]).toEqual([1, -1, 2, -2, 3, -3]);
    expect(out.table.columns.map((c) => c.name)).toEqual(['w']);
  });

  it('takes the columns the user names, refuses unknown ones and non-numbers, and finds nothing when told so', () => {
    const t = table({ dim: 2, vectorNames: ['a', 'b'], vectors: Float32Array.from([1, 2, 3, 4, 5, 6]), columns: [{ name: 'c', cells: ['1', 'x', '3'] }] });
    expect(splitLayouts(t, [['b', 'a']], 'f.csv').layouts[0].coords).toEqual(Float32Array.from([2, 1, 4, 3, 6, 5]));
    expect(() => splitLayouts(t, [['a', 'nope']], 'f.csv')).toThrow(/no column named "nope"/);
    expect(() => splitLayouts(t, [['a', 'c']], 'f.csv')).toThrow(/row 2 has "x"/);
    const xy = table({ dim: 2, vectorNames: ['x', 'y'], vectors: Float32Array.from([1, 2, 3, 4, 5, 6]) });
    expect(splitLayouts(xy, 'none', 'f.csv').layouts).toEqual([]);
  });
});

describe('loading files of precomputed coordinates', () => {
  const file = (name: string, content: string | Uint8Array): LoadInput => ({ kind: 'file', name, file: new File([(typeof content === 'string' ? utf8(content) : content) as Uint8Array<ArrayBuffer>], name) });
  const request = (inputs: LoadInput[], more: Partial<LoadRequest> = {}): LoadRequest => ({ inputs, nonFinite: 'error', memoryBudget: 2 ** 30, ...more });
  const load = async (inputs: LoadInput[], more: Partial<LoadRequest> = {}) => {
    const out = await loadDataset(request(inputs, more), '#1', { signal: new AbortController().signal, onProgress: () => undefined });
    if (!out.ok) throw new Error(out.failure.message);
    return out;
  };

  it('opens a Parquet table of x, y and a category as a layout without vectors, coloured by the category', async () => {
    const n = 2500; // three row groups
    const x = Float32Array.from({ length: n }, (_, i) => Math.cos(i));
    const y = Float32Array.from({ length: n }, (_, i) => Math.sin(i));
    const bytes = writeTestParquet({ floats: [{ name: 'x', rows: x }, { name: 'y', rows: y }], strings: [{ name: 'category', rows: Array.from({ length: n }, (_, i) => `c${i % 7}`) }] });
    const out = await load([file('points.parquet', bytes)]);
    const ds = out.dataset;
    expect([ds.n, ds.dim, ds.vectors.length]).toEqual([n, 0, 0]);
    expect(ds.layouts?.map((l) => l.name)).toEqual(['x, y']);
    expect(ds.layouts![0].coords.subarray(0, 4)).toEqual(Float32Array.from([x[0], y[0], x[1], y[1]]));
    expect(ds.columns.find((c) => c.name === 'category')?.type).toBe('category');
    expect(out.warnings.join('\n')).toMatch(/a layout read from "x" and "y"/);
  });

  it('opens a CSV with vectors and two layouts: the vectors stay, both layouts come along', async () => {
    const dims = Array.from({ length: 8 }, (_, d) => `f${d}`);
    const rows = Array.from({ length: 4 }, (_, i) => [`w${i}`, ...dims.map((_, d) => i + d / 10), i, -i, 2 * i, 3 * i].join(','));
    const out = await load([file('emb.csv', [['word', ...dims, 'umap_x', 'umap_y', 'tsne_x', 'tsne_y'].join(','), ...rows].join('\n'))]);
    expect([out.dataset.n, out.dataset.dim]).toEqual([4, 8]);
    expect(out.dataset.layouts?.map((l) => l.name)).toEqual(['umap', 'tsne']);
    expect([...out.dataset.layouts![1].coords]).toEqual([0, 0, 2, 3, 4, 6, 6, 9]);
    expect(out.dataset.labels).toEqual(['w0', 'w1', 'w2', 'w3']);
  });

  it('opens an n × 2 .npy on its coordinates as a layout named after the file (keeping them as vectors), unless told to find no layouts', async () => {
    const npy = npyBytes([3, 2], '<f4', [1, 2, 3, 4, 5, 6]);
    const out = await load([file('umap.npy', npy)]);
    expect([out.dataset.dim, out.dataset.layouts?.[0].name]).toEqual([2, 'umap']);
    expect([...out.dataset.layouts![0].coords]).toEqual([1, 2, 3, 4, 5, 6]);
    const plain = await load([file('umap.npy', npy)], { layoutColumns: 'none' });
    expect([plain.dataset.dim, plain.dataset.layouts]).toEqual([2, undefined]);
  });
});
