import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvParser, type CsvOptions } from './csv';
import { parseBytes } from './stream';
import { cutsArb, runOneByteChunks, onlyParseErrors, parseErrorOf, runCut, summary, utf16, utf8 } from './testing';

const parse = (s: string, opts: CsvOptions = {}) => parseBytes(utf8(s), csvParser({ fileName: 'emb.csv', ...opts }));

describe('CSV/TSV with a header', () => {
  it('makes numeric columns the vector and the others metadata, labels from a text column', () => {
    const t = parse('word,x,y,pos\ncat,1,2,noun\n"run, fast",3,4,verb\n');
    expect([t.n, t.dim]).toEqual([2, 2]);
    expect(Array.from(t.vectors)).toEqual([1, 2, 3, 4]);
    expect(t.columns).toEqual([
      { name: 'word', cells: ['cat', 'run, fast'] },
      { name: 'pos', cells: ['noun', 'verb'] },
    ]);
    expect(t.labels).toEqual(['cat', 'run, fast']);
    expect(t.labelChoice).toEqual({ columns: ['word', 'pos'], chosen: 'word' });
    const pos = parse('word,x,y,pos\ncat,1,2,noun\n"run, fast",3,4,verb\n', { labelColumn: 'pos' });
    expect([pos.labels, pos.labelChoice?.chosen]).toEqual([['noun', 'verb'], 'pos']);
  });

  it('keeps a numeric id column as metadata, with a warning', () => {
    const t = parse('id,a,b\n0,1,2\n1,3,4\n');
    expect(t.dim).toBe(2);
    expect(t.columns[0]).toEqual({ name: 'id', cells: ['0', '1'] });
    expect(t.warnings[0]).toMatch(/"id" looks like a row id/);
  });

  it('uses the columns the caller picks, in the caller\'s order', () => {
    const t = parse('a,b,c\n1,2,3\n4,5,6\n', { vectorColumns: ['c', 'a'] });
    expect(Array.from(t.vectors)).toEqual([3, 1, 6, 4]);
    expect(t.columns.map((c) => c.name)).toEqual(['b']);
    expect(parseErrorOf(() => parse('a,b\n1,2\n', { vectorColumns: ['z'] })).message).toMatch(/no column named "z".*"a", "b"/);
  });

  it('reads a vector held in one column as a JSON array or space-separated numbers', () => {
    const j = parse('text,embedding\nhello,"[0.5, -1, 2e-1]"\nbye,"[1,2,3]"\n');
    expect([j.n, j.dim, Array.from(j.vectors)]).toEqual([2, 3, [0.5, -1, 0.2, 1, 2, 3].map(Math.fround)]);
    expect(j.labels).toEqual(['hello', 'bye']);
    const s = parse('label\tvec\na\t1 2\nb\t3 4\n');
    expect(Array.from(s.vectors)).toEqual([1, 2, 3, 4]);
  });

  it('reads TSV, semicolons, a BOM, CRLF and UTF-16', () => {
    expect(parse('a\tb\r\n1\t2\r\n').dim).toBe(2);
    const semi = parse('\ufeffa;b\n1,5;2\n', { delimiter: ';' });
    expect([Array.from(semi.vectors), semi.columns]).toEqual([[2], [{ name: 'a', cells: ['1,5'] }]]);
  });

  it('reads UTF-16 with a byte-order mark', () => {
    const t = parseBytes(utf16('name,x\r\nÅsa,1\r\n'), csvParser());
    expect(t.labels).toEqual(['Åsa']);
  });

  it('reads a file without a header, naming columns by number', () => {
    const t = parse('cat,1,2\ndog,3,4\n');
    expect(t.n).toBe(2);
    expect(t.labels).toEqual(['cat', 'dog']);
    expect(t.columns[0].name).toBe('column 1');
  });

  it('lists ragged rows, non-numbers and empty cells with line and column', () => {
    const e = parseErrorOf(() => parse('a,b\n1,2\n3\n4,x\n5,\n' + '6,7\n'.repeat(8)));
    expect(e.problems).toEqual([
      { line: 3, message: 'expected 2 fields, got 1' },
      { line: 4, column: 2, message: 'column "b": not a number: "x"' },
      { line: 5, column: 2, message: 'column "b" is empty' },
    ]);
    expect(e.message.split('\n')[0]).toBe('emb.csv: 3 problems');
  });

  it('counts NaN rows as errors, or drops them with a warning', () => {
    expect(parseErrorOf(() => parse('w,a\nx,1\ny,NaN\n')).problems[0]).toMatchObject({ line: 3 });
    const t = parse('w,a\nx,1\ny,NaN\nz,2\n', { nonFinite: 'drop' });
    expect(t.labels).toEqual(['x', 'z']);
    expect(t.columns[0].cells).toEqual(['x', 'z']);
    expect(t.warnings.join()).toMatch(/dropped 1 row.*line 3/);
  });

  it('says when there are no numeric columns or only a header', () => {
    expect(parseErrorOf(() => parse('a,b\nx,y\n')).message).toMatch(/no numeric columns found.*"a", "b"/);
    expect(parseErrorOf(() => parse('a,b\n')).message).toMatch(/only a header row/);
    expect(parseErrorOf(() => parse('')).message).toBe('emb.csv: the file is empty');
  });

  it('reports a quoted field that is never closed', () => {
    expect(parseErrorOf(() => parse('a,b\n"x,1\n')).message).toMatch(/never closed/);
  });

  it('gives the same table whatever chunk sizes the stream is cut into', () => {
    const bytes = utf8('wörd,x,y\r\n"a, ""b""",1,2\r\n漢字,3,4\r\n"😀\r\nz",5,6\r\n');
    const want = summary(parseBytes(bytes, csvParser()));
    fc.assert(
      fc.property(cutsArb(bytes.length), (cuts) => {
        expect(summary(runCut(bytes, cuts, csvParser()))).toEqual(want);
      }),
      { numRuns: 50 },
    );
    expect(summary(runOneByteChunks(bytes, csvParser()))).toEqual(want);
  });

  it('random bytes and random CSV-ish text produce only ParseError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => onlyParseErrors(() => parseBytes(b, csvParser()))));
    const unit = fc.constantFrom('a', '1', '2.5', ',', '"', '\n', '\r', ' ', '[', ']', 'nan', '\t');
    fc.assert(fc.property(fc.string({ unit, maxLength: 80 }), (s) => onlyParseErrors(() => parse(s))));
  });
});
