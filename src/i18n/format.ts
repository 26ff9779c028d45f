/**
 * Numbers, sizes and durations written for one locale. Every count the UI shows goes
 * through `int` (one integer formatter for the whole app), so "10,000" reads "10,000" in
 * English and "10,000" in Chinese with the locale's own grouping, never "1.00e+4".
 */
import type { Locale } from './locale';

export interface Format {
  readonly locale: Locale;
  /** A whole number with grouping: 10,000. */
  int(v: number): string;
  /** A number with at most `digits` fraction digits (grouping on). */
  num(v: number, digits?: number): string;
  /** A fixed number of fraction digits: 0.250. */
  fixed(v: number, digits: number): string;
  /** A share 0..1 as a percentage: 12.5 %. */
  pct(v: number, digits?: number): string;
  /** Bytes in B / KB / MB / GB (powers of 1024). */
  bytes(v: number): string;
  /** Milliseconds as "350 ms", "2.4 s", "25 s" or "1 min 12 s". */
  ms(v: number): string;
}

const cache = new Map<Locale, Format>();

export function formatFor(locale: Locale): Format {
  const hit = cache.get(locale);
  if (hit) return hit;
  const intFmt = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const numFmts = new Map<number, Intl.NumberFormat>();
  const fixedFmts = new Map<number, Intl.NumberFormat>();
  const num = (v: number, digits = 2): string => {
    let f = numFmts.get(digits);
    if (!f) numFmts.set(digits, (f = new Intl.NumberFormat(locale, { maximumFractionDigits: digits })));
    return Number.isFinite(v) ? f.format(v) : '–';
  };
  const fixed = (v: number, digits: number): string => {
    let f = fixedFmts.get(digits);
    if (!f) fixedFmts.set(digits, (f = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits })));
    return Number.isFinite(v) ? f.format(v) : '–';
  };
  const format: Format = {
    locale,
    int: (v) => (Number.isFinite(v) ? intFmt.format(Math.round(v)) : '–'),
    num,
    fixed,
    pct: (v, digits = 1) => (Number.isFinite(v) ? `${fixed(v * 100, digits)} %` : '–'),
    bytes: (v) => {
      if (!Number.isFinite(v) || v < 0) return '–';
      if (v < 1024) return `${intFmt.format(v)} B`;
      const units = ['KB', 'MB', 'GB', 'TB'];
      let x = v / 1024;
      let u = 0;
      while (x >= 1024 && u < units.length - 1) {
        x /= 1024;
        u++;
      }
      return `${fixed(x, x < 10 ? 2 : x < 100 ? 1 : 0)} ${units[u]}`;
    },
    ms: (v) => {
      if (!Number.isFinite(v) || v < 0) return '–';
      if (v < 1000) return `${intFmt.format(v)} ms`;
      if (v < 60_000) return `${fixed(v / 1000, v < 10_000 ? 1 : 0)} s`;
      const m = Math.floor(v / 60_000);
      return `${intFmt.format(m)} min ${intFmt.format(Math.floor((v - m * 60_000) / 1000))} s`;
    },
  };
  cache.set(locale, format);
  return format;
}
