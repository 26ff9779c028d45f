/**
 * Label search: a plain query matches case-insensitive substrings; a query written as
 * /pattern/flags is a regular expression. An invalid regex is reported, not thrown.
 *
 * Regular expressions run on RE2 (re2js), not on the browser's backtracking engine: RE2
 * matches in time linear in the label's length whatever the pattern, so `/(a+)+c/` cannot
 * freeze the tab (the native engine took 8.5 s on one 29-character label). The price is
 * RE2's syntax: no backreferences or lookaround, which we report as unsupported.
 *
 * Matching is a Steppable (LabelSearch), so the caller can run it in slices and keep the
 * main thread answering on a million labels; matchLabels runs it to the end.
 */
import { RE2JS } from 're2js';
import { CancelledError, pause, SliceBudget, type Pacing, type Steppable } from '../task';

export interface LabelMatch {
  readonly matches: Uint8Array;
  readonly count: number;
  /** English text of `queryError` (tests, logs); the UI words it from `queryError`. */
  readonly error: string | null;
  readonly queryError: QueryError | null;
}

/** Why a /regex/ query cannot run: a syntax error, or syntax RE2 does not have. */
export interface QueryError {
  readonly kind: 'invalid' | 'unsupported';
  /** The engine's own words (English), e.g. "missing closing ]: `[`". */
  readonly detail: string;
}

export type CompiledQuery = { readonly test: (label: string) => boolean; readonly error: null } | { readonly test: null; readonly error: QueryError };

/** Longest pattern compiled: a bound on compile time and program size, far above what anyone types. */
export const MAX_PATTERN_LENGTH = 2000;

const REGEX_QUERY = /^\/(.+)\/([a-z]*)$/s;

/** English text for a query error (the UI translates by `kind`; this is for tests and logs). */
export function queryErrorText(e: QueryError): string {
  return e.kind === 'unsupported' ? `Unsupported regular expression (linear-time engine): ${e.detail}` : `Invalid regular expression: ${e.detail}`;
}

function compileRegex(pattern: string, flags: string): CompiledQuery {
  if (pattern.length > MAX_PATTERN_LENGTH) return { test: null, error: { kind: 'unsupported', detail: `longer than ${MAX_PATTERN_LENGTH} characters` } };
  let bits = 0;
  for (const f of flags) {
    if (f === 'i') bits |= RE2JS.CASE_INSENSITIVE;
    else if (f === 'm') bits |= RE2JS.MULTILINE;
    else if (f === 's') bits |= RE2JS.DOTALL;
    // 'g' and 'y' only make JS's test() stateful; 'u' and 'v' are how RE2 works anyway.
    else if (f !== 'g' && f !== 'y' && f !== 'u' && f !== 'v') return { test: null, error: { kind: 'invalid', detail: `unknown flag "${f}"` } };
  }
  try {
    const re = RE2JS.compile(pattern, bits);
    return { test: (label) => re.test(label), error: null };
  } catch (e) {
    const detail = (e instanceof Error ? e.message : String(e)).replace(/^error parsing regexp: /, '');
    const unsupported = /unsupported|invalid escape sequence: `\\\d|invalid repeat count/.test(detail);
    return { test: null, error: { kind: unsupported ? 'unsupported' : 'invalid', detail } };
  }
}

/** Turns a query into a label test, or says why it cannot run. */
export function compileQuery(query: string): CompiledQuery {
  const regex = REGEX_QUERY.exec(query);
  if (regex) return compileRegex(regex[1], regex[2]);
  const needle = query.toLowerCase();
  return { test: (label) => label.toLowerCase().includes(needle), error: null };
}

/**
 * Matching as bounded steps: `step(budget)` tests about `budget` labels. The result is
 * ready once step() returns true.
 */
export class LabelSearch implements Steppable<number, LabelMatch> {
  private readonly matches: Uint8Array;
  private readonly test: ((label: string) => boolean) | null;
  private readonly error: QueryError | null;
  private next = 0;
  private count = 0;

  constructor(
    private readonly labels: readonly string[],
    readonly query: string,
  ) {
    this.matches = new Uint8Array(labels.length);
    const compiled = compileQuery(query);
    this.test = compiled.test;
    this.error = compiled.error;
  }

  /** Why the query cannot run, or null. */
  get queryError(): QueryError | null {
    return this.error;
  }

  step(budget: number): boolean {
    const test = this.test;
    if (!test) return true;
    const end = Math.min(this.labels.length, this.next + Math.max(1, Math.floor(budget)));
    const { labels, matches } = this;
    let count = this.count;
    for (let i = this.next; i < end; i++) {
      if (test(labels[i])) {
        matches[i] = 1;
        count++;
      }
    }
    this.count = count;
    this.next = end;
    return end >= labels.length;
  }

  progress(): number {
    return this.labels.length === 0 || !this.test ? 1 : this.next / this.labels.length;
  }

  snapshot(): number {
    return this.count;
  }

  result(): LabelMatch {
    return { matches: this.matches, count: this.count, error: this.error ? queryErrorText(this.error) : null, queryError: this.error };
  }
}

/** Matches every label at once (small inputs, tests). */
export function matchLabels(labels: readonly string[], query: string): LabelMatch {
  const search = new LabelSearch(labels, query);
  search.step(labels.length);
  return search.result();
}

/**
 * Matches in slices of about `sliceMs` (default 20), giving the event loop a turn between
 * slices so typing, clicks and paints go on during a search over a million labels. The
 * first slice runs at once, so a small dataset is answered in one go. Throws
 * CancelledError when the signal aborts (a newer query).
 */
export async function searchSliced(labels: readonly string[], query: string, pacing: Pacing = {}): Promise<LabelMatch> {
  const search = new LabelSearch(labels, query);
  const budget = new SliceBudget(pacing.sliceMs ?? 20, pacing.now);
  for (;;) {
    if (pacing.signal?.aborted) throw new CancelledError();
    if (budget.fill((b) => search.step(b * 64))) return search.result();
    await pause(pacing);
  }
}
