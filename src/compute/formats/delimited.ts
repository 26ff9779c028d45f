/**
 * A streaming CSV/TSV tokenizer (RFC 4180 plus what real files do: CRLF, LF or CR
 * line ends, quoted fields with "" escapes and line breaks, a BOM, UTF-16).
 *
 * Why our own and not papaparse or d3-dsv: papaparse's worker mode is broken under
 * Vite 8, and driving its chunk API from our own worker means re-joining partial
 * rows ourselves anyway; d3-dsv only parses a whole string (a 2 GB file is not a
 * string). More importantly both hand back a string per cell, and for a table of
 * numbers that substring-then-Number() is most of the time and garbage. This
 * tokenizer hands out field *ranges* over a block of text, so numeric cells are
 * parsed in place (see number.ts) and only metadata cells become strings.
 *
 * Chunk safety: a row cut by a chunk boundary (even inside quotes, or between '\r'
 * and '\n') is carried over and scanned again from its start when more text arrives.
 * Only rows longer than a chunk are rescanned more than once.
 */
import { SniffingDecoder } from './text';

/** Field flags: how to turn a range into the cell's text. */
export const PLAIN = 0;
/** Quoted, no escapes inside: the range already excludes the quotes. */
export const QUOTED = 1;
/** Quoted with "" escapes inside: unescape the range. */
export const ESCAPED = 2;

export interface CsvRow {
  /** The block of text the ranges point into. */
  text: string;
  /** start/end pairs. */
  bounds: Int32Array;
  flags: Uint8Array;
  count: number;
  /** 1-based line where the row starts. */
  line: number;
}

export function cellText(row: CsvRow, k: number): string {
  const s = row.text.slice(row.bounds[2 * k], row.bounds[2 * k + 1]);
  return row.flags[k] === ESCAPED ? s.replace(/""/g, '"') : s;
}

export type Delimiter = ',' | '\t' | ';' | '|';

/** The separator used most on the first line (outside quotes); ',' when none appears. */
export function guessDelimiter(firstLine: string): Delimiter {
  const counts: Record<Delimiter, number> = { ',': 0, '\t': 0, ';': 0, '|': 0 };
  let inQuotes = false;
  for (const ch of firstLine) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && ch in counts) counts[ch as Delimiter]++;
  }
  let best: Delimiter = ',';
  for (const d of ['\t', ',', ';', '|'] as const) if (counts[d] > counts[best]) best = d;
  return best;
}

export class CsvTokenizer {
  private readonly decoder = new SniffingDecoder();
  private carry = '';
  private line = 1;
  private sep = -1;
  private readonly row: CsvRow = { text: '', bounds: new Int32Array(256), flags: new Uint8Array(128), count: 0, line: 1 };
  bytes = 0;
  /** Set when the file ends inside a quoted field: the line it started on. */
  unterminatedQuoteLine = 0;

  constructor(
    private readonly onRow: (row: CsvRow) => void,
    delimiter?: Delimiter,
  ) {
    if (delimiter) this.sep = delimiter.charCodeAt(0);
  }

  get delimiter(): Delimiter | null {
    return this.sep < 0 ? null : (String.fromCharCode(this.sep) as Delimiter);
  }

  push(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    const decoded = this.decoder.decode(chunk);
    if (decoded.length) this.scan(this.carry.length ? this.carry + decoded : decoded, false);
  }

  finish(): void {
    const tail = this.decoder.decode(new Uint8Array(0), true);
    this.scan(this.carry + tail, true);
    this.carry = '';
  }

  private scan(text: string, final: boolean): void {
    if (this.sep < 0) {
      const nl = text.search(/[\r\n]/);
      if (nl < 0 && !final) {
        this.carry = text;
        return;
      }
      this.sep = guessDelimiter(nl < 0 ? text : text.slice(0, nl)).charCodeAt(0);
    }
    const len = text.length;
    let pos = 0;
    while (pos < len) {
      const next = this.scanRow(text, pos, final);
      if (next < 0) break;
      pos = next;
    }
    this.carry = pos < len ? text.slice(pos) : '';
  }

  /** Scans one row from `pos`; returns the position after it, or -1 when it is not complete yet. */
  private scanRow(text: string, pos: number, final: boolean): number {
    const sep = this.sep;
    const len = text.length;
    const row = this.row;
    let b = row.bounds;
    let flags = row.flags;
    let n = 0;
    let i = pos;
    let lines = 0; // line breaks inside quoted fields of this row
    for (;;) {
      if (2 * n + 2 > b.length) {
        const nb = new Int32Array(b.length * 2);
        nb.set(b);
        b = row.bounds = nb;
        const nf = new Uint8Array(flags.length * 2);
        nf.set(flags);
        flags = row.flags = nf;
      }
      let fs = i;
      let fe: number;
      let flag = PLAIN;
      if (i < len && text.charCodeAt(i) === 34) {
        // Quoted field: jump from quote to quote.
        let q = i + 1;
        flag = QUOTED;
        for (;;) {
          const close = text.indexOf('"', q);
          if (close < 0 || close + 1 >= len) {
            if (!final) return -1;
            if (close < 0) {
              // The file ends inside quotes: keep what there is, and say so.
              this.unterminatedQuoteLine = this.line;
              lines += countBreaks(text, q, len);
              fs = i + 1;
              fe = len;
              i = len;
              break;
            }
          }
          if (close + 1 < len && text.charCodeAt(close + 1) === 34) {
            flag = ESCAPED;
            q = close + 2;
            continue;
          }
          lines += countBreaks(text, i + 1, close);
          fs = i + 1;
          fe = close;
          i = close + 1;
          break;
        }
        // Anything between the closing quote and the separator (malformed) is kept.
        if (i < len) {
          const c = text.charCodeAt(i);
          if (c !== sep && c !== 10 && c !== 13) {
            let j = i;
            while (j < len) {
              const d = text.charCodeAt(j);
              if (d === sep || d === 10 || d === 13) break;
              j++;
            }
            if (j >= len && !final) return -1;
            fe = j;
            flag = ESCAPED;
            i = j;
          }
        }
      } else {
        while (i < len) {
          const c = text.charCodeAt(i);
          if (c === sep || c === 10 || c === 13) break;
          i++;
        }
        if (i >= len && !final) return -1;
        fe = i;
      }
      b[2 * n] = fs;
      b[2 * n + 1] = fe;
      flags[n] = flag;
      n++;
      if (i >= len) {
        this.emit(text, n, lines);
        return len;
      }
      const c = text.charCodeAt(i);
      if (c === sep) {
        i++;
        continue;
      }
      if (c === 13) {
        if (i + 1 >= len && !final) return -1;
        if (i + 1 < len && text.charCodeAt(i + 1) === 10) i++;
      }
      this.emit(text, n, lines);
      return i + 1;
    }
  }

  private emit(text: string, count: number, innerBreaks: number): void {
    const row = this.row;
    row.text = text;
    row.count = count;
    row.line = this.line;
    this.line += innerBreaks + 1;
    this.onRow(row);
  }
}

function countBreaks(text: string, s: number, e: number): number {
  // A bounded loop, not indexOf: indexOf would scan past e to the end of the block for
  // every quoted field that has no line break (most of them).
  let n = 0;
  for (let k = s; k < e; k++) {
    const c = text.charCodeAt(k);
    if (c === 10) n++;
    else if (c === 13 && text.charCodeAt(k + 1) !== 10) n++; // a lone '\r' (old Mac line end)
  }
  return n;
}
