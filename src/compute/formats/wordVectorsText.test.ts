import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBytes } from './stream';
import { cutsArb, runOneByteChunks, onlyParseErrors, parseErrorOf, runCut, summary, utf8 } from './testing';
import { wordVectorsTextParser } from './wordVectorsText';

const parse = (s: string, opts = {}) => parseBytes(utf8(s), wordVectorsTextParser({ fileName: 'w.vec', ...opts }));

describe('word2vec / fastText / GloVe text', () => {
  it('reads a word2vec text file with its "N D" header', () => {
    const t = parse('2 3\nking 0.1 0.2 0.3\nqueen -1 -2 -3\n');
    expect(t.labels).toEqual(['king', 'queen']);
    expect(t.dim).toBe(3);
    expect(Array.from(t.vectors)).toEqual([0.1, 0.2, 0.3, -1, -2, -3].map(Math.fround));
    expect(t.warnings).toEqual([]);
  });

  it('accepts fastText .vec trailing spaces and CRLF', () => {
    const t = parse('2 2 \r\nde 1 2 \r\nla 3 4 \r\n');
    expect(t.labels).toEqual(['de', 'la']);
    expect(Array.from(t.vectors)).toEqual([1, 2, 3, 4]);
  });

  it('reads GloVe without a header, taking the last D fields as the vector even when a token has spaces', () => {
    const t = parse('the 1 2\n. . . 3 4\nof 5 6\n');
    expect(t.labels).toEqual(['the', '. . .', 'of']);
    expect(t.dim).toBe(2);
  });

  it('settles D from most lines, not only the first', () => {
    const t = parse('new york 1 2\na 3 4\nb 5 6\n');
    expect(t.dim).toBe(2);
    expect(t.labels).toEqual(['new york', 'a', 'b']);
  });

  it('warns when the header count disagrees with the rows found', () => {
    expect(parse('3 1\na 1\nb 2\n').warnings).toEqual(['the header says 3 words, the file has 2']);
  });

  it('reports short rows and rows with extra numbers by line', () => {
    const e = parseErrorOf(() => parse('3 2\na 1 2\nb 1\nc 1 2 3\nd 1 x\n'));
    expect(e.problems.map((p) => [p.line, p.message])).toEqual([
      [3, 'expected 2 values after the word, got 1'],
      [4, 'expected 2 values after the word, got 3'],
      [5, 'not a number: "x"'],
    ]);
  });

  it('drops NaN rows with their words when asked', () => {
    const t = parse('a 1 2\nb nan 2\nc 3 4\n', { nonFinite: 'drop' });
    expect(t.labels).toEqual(['a', 'c']);
    expect(t.droppedRows).toBe(1);
  });

  it('gives the same table whatever chunk sizes the stream is cut into', () => {
    const bytes = utf8('3 2\r\nwörd 0.5 1\r\n漢字 2 3\r\n😀 4 5\r\n');
    const want = summary(parseBytes(bytes, wordVectorsTextParser()));
    fc.assert(
      fc.property(cutsArb(bytes.length), (cuts) => {
        expect(summary(runCut(bytes, cuts, wordVectorsTextParser()))).toEqual(want);
      }),
      { numRuns: 50 },
    );
    expect(summary(runOneByteChunks(bytes, wordVectorsTextParser()))).toEqual(want);
  });

  it('round-trips words and float32 values written with String()', () => {
    const word = fc.string({ minLength: 1, maxLength: 8 }).filter((w) => !/[\s\u0085\u2028\u2029]/.test(w) && !/^[\d.+-]/.test(w));
    fc.assert(
      fc.property(fc.array(fc.tuple(word, fc.array(fc.float({ noNaN: true, noDefaultInfinity: true }), { minLength: 3, maxLength: 3 })), { minLength: 1, maxLength: 10 }), (rows) => {
        const text = `${rows.length} 3\n` + rows.map(([w, v]) => `${w} ${v.join(' ')}`).join('\n');
        const t = parse(text);
        expect(t.labels).toEqual(rows.map(([w]) => w));
        expect(Array.from(t.vectors)).toEqual(rows.flatMap(([, v]) => v.map((x) => (x === 0 ? 0 : x))));
      }),
    );
  });

  it('random bytes produce only ParseError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => onlyParseErrors(() => parseBytes(b, wordVectorsTextParser()))));
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('1', '2', ' ', '\n', 'a', '.', 'e', '-') }), (s) => onlyParseErrors(() => parse(s))));
  });
});
