import { describe, expect, it } from 'vitest';
import type { Column } from '../dataset';
import { CHUNK_ROWS, tableChunks, type Provenance, type TableSource } from './tables';

const provenance: Provenance = {
  dataset: 'Tiny, with a comma',
  method: 'UMAP',
  parameters: '15 neighbours · seed 7',
  seed: 7,
  rows: 'all 4 rows',
  sproutVersion: '0.1.0',
  exportedAt: '2024-01-01T00:00:00.000Z',
};

const columns: Column[] = [
  { name: 'kind', type: 'category', codes: new Uint32Array([0, 1, 0, 0xffffffff]), categories: ['royal', '=evil()'] },
  { name: 'freq', type: 'number', values: Float64Array.from([1.5, -2, NaN, 4]) },
];

const source = (over: Partial<TableSource> = {}): TableSource => ({
  n: 4,
  labels: ['king', '=HYPERLINK("x")', 'a,b', '-lrb-'],
  columns,
  rows: null,
  coords: Float32Array.from([0.1, -0.2, 1, 2, NaN, NaN, 3.5, -4.25]),
  provenance,
  ...over,
});

const text = (src: TableSource, format: 'csv' | 'tsv' | 'json') => [...tableChunks(src, format)].join('');

/** A small RFC 4180 reader, for checking what we wrote. */
function parseCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i];
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  return rows;
}

describe('layout and selection tables', () => {
  it('CSV starts with the provenance, then row, label, metadata, x, y; coordinates read back exactly', () => {
    const rows = parseCsv(text(source(), 'csv'));
    expect(rows.slice(0, 7).map((r) => r[0])).toEqual([
      '# dataset: Tiny, with a comma',
      '# method: UMAP',
      '# parameters: 15 neighbours · seed 7',
      '# seed: 7',
      '# rows: all 4 rows',
      '# sproutVersion: 0.1.0',
      '# exportedAt: 2024-01-01T00:00:00.000Z',
    ]);
    expect(rows[7]).toEqual(['row', 'label', 'kind', 'freq', 'x', 'y']);
    const coords = source().coords as Float32Array;
    const body = rows.slice(8);
    expect(body).toHaveLength(4);
    body.forEach((r, i) => {
      expect(Number(r[0])).toBe(i);
      if (i !== 2) expect([Math.fround(Number(r[4])), Math.fround(Number(r[5]))]).toEqual([coords[2 * i], coords[2 * i + 1]]);
    });
    expect(body[2].slice(4)).toEqual(['', '']);
  });

  it('neutralises formula cells in text columns but keeps negative numbers numeric', () => {
    const body = parseCsv(text(source(), 'csv')).slice(8);
    expect(body[1][1]).toBe(`'=HYPERLINK("x")`);
    expect(body[1][2]).toBe(`'=evil()`);
    expect(body[3][1]).toBe(`'-lrb-`);
    expect(body[1][3]).toBe('-2');
    expect(body[2][1]).toBe('a,b');
    expect(body[3][2]).toBe('');
  });

  it('writes only the chosen rows, in their order, without coordinates when none are given', () => {
    const rows = parseCsv(text(source({ rows: Uint32Array.from([3, 0]), coords: null, provenance: null }), 'csv'));
    expect(rows).toEqual([
      ['row', 'label', 'kind', 'freq'],
      ['3', "'-lrb-", '', '4'],
      ['0', 'king', 'royal', '1.5'],
    ]);
  });

  it('TSV has one line per row and no tab inside a cell', () => {
    const lines = text(source({ labels: ['a\tb', 'c', 'd', 'e'], provenance: null }), 'tsv').trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[1].split('\t')).toEqual(['0', 'a b', 'royal', '1.5', '0.1', '-0.2']);
  });

  it('JSON holds the provenance, typed columns and every row with metadata apart from its own fields', () => {
    const doc = JSON.parse(text(source(), 'json'));
    expect(doc.sprout).toEqual(provenance);
    expect(doc.columns).toEqual([{ name: 'kind', type: 'category' }, { name: 'freq', type: 'number' }]);
    expect(doc.rows[1]).toEqual({ row: 1, label: '=HYPERLINK("x")', metadata: { kind: '=evil()', freq: -2 }, x: 1, y: 2 });
    expect(doc.rows[2]).toMatchObject({ x: null, y: null, metadata: { freq: null } });
    expect(doc.rows[3].metadata.kind).toBeNull();
  });

  it('comes in chunks of a few thousand rows, so a worker can yield between them', () => {
    const n = CHUNK_ROWS * 2 + 5;
    const big: TableSource = { n, labels: Array.from({ length: n }, (_, i) => `w${i}`), columns: [], rows: null, coords: new Float32Array(2 * n), provenance: null };
    expect([...tableChunks(big, 'csv')].length).toBe(3);
    expect(JSON.parse([...tableChunks(big, 'json')].join('')).rows).toHaveLength(n);
  });
});
