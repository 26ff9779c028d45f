import { describe, expect, it } from 'vitest';
import { prepareCorpus } from './encode';
import { splitSentences } from './corpora';
import { createStreamCorpus } from './streamCorpus';

const TEXT = 'The cat sat. The dog sat!\nA cat and a dog.\n\n我很高兴。他很伤心。\nthe end';

function feed(text: string, size: number, opts = {}) {
  const b = createStreamCorpus(opts);
  for (let i = 0; i < text.length; i += size) b.push(text.slice(i, i + size));
  return b.finish();
}

describe('createStreamCorpus', () => {
  it('gives the same vocabulary and IDs as prepareCorpus over the split sentences, however the text is chunked', () => {
    const sentences = TEXT.split('\n').flatMap((l) => splitSentences(l));
    const ref = prepareCorpus(sentences);
    for (const size of [1, 3, 7, 1000]) {
      const got = feed(TEXT, size);
      expect(got.vocab.words).toEqual(ref.vocab.words);
      expect(Array.from(got.corpus.ids)).toEqual(Array.from(ref.corpus.ids));
      expect(Array.from(got.corpus.offsets)).toEqual(Array.from(ref.corpus.offsets));
      expect(got.sentences).toBe(sentences.length);
    }
  });

  it('applies min-count: rare words become <unk> (ID 0) and are counted', () => {
    const got = feed(TEXT, 5, { minCount: 2 });
    expect(got.vocab.words).toContain('cat');
    expect(got.vocab.words).not.toContain('end');
    expect(got.unkTokens).toBeGreaterThan(0);
    expect(got.unkTokens).toBe(Array.from(got.corpus.ids).filter((id) => id === 0).length);
  });

  it('stops at the token budget and says so', () => {
    const got = feed('a b c d e f g h i j\n'.repeat(100), 13, { maxTokens: 25 });
    expect(got.truncated).toBe(true);
    expect(got.tokens).toBe(25);
  });

  it('cuts a runaway line without newlines instead of holding it whole', () => {
    const b = createStreamCorpus({ maxLineChars: 64 });
    for (let i = 0; i < 100; i++) b.push('word ');
    // Most of the text has been tokenized before finish().
    expect(b.tokens()).toBeGreaterThan(80);
    expect(b.finish().tokens).toBe(100);
  });

  it('an empty text gives an empty corpus with only <unk>', () => {
    const got = feed('', 10);
    expect(got.vocab.words).toEqual(['<unk>']);
    expect(got.tokens).toBe(0);
    expect(got.sentences).toBe(0);
  });
});
