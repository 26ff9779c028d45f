import { describe, expect, it } from 'vitest';
import { validateDataset } from '../dataset';
import { projectorMetadataTsv, projectorVectorsTsv, safeLabel, tableDataset, word2vecText } from './export';

const table = {
  words: ['<unk>', '高兴', 'happy', 'a\tb'],
  counts: [3, 10, 8, 1],
  vectors: new Float32Array([9, 9, 0.5, -0.25, 1, 2, 1 / 3, 0]),
  dim: 2,
  groups: [{ name: 'joy', words: ['高兴', 'happy'] }],
};

describe('table export', () => {
  it('projector vectors.tsv has one tab-separated row per word, <unk> left out', () => {
    const text = projectorVectorsTsv(table).join('');
    expect(text).toBe('0.5\t-0.25\n1\t2\n0.333333\t0\n');
  });

  it('projector metadata.tsv has a header and word/count/group per row, tabs in labels replaced', () => {
    const lines = projectorMetadataTsv(table).join('').split('\n').slice(0, -1);
    expect(lines).toEqual(['word\tcount\tgroup', '高兴\t10\tjoy', 'happy\t8\tjoy', 'a_b\t1\t']);
    expect(safeLabel('x\ny')).toBe('x_y');
  });

  it('word2vec text starts with "V D" and has a word and D numbers per line', () => {
    const lines = word2vecText(table).join('').trimEnd().split('\n');
    expect(lines[0]).toBe('3 2');
    expect(lines[1]).toBe('高兴 0.5 -0.25');
    expect(lines[3]).toBe('a_b 0.333333 0');
  });

  it('tableDataset is a valid cosine Dataset with a group column and no <unk>', () => {
    const ds = tableDataset(table, 'lab:1', 'Lab table');
    validateDataset(ds);
    expect(ds.n).toBe(3);
    expect(ds.labels).toEqual(['高兴', 'happy', 'a\tb']);
    expect(ds.metric).toBe('cosine');
    expect(Array.from(ds.vectors)).toEqual([0.5, -0.25, 1, 2, 1 / 3, 0].map(Math.fround));
    const g = ds.columns.find((c) => c.name === 'group');
    expect(g?.type).toBe('category');
    // The dataset owns its vectors: changing the table later does not change it.
    table.vectors[2] = 42;
    expect(ds.vectors[0]).toBe(0.5);
  });
});
