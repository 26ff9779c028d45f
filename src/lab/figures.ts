/** Number formatting the lab's figures need beyond the shared Format. */
import type { Format } from '../i18n/format';

/**
 * A figure with about three significant digits, however small: one update moves a dot
 * product by 0.00006 at the start of training and by 0.3 later, and both must read as
 * numbers, not as 0.000.
 */
export function sig(f: Format, v: number): string {
  if (!Number.isFinite(v)) return '–';
  if (v === 0) return f.int(0);
  const digits = Math.max(2, Math.min(8, 2 - Math.floor(Math.log10(Math.abs(v)))));
  return f.num(v, digits);
}

/** A signed change: +0.0012 / −0.0012. */
export function signed(f: Format, v: number): string {
  if (!Number.isFinite(v)) return '–';
  return `${v > 0 ? '+' : v < 0 ? '−' : '±'}${sig(f, Math.abs(v))}`;
}
