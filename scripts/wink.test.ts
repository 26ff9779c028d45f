import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NeedMoreBytes, parseDecimal, readWinkTopWords } from './wink';

/** A tiny file in the wink layout: extra keys, an escaped word, vectors with norm + index tails. */
const WINK_SAMPLE = JSON.stringify({
  precision: 8,
  dimensions: 3,
  words: ['the', '"', 'naïve', 'the', 'cat', 'rare'],
  vectors: {
    the: [1, 2, 3, 3.74, 0],
    '"': [-1, 0.5, 0, 1.1, 1],
    'x[y]{z}': [9, 9, 9, 15.6, 7], // not wanted, with brackets in the key to skip over
    'naïve': [0.25, 0.5, 0.75, 0.9, 2],
    cat: [4, 5, 6, 8.77, 3],
    rare: [7, 8, 9, 13.9, 4],
  },
  unkVector: [0, 0, 0, 0, -1],
});
const sampleBytes = new TextEncoder().encode(WINK_SAMPLE);
/** Byte offset of the last occurrence of `text` ("naïve" makes bytes and chars differ). */
const lastByteIndexOf = (text: string): number => new TextEncoder().encode(WINK_SAMPLE.slice(0, WINK_SAMPLE.lastIndexOf(text))).length;

describe('readWinkTopWords', () => {
  it('reads every word when asked for Infinity', () => {
    expect(readWinkTopWords(sampleBytes, Infinity).words).toEqual(['the', '"', 'naïve', 'cat', 'rare']);
  });

  it('reads the vectors of the first N distinct words, dropping the norm and index tails', () => {
    const top = readWinkTopWords(sampleBytes, 4);
    expect(top.words).toEqual(['the', '"', 'naïve', 'cat']);
    expect(top.dim).toBe(3);
    expect(Array.from(top.vectors)).toEqual([1, 2, 3, -1, 0.5, 0, 0.25, 0.5, 0.75, 4, 5, 6]);
  });

  it('stops before the end of the file once it has the words it needs', () => {
    const cut = lastByteIndexOf('"rare"'); // the key in "vectors", not the word in "words"
    expect(readWinkTopWords(sampleBytes.subarray(0, cut), 4).words).toHaveLength(4);
  });

  it('asks for more bytes when the prefix ends too early', () => {
    const cut = lastByteIndexOf('cat');
    expect(() => readWinkTopWords(sampleBytes.subarray(0, cut), 4)).toThrow(NeedMoreBytes);
  });

  it('names words that have no vector', () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ dimensions: 2, words: ['a', 'b'], vectors: { a: [1, 2, 0, 0] } }));
    expect(() => readWinkTopWords(bytes, 2)).toThrow(/no vector for 1 of the top 2 words \(e\.g\. "b"\)/);
  });
});


describe('parseDecimal', () => {
  const parse = (text: string): number => parseDecimal(new TextEncoder().encode(text), 0, text.length);

  it('gives exactly what JSON.parse gives for the numbers the wink file holds', () => {
    for (const text of ['0', '-0', '0.12345678', '-0.00001234', '12.5', '3.74165739', '1e-5', '-2.5E+3', '123456789012345678']) {
      expect(Object.is(parse(text), JSON.parse(text) as number), text).toBe(true);
    }
  });

  it('agrees with JSON.parse on random doubles written with up to 17 digits (property)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 1, max: 17 }), (x, digits) => {
        const text = String(Number(x.toPrecision(digits)));
        if (!Number.isFinite(Number(text))) return; // rounding up past the largest double
        expect(Object.is(parse(text), JSON.parse(text) as number)).toBe(true);
      }),
    );
  });

  it('is NaN for text that is not a number', () => {
    expect(parse('abc')).toBeNaN();
    expect(parse('')).toBeNaN();
  });
});
