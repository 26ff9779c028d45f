/**
 * The shared back half of every text parser: numeric fields → a checked row →
 * float storage, with the same rules everywhere for ragged rows, non-numeric fields,
 * NaN/Infinity (error or drop, never silent) and memory limits.
 */
import { ParseError, ProblemLog, type LocationUnit } from './errors';
import { checkMemoryBudget } from './memory';
import { nonFiniteWord, parseNumber } from './number';
import { droppedWarning, FloatBuilder, fileNameOf, type NonFinitePolicy, type ParseOptions, type ParsedTable, type RawColumn } from './table';

const MAX_DROPPED_LINES_SHOWN = 10;
/** The widest row any parser accepts (a million dimensions: far past any embedding). */
export const MAX_DIM = 1 << 20;

export class RowCollector {
  readonly file: string;
  readonly problems: ProblemLog;
  readonly policy: NonFinitePolicy;
  dim = 0;
  private builder: FloatBuilder | null = null;
  /** Values of the row being parsed. */
  scratch = new Float32Array(0);
  /** Data rows seen, kept or dropped (their 0-based index is the row's position in the file). */
  seen = 0;
  readonly droppedIndices: number[] = [];
  private readonly droppedLines: number[] = [];
  private nonFiniteValues = 0;
  readonly warnings: string[] = [];

  constructor(
    readonly opts: ParseOptions,
    readonly unit: LocationUnit = 'line',
  ) {
    this.file = fileNameOf(opts);
    this.problems = new ProblemLog(this.file, unit);
    this.policy = opts.nonFinite ?? 'error';
  }

  get rows(): number {
    return this.builder?.rows ?? 0;
  }

  /** Charges a kept string (a label, a metadata cell) to the memory meter; returns it. */
  keep(s: string): string {
    this.opts.meter?.keepText(this.file, s.length);
    return s;
  }

  get started(): boolean {
    return this.builder !== null;
  }

  /**
   * Fixes the width and allocates storage. `bytesPerRow` (text) or `exactRows`
   * (a header's count) feed the memory check, which runs before any allocation.
   */
  start(dim: number, hints: { exactRows?: number; bytesPerRow?: number } = {}): void {
    // A header can claim any width: refuse the absurd before allocating even one row.
    if (!Number.isSafeInteger(dim) || dim < 1 || dim > MAX_DIM) throw ParseError.whole(this.file, `cannot hold rows of ${dim} values (at most ${MAX_DIM.toLocaleString('en-US')})`);
    this.dim = dim;
    const { fileBytes, memoryBudget } = this.opts;
    if (memoryBudget !== undefined) {
      checkMemoryBudget(fileBytes ?? 0, dim, memoryBudget, {
        file: this.file,
        rows: hints.exactRows,
        bytesPerRow: hints.bytesPerRow,
        peakFactor: hints.exactRows !== undefined ? 1 : 2,
      });
    }
    this.scratch = new Float32Array(dim);
    try {
      this.builder = new FloatBuilder(dim, hints.exactRows, undefined, this.opts.meter, this.file);
    } catch (e) {
      if (e instanceof ParseError) throw e;
      // A header can claim any size; the engine refuses giant arrays with a RangeError.
      throw ParseError.whole(this.file, `too large to open here: ${hints.exactRows ?? '?'} rows × ${dim} dims`);
    }
  }

  /**
   * Parses `count` fields whose start/end pairs are in b[2*first…] into scratch[offset…].
   * Logs the first non-numeric field and returns false for a bad row.
   * `column0` is the 1-based column number of the first field (for messages).
   */
  parseFields(text: string, b: Int32Array, first: number, count: number, offset: number, line: number, column0: number): boolean {
    const out = this.scratch;
    for (let k = 0; k < count; k++) {
      const s = b[2 * (first + k)];
      const e = b[2 * (first + k) + 1];
      const v = parseNumber(text, s, e);
      if (v !== v) {
        const word = nonFiniteWord(text, s, e);
        if (word === null) {
          this.problems.add(line, `not a number: ${quote(text.slice(s, e))}`, column0 + k);
          return false;
        }
        out[offset + k] = word === 'nan' ? NaN : text.charCodeAt(s) === 45 ? -Infinity : Infinity;
      } else out[offset + k] = v;
    }
    return true;
  }

  /**
   * Commits scratch as the next data row, applying the non-finite policy. Returns
   * true when the row was kept (so the caller keeps its label/metadata too).
   */
  commit(line: number): boolean {
    const index = this.seen++;
    const row = this.scratch;
    let bad = -1;
    let badCount = 0;
    for (let j = 0; j < this.dim; j++) {
      const v = row[j];
      if (v - v !== 0) {
        if (bad < 0) bad = j;
        badCount++;
      }
    }
    if (bad >= 0) {
      this.nonFiniteValues += badCount;
      if (this.policy === 'error') {
        const what = Number.isNaN(row[bad]) ? 'NaN' : row[bad] > 0 ? 'Infinity' : '-Infinity';
        const more = badCount > 1 ? ` (and ${badCount - 1} more non-finite value${badCount > 2 ? 's' : ''} in this row)` : '';
        this.problems.add(line, `value ${bad + 1} is ${what}${more}; choose "drop rows with NaN/Infinity" to skip such rows`);
        return false;
      }
      this.droppedIndices.push(index);
      if (this.droppedLines.length < MAX_DROPPED_LINES_SHOWN) this.droppedLines.push(line);
      return false;
    }
    (this.builder as FloatBuilder).appendRow(row);
    return true;
  }

  /** The table, or the collected problems as a ParseError. */
  finish(labels: string[] | null, columns: RawColumn[], extraWarnings: readonly string[] = []): ParsedTable {
    if (this.rows === 0 && this.problems.count === 0) {
      this.problems.add(0, this.seen > 0 ? `all ${this.seen} rows hold NaN or Infinity and were dropped` : 'no rows of numbers found');
    }
    this.problems.throwIfAny();
    const warnings = [...this.warnings, ...extraWarnings];
    const dropped = this.droppedIndices.length;
    if (dropped > 0) {
      warnings.push(
        droppedWarning(dropped, this.droppedLines, this.unit) + ` — ${this.nonFiniteValues} non-finite value${this.nonFiniteValues === 1 ? '' : 's'} in all`,
      );
    }
    const builder = this.builder ?? new FloatBuilder(Math.max(1, this.dim), 0);
    const n = builder.rows;
    const vectors = builder.finish();
    return { n, dim: this.dim, vectors, labels, columns, warnings, droppedRows: dropped, droppedIndices: this.droppedIndices };
  }
}

/** A field quoted for a message, cut short when long. */
export function quote(s: string, max = 40): string {
  const t = s.length > max ? s.slice(0, max) + '…' : s;
  return JSON.stringify(t);
}

/**
 * The non-finite rule for binary formats, applied once the whole array is in:
 * 'error' lists the first rows holding NaN/Infinity; 'drop' compacts them away in
 * place (no second array) and says how many went.
 */
export function finishBinaryRows(
  vectors: Float32Array,
  n: number,
  dim: number,
  opts: ParseOptions,
  labels: string[] | null = null,
): ParsedTable {
  const file = fileNameOf(opts);
  const policy = opts.nonFinite ?? 'error';
  const problems = new ProblemLog(file, 'row');
  const droppedIndices: number[] = [];
  const droppedRows: number[] = [];
  let nonFinite = 0;
  let w = 0;
  for (let i = 0; i < n; i++) {
    const base = i * dim;
    let bad = -1;
    let count = 0;
    for (let j = 0; j < dim; j++) {
      const v = vectors[base + j];
      if (v - v !== 0) {
        if (bad < 0) bad = j;
        count++;
      }
    }
    if (bad >= 0) {
      nonFinite += count;
      if (policy === 'error') {
        const v = vectors[base + bad];
        const what = Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
        problems.add(i + 1, `value ${bad + 1} is ${what}${count > 1 ? ` (and ${count - 1} more in this row)` : ''}; choose "drop rows with NaN/Infinity" to skip such rows`);
        continue;
      }
      droppedIndices.push(i);
      if (droppedRows.length < MAX_DROPPED_LINES_SHOWN) droppedRows.push(i + 1);
      continue;
    }
    if (w !== i) vectors.copyWithin(w * dim, base, base + dim);
    if (labels && w !== i) labels[w] = labels[i];
    w++;
  }
  if (w === 0 && problems.count === 0) problems.add(0, n > 0 ? `all ${n} rows hold NaN or Infinity and were dropped` : 'the array has no rows');
  problems.throwIfAny();
  const warnings: string[] = [];
  if (droppedIndices.length > 0) {
    warnings.push(droppedWarning(droppedIndices.length, droppedRows, 'row') + ` — ${nonFinite} non-finite value${nonFinite === 1 ? '' : 's'} in all`);
    if (labels) labels.length = w;
  }
  // A compacted array is copied to its exact size so a transfer does not carry the tail.
  if (w !== n) opts.meter?.allocate(file, w * dim * 4);
  const out = w === n ? vectors : vectors.slice(0, w * dim);
  return { n: w, dim, vectors: out, labels, columns: [], warnings, droppedRows: droppedIndices.length, droppedIndices };
}

/** True on little-endian hosts (every browser in practice); binary readers byte-swap otherwise. */
export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
