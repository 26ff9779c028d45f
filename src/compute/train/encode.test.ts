import { describe, expect, it } from 'vitest';
import { encodeSentences, knownTokens, prepareCorpus } from './encode';
import { buildVocab } from './vocab';

describe('encode', () => {
  it('prepareCorpus tokenizes once, builds the vocabulary and records sentence offsets', () => {
    const { vocab, corpus } = prepareCorpus(['他很高兴。', 'He is happy, he is.'], { minCount: 1 });
    expect(Array.from(corpus.offsets)).toEqual([0, 3, 8]);
    expect(Array.from(corpus.ids).map((id) => vocab.words[id])).toEqual(['他', '很', '高兴', 'he', 'is', 'happy', 'he', 'is']);
  });

  it('encodes unknown words as <unk> and knownTokens leaves them out', () => {
    const vocab = buildVocab([['a', 'a', 'b']], { minCount: 2 });
    const corpus = encodeSentences([['a', 'b'], [], ['a']], vocab);
    expect(Array.from(corpus.ids)).toEqual([1, 0, 1]);
    expect(Array.from(corpus.offsets)).toEqual([0, 2, 2, 3]);
    expect(knownTokens(corpus)).toBe(2);
  });
});
