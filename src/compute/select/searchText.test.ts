import { describe, expect, it } from 'vitest';
import { matchLabels } from './search';
import { labelTexts, withoutRowNumber } from './searchText';

const mnist = ['7 #945', '9 #12', '1 #97', '7 #3'];

describe('label texts for search', () => {
  it('leaves row numbers out, so "9" finds nines and not #97', () => {
    const texts = labelTexts(mnist, '9');
    expect(texts).toEqual(['7', '9', '1', '7']);
    expect(Array.from(matchLabels(texts, '9').matches)).toEqual([0, 1, 0, 0]);
  });

  it('searches whole labels once the query has a "#"', () => {
    const texts = labelTexts(mnist, '#945');
    expect(texts).toBe(mnist);
    expect(Array.from(matchLabels(texts, '#945').matches)).toEqual([1, 0, 0, 0]);
  });

  it('returns labels without row numbers as they are (no copy)', () => {
    const words = ['king', 'c#', 'number 3'];
    expect(labelTexts(words, 'k')).toBe(words);
    expect(withoutRowNumber('a # b')).toBe('a # b');
  });
});
