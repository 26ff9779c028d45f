/**
 * Vector arithmetic as people type it: "king - man + woman", "paris − france + italy".
 *
 * Labels may contain a hyphen ("e-mail", "x-ray"), so operators written with spaces
 * around them are the ones that split; only when there is none does every bare + or −
 * split ("king-man+woman"). A leading sign applies to the first word. Words are looked
 * up by the caller (labels: exact first, then ignoring case).
 */

export interface ArithmeticTerm {
  readonly text: string;
  readonly sign: 1 | -1;
}

export type ArithmeticParse =
  | { readonly ok: true; readonly terms: readonly ArithmeticTerm[] }
  | { readonly ok: false; readonly problem: 'empty' | 'missing-word' };

const MINUS = /[-−–]/;
const SPACED_OPERATOR = /\s+([+\-−–])\s+/;

/** Whether the text is arithmetic (two or more words joined by + or −), not a single label. */
export function isArithmetic(text: string): boolean {
  const p = parseArithmetic(text);
  return p.ok && p.terms.length > 1;
}

export function parseArithmetic(text: string): ArithmeticParse {
  let rest = text.trim();
  if (rest === '') return { ok: false, problem: 'empty' };
  let first: 1 | -1 = 1;
  const lead = /^([+\-−–])\s*/.exec(rest);
  if (lead) {
    first = MINUS.test(lead[1]) ? -1 : 1;
    rest = rest.slice(lead[0].length);
  }
  // split() with a capture group interleaves words and operators: [w, op, w, op, w].
  const parts = SPACED_OPERATOR.test(rest) ? rest.split(SPACED_OPERATOR) : rest.split(/([+\-−–])/);
  const terms: ArithmeticTerm[] = [];
  for (let j = 0; j < parts.length; j += 2) {
    const word = parts[j].trim();
    // "king + - man": an operator where a word should be.
    if (word === '' || /^[+\-−–]\s/.test(word)) return { ok: false, problem: 'missing-word' };
    const sign: 1 | -1 = j === 0 ? first : MINUS.test(parts[j - 1]) ? -1 : 1;
    terms.push({ text: word, sign });
  }
  return { ok: true, terms };
}

export type Resolved =
  | { readonly ok: true; readonly terms: readonly { readonly index: number; readonly weight: number }[] }
  | { readonly ok: false; readonly unknown: readonly string[] };

/** Looks every word up (-1: not found); a word typed twice adds its weights. */
export function resolveTerms(terms: readonly ArithmeticTerm[], lookup: (text: string) => number): Resolved {
  const unknown: string[] = [];
  const weights = new Map<number, number>();
  for (const t of terms) {
    const index = lookup(t.text);
    if (index < 0) unknown.push(t.text);
    else weights.set(index, (weights.get(index) ?? 0) + t.sign);
  }
  if (unknown.length) return { ok: false, unknown };
  return { ok: true, terms: [...weights].map(([index, weight]) => ({ index, weight })) };
}
