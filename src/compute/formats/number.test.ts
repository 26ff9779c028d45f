import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isNumberCell, nonFiniteWord, parseNumber } from './number';

const p = (s: string): number => parseNumber(s, 0, s.length);

describe('parseNumber', () => {
  it('reads plain decimals, signs, exponents and leading-dot forms', () => {
    expect(p('0')).toBe(0);
    expect(p('-1.5')).toBe(-1.5);
    expect(p('+2')).toBe(2);
    expect(p('.25')).toBe(0.25);
    expect(p('3.')).toBe(3);
    expect(p('1e3')).toBe(1000);
    expect(p('-2.5E-3')).toBe(-0.0025);
    expect(Object.is(p('-0'), -0)).toBe(true);
  });

  it('reads a number inside a larger string without a substring', () => {
    const s = 'x\t0.125\ty';
    expect(parseNumber(s, 2, 7)).toBe(0.125);
  });

  it('returns NaN for anything that is not a decimal number', () => {
    for (const bad of ['', ' ', '-', '.', 'e5', '1e', '1e+', '0x10', '1,5', 'abc', '1..2', '--1', 'Infinity', 'nan']) {
      expect(p(bad), bad).toBeNaN();
    }
  });

  it('gives exactly what Number() gives for any decimal string (fast path and fallback agree)', () => {
    const digits = fc.string({ unit: fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9'), minLength: 1, maxLength: 22 });
    const arb = fc.tuple(fc.constantFrom('', '-', '+'), digits, fc.option(digits), fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '-', '+'), fc.integer({ min: 0, max: 330 }))));
    fc.assert(
      fc.property(arb, ([sign, int, frac, exp]) => {
        const s = sign + int + (frac !== null ? '.' + frac : '') + (exp ? exp[0] + exp[1] + exp[2] : '');
        expect(Object.is(p(s), Number(s))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('round-trips every float32 written with JavaScript String()', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (f) => {
        expect(Math.fround(p(String(f))) === f).toBe(true); // String(-0) is "0"
      }),
      { numRuns: 2000 },
    );
  });
});

describe('nonFiniteWord', () => {
  it('recognises nan and inf as Python, NumPy, C and JavaScript spell them', () => {
    for (const w of ['nan', 'NaN', 'NAN', '-nan']) expect(nonFiniteWord(w, 0, w.length)).toBe('nan');
    for (const w of ['inf', '-inf', 'Infinity', '-Infinity', '+inf']) expect(nonFiniteWord(w, 0, w.length)).toBe('inf');
    expect(nonFiniteWord('hello', 0, 5)).toBeNull();
  });

  it('isNumberCell accepts numbers and non-finite words but not text or empty cells', () => {
    expect(isNumberCell('1.5')).toBe(true);
    expect(isNumberCell('NaN')).toBe(true);
    expect(isNumberCell('')).toBe(false);
    expect(isNumberCell('setosa')).toBe(false);
  });
});
