import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellText, CsvTokenizer, guessDelimiter, type Delimiter } from './delimited';
import { splitAt } from './stream';
import { cutsArb, utf16, utf8 } from './testing';

function tokenize(chunks: Uint8Array[], delimiter?: Delimiter): { cells: string[]; line: number }[] {
  const out: { cells: string[]; line: number }[] = [];
  const t = new CsvTokenizer((r) => out.push({ cells: Array.from({ length: r.count }, (_, k) => cellText(r, k)), line: r.line }), delimiter);
  for (const c of chunks) t.push(c);
  t.finish();
  return out;
}

/** A reference CSV writer: quote when needed, double the quotes. */
function writeCsv(rows: string[][], eol: string): string {
  return rows.map((r) => r.map((c) => (/[",\r\n]/.test(c) || c === '' ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join(eol) + eol;
}

describe('CsvTokenizer', () => {
  it('splits fields, unquotes, unescapes "" and keeps line breaks inside quotes', () => {
    const rows = tokenize([utf8('a,"b ""q"", c",d\r\n"multi\nline",2,\n')]);
    expect(rows).toEqual([
      { cells: ['a', 'b "q", c', 'd'], line: 1 },
      { cells: ['multi\nline', '2', ''], line: 2 },
    ]);
  });

  it('counts lines inside quoted fields so later rows keep their real line numbers', () => {
    const rows = tokenize([utf8('"x\n\ny",1\nz,2\n')]);
    expect(rows.map((r) => r.line)).toEqual([1, 4]);
  });

  it('guesses the delimiter from the first line', () => {
    expect(guessDelimiter('a\tb\tc')).toBe('\t');
    expect(guessDelimiter('a;b;c')).toBe(';');
    expect(guessDelimiter('"a;b",c')).toBe(',');
    expect(tokenize([utf8('a\tb\n1\t2\n')])[1].cells).toEqual(['1', '2']);
  });

  it('handles a BOM and UTF-16', () => {
    expect(tokenize([utf8('\ufeffa,b\n')])[0].cells).toEqual(['a', 'b']);
    expect(tokenize([utf16('x,"y"\r\n1,2\r\n')])).toEqual([
      { cells: ['x', 'y'], line: 1 },
      { cells: ['1', '2'], line: 2 },
    ]);
  });

  it('round-trips any table through a CSV writer, whatever chunk sizes the stream is cut into (mid-UTF-8, mid-CRLF, mid-quote)', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'é', '漢', '😀', ',', '"', '\n', '\r\n', ' ', '1') , maxLength: 6 });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((w) => fc.array(fc.array(cell, { minLength: w, maxLength: w }), { minLength: 1, maxLength: 6 })),
        fc.constantFrom('\n', '\r\n'),
        fc.array(fc.nat(), { maxLength: 30 }),
        (rows, eol, rawCuts) => {
          const bytes = utf8(writeCsv(rows, eol));
          const cuts = rawCuts.map((c) => c % (bytes.length + 1));
          expect(tokenize(splitAt(bytes, cuts), ',').map((r) => r.cells)).toEqual(rows);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives the same rows for every 1-byte chunking of a tricky file', () => {
    const bytes = utf8('h1,"h,2"\r\n"a""b",😀\r\n"x\r\ny",2');
    const want = tokenize([bytes]);
    fc.assert(
      fc.property(cutsArb(bytes.length), (cuts) => {
        expect(tokenize(splitAt(bytes, cuts))).toEqual(want);
      }),
    );
  });
});
