import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBytes } from './stream';
import { cutsArb, runOneByteChunks, onlyParseErrors, parseErrorOf, runCut, seededVectors, summary, utf8, word2vecBinaryBytes } from './testing';
import { word2vecBinaryParser } from './word2vecBinary';

const parse = (b: Uint8Array, opts = {}) => parseBytes(b, word2vecBinaryParser({ fileName: 'g.bin', ...opts }));

describe('word2vec binary', () => {
  it('round-trips words and vectors, with or without the newline after each vector', () => {
    const v = seededVectors(3, 4, 9);
    for (const nl of [true, false]) {
      const t = parse(word2vecBinaryBytes(['king', 'queen', 'Straße'], v, 4, nl));
      expect(t.labels).toEqual(['king', 'queen', 'Straße']);
      expect(Array.from(t.vectors)).toEqual(Array.from(v));
    }
  });

  it('decodes a word cut in the middle of a UTF-8 character as U+FFFD instead of failing', () => {
    const cut = utf8('日本').subarray(0, 4); // 日 and the first byte of 本
    const t = parse(word2vecBinaryBytes([cut, 'ok'], seededVectors(2, 2), 2));
    expect(t.labels).toEqual(['日\ufffd', 'ok']);
  });

  it('gives the same table whatever chunk sizes the stream is cut into (floats and words split)', () => {
    const bytes = word2vecBinaryBytes(['a', 'wörd', '😀'], seededVectors(3, 3, 2), 3);
    const want = summary(parseBytes(bytes, word2vecBinaryParser()));
    fc.assert(
      fc.property(cutsArb(bytes.length), (cuts) => {
        expect(summary(runCut(bytes, cuts, word2vecBinaryParser()))).toEqual(want);
      }),
      { numRuns: 50 },
    );
    expect(summary(runOneByteChunks(bytes, word2vecBinaryParser()))).toEqual(want);
  });

  it('says when the file ends inside a vector, and warns when there are fewer words than announced', () => {
    const bytes = word2vecBinaryBytes(['a', 'b'], seededVectors(2, 3), 3);
    expect(parseErrorOf(() => parse(bytes.subarray(0, bytes.length - 5))).message).toMatch(/g\.bin: row 2: the file ends inside the vector of "b" \(8 of 12 bytes\)/);
    const short = new Uint8Array([...utf8('3 3\n'), ...bytes.subarray(4)]);
    expect(parse(short).warnings).toEqual(['the header says 3 words, the file has 2']);
  });

  it('refuses a file without a "count dims" header', () => {
    expect(parseErrorOf(() => parse(utf8('hello world\n'))).message).toMatch(/not a word2vec binary file/);
  });

  it('reports NaN rows by row number', () => {
    const v = new Float32Array([1, 2, NaN, 4]);
    expect(parseErrorOf(() => parse(word2vecBinaryBytes(['a', 'b'], v, 2))).problems[0]).toMatchObject({ line: 2 });
    expect(parse(word2vecBinaryBytes(['a', 'b'], v, 2), { nonFinite: 'drop' }).labels).toEqual(['a']);
  });

  it('random bytes (raw or after a valid header) produce only ParseError', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.uint8Array({ maxLength: 200 }), (withHeader, rest) => {
        const b = withHeader ? new Uint8Array([...utf8('2 3\n'), ...rest]) : rest;
        onlyParseErrors(() => parseBytes(b, word2vecBinaryParser()));
      }),
    );
  });
});
