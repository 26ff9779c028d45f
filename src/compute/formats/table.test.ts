import { describe, expect, it } from 'vitest';
import { FloatBuilder, pickLabelColumn, toDataset, type ParsedTable } from './table';

describe('FloatBuilder', () => {
  it('grows in blocks of whole rows and joins them into one exact array', () => {
    const b = new FloatBuilder(3, undefined, 7); // two rows per block
    for (let i = 0; i < 5; i++) b.appendRow(new Float32Array([i, i + 0.5, -i]));
    const v = b.finish();
    expect(v.length).toBe(15);
    expect(Array.from(v.subarray(12))).toEqual([4, 4.5, -4]);
  });

  it('hands over a preallocated block without copying when it is exactly full', () => {
    const b = new FloatBuilder(2, 2);
    b.appendRow(new Float32Array([1, 2]));
    b.appendRow(new Float32Array([3, 4]));
    const v = b.finish();
    expect(v.buffer.byteLength).toBe(16);
  });
});

describe('toDataset', () => {
  const table: ParsedTable = {
    n: 2, dim: 1, vectors: new Float32Array([1, 2]), labels: null,
    columns: [{ name: 'year', cells: ['1999', ''] }, { name: 'kind', cells: ['a', 'b'] }],
    warnings: [], droppedRows: 0, droppedIndices: [],
  };

  it('uses row numbers as labels when the file has none, and types columns with inferColumn', () => {
    const ds = toDataset(table, 'file:x', 'x');
    expect(ds.labels).toEqual(['0', '1']);
    expect(ds.metric).toBe('cosine');
    expect(ds.columns.map((c) => c.type)).toEqual(['category', 'category']);
  });

  it('refuses a table whose parts disagree', () => {
    expect(() => toDataset({ ...table, n: 3 }, 'x', 'x')).toThrow(/expected 3 × 1 = 3 values, got 2/);
  });
});

describe('pickLabelColumn', () => {
  it('prefers a label-like name, then the first non-numeric column', () => {
    expect(pickLabelColumn([{ name: 'x', cells: ['1'] }, { name: 'Word', cells: ['a'] }])).toBe(1);
    expect(pickLabelColumn([{ name: 'x', cells: ['1'] }, { name: 'class', cells: ['a'] }])).toBe(1);
    expect(pickLabelColumn([])).toBe(-1);
  });
});
