import { describe, expect, it } from 'vitest';
import { CORPORA, formatSotu, parseSotu, splitSentences, SOTU_HEADER } from './corpora';

describe('corpora', () => {
  it('formatSotu then parseSotu gives back year, president, party and text (tabs and newlines become spaces)', () => {
    const speeches = [
      { year: 1790, president: 'George Washington', party: 'none', text: 'Fellow-Citizens of the Senate.\nIn meeting\tyou again.' },
      { year: 2021, president: 'Joseph R Biden', party: 'Democratic', text: 'Thank you.' },
    ];
    const parsed = parseSotu(formatSotu(speeches));
    expect(parsed).toEqual([
      { ...speeches[0], text: 'Fellow-Citizens of the Senate. In meeting you again.' },
      speeches[1],
    ]);
  });

  it('parseSotu rejects a file without the header, and names the line of a malformed speech', () => {
    expect(() => parseSotu('1790\ta\tb\tc\n')).toThrow(/header/);
    expect(() => parseSotu(`${SOTU_HEADER}\n1790\ta\tb\tc\nabc\tx\ty\tz\n`)).toThrow(/line 3/);
    expect(() => parseSotu(`${SOTU_HEADER}\n1790\ta\tb\n`)).toThrow(/line 2: expected 4/);
  });

  it('splitSentences splits after . ! ? and 。！？ but not after titles or initials', () => {
    expect(splitSentences('Mr. Speaker, the U.S. Army is strong. Is it? Yes! 他很高兴。她很伤心')).toEqual([
      'Mr. Speaker, the U.S. Army is strong.',
      'Is it?',
      'Yes!',
      '他很高兴。',
      '她很伤心',
    ]);
  });

  it('lists the teaching corpus (generated) and SOTU (fetched)', () => {
    expect(CORPORA.map((c) => [c.id, c.source.kind])).toEqual([
      ['teaching', 'generated'],
      ['sotu', 'fetch'],
    ]);
  });
});
