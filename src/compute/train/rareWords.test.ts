import { describe, expect, it } from 'vitest';
import { buildVocab } from './vocab';
import { encodeSentences } from './encode';
import { rareNeighborShare, rareWordMates } from './rareWords';

describe('rare words', () => {
  const sentences = [['a', 'b', 'rare'], ['a', 'b'], ['a', 'c'], ['b', 'c'], ['c', 'a']];
  const vocab = buildVocab(sentences);
  const corpus = encodeSentences(sentences, vocab);
  const id = (w: string) => vocab.index.get(w) as number;

  it('keeps the rarest words (up to the count limit) and the words they share a sentence with', () => {
    const r = rareWordMates(corpus, vocab, 1);
    expect(Array.from(r.ids)).toEqual([id('rare')]);
    expect(r.maxCount).toBe(1);
    expect([...r.mates[0]].sort()).toEqual([id('a'), id('b')].sort());
    // Two mates among the three other words.
    expect(r.chance).toBeCloseTo(2 / 3, 10);
  });

  it('scores the share of a rare word\'s nearest neighbours that are its sentence mates', () => {
    const r = rareWordMates(corpus, vocab, 1);
    const dim = 2;
    const table = new Float32Array(vocab.words.length * dim);
    const put = (w: string, x: number, y: number) => table.set([x, y], id(w) * dim);
    put('rare', 1, 0);
    put('a', 1, 0.1);
    put('b', 1, -0.1);
    put('c', -1, 0);
    // k = 5 over 3 candidates: two mates among the (only three) neighbours listed → 2/5.
    expect(rareNeighborShare(table, dim, r)).toBeCloseTo(2 / 5, 10);
  });
});
