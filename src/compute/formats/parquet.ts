/**
 * Parquet via hyparquet (+ hyparquet-compressors for Snappy/Zstd/Gzip/Brotli/LZ4):
 * the vectors are a LIST (or fixed-size list) column of floats — what pandas,
 * pyarrow, Hugging Face datasets and Polars write for an embedding column — and the
 * other columns are metadata. A table with no list column but several float
 * columns uses those as the dimensions instead.
 *
 * Parquet's footer sits at the end, so this reads from a random-access source
 * ({ byteLength, slice }), one row group at a time: memory holds the output plus
 * one decoded row group, and cancellation is checked between row groups.
 */
import { parquetMetadataAsync, parquetRead, parquetSchema, type FileMetaData, type SchemaTree } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { CancelledError, pause } from '../task';
import { asParseError, ParseError } from './errors';
import { checkRowGroupPages } from './parquetGuard';
import { quote, RowCollector } from './rows';
import type { StreamProgress } from './stream';
import { pickLabelColumn, type ParseOptions, type ParsedTable, type RawColumn } from './table';

/** Random access to the file's bytes (a Blob: `slice(s, e).arrayBuffer()`). */
export interface AsyncByteSource {
  byteLength: number;
  slice(start: number, end?: number): Promise<ArrayBuffer> | ArrayBuffer;
}

export interface ParquetOptions extends ParseOptions {
  /** The list column holding vectors (default: found by name, else the only float list column). */
  vectorColumn?: string;
  labelColumn?: string;
  signal?: AbortSignal;
  onProgress?: (p: StreamProgress) => void;
}

const VECTOR_NAMES = ['embedding', 'embeddings', 'vector', 'vectors', 'values', 'emb', 'features'];
const FLOAT_TYPES = new Set(['FLOAT', 'DOUBLE']);
/** A float column: FLOAT, DOUBLE, or float16 (a 2-byte fixed-length column hyparquet decodes to numbers). */
const isFloatElement = (e: SchemaTree['element']): boolean => (e.type !== undefined && FLOAT_TYPES.has(e.type)) || e.logical_type?.type === 'FLOAT16';

function leaf(t: SchemaTree): SchemaTree {
  let cur = t;
  while (cur.children.length === 1) cur = cur.children[0];
  return cur;
}

/** A column that holds a list of floats (3-level LIST, legacy 2-level, or a repeated float). */
function isFloatList(t: SchemaTree): boolean {
  const e = t.element;
  const l = leaf(t);
  const isList = e.converted_type === 'LIST' || e.logical_type?.type === 'LIST' || e.repetition_type === 'REPEATED' || (t.children.length === 1 && t.children[0].element.repetition_type === 'REPEATED');
  return isList && l.children.length === 0 && l.element.type !== undefined && (isFloatElement(l.element) || l.element.type === 'INT32' || l.element.type === 'INT64');
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return `(${v.length} bytes)`;
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x));
}

export async function parseParquet(source: AsyncByteSource, opts: ParquetOptions = {}): Promise<ParsedTable> {
  try {
    return await readParquet(source, opts);
  } catch (e) {
    // A damaged file can trip hyparquet (or our schema walk) in unforeseen ways: always a ParseError.
    if (e instanceof CancelledError) throw e;
    throw asParseError(opts.fileName ?? 'file', e, 'not a readable Parquet file');
  }
}

async function readParquet(source: AsyncByteSource, opts: ParquetOptions): Promise<ParsedTable> {
  const rows = new RowCollector(opts, 'row');
  const file = rows.file;
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(source);
  } catch (e) {
    throw asParseError(file, e, 'not a readable Parquet file');
  }
  const top = parquetSchema(metadata).children;
  const names = top.map((c) => c.element.name);
  let vecCols: string[];
  if (opts.vectorColumn !== undefined) {
    const c = top.find((t) => t.element.name === opts.vectorColumn);
    if (!c) throw ParseError.whole(file, `no column named ${quote(opts.vectorColumn)}; the columns are ${names.map((n) => quote(n)).join(', ')}`);
    vecCols = [c.element.name];
  } else {
    const lists = top.filter(isFloatList);
    const named = lists.find((t) => VECTOR_NAMES.includes(t.element.name.toLowerCase()));
    if (named || lists.length === 1) vecCols = [(named ?? lists[0]).element.name];
    else if (lists.length > 1) {
      throw ParseError.whole(file, `several columns hold lists of numbers (${lists.map((t) => quote(t.element.name)).join(', ')}); pick the vector column`);
    } else {
      // No list column: the float columns are the dimensions (a "wide" table).
      vecCols = top.filter((t) => t.children.length === 0 && isFloatElement(t.element)).map((t) => t.element.name);
      if (vecCols.length === 0) throw ParseError.whole(file, `no column of float lists (or float columns) found; the columns are ${names.map((n) => quote(n)).join(', ')}`);
    }
  }
  const packed = vecCols.length === 1 && isFloatList(top.find((t) => t.element.name === vecCols[0]) as SchemaTree);
  const metaNames = names.filter((n) => !vecCols.includes(n));
  const meta: RawColumn[] = metaNames.map((name) => ({ name, cells: [] }));
  // Which metadata columns hold text (strings, nothing else): only those can label rows.
  const text = metaNames.map(() => ({ strings: 0, other: 0 }));
  const n = Number(metadata.num_rows);
  if (!packed) rows.start(vecCols.length, { exactRows: n });

  let rowStart = 0;
  let bytesDone = 0;
  for (const rg of metadata.row_groups) {
    if (opts.signal?.aborted) throw new CancelledError();
    const count = Number(rg.num_rows);
    const rowEnd = rowStart + count;
    const data = new Map<string, { start: number; values: ArrayLike<unknown> }[]>();
    await checkRowGroupPages(source, metadata, rg, [...vecCols, ...metaNames], file, { budget: opts.memoryBudget, compressors });
    try {
      await parquetRead({
        file: source,
        metadata,
        columns: [...vecCols, ...metaNames],
        rowStart,
        rowEnd,
        compressors,
        onChunk: (c) => {
          const list = data.get(c.columnName) ?? [];
          list.push({ start: c.rowStart, values: c.columnData });
          data.set(c.columnName, list);
        },
      });
    } catch (e) {
      throw asParseError(file, e, `row group at row ${rowStart + 1} could not be read`);
    }
    const at = (name: string, r: number): unknown => {
      for (const ch of data.get(name) ?? []) if (r >= ch.start && r < ch.start + ch.values.length) return ch.values[r - ch.start];
      return undefined;
    };
    for (let r = rowStart; r < rowEnd; r++) {
      const line = r + 1;
      const out = rows.scratch;
      if (packed) {
        const v = at(vecCols[0], r) as ArrayLike<unknown> | null | undefined;
        if (v === null || v === undefined || typeof v !== 'object' || typeof v.length !== 'number') {
          rows.problems.add(line, `${quote(vecCols[0])} is empty (null)`);
          continue;
        }
        if (!rows.started) {
          if (v.length === 0) {
            rows.problems.add(line, `${quote(vecCols[0])} is an empty list`);
            continue;
          }
          rows.start(v.length, { exactRows: n });
        }
        if (v.length !== rows.dim) {
          rows.problems.add(line, `expected ${rows.dim} values, got ${v.length}`);
          continue;
        }
        let ok = true;
        for (let j = 0; j < v.length; j++) {
          const x = v[j];
          if (typeof x === 'number') rows.scratch[j] = x;
          else if (typeof x === 'bigint') rows.scratch[j] = Number(x);
          else {
            rows.problems.add(line, `value ${j + 1} is ${x === null ? 'null' : quote(cell(x))}`);
            ok = false;
            break;
          }
        }
        if (!ok) continue;
      } else {
        let ok = true;
        for (let j = 0; j < vecCols.length; j++) {
          const x = at(vecCols[j], r);
          if (typeof x === 'number') out[j] = x;
          else {
            rows.problems.add(line, `column ${quote(vecCols[j])} is ${x === null || x === undefined ? 'null' : quote(cell(x))}`);
            ok = false;
            break;
          }
        }
        if (!ok) continue;
      }
      if (!rows.commit(line)) continue;
      for (let k = 0; k < metaNames.length; k++) {
        const v = at(metaNames[k], r);
        if (typeof v === 'string') text[k].strings++;
        else if (v !== null && v !== undefined) text[k].other++;
        meta[k].cells.push(rows.keep(cell(v)));
      }
    }
    rowStart = rowEnd;
    for (const c of rg.columns) bytesDone += Number(c.meta_data?.total_compressed_size ?? 0);
    opts.onProgress?.({ bytes: bytesDone, rows: rows.rows });
    // Let a cancel message in between row groups.
    await pause({ signal: opts.signal });
  }
  let labels: string[] | null = null;
  // A text column (by name first), never bytes ("(5 bytes)") or numbers; else row numbers.
  const textual = meta.filter((_, k) => text[k].strings > 0 && text[k].other === 0);
  let chosen: string | null = null;
  if (opts.labelColumn !== undefined) {
    const k = meta.findIndex((c) => c.name === opts.labelColumn);
    if (k < 0) throw ParseError.whole(file, `no column named ${quote(opts.labelColumn)} for labels`);
    labels = meta[k].cells.slice();
    chosen = meta[k].name;
  } else {
    const k = pickLabelColumn(textual);
    if (k >= 0) {
      labels = textual[k].cells.slice();
      chosen = textual[k].name;
    }
  }
  const table = rows.finish(labels, meta);
  table.labelChoice = { columns: textual.map((c) => c.name), chosen };
  if (!packed) table.vectorNames = vecCols; // named float columns: layout detection looks at them
  table.warnings.unshift(`vectors read from ${vecCols.length === 1 ? `column ${quote(vecCols[0])}` : `${vecCols.length} float columns`}`);
  return table;
}
