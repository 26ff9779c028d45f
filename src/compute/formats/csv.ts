/**
 * CSV/TSV tables with a header: the numeric columns form the vector (unless the
 * caller names them), every other column is metadata. A table whose vector sits in
 * one column — a JSON array "[0.1, 0.2]" or space-separated numbers — works too.
 *
 * Which columns are numeric is decided from the first rows (held back, then
 * replayed), after which the rest of the file streams through without buffering.
 * A later non-number in a vector column is an error naming line and column.
 */
import { cellText, CsvTokenizer, ESCAPED, type CsvRow, type Delimiter } from './delimited';
import { emptyError, ParseError } from './errors';
import { isNumberCell, nonFiniteWord, parseNumber } from './number';
import { quote, RowCollector } from './rows';
import type { StreamParser } from './stream';
import { isTextColumn, pickLabelColumn, type ParseOptions, type ParsedTable, type RawColumn } from './table';

export interface CsvOptions extends ParseOptions {
  /** Field separator; guessed from the first line when omitted. */
  delimiter?: Delimiter;
  /** Whether the first row names the columns; 'auto' (default) decides from the first rows. */
  header?: boolean | 'auto';
  /** Columns that form the vector, in this order (default: every numeric column). */
  vectorColumns?: string[];
  /** One column holding the whole vector as a JSON array or space-separated numbers. */
  vectorColumn?: string;
  /** Column to use as labels (default: one named like label/word/name…, else the first text column). */
  labelColumn?: string;
}

/** Rows held back to decide the header and the vector columns. */
const SAMPLE_ROWS = 50;
/** Column names that are row ids, not dimensions, even when numeric. */
const ID_NAMES = new Set(['', 'id', 'index', 'idx', 'row', 'unnamed: 0', 'column 1']);

interface Plan {
  names: string[];
  width: number;
  /** Column index of each vector value (numeric-columns layout). */
  vecCols: number[];
  /** Column holding the packed vector, or -1. */
  packed: number;
  metaCols: number[];
}

/** Numbers from one cell: "[1, 2, 3]", "1 2 3" or "1,2,3". Returns the count, or -1 at a non-number. */
function unpack(cell: string, out: Float32Array | null): number {
  let s = cell.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  let n = 0;
  let i = 0;
  const len = s.length;
  for (;;) {
    while (i < len) {
      const c = s.charCodeAt(i);
      if (c !== 32 && c !== 44 && c !== 9 && c !== 10 && c !== 13) break;
      i++;
    }
    if (i >= len) return n;
    const st = i;
    while (i < len) {
      const c = s.charCodeAt(i);
      if (c === 32 || c === 44 || c === 9 || c === 10 || c === 13) break;
      i++;
    }
    let v = parseNumber(s, st, i);
    if (v !== v) {
      const w = nonFiniteWord(s, st, i);
      if (w === null) return -1;
      v = w === 'nan' ? NaN : s.charCodeAt(st) === 45 ? -Infinity : Infinity;
    }
    if (out) {
      if (n >= out.length) return n + 1;
      out[n] = v;
    }
    n++;
  }
}

function uniqueNames(raw: string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((r, j) => {
    const base = r.trim() === '' ? `column ${j + 1}` : r.trim();
    const k = seen.get(base) ?? 0;
    seen.set(base, k + 1);
    return k === 0 ? base : `${base} (${k + 1})`;
  });
}

export function csvParser(opts: CsvOptions = {}): StreamParser<ParsedTable> {
  const rows = new RowCollector(opts);
  const file = rows.file;
  let sample: { cells: string[]; line: number }[] | null = [];
  let plan: Plan | null = null;
  let meta: RawColumn[] = [];
  let sawContent = false;

  const isBlankRow = (r: CsvRow): boolean => r.count === 1 && r.bounds[0] === r.bounds[1] && r.flags[0] === 0;

  const decide = (): void => {
    const held = sample as { cells: string[]; line: number }[];
    sample = null;
    if (held.length === 0) return;
    const first = held[0].cells;
    const second = held[1]?.cells;
    let header: boolean;
    if (opts.header !== undefined && opts.header !== 'auto') header = opts.header;
    else if (!second) header = !first.some(isNumberCell);
    else {
      const trigger = second.some((c, j) => isNumberCell(c) && !isNumberCell(first[j] ?? ''));
      header = trigger || !first.some(isNumberCell);
    }
    const width = first.length;
    const names = header ? uniqueNames(first) : first.map((_, j) => `column ${j + 1}`);
    const data = header ? held.slice(1) : held;
    if (data.length === 0) throw ParseError.whole(file, 'only a header row, no data');
    const find = (name: string, what: string): number => {
      const j = names.indexOf(name);
      if (j < 0) throw ParseError.whole(file, `no column named ${quote(name)} for ${what}; the columns are ${names.map((n) => quote(n)).join(', ')}`);
      return j;
    };
    let vecCols: number[] = [];
    let packed = -1;
    if (opts.vectorColumn !== undefined) packed = find(opts.vectorColumn, 'the vector');
    else if (opts.vectorColumns) vecCols = opts.vectorColumns.map((c) => find(c, 'the vector'));
    else {
      // Numeric when most sampled cells are numbers: one typo in the first rows must not
      // silently turn a dimension into metadata (the typo is reported as an error instead).
      const numeric = names.map((_, j) => data.filter((r) => isNumberCell(r.cells[j] ?? '')).length >= 0.75 * data.length);
      for (let j = 0; j < names.length; j++) {
        if (!numeric[j]) continue;
        if (ID_NAMES.has(names[j].toLowerCase()) && header) {
          rows.warnings.push(`column ${quote(names[j])} looks like a row id and was kept as metadata, not as a dimension (pick the vector columns to change this)`);
          continue;
        }
        vecCols.push(j);
      }
      if (vecCols.length === 0) {
        // No numeric columns: look for one column holding whole vectors.
        for (let j = 0; j < names.length && packed < 0; j++) {
          const lens = data.map((r) => unpack(r.cells[j] ?? '', null));
          if (lens.length > 0 && lens[0] >= 2 && lens.every((l) => l === lens[0])) packed = j;
        }
      }
      if (vecCols.length === 0 && packed < 0) {
        throw ParseError.whole(file, `no numeric columns found to use as vectors; the columns are ${names.map((n) => quote(n)).join(', ')}`);
      }
    }
    let dim = vecCols.length;
    if (packed >= 0) {
      const firstData = data[0];
      dim = firstData ? unpack(firstData.cells[packed] ?? '', null) : 0;
      if (dim < 1) throw ParseError.at(file, firstData?.line ?? 1, `column ${quote(names[packed])} does not hold a list of numbers`);
    }
    const used = new Set(packed >= 0 ? [packed] : vecCols);
    const metaCols = names.map((_, j) => j).filter((j) => !used.has(j));
    meta = metaCols.map((j) => ({ name: names[j], cells: [] }));
    plan = { names, width, vecCols, packed, metaCols };
    const bytesPerRow = held.length > 1 ? held[held.length - 1].cells.join(',').length + 1 : 64;
    rows.start(dim, { bytesPerRow });
    for (const r of data) addRow(arrayRow(r.cells, r.line));
  };

  const addRow = (r: CsvRow): void => {
    const p = plan as Plan;
    if (r.count !== p.width) {
      rows.problems.add(r.line, `expected ${p.width} fields, got ${r.count}`);
      return;
    }
    const out = rows.scratch;
    if (p.packed >= 0) {
      const cell = cellText(r, p.packed);
      const got = unpack(cell, out);
      if (got < 0) {
        rows.problems.add(r.line, `column ${quote(p.names[p.packed])} holds a non-number: ${quote(cell)}`, p.packed + 1);
        return;
      }
      if (got !== rows.dim) {
        rows.problems.add(r.line, `expected ${rows.dim} values, got ${got}`, p.packed + 1);
        return;
      }
    } else {
      const cols = p.vecCols;
      const text = r.text;
      for (let k = 0; k < cols.length; k++) {
        const j = cols[k];
        let v: number;
        if (r.flags[j] === ESCAPED) {
          const c = cellText(r, j);
          v = parseNumber(c, 0, c.length);
        } else v = parseNumber(text, r.bounds[2 * j], r.bounds[2 * j + 1]);
        if (v !== v) {
          const s = r.bounds[2 * j];
          const e = r.bounds[2 * j + 1];
          const w = nonFiniteWord(text, s, e);
          if (w === null) {
            rows.problems.add(r.line, s === e ? `column ${quote(p.names[j])} is empty` : `column ${quote(p.names[j])}: not a number: ${quote(cellText(r, j))}`, j + 1);
            return;
          }
          v = w === 'nan' ? NaN : text.charCodeAt(s) === 45 ? -Infinity : Infinity;
        }
        out[k] = v;
      }
    }
    if (!rows.commit(r.line)) return;
    for (let k = 0; k < p.metaCols.length; k++) meta[k].cells.push(rows.keep(cellText(r, p.metaCols[k])));
  };

  const tokenizer = new CsvTokenizer((r) => {
    if (isBlankRow(r)) return;
    sawContent = true;
    if (sample) {
      const cells: string[] = [];
      for (let k = 0; k < r.count; k++) cells.push(cellText(r, k));
      sample.push({ cells, line: r.line });
      if (sample.length >= SAMPLE_ROWS) decide();
      return;
    }
    if (plan) addRow(r);
  }, opts.delimiter);

  return {
    get rows() {
      return rows.rows;
    },
    push(chunk) {
      tokenizer.push(chunk);
    },
    finish() {
      tokenizer.finish();
      if (tokenizer.unterminatedQuoteLine > 0) {
        // Everything after an unclosed quote is one field: that is the problem to report.
        rows.problems.add(tokenizer.unterminatedQuoteLine, 'a quoted field starts here and is never closed');
        rows.problems.throwIfAny();
      }
      if (sample) decide();
      if (!sawContent) throw emptyError(file, tokenizer.bytes);
      let labels: string[] | null = null;
      let k = -1;
      if (opts.labelColumn !== undefined) {
        k = meta.findIndex((c) => c.name === opts.labelColumn);
        if (k < 0) throw ParseError.whole(file, `no metadata column named ${quote(opts.labelColumn)} for labels`);
      } else k = pickLabelColumn(meta);
      if (k >= 0) labels = meta[k].cells.slice();
      const table = rows.finish(labels, meta);
      // The text columns could label the rows too (and the one used, even a numeric one).
      table.labelChoice = { columns: meta.filter((c, j) => j === k || isTextColumn(c)).map((c) => c.name), chosen: k >= 0 ? meta[k].name : null };
      // Dimensions read from named columns: layout detection (layoutColumns.ts) looks at their names.
      const p = plan as Plan | null;
      if (p && p.packed < 0) table.vectorNames = p.vecCols.map((j) => p.names[j]);
      return table;
    },
  };
}

/** A held-back row (plain strings) in the shape the tokenizer hands out. */
function arrayRow(cells: string[], line: number): CsvRow {
  const text = cells.join('');
  const bounds = new Int32Array(cells.length * 2);
  let off = 0;
  cells.forEach((c, k) => {
    bounds[2 * k] = off;
    off += c.length;
    bounds[2 * k + 1] = off;
  });
  return { text, bounds, flags: new Uint8Array(cells.length), count: cells.length, line };
}
