/**
 * Reading untrusted key/value pairs (a URL query, a saved session) one field at a time.
 * Each read either returns a valid value or records a Problem naming the field and
 * returns that field's default, so one bad value never spoils the others. Keys that no
 * reader asked for are reported as unknown at the end.
 */

/** What was wrong with one field, as data: the notice is written from it in the user's language. */
export type Issue =
  | { readonly kind: 'unknown-field' }
  | { readonly kind: 'unknown-value'; readonly known: readonly string[] }
  | { readonly kind: 'range'; readonly min: number; readonly max: number; readonly integer: boolean }
  | { readonly kind: 'malformed'; readonly expected: Expected }
  | { readonly kind: 'too-long'; readonly max: number }
  | { readonly kind: 'newer-version'; readonly version: number }
  /** Valid on its own but not for the data it applies to (no such column, row or component). */
  | { readonly kind: 'not-in-data' };

/** What a malformed field should have looked like (each has a sentence in the catalogue). */
export type Expected = 'file' | 'url' | 'sample' | 'camera' | 'polygon' | 'metadata-alone' | 'corpus';

export interface Problem {
  /** The field's name as it appears in the link (e.g. "perplexity", "right.seed"). */
  readonly field: string;
  /** The offending text, shortened for display. */
  readonly value: string;
  readonly issue: Issue;
}

/** Longest value shown in a notice. */
const SHOWN_CHARS = 40;

export function shorten(value: string): string {
  return value.length > SHOWN_CHARS ? `${value.slice(0, SHOWN_CHARS - 1)}…` : value;
}

export function problem(field: string, value: string, issue: Issue): Problem {
  return { field, value: shorten(value), issue };
}

/** Values longer than this are refused whatever the field (a link is not a file). */
export const MAX_VALUE_CHARS = 8192;

/** A source of raw values: a URLSearchParams, or the pairs inside a compound value. */
export interface RawFields {
  get(key: string): string | null;
  getAll(key: string): string[];
  keys(): Iterable<string>;
}

export class FieldReader {
  readonly problems: Problem[] = [];
  private readonly used = new Set<string>();

  /** `prefix` names the fields in problems (e.g. "right." for a pane's spec). */
  constructor(
    private readonly raw: RawFields,
    private readonly prefix = '',
  ) {}

  has(key: string): boolean {
    return this.raw.get(key) !== null;
  }

  /** The raw text of `key` (marked as read), or null when absent or too long. */
  text(key: string, maxChars = MAX_VALUE_CHARS): string | null {
    this.used.add(key);
    const v = this.raw.get(key);
    if (v === null) return null;
    if (v.length > maxChars) {
      this.report(key, v, { kind: 'too-long', max: maxChars });
      return null;
    }
    return v;
  }

  all(key: string, maxChars = MAX_VALUE_CHARS): string[] {
    this.used.add(key);
    return this.raw.getAll(key).filter((v) => {
      if (v.length <= maxChars) return true;
      this.report(key, v, { kind: 'too-long', max: maxChars });
      return false;
    });
  }

  /** Marks keys as read without reading them (fields that do not apply here). */
  ignore(keys: readonly string[]): void {
    for (const k of keys) this.used.add(k);
  }

  report(key: string, value: string, issue: Issue): void {
    this.problems.push(problem(this.prefix + key, value, issue));
  }

  /** A number in [min, max] (whole when `integer`); `fallback` when absent or invalid. */
  number<T>(key: string, fallback: T, min: number, max: number, integer = false): number | T {
    const v = this.text(key, 64);
    if (v === null) return fallback;
    const x = parseNumber(v);
    if (x === null || x < min || x > max || (integer && !Number.isInteger(x))) {
      this.report(key, v, { kind: 'range', min, max, integer });
      return fallback;
    }
    return x;
  }

  /** A number in range, or the word `word` (e.g. "auto"). */
  numberOr<W extends string>(key: string, word: W, fallback: number | W, min: number, max: number, integer = false): number | W {
    const v = this.text(key, 64);
    if (v === null) return fallback;
    if (v === word) return word;
    const x = parseNumber(v);
    if (x === null || x < min || x > max || (integer && !Number.isInteger(x))) {
      this.report(key, v, { kind: 'range', min, max, integer });
      return fallback;
    }
    return x;
  }

  oneOf<T extends string>(key: string, known: readonly T[], fallback: T): T {
    const v = this.text(key, 64);
    if (v === null) return fallback;
    if ((known as readonly string[]).includes(v)) return v as T;
    this.report(key, v, { kind: 'unknown-value', known });
    return fallback;
  }

  /** "1"/"on"/"true" or "0"/"off"/"false". */
  flag<T = boolean>(key: string, fallback: T): boolean | T {
    const v = this.text(key, 16);
    if (v === null) return fallback;
    if (v === '1' || v === 'on' || v === 'true') return true;
    if (v === '0' || v === 'off' || v === 'false') return false;
    this.report(key, v, { kind: 'unknown-value', known: ['1', '0'] });
    return fallback;
  }

  /** Keys present that no read asked for: reported as unknown (and otherwise ignored). */
  finish(): Problem[] {
    for (const key of new Set(this.raw.keys())) {
      if (!this.used.has(key)) this.report(key, this.raw.get(key) ?? '', { kind: 'unknown-field' });
    }
    return this.problems;
  }
}

/** A finite decimal number written plainly ("12", "-0.5", "1e-3"); null for anything else ("", "0x10", "NaN", " 1"). */
export function parseNumber(text: string): number | null {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return null;
  const x = Number(text);
  return Number.isFinite(x) ? x : null;
}

/** The pairs of a compound value "a:1,b:2" (first segment before the first comma is the head). */
export function compoundFields(value: string): { head: string; fields: RawFields } {
  const [head, ...rest] = value.split(',');
  const pairs: [string, string][] = rest.map((p) => {
    const at = p.indexOf(':');
    return at < 0 ? [p, ''] : [p.slice(0, at), p.slice(at + 1)];
  });
  return {
    head,
    fields: {
      get: (k) => pairs.find(([key]) => key === k)?.[1] ?? null,
      getAll: (k) => pairs.filter(([key]) => key === k).map(([, v]) => v),
      keys: () => pairs.map(([k]) => k),
    },
  };
}
