import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hasWordSegmenter, isChinese, tokenize, tokenizeWords } from './tokenize';

describe('tokenize', () => {
  it('lower-cases English words, splits on anything but letters and digits, and keeps inner apostrophes', () => {
    expect(tokenizeWords("Don't STOP: the nation's 1790 'quoted' words—rock'n'roll!")).toEqual([
      "don't", 'stop', 'the', "nation's", '1790', 'quoted', 'words', "rock'n'roll",
    ]);
  });

  it('treats a curly apostrophe like a straight one', () => {
    expect(tokenizeWords('it’s')).toEqual(["it's"]);
  });

  it('keeps accented and non-Latin letters inside words', () => {
    expect(tokenizeWords('Café naïve σοφία')).toEqual(['café', 'naïve', 'σοφία']);
  });

  it('has a dictionary word segmenter for Chinese in this runtime (Node ICU)', () => {
    expect(hasWordSegmenter()).toBe(true);
  });

  it('splits 他很高兴 into 他 / 很 / 高兴 and 他很伤心 into 他 / 很 / 伤心', () => {
    expect(tokenizeWords('他很高兴')).toEqual(['他', '很', '高兴']);
    expect(tokenizeWords('他很伤心。')).toEqual(['他', '很', '伤心']);
  });

  it('splits mixed Chinese/English text at script changes, with or without spaces', () => {
    expect(tokenizeWords('他很高兴 because he is HAPPY! I love北京和上海')).toEqual([
      '他', '很', '高兴', 'because', 'he', 'is', 'happy', 'i', 'love', '北京', '和', '上海',
    ]);
  });

  it('gives offsets into the original text for every token', () => {
    const text = 'Hi, 他很高兴 — It’s GREAT.';
    const toks = tokenize(text);
    expect(toks.map((t) => text.slice(t.start, t.end))).toEqual(['Hi', '他', '很', '高兴', 'It’s', 'GREAT']);
  });

  it('keeps dictionary words whole where the segmenter would cut them', () => {
    expect(tokenizeWords('他考上了清华', { dictionary: ['清华'] })).toContain('清华');
    expect(tokenizeWords('清华在北京', { dictionary: ['清华'] })).toEqual(['清华', '在', '北京']);
  });

  it('splits a segment the segmenter returns whole when the dictionary gives it as words with a space', () => {
    expect(tokenizeWords('大家都很高兴', { dictionary: ['都 很'] })).toEqual(['大家', '都', '很', '高兴']);
    const text = '大家都很高兴';
    expect(tokenize(text, { dictionary: ['都 很'] }).map((t) => text.slice(t.start, t.end))).toEqual(['大家', '都', '很', '高兴']);
    // Only that exact segment: a word that merely contains the characters stays whole.
    expect(tokenizeWords('首都很大', { dictionary: ['都 很'] })).toEqual(tokenizeWords('首都很大'));
  });

  it('prefers the longest dictionary match', () => {
    expect(tokenizeWords('斯坦福大学', { dictionary: ['斯坦', '斯坦福'] })[0]).toBe('斯坦福');
  });

  it('isChinese tells Han tokens from others', () => {
    expect(isChinese('高兴')).toBe(true);
    expect(isChinese('happy')).toBe(false);
  });

  it('for any text, tokens are ordered, non-overlapping, non-empty and match their slice', () => {
    const alphabet = fc.constantFrom(...'ab Z9\'’.,!他很高兴清华 \n-éσ'.split(''));
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }).map((a) => a.join('')), (text) => {
        const toks = tokenize(text, { dictionary: ['清华'] });
        let last = 0;
        for (const t of toks) {
          expect(t.start).toBeGreaterThanOrEqual(last);
          expect(t.end).toBeGreaterThan(t.start);
          expect(text.slice(t.start, t.end).toLowerCase().replace(/’/g, "'")).toBe(t.text);
          last = t.end;
        }
      }),
      { numRuns: 300 },
    );
  });
});
