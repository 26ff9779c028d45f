/**
 * Writing cells that other programs read back exactly and safely.
 *
 * - Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` (and, in some, a tab
 *   or carriage return) as a formula: a label such as `=HYPERLINK("http://evil", "x")`
 *   would become a live link (CSV injection, OWASP). `neutraliseFormula` puts an
 *   apostrophe in front of such text, which every spreadsheet shows as-is and never
 *   evaluates. Plain numbers ("-0.25", "+3") are left alone: they are data, not formulas.
 * - CSV cells are quoted (RFC 4180) when they hold the separator, a quote or a line
 *   break. TSV has no quoting: tabs and line breaks inside a cell become spaces (the
 *   TensorBoard projector and our own reader split rows on every tab and newline).
 * - Float32 values are written with the fewest digits that read back as the same
 *   float32, so an exported coordinate equals the one on screen, bit for bit.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** `text` made safe to open in a spreadsheet: formula-like text gets a leading apostrophe. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** One CSV cell (neutralised, then quoted when needed). */
export function csvCell(text: string): string {
  const safe = neutraliseFormula(text);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One TSV cell for a spreadsheet (neutralised; tabs and line breaks become spaces). */
export function tsvCell(text: string): string {
  // Neutralise first: a cell that starts with a tab is formula-like before it is flattened.
  return flattenWhitespace(neutraliseFormula(text));
}

/** Tabs and line breaks become spaces, so a cell can never split a TSV row. */
export function flattenWhitespace(text: string): string {
  return text.replace(/[\t\r\n]/g, ' ');
}

/**
 * The shortest decimal text that reads back (Number → Math.fround) as exactly `v`, a
 * float32 value; '' for NaN and ±Infinity (a missing value in CSV and TSV).
 */
export function float32Text(v: number): string {
  if (!Number.isFinite(v)) return '';
  const f = Math.fround(v);
  if (Number.isInteger(f) && Math.abs(f) < 1e21) return String(f);
  for (let digits = 6; digits < 9; digits++) {
    const s = Number(f.toPrecision(digits));
    if (Math.fround(s) === f) return shorter(s, f, digits);
  }
  return String(Number(f.toPrecision(9)));
}

/** Tries fewer digits than the first that worked (most values need 7–9; some fewer). */
function shorter(s: number, f: number, digits: number): string {
  let best = s;
  for (let d = digits - 1; d >= 1; d--) {
    const t = Number(f.toPrecision(d));
    if (Math.fround(t) !== f) break;
    best = t;
  }
  return String(best);
}
