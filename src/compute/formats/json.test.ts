import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonlParser, jsonParser, parseJsonLenient, type JsonOptions } from './json';
import { parseBytes } from './stream';
import { cutsArb, runOneByteChunks, onlyParseErrors, parseErrorOf, runCut, summary, utf8 } from './testing';

const json = (s: string, opts: JsonOptions = {}) => parseBytes(utf8(s), jsonParser({ fileName: 'e.json', ...opts }));
const jsonl = (s: string, opts: JsonOptions = {}) => parseBytes(utf8(s), jsonlParser({ fileName: 'e.jsonl', ...opts }));

describe('JSON', () => {
  it('reads an array of arrays', () => {
    const t = json('[[1, 2], [3, 4.5]]');
    expect([t.n, t.dim, Array.from(t.vectors), t.labels]).toEqual([2, 2, [1, 2, 3, 4.5], null]);
  });

  it('reads an array of objects: the "embedding" field is the vector, the rest metadata, labels from "word"', () => {
    const t = json('[{"word": "cat", "embedding": [1, 2], "n": 3, "tags": ["a"]},\n {"word": "dog", "embedding": [3, 4], "extra": null}]');
    expect(Array.from(t.vectors)).toEqual([1, 2, 3, 4]);
    expect(t.labels).toEqual(['cat', 'dog']);
    expect(t.columns).toEqual([
      { name: 'word', cells: ['cat', 'dog'] },
      { name: 'n', cells: ['3', ''] },
      { name: 'tags', cells: ['["a"]', ''] },
      { name: 'extra', cells: ['', ''] },
    ]);
  });

  it('finds the only numeric-array field when it has another name, and asks when there are several', () => {
    expect(json('[{"id": "a", "v": [1, 2]}]').dim).toBe(2);
    expect(parseErrorOf(() => json('[{"a": [1], "b": [2]}]')).message).toMatch(/several fields hold arrays of numbers \("a", "b"\)/);
    expect(json('[{"a": [1], "b": [2, 3]}]', { vectorField: 'b' }).dim).toBe(2);
  });

  it('reads {"vectors": [[…]], "labels": […]}', () => {
    const t = json('{"vectors": [[1, 2], [3, 4]], "labels": ["x", "y"]}');
    expect([t.n, t.labels]).toEqual([2, ['x', 'y']]);
  });

  it("understands Python's bare NaN and Infinity (and drops them when asked)", () => {
    expect(parseJsonLenient('[NaN, -Infinity, "NaN"]')).toEqual(['\u0000nf:NaN', '\u0000nf:-Infinity', 'NaN']);
    const t = json('[[1, 2], [NaN, 1], [3, -Infinity]]', { nonFinite: 'drop' });
    expect([t.n, t.droppedRows]).toEqual([1, 2]);
    expect(parseErrorOf(() => json('[[1, 2],\n [NaN, 1]]')).problems[0]).toMatchObject({ line: 2 });
  });

  it('lists bad rows by the line they start on', () => {
    const e = parseErrorOf(() => json('[\n[1, 2],\n[1],\n["x", 2],\n[1, 2]\n]'));
    expect(e.problems).toEqual([
      { line: 3, message: 'expected 2 values, got 1' },
      { line: 4, message: 'value 1 is not a number: "\\"x\\""' },
    ]);
  });

  it('says when the array is never closed, or the file is empty', () => {
    expect(parseErrorOf(() => json('[[1, 2], [3')).message).toMatch(/ends inside the row starting on line 1/);
    expect(parseErrorOf(() => json('  ')).message).toMatch(/no data|empty/);
  });

  it('gives the same table whatever chunk sizes the stream is cut into', () => {
    const bytes = utf8('[{"w": "wörd \\"q\\" ]", "vector": [0.5, 1]},\r\n {"w": "漢字,😀", "vector": [2, 3]}]');
    const want = summary(parseBytes(bytes, jsonParser()));
    expect((want as { n: number }).n).toBe(2);
    fc.assert(
      fc.property(cutsArb(bytes.length), (cuts) => {
        expect(summary(runCut(bytes, cuts, jsonParser()))).toEqual(want);
      }),
      { numRuns: 50 },
    );
    expect(summary(runOneByteChunks(bytes, jsonParser()))).toEqual(want);
  });

  it('round-trips random rows through JSON.stringify', () => {
    const row = fc.record({ label: fc.string(), vector: fc.array(fc.float({ noNaN: true, noDefaultInfinity: true }), { minLength: 2, maxLength: 2 }) });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 10 }), (rows) => {
        const t = json(JSON.stringify(rows));
        expect(t.labels).toEqual(rows.map((r) => r.label));
        expect(Array.from(t.vectors)).toEqual(rows.flatMap((r) => r.vector.map((x) => (x === 0 ? 0 : x))));
      }),
    );
  });

  it('random bytes and random JSON-ish text produce only ParseError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (b) => onlyParseErrors(() => parseBytes(b, jsonParser()))));
    const unit = fc.constantFrom('[', ']', '{', '}', ',', ':', '"', '1', 'a', ' ', '\n', '\\', 'NaN');
    fc.assert(fc.property(fc.string({ unit, maxLength: 60 }), (s) => onlyParseErrors(() => json(s))));
    fc.assert(fc.property(fc.string({ unit, maxLength: 60 }), (s) => onlyParseErrors(() => jsonl(s))));
  });
});

describe('JSON Lines', () => {
  it('reads one object per line and reports invalid lines by number', () => {
    const t = jsonl('{"text": "a", "embedding": [1, 2]}\n\n{"text": "b", "embedding": [3, 4]}\n');
    expect([t.n, t.labels]).toEqual([2, ['a', 'b']]);
    const e = parseErrorOf(() => jsonl('[1, 2]\n[1, 2\n[3, 4]\n'));
    expect(e.problems[0].line).toBe(2);
    expect(e.problems[0].message).toMatch(/^invalid JSON/);
  });
});
