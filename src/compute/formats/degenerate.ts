/**
 * Data that parses but cannot make a map: refused with the reason, before it replaces the
 * user's map (0 or 1 row, 1 dimension, every row the same point, a labels file read as
 * vectors), or shown with a plain note (constant dimensions, all-zero rows under cosine).
 * One pass over the table; pure, so every rule is tested on small tables.
 */
import type { Metric } from '../dataset';
import { ParseError, type ErrorParams } from './errors';
import type { FormatId } from './sniff';
import type { ParsedTable } from './table';

/** Something true of the data that the user should know, worded by the UI from `code`. */
export interface LoadNote {
  readonly code: 'constantColumns' | 'zeroRows';
  readonly params: ErrorParams;
  /** The English text. */
  readonly text: string;
}

const plural = (n: number, one: string, many: string): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** Throws the reason a table cannot be mapped. */
function refuse(table: ParsedTable, file: string, format: FormatId): void {
  if (table.n === 0) throw ParseError.coded(file, 'noRows', {}, 'holds no rows of numbers: there is nothing to draw');
  if (table.dim === 1) {
    // A header table with one number column beside text (word, count): TensorBoard's labels file.
    if (format === 'csv' && table.labels !== null) {
      throw ParseError.coded(file, 'metadataOnly', {}, 'this looks like a metadata file (labels and a number per row, no vectors); load it together with its vectors');
    }
    throw ParseError.coded(
      file,
      'oneDimension',
      {},
      'has one number per row (1 dimension): there is nothing to lay out in two. If it is a labels or metadata file, load it together with its vectors.',
    );
  }
  if (table.n === 1) throw ParseError.coded(file, 'oneRow', {}, 'holds a single row: a map needs at least two points');
}

/**
 * Refuses data that cannot make a map (ParseError with a code) and returns notes about
 * data that can, but has dimensions or rows that carry nothing.
 */
export function inspectTable(table: ParsedTable, file: string, format: FormatId, metric: Metric): LoadNote[] {
  refuse(table, file, format);
  const { n, dim, vectors } = table;
  const differs = new Uint8Array(dim);
  let zeroRows = 0;
  let sameAsFirst = 0;
  for (let i = 0; i < n; i++) {
    const base = i * dim;
    let zero = true;
    let same = true;
    for (let j = 0; j < dim; j++) {
      const v = vectors[base + j];
      if (v !== 0) zero = false;
      if (v !== vectors[j]) {
        same = false;
        differs[j] = 1;
      }
    }
    if (zero) zeroRows++;
    if (same) sameAsFirst++;
  }
  if (sameAsFirst === n) {
    throw ParseError.coded(file, 'allRowsEqual', { n }, `every one of its ${plural(n, 'row', 'rows')} is the same vector: all points would be drawn in one place`);
  }
  const notes: LoadNote[] = [];
  let constant = 0;
  for (let j = 0; j < dim; j++) if (!differs[j]) constant++;
  if (constant > 0) {
    notes.push({
      code: 'constantColumns',
      params: { count: constant, dim },
      text: `${plural(constant, 'dimension', 'dimensions')} of ${dim} ${constant === 1 ? 'is' : 'are'} the same in every row and carry no information`,
    });
  }
  if (zeroRows > 0 && metric === 'cosine') {
    notes.push({
      code: 'zeroRows',
      params: { count: zeroRows },
      text: `${plural(zeroRows, 'row is', 'rows are')} all zeros: under cosine their similarity to any row is undefined (listed as 0), so their neighbour lists mean nothing`,
    });
  }
  return notes;
}
