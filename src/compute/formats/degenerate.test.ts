import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inspectTable } from './degenerate';
import { ParseError } from './errors';
import { loadDataset } from './load';
import type { LoadInput, LoadResult } from './loadTypes';
import type { ParsedTable } from './table';

const table = (rows: number[][], labels: string[] | null = null): ParsedTable => ({
  n: rows.length,
  dim: rows[0]?.length ?? 0,
  vectors: Float32Array.from(rows.flat()),
  labels,
  columns: [],
  warnings: [],
  droppedRows: 0,
  droppedIndices: [],
});

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
  } catch (e) {
    if (e instanceof ParseError) return e.code;
    throw e;
  }
  return 'no error';
}

const demo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/projector-demo/oss_data');
const file = (name: string, text: string | Uint8Array): LoadInput => ({ kind: 'file', name, file: new File([text as BlobPart], name) });

async function load(inputs: LoadInput[]): Promise<LoadResult> {
  return loadDataset({ inputs, nonFinite: 'error', memoryBudget: 2 ** 30 }, '#d', { signal: new AbortController().signal, onProgress: () => undefined });
}

describe('inspectTable refuses data that cannot make a map', () => {
  it('a single row', () => {
    expect(codeOf(() => inspectTable(table([[1, 2, 3]]), 'f', 'projector-tsv', 'euclidean'))).toBe('oneRow');
  });

  it('one dimension, or a header table of labels and one number column (a metadata file)', () => {
    expect(codeOf(() => inspectTable(table([[1], [2], [3]]), 'f', 'projector-tsv', 'euclidean'))).toBe('oneDimension');
    expect(codeOf(() => inspectTable(table([[1], [2]], ['a', 'b']), 'f', 'csv', 'euclidean'))).toBe('metadataOnly');
  });

  it('every row the same point (an all-zero table too)', () => {
    expect(codeOf(() => inspectTable(table([[0, 0], [0, 0], [0, 0]]), 'f', 'npy', 'cosine'))).toBe('allRowsEqual');
    expect(codeOf(() => inspectTable(table([[1, 2], [1, 2]]), 'f', 'npy', 'euclidean'))).toBe('allRowsEqual');
  });
});

describe('inspectTable notes what carries nothing', () => {
  it('names the constant dimensions', () => {
    const notes = inspectTable(table([[1, 5, 0], [2, 5, 0], [3, 5, 0]]), 'f', 'npy', 'euclidean');
    expect(notes).toEqual([expect.objectContaining({ code: 'constantColumns', params: { count: 2, dim: 3 } })]);
    expect(notes[0].text).toBe('2 dimensions of 3 are the same in every row and carry no information');
  });

  it('counts all-zero rows under cosine, whose similarity is undefined, and not under euclidean', () => {
    const rows = [[1, 0], [0, 1], [0, 0], [0, 0], [1, 1]];
    expect(inspectTable(table(rows), 'f', 'word2vec-text', 'cosine')).toEqual([expect.objectContaining({ code: 'zeroRows', params: { count: 2 } })]);
    expect(inspectTable(table(rows), 'f', 'npy', 'euclidean')).toEqual([]);
  });
});

describe('loading degenerate files', () => {
  it('refuses a one-row file, saying a map needs two points', async () => {
    const out = await load([file('one.tsv', '0.1\t0.2\t0.3\n')]);
    expect(out.ok).toBe(false);
    if (!out.ok) expect([out.failure.code, out.failure.message]).toEqual(['oneRow', 'one.tsv: holds a single row: a map needs at least two points']);
  });

  it('refuses the TensorBoard demo labels file (word, count) as a metadata file, not as 1-d data', async () => {
    const out = await load([file('word2vec_8_3d_labels.tsv', readFileSync(path.join(demo, 'word2vec_8_3d_labels.tsv')))]);
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(out.failure.code).toBe('metadataOnly');
      expect(out.failure.message).toMatch(/looks like a metadata file.*load it together with its vectors/);
    }
  });

  it('refuses a list of single numbers as one-dimensional', async () => {
    const out = await load([file('ones.txt', '0.5\n0.25\n0.75\n')]);
    expect(!out.ok && out.failure.code).toBe('oneDimension');
  });

  it('loads word vectors with zero rows and says how many', async () => {
    const out = await load([file('w.vec', '3 2\nking 0.1 0.2\nnull 0 0\nqueen 0.2 0.1\n')]);
    expect(out.ok && out.notes.map((n) => n.code)).toEqual(['zeroRows']);
  });
});
