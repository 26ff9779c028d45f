/**
 * Rows of a dataset as text other tools open: CSV and TSV for spreadsheets (row index,
 * label, metadata, and x, y when a layout is given) and JSON, each with where it came
 * from (a provenance header). Written as chunks of text, a few thousand rows each, so a
 * worker can yield between them and a Blob can take them without one giant string.
 */
import { cellText, type Column } from '../dataset';
import { csvCell, flattenWhitespace, float32Text, tsvCell } from './cells';

/** What a file was made from: enough to make it again. */
export interface Provenance {
  readonly dataset: string;
  /** e.g. "UMAP", "PCA (components 1 and 2)". */
  readonly method: string;
  /** The parameters in words, e.g. "15 neighbours · min dist 0.1 · seed 42". */
  readonly parameters: string;
  readonly seed: number | null;
  /** Which rows: "all 10,000 rows", "794 rows (lasso)". */
  readonly rows: string;
  readonly sproutVersion: string;
  /** ISO time of the export. */
  readonly exportedAt: string;
}

export interface TableSource {
  readonly n: number;
  readonly labels: readonly string[];
  readonly columns: readonly Column[];
  /** The rows to write, in this order; null for every row. */
  readonly rows: Uint32Array | null;
  /** n × 2 coordinates: written as x and y when given. */
  readonly coords?: Float32Array | null;
  readonly provenance?: Provenance | null;
}

export type TableFormat = 'csv' | 'tsv' | 'json';

/** Rows per chunk of text. */
export const CHUNK_ROWS = 4096;

const PROVENANCE_FIELDS: readonly (keyof Provenance)[] = ['dataset', 'method', 'parameters', 'seed', 'rows', 'sproutVersion', 'exportedAt'];

function provenanceLines(p: Provenance): string[] {
  return PROVENANCE_FIELDS.map((k) => `# ${k}: ${flattenWhitespace(String(p[k] ?? ''))}`);
}

function rowCount(src: TableSource): number {
  return src.rows ? src.rows.length : src.n;
}

function rowAt(src: TableSource, j: number): number {
  return src.rows ? src.rows[j] : j;
}

/** The table as CSV (sep ',') or TSV (sep '\t'), in chunks of CHUNK_ROWS rows. */
export function* delimitedChunks(src: TableSource, format: 'csv' | 'tsv'): Generator<string> {
  const cell = format === 'csv' ? csvCell : tsvCell;
  const sep = format === 'csv' ? ',' : '\t';
  const withXY = !!src.coords;
  // Each provenance line is one cell, so a comma in a dataset's name cannot shift columns.
  const head = src.provenance ? provenanceLines(src.provenance).map(cell) : [];
  const names = ['row', 'label', ...src.columns.map((c) => c.name), ...(withXY ? ['x', 'y'] : [])];
  head.push(names.map(cell).join(sep));
  let lines = head;
  const m = rowCount(src);
  for (let j = 0; j < m; j++) {
    const i = rowAt(src, j);
    const cells = [String(i), cell(src.labels[i] ?? '')];
    for (const c of src.columns) cells.push(c.type === 'number' ? float64Text(c.values[i]) : cell(cellText(c, i)));
    if (withXY) {
      const coords = src.coords as Float32Array;
      cells.push(float32Text(coords[2 * i]), float32Text(coords[2 * i + 1]));
    }
    lines.push(cells.join(sep));
    if (lines.length >= CHUNK_ROWS) {
      yield lines.join('\n') + '\n';
      lines = [];
    }
  }
  if (lines.length) yield lines.join('\n') + '\n';
}

/**
 * The table as JSON: `{ "sprout": provenance, "columns": [...], "rows": [{ row, label,
 * metadata: {...}, x, y }] }`. Metadata sits in its own object so a column named
 * "label" or "x" never collides with the row's own fields. Missing values are null.
 */
export function* jsonChunks(src: TableSource): Generator<string> {
  const columns = src.columns.map((c) => ({ name: c.name, type: c.type }));
  let out = `{"sprout":${JSON.stringify(src.provenance ?? null)},"columns":${JSON.stringify(columns)},"rows":[`;
  const m = rowCount(src);
  for (let j = 0; j < m; j++) {
    const i = rowAt(src, j);
    const meta = src.columns.map((c) => `${JSON.stringify(c.name)}:${jsonValue(c, i)}`).join(',');
    let row = `${j ? ',' : ''}\n{"row":${i},"label":${JSON.stringify(src.labels[i] ?? '')},"metadata":{${meta}}`;
    if (src.coords) row += `,"x":${jsonNumber(float32Text(src.coords[2 * i]))},"y":${jsonNumber(float32Text(src.coords[2 * i + 1]))}`;
    out += row + '}';
    if ((j + 1) % CHUNK_ROWS === 0) {
      yield out;
      out = '';
    }
  }
  yield out + '\n]}\n';
}

export function* tableChunks(src: TableSource, format: TableFormat): Generator<string> {
  yield* format === 'json' ? jsonChunks(src) : delimitedChunks(src, format);
}

function float64Text(v: number): string {
  return Number.isFinite(v) ? String(v) : '';
}

function jsonNumber(text: string): string {
  return text === '' ? 'null' : text;
}

function jsonValue(c: Column, i: number): string {
  if (c.type === 'number') return jsonNumber(float64Text(c.values[i]));
  const text = cellText(c, i);
  return text === '' ? 'null' : JSON.stringify(text);
}
