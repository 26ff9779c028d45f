import { describe, expect, it } from 'vitest';
import { cellText } from '../src/compute/dataset';
import { decodeSproutBin, encodeSproutBin } from '../src/compute/formats/sproutBin';
import { gloveDataset, mnistDataset, NeedMoreBytes, rankBucket, readWinkTopWords, wordKind } from './prepare-data';

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

describe('GloVe metadata', () => {
  it('buckets 0-based frequency ranks', () => {
    expect([0, 999, 1000, 4999, 5000, 9999, 10_000, 49_999, 50_000].map(rankBucket)).toEqual([
      'top 1k', 'top 1k', '1k–5k', '1k–5k', '5k–10k', '5k–10k', '10k–20k', '20k–50k', '50k+',
    ]);
  });

  it('tells words, compounds, alphanumerics, numbers and punctuation apart', () => {
    expect(['river', 'café', "don't", 'u.s.', 'cross-country', 'mp3', 'mid-1990s', '1,000', '...', '$'].map(wordKind)).toEqual([
      'word', 'word', 'compound', 'compound', 'compound', 'alphanumeric', 'alphanumeric', 'number', 'punctuation', 'punctuation',
    ]);
  });

  it('builds a cosine dataset with frequency, kind and rank columns that survives the codec', () => {
    const ds = gloveDataset(readWinkTopWords(sampleBytes, 4), 3);
    expect(ds.labels).toEqual(['the', '"', 'naïve']);
    const back = decodeSproutBin(encodeSproutBin(ds), ds.id);
    expect(back.metric).toBe('cosine');
    expect(back.columns.map((c) => c.name)).toEqual(['frequency', 'kind', 'rank']);
    const [frequency, kind, rank] = back.columns;
    expect(frequency.type === 'category' && frequency.categories).toEqual(['top 1k']);
    expect([0, 1, 2].map((i) => cellText(kind, i))).toEqual(['word', 'punctuation', 'word']);
    expect([0, 1, 2].map((i) => cellText(rank, i))).toEqual(['1', '2', '3']);
  });
});

describe('mnistDataset', () => {
  const dim = 28 * 28;
  // Three digit classes; every pixel of image k of digit d is (d * 10 + k) / 255.
  const perDigit = [0, 1, 2].map((d) => Array.from({ length: (d + 1) * dim }, (_, i) => (d * 10 + Math.floor(i / dim)) / 255));

  it('keeps each label, digit and image together through the shuffle', () => {
    const ds = mnistDataset(perDigit, 7);
    expect(ds.n).toBe(6);
    const digit = ds.columns[0];
    for (let r = 0; r < ds.n; r++) {
      const [d, k] = ds.labels[r].split(' #').map(Number);
      expect(cellText(digit, r)).toBe(String(d));
      expect(ds.images!.pixels[r * dim + 100]).toBe(d * 10 + k);
      expect(ds.vectors[r * dim + 100]).toBeCloseTo((d * 10 + k) / 255, 6);
    }
  });

  it('shuffles rows the same way for the same seed and differently for another', () => {
    expect(mnistDataset(perDigit, 7).labels).toEqual(mnistDataset(perDigit, 7).labels);
    const orders = new Set([1, 2, 3, 4, 5].map((seed) => mnistDataset(perDigit, seed).labels.join()));
    expect(orders.size).toBeGreaterThan(1);
  });

  it('encodes as u8 with the pixels stored once', () => {
    const ds = mnistDataset(perDigit, 7);
    const u8 = encodeSproutBin(ds, { dtype: 'u8', scale: 1 / 255 });
    expect(u8.length).toBeLessThan(ds.n * dim + 2000);
    const back = decodeSproutBin(u8, ds.id);
    expect(back.images!.pixels).toEqual(ds.images!.pixels);
    expect(back.vectors).toEqual(ds.vectors);
  });

  it('rejects pixel values outside [0, 1]', () => {
    expect(() => mnistDataset([[2, ...new Array<number>(dim - 1).fill(0)]])).toThrow(/pixel 0 is 2/);
  });
});
