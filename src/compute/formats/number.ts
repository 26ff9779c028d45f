/**
 * Decimal number parsing straight from a string range, without a substring per
 * field (which is where most of a text parser's time and garbage would go).
 *
 * Exactness: the fast path uses Clinger's rule — a mantissa of at most 15 digits is
 * an exact double, and so is 10^k for |k| ≤ 22, so one IEEE multiply or divide gives
 * the correctly rounded double, i.e. exactly what Number() gives. Anything outside
 * that (long mantissas such as numpy's '%.18e', huge exponents) goes to Number().
 */

const POW10: number[] = [];
for (let i = 0, p = 1; i <= 22; i++, p *= 10) POW10.push(p);

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function slow(text: string, s: number, e: number): number {
  const str = text.slice(s, e).trim();
  return DECIMAL.test(str) ? Number(str) : NaN;
}

/**
 * Parses text[s, e) as a decimal number (leading/trailing spaces allowed).
 * Returns NaN when the range is not a decimal number — including the words "nan"
 * and "inf"; call `nonFiniteWord` to tell those apart. Overflow gives ±Infinity.
 */
export function parseNumber(text: string, s: number, e: number): number {
  let i = s;
  if (i >= e) return NaN;
  let c = text.charCodeAt(i);
  let neg = false;
  if (c === 45) {
    neg = true;
    i++;
  } else if (c === 43) i++;
  let mant = 0;
  let digits = 0;
  let exp10 = 0;
  let seen = false;
  while (i < e) {
    c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    seen = true;
    if (mant !== 0 || c !== 0) {
      if (++digits > 15) return slow(text, s, e);
      mant = mant * 10 + c;
    }
    i++;
  }
  if (i < e && text.charCodeAt(i) === 46) {
    i++;
    while (i < e) {
      c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      seen = true;
      if (mant !== 0 || c !== 0) {
        if (++digits > 15) return slow(text, s, e);
        mant = mant * 10 + c;
      }
      exp10--;
      i++;
    }
  }
  if (!seen) return slow(text, s, e);
  if (i < e && (text.charCodeAt(i) | 32) === 101) {
    i++;
    let eneg = false;
    if (i < e) {
      c = text.charCodeAt(i);
      if (c === 45) {
        eneg = true;
        i++;
      } else if (c === 43) i++;
    }
    let ex = 0;
    let eseen = false;
    while (i < e) {
      c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      eseen = true;
      if (ex < 100000) ex = ex * 10 + c;
      i++;
    }
    if (!eseen) return NaN;
    exp10 += eneg ? -ex : ex;
  }
  if (i !== e) return slow(text, s, e);
  if (mant === 0) return neg ? -0 : 0;
  let v: number;
  if (exp10 === 0) v = mant;
  else if (exp10 > 0 && exp10 <= 22) v = mant * POW10[exp10];
  else if (exp10 < 0 && exp10 >= -22) v = mant / POW10[-exp10];
  else return slow(text, s, e);
  return neg ? -v : v;
}

/**
 * When a field did not parse, tells whether it spells a non-finite value as
 * Python, NumPy, C and JavaScript write them (nan, NaN, inf, -Infinity…).
 */
export function nonFiniteWord(text: string, s: number, e: number): 'nan' | 'inf' | null {
  let str = text.slice(s, e).trim().toLowerCase();
  if (str.startsWith('-') || str.startsWith('+')) str = str.slice(1);
  if (str === 'nan' || str === '-nan(ind)' || str === 'nan(ind)') return 'nan';
  if (str === 'inf' || str === 'infinity') return 'inf';
  return null;
}

/** True when the whole string is a decimal number (or a nan/inf word). */
export function isNumberCell(cell: string): boolean {
  if (cell.length === 0) return false;
  return !Number.isNaN(parseNumber(cell, 0, cell.length)) || nonFiniteWord(cell, 0, cell.length) !== null;
}
