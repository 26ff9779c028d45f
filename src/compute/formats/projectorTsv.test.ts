import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { projectorTsvParser } from './projectorTsv';
import { parseBytes } from './stream';
import { cutsArb, onlyParseErrors, parseErrorOf, runCut, runOneByteChunks, summary, utf8 } from './testing';

const parse = (s: string, opts = {}) => parseBytes(utf8(s), projectorTsvParser({ fileName: 'vecs.tsv', ...opts }));

describe('projector vectors TSV', () => {
  it('reads tab-separated rows into one row-major Float32Array', () => {
    const t = parse('1\t2\t3\n4\t5\t6\n');
    expect(t.n).toBe(2);
    expect(t.dim).toBe(3);
    expect(Array.from(t.vectors)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(t.labels).toBeNull();
  });

  it('takes a non-numeric first field as the row label', () => {
    const t = parse('cat\t0.5\t1\ndog\t-1\t2\n');
    expect(t.labels).toEqual(['cat', 'dog']);
    expect(t.dim).toBe(2);
  });

  it('skips a header line of names with a warning', () => {
    const t = parse('x\ty\n1\t2\n');
    expect(t.n).toBe(1);
    expect(t.warnings[0]).toMatch(/line 1.*header/);
  });

  it('names the file and line of a ragged row: "line 3: expected 3 values, got 2"', () => {
    const e = parseErrorOf(() => parse('1\t2\t3\n4\t5\t6\n7\t8\n'));
    expect(e.file).toBe('vecs.tsv');
    expect(e.line).toBe(3);
    expect(e.message).toBe('vecs.tsv: line 3: expected 3 values, got 2');
  });

  it('lists every problem (up to 20), each with its line, not only the first', () => {
    const e = parseErrorOf(() => parse('1\t2\n3\tx\n5\t6\n7\n9\t10\n'));
    expect(e.problems.map((p) => p.line)).toEqual([2, 4]);
    expect(e.problems[0]).toEqual({ line: 2, column: 2, message: 'not a number: "x"' });
    const many = parseErrorOf(() => parse('1\t2\n' + '3\n'.repeat(100)));
    expect(many.problems).toHaveLength(20);
    expect(many.truncated).toBe(true);
  });

  it('refuses NaN and Infinity by default, naming the line and the value', () => {
    const e = parseErrorOf(() => parse('1\t2\nnan\t1\n3\tinf\n'));
    expect(e.problems.map((p) => p.line)).toEqual([2, 3]);
    expect(e.problems[0].message).toMatch(/value 1 is NaN/);
    expect(e.problems[1].message).toMatch(/value 2 is Infinity/);
  });

  it('drops rows with NaN or Infinity when asked, counting them in warnings and droppedIndices', () => {
    const t = parse('a\t1\t2\nb\tNaN\t1\nc\t3\t1e39\nd\t5\t6\n', { nonFinite: 'drop' });
    expect(t.labels).toEqual(['a', 'd']);
    expect(t.droppedRows).toBe(2);
    expect(t.droppedIndices).toEqual([1, 2]);
    expect(t.warnings.join()).toMatch(/dropped 2 rows.*lines 2, 3/);
  });

  it('says the file is empty', () => {
    expect(parseErrorOf(() => parse('')).message).toBe('vecs.tsv: the file is empty');
    expect(parseErrorOf(() => parse('\n\n')).message).toMatch(/no data/);
  });

  it('gives the same table whatever chunk sizes the stream is cut into', () => {
    const text = 'wörd\t0.1\t-2e-3\r\n漢字\t3\t4\r\n\r\n😀\t5.5\t-6\r\n';
    const bytes = utf8(text);
    const want = summary(parseBytes(bytes, projectorTsvParser()));
    expect(summary(runOneByteChunks(bytes, projectorTsvParser()))).toEqual(want);
    fc.assert(
      fc.property(cutsArb(bytes.length), (cuts) => {
        expect(summary(runCut(bytes, cuts, projectorTsvParser()))).toEqual(want);
      }),
      { numRuns: 50 },
    );
  });

  it('round-trips random float32 tables through TSV text', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((dim) => fc.array(fc.array(fc.float({ noNaN: true, noDefaultInfinity: true }), { minLength: dim, maxLength: dim }), { minLength: 1, maxLength: 10 })),
        (rows) => {
          const t = parse(rows.map((r) => r.join('\t')).join('\n'));
          expect(Array.from(t.vectors)).toEqual(rows.flat().map((v) => (v === 0 ? 0 : v)));
        },
      ),
    );
  });

  it('random bytes produce only ParseError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => onlyParseErrors(() => parseBytes(bytes, projectorTsvParser()))));
  });
});
