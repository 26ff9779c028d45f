import { describe, expect, it } from 'vitest';
import { cellText } from '../src/compute/dataset';
import { decodeSproutBin, encodeSproutBin } from '../src/compute/formats/sproutBin';
import { gloveDataset, mnistDataset, rankBucket, wordKind } from './prepare-data';

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
    const top = { words: ['the', '"', 'naïve', 'cat'], dim: 3, vectors: Float32Array.from([1, 2, 3, -1, 0.5, 0, 0.25, 0.5, 0.75, 4, 5, 6]) };
    const ds = gloveDataset(top, 3);
    expect(ds.labels).toEqual(['the', '"', 'naïve']);
    expect([ds.id, ds.name]).toEqual(['builtin:glove-0.003k', 'GloVe 0.003k']);
    expect(gloveDataset(top, 4, 'glove-all', 'GloVe all').vectors).toBe(top.vectors); // every word: no copy
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
