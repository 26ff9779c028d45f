/**
 * Metadata files that sit beside a vectors file (TensorBoard projector's
 * metadata.tsv, a word list next to a .npy) and joining them to the vectors.
 *
 * Projector convention: a file with one column has no header (every line is a
 * label); a file with several columns starts with a header row. Empty cells are
 * missing values. The classic mistake — a header on a one-column file — shows up
 * as exactly one row too many, so the count check says so.
 */
import { emptyError, ParseError, ProblemLog } from './errors';
import type { StreamParser } from './stream';
import { fileNameOf, pickLabelColumn, type ParseOptions, type ParsedTable, type RawColumn } from './table';
import { LineReader } from './text';

export interface ParsedMetadata {
  columns: RawColumn[];
  rows: number;
  hasHeader: boolean;
  warnings: string[];
}

export function metadataTsvParser(opts: ParseOptions = {}): StreamParser<ParsedMetadata> {
  const file = fileNameOf(opts);
  const problems = new ProblemLog(file);
  let columns: RawColumn[] | null = null;
  let width = 0;
  let rows = 0;
  let short = 0;
  let firstShort = 0;

  const addRow = (cells: string[], line: number): void => {
    const cols = columns as RawColumn[];
    if (cells.length > width) {
      problems.add(line, `expected ${width} cells, got ${cells.length}`);
      return;
    }
    if (cells.length < width) {
      if (short++ === 0) firstShort = line;
    }
    const meter = opts.meter;
    for (let j = 0; j < width; j++) {
      const cell = cells[j] ?? '';
      meter?.keepText(file, cell.length);
      cols[j].cells.push(cell);
    }
    rows++;
  };

  const reader = new LineReader((text, start, end, line) => {
    const cells = text.slice(start, end).split('\t');
    if (columns === null) {
      width = cells.length;
      if (width === 1) {
        columns = [{ name: 'label', cells: [] }];
        addRow(cells, line);
      } else {
        columns = cells.map((name, j) => ({ name: name.trim() || `column ${j + 1}`, cells: [] }));
      }
      return;
    }
    // A blank line in a several-column file is a row of missing values.
    addRow(width > 1 && cells.length === 1 && cells[0] === '' ? [] : cells, line);
  });

  return {
    get rows() {
      return rows;
    },
    push(chunk) {
      reader.push(chunk);
    },
    finish() {
      reader.finish();
      if (columns === null) throw emptyError(file, reader.bytes);
      problems.throwIfAny();
      const cols = columns as RawColumn[];
      // Trailing blank lines are the end of the file, not rows.
      while (rows > 0 && cols.every((c) => c.cells[rows - 1] === '')) {
        for (const c of cols) c.cells.pop();
        rows--;
      }
      const warnings: string[] = [];
      if (short > 0) warnings.push(`${file}: ${short} row${short === 1 ? '' : 's'} had fewer cells than the header (first on line ${firstShort}); the missing cells are left empty`);
      return { columns: cols, rows, hasHeader: width > 1, warnings };
    },
  };
}

/**
 * Attaches metadata to vectors: checks the row counts (naming both, and the header
 * off-by-one), drops the rows the vectors parser dropped, and picks the label column.
 */
export function joinMetadata(table: ParsedTable, meta: ParsedMetadata, metaFile = 'metadata'): ParsedTable {
  const expected = table.n + table.droppedRows;
  if (meta.rows !== expected) {
    let hint = '';
    if (!meta.hasHeader && meta.rows === expected + 1) hint = ' — does it have a header row? (a file with one column must not have one)';
    else if (meta.hasHeader && meta.rows === expected - 1) hint = ' — its first line was read as a header (files with several columns need one); is the header missing?';
    throw ParseError.whole(metaFile, `metadata has ${meta.rows} rows for ${expected} vectors${hint}`);
  }
  let columns = meta.columns;
  if (table.droppedRows > 0) {
    const drop = new Set(table.droppedIndices);
    columns = columns.map((c) => ({ name: c.name, cells: c.cells.filter((_, i) => !drop.has(i)) }));
  }
  const li = pickLabelColumn(columns);
  const labels = li >= 0 ? columns[li].cells.slice() : table.labels;
  // The labels now come from the metadata file: the vectors file's own choice no longer applies.
  const { labelChoice: _vectorsFileChoice, ...rest } = table;
  return { ...rest, labels, columns, warnings: [...table.warnings, ...meta.warnings] };
}
