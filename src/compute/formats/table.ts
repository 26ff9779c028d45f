/**
 * What every parser produces (ParsedTable), the growable float storage they fill,
 * and the step from a parsed table to a Dataset.
 */
import { inferColumn, validateDataset, type Column, type FullDataset, type Metric, type StoredLayout } from '../dataset';
import type { MemoryMeter } from './meter';

/** A metadata column as read: one string per row, '' for a missing cell. */
export interface RawColumn {
  name: string;
  cells: string[];
}

export interface ParsedTable {
  n: number;
  dim: number;
  /** n × dim, row-major. */
  vectors: Float32Array;
  /**
   * The column each dimension was read from, when the dimensions are named columns of a
   * table (CSV, a Parquet table of float columns); absent for a packed vector (a list
   * column, an array). Layout detection (layoutColumns.ts) reads it.
   */
  vectorNames?: string[];
  /** One label per row, or null when the file has none (toDataset uses row numbers). */
  labels: string[] | null;
  /**
   * Where the labels could come from, for formats whose labels are one of several columns
   * (Parquet, CSV with a header): the text columns, and the one used (null: row numbers).
   */
  labelChoice?: LabelChoice;
  columns: RawColumn[];
  warnings: string[];
  /** Rows skipped because of NaN/Infinity under `nonFinite: 'drop'` (also in warnings). */
  droppedRows: number;
  /**
   * 0-based positions of the dropped rows among the file's data rows, so a separate
   * metadata file can drop the same rows before it is joined.
   */
  droppedIndices: number[];
}

export type NonFinitePolicy = 'error' | 'drop';

/** The columns that could label the rows (text, by the parser's rule) and the one used; null = row numbers. */
export interface LabelChoice {
  readonly columns: readonly string[];
  readonly chosen: string | null;
}

/** Options every parser accepts. */
export interface ParseOptions {
  /** Named in every message; defaults to "file". */
  fileName?: string;
  /** Total size when known: used for memory checks and progress. */
  fileBytes?: number;
  /** Refuse (before allocating) when the estimated peak memory exceeds this many bytes. */
  memoryBudget?: number;
  /** What to do with rows holding NaN or ±Infinity (default 'error'). */
  nonFinite?: NonFinitePolicy;
  /** Charged for every table allocation and every metered stream (see meter.ts). */
  meter?: MemoryMeter;
}

export function fileNameOf(opts: ParseOptions | undefined): string {
  return opts?.fileName ?? 'file';
}

/**
 * Float storage that grows in blocks of whole rows (never one huge doubling array:
 * that would copy everything log(n) times and peak at 3×), joined into one
 * Float32Array at the end. Blocks start small (a ten-row file must not take 4 MB of a
 * small memory budget) and double up to `blockFloats`. When the row count is known up
 * front it is a single exact block and the join is free.
 */
/** The first block when the row count is unknown: 256 KB. */
const FIRST_BLOCK_FLOATS = 1 << 16;

export class FloatBuilder {
  private readonly blocks: Float32Array[] = [];
  private cur: Float32Array;
  private pos = 0;
  private readonly blockRows: number;
  /** Rows appended so far. */
  rows = 0;

  constructor(
    readonly dim: number,
    expectedRows?: number,
    blockFloats = 1 << 20,
    private readonly meter?: MemoryMeter,
    private readonly file = 'file',
  ) {
    this.blockRows = Math.max(1, Math.floor(blockFloats / dim));
    const first = expectedRows !== undefined && expectedRows > 0 ? expectedRows : Math.min(this.blockRows, Math.max(1, Math.floor(FIRST_BLOCK_FLOATS / dim)));
    this.cur = this.alloc(first * dim);
  }

  /** A block, charged to the meter first (so a refused block is never allocated). */
  private alloc(floats: number): Float32Array {
    this.meter?.allocate(this.file, floats * 4);
    return new Float32Array(floats);
  }

  /** Copies one row (the first dim values of `values`). */
  appendRow(values: Float32Array): void {
    if (this.pos + this.dim > this.cur.length) this.grow();
    if (values.length === this.dim) this.cur.set(values, this.pos);
    else this.cur.set(values.subarray(0, this.dim), this.pos);
    this.pos += this.dim;
    this.rows++;
  }

  private grow(): void {
    this.blocks.push(this.cur);
    const rows = Math.min(this.blockRows, Math.max(1, 2 * (this.cur.length / this.dim)));
    this.cur = this.alloc(rows * this.dim);
    this.pos = 0;
  }

  /** All rows in one array. The builder must not be used afterwards. */
  finish(): Float32Array {
    const total = this.rows * this.dim;
    if (this.blocks.length === 0) {
      // A single block: hand it over when exactly full, else copy the used part so a
      // transfer to another thread does not carry the spare capacity along.
      if (this.cur.length === total) return this.cur;
      const exact = this.alloc(total);
      exact.set(this.cur.subarray(0, total));
      this.meter?.release(this.cur.length * 4);
      this.cur = new Float32Array(0);
      return exact;
    }
    // The joined copy and the blocks coexist until the copy is done: the meter sees both.
    const out = this.alloc(total);
    let off = 0;
    let held = this.cur.length;
    for (let i = 0; i < this.blocks.length; i++) {
      out.set(this.blocks[i], off);
      off += this.blocks[i].length;
      held += this.blocks[i].length;
      // Let each block go as soon as it is copied so the peak stays near 2× not more.
      this.blocks[i] = new Float32Array(0);
    }
    out.set(this.cur.subarray(0, this.pos), off);
    this.cur = new Float32Array(0);
    this.meter?.release(held * 4);
    return out;
  }
}

/** Words that mark a column as the natural row label, in order of preference. */
const LABEL_NAMES = ['label', 'labels', 'word', 'token', 'name', 'title', 'text', 'id'];

function looksNumeric(cells: readonly string[]): boolean {
  let present = 0;
  for (const c of cells) {
    if (c === '') continue;
    present++;
    if (!Number.isFinite(Number(c))) return false;
    if (present > 1000) break;
  }
  return present > 0;
}

/** True when a metadata column holds text (not only numbers): one that could label rows. */
export function isTextColumn(column: RawColumn): boolean {
  return !looksNumeric(column.cells);
}

/**
 * Which metadata column to use as labels: one named like a label, else the first
 * column that is not numeric (iris: "class", not "sepal-length"), else the first.
 */
export function pickLabelColumn(columns: readonly RawColumn[]): number {
  if (columns.length === 0) return -1;
  for (const want of LABEL_NAMES) {
    const i = columns.findIndex((c) => c.name.trim().toLowerCase() === want);
    if (i >= 0) return i;
  }
  const text = columns.findIndex((c) => !looksNumeric(c.cells));
  return text >= 0 ? text : 0;
}

/** Row numbers as labels ("0", "1", …) for files without any. */
export function rowNumberLabels(n: number): string[] {
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = String(i);
  return out;
}

/** What the table → dataset step found beside the table (layoutColumns.ts): layouts, and numbers that are metadata. */
export interface TableExtras {
  readonly layouts?: readonly StoredLayout[];
  readonly numberColumns?: readonly Column[];
}

/**
 * Turns a parsed table into the app's Dataset: labels default to row numbers,
 * metadata columns are typed by `inferColumn`, and the result is validated.
 */
export function toDataset(table: ParsedTable, id: string, name: string, metric: Metric = 'cosine', extras: TableExtras = {}): FullDataset {
  const labels = table.labels ?? rowNumberLabels(table.n);
  const columns = [...table.columns.map((c) => inferColumn(c.name, c.cells)), ...(extras.numberColumns ?? [])];
  const layouts = extras.layouts ?? [];
  const ds: FullDataset = { id, name, n: table.n, dim: table.dim, vectors: table.vectors, labels, columns, metric, ...(layouts.length > 0 ? { layouts } : {}) };
  validateDataset(ds);
  return ds;
}

/** Warning text for dropped non-finite rows (never silent). */
export function droppedWarning(dropped: number, firstLines: readonly number[], unit = 'line'): string {
  const where = firstLines.length ? ` (${unit}${firstLines.length > 1 ? 's' : ''} ${firstLines.join(', ')}${dropped > firstLines.length ? ', …' : ''})` : '';
  return `dropped ${dropped} row${dropped === 1 ? '' : 's'} containing NaN or Infinity${where}`;
}
