import { describe, expect, it } from 'vitest';
import { ExampleWalker, findSentence } from './exampleWalker';
import type { EncodedCorpus } from './encode';

// Two sentences: [1 2 3] and [4 0 5] (0 = <unk>).
const corpus: EncodedCorpus = { ids: Int32Array.of(1, 2, 3, 4, 0, 5), offsets: Int32Array.of(0, 3, 6) };
const word = (p: number) => corpus.ids[p];

describe('ExampleWalker', () => {
  it('walks skip-gram pairs in reading order: each centre word with each word within the window, skipping <unk>, then wraps', () => {
    const w = new ExampleWalker(corpus, 'pair', 2);
    const pairs = Array.from({ length: 9 }, () => {
      const e = w.next()!;
      return `${word(e.centre)}>${word(e.context[0])}`;
    });
    expect(pairs).toEqual(['1>2', '1>3', '2>1', '2>3', '3>1', '3>2', '4>5', '5>4', '1>2']);
  });

  it('walks CBOW windows (a centre with all its context words) and next-token examples', () => {
    const cbow = new ExampleWalker(corpus, 'window', 1);
    expect(Array.from({ length: 4 }, () => cbow.next()!).map((e) => [word(e.centre), e.context.map(word)])).toEqual([
      [1, [2]],
      [2, [1, 3]],
      [3, [2]],
      [1, [2]], // 4 and 5 have only <unk> within 1
    ]);
    const next = new ExampleWalker(corpus, 'next', 2);
    expect(Array.from({ length: 3 }, () => next.next()!).map((e) => [word(e.centre), e.context.map(word)])).toEqual([
      [2, [1]],
      [3, [1, 2]],
      [5, [4]], // <unk> is neither predicted nor used as context
    ]);
  });

  it('seek starts at a sentence; a corpus without examples gives null', () => {
    const w = new ExampleWalker(corpus, 'pair', 2);
    w.seek(1);
    expect(word(w.next()!.centre)).toBe(4);
    expect(new ExampleWalker({ ids: Int32Array.of(0, 7), offsets: Int32Array.of(0, 1, 2) }, 'pair', 2).next()).toBeNull();
  });

  it('findSentence prefers a sentence that is exactly the words, else the first holding them', () => {
    const c: EncodedCorpus = { ids: Int32Array.of(9, 1, 2, 1, 2), offsets: Int32Array.of(0, 3, 5) };
    expect(findSentence(c, [1, 2])).toBe(1);
    expect(findSentence(c, [9, 1])).toBe(0);
    expect(findSentence(c, [2, 9])).toBe(-1);
    expect(findSentence(c, [])).toBe(-1);
  });
});
