import { describe, expect, it } from 'vitest';
import { isArithmetic, parseArithmetic, resolveTerms } from './arithmetic';

const words = (text: string) => {
  const p = parseArithmetic(text);
  return p.ok ? p.terms.map((t) => `${t.sign > 0 ? '+' : '-'}${t.text}`) : p.problem;
};

describe('parseArithmetic', () => {
  it('reads "king - man + woman" as three signed words', () => {
    expect(words('king - man + woman')).toEqual(['+king', '-man', '+woman']);
    expect(words('  paris − france + italy ')).toEqual(['+paris', '-france', '+italy']);
  });

  it('splits on spaced operators only, so hyphenated labels stay whole', () => {
    expect(words('e-mail - letter + phone')).toEqual(['+e-mail', '-letter', '+phone']);
  });

  it('splits on bare operators when none is spaced', () => {
    expect(words('king-man+woman')).toEqual(['+king', '-man', '+woman']);
  });

  it('takes a leading sign for the first word', () => {
    expect(words('-man + woman')).toEqual(['-man', '+woman']);
  });

  it('reports an empty text and a sign with no word after it', () => {
    expect(words('   ')).toBe('empty');
    expect(words('king + ')).toBe('missing-word');
    expect(words('king + - man')).toBe('missing-word');
  });

  it('counts a single word as a label, not arithmetic', () => {
    expect(isArithmetic('king')).toBe(false);
    expect(isArithmetic('king - man')).toBe(true);
  });
});

describe('resolveTerms', () => {
  const labels = ['king', 'man', 'woman'];
  const lookup = (t: string) => labels.indexOf(t.toLowerCase());

  it('turns words into rows with weights, adding a repeated word', () => {
    const p = parseArithmetic('King - man + woman + woman');
    expect(p.ok && resolveTerms(p.terms, lookup)).toEqual({
      ok: true,
      terms: [
        { index: 0, weight: 1 },
        { index: 1, weight: -1 },
        { index: 2, weight: 2 },
      ],
    });
  });

  it('names every word it cannot find', () => {
    const p = parseArithmetic('king - xyzzy + plugh');
    expect(p.ok && resolveTerms(p.terms, lookup)).toEqual({ ok: false, unknown: ['xyzzy', 'plugh'] });
  });
});
