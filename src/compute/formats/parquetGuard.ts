/**
 * A look at a row group's page headers before hyparquet decodes it. hyparquet sizes
 * its arrays from each page header's value count (`new Array(num_values)`); a damaged
 * header can claim a hundred million values, and filling such an array is not an
 * exception but a fatal engine error that takes the whole worker (in Chrome, the tab)
 * down. The fuzz campaign found it with a single overwritten word. So every page's
 * count is checked against what its column chunk declares and against the memory
 * budget first, and a lie is refused with a ParseError naming the column. The same
 * goes for the run lengths inside a page: hyparquet writes an RLE run of any claimed
 * length into its level arrays (`output[seen + i] = value` for `count` values, with no
 * bound), so a flipped byte there grows an array past the engine's limit too. Each
 * page's level and dictionary-index streams are walked (decompressed first when
 * compressed) and a run longer than the page is refused.
 */
import type { ColumnChunk, Compressors, FileMetaData, PageHeader, RowGroup, SchemaTree } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { decompressPage } from 'hyparquet/src/datapage.js';
import { getMaxDefinitionLevel, getMaxRepetitionLevel, getSchemaPath } from 'hyparquet/src/schema.js';
import { readVarInt } from 'hyparquet/src/thrift.js';
import { ParseError } from './errors';

/** Random access to the file's bytes (parquet.ts's AsyncByteSource). */
interface AsyncByteSource {
  byteLength: number;
  slice(start: number, end?: number): Promise<ArrayBuffer> | ArrayBuffer;
}

/** Past this many values in one page V8 cannot hold the array hyparquet makes (its limit is ~2^27). */
const MAX_PAGE_VALUES = 1 << 26;

function chunkRange(c: ColumnChunk, fileBytes: number): { start: number; end: number } | null {
  const m = c.meta_data;
  if (!m) return null;
  // As hyparquet reads it (some writers put 0 for a missing dictionary page).
  const start = Number(m.dictionary_page_offset || m.data_page_offset);
  const end = start + Number(m.total_compressed_size);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end > fileBytes || end < start) return { start: -1, end: -1 };
  return { start, end };
}

/**
 * Throws a ParseError when a page of one of `columns` (top-level names) in `rg` claims
 * more values than its column chunk, than V8 can hold, or than `budget` bytes allow.
 */
export async function checkRowGroupPages(
  source: AsyncByteSource,
  metadata: FileMetaData,
  rg: RowGroup,
  columns: readonly string[],
  file: string,
  opts: { budget?: number; compressors?: Compressors } = {},
): Promise<void> {
  const { budget } = opts;
  const wanted = new Set(columns);
  const maxValues = Math.min(MAX_PAGE_VALUES, budget === undefined ? Infinity : Math.floor(budget / 4));
  for (const c of rg.columns) {
    const path = c.meta_data?.path_in_schema ?? [];
    if (!wanted.has(path[0] ?? '')) continue;
    const range = chunkRange(c, source.byteLength);
    if (range === null) continue;
    const name = path.join('.');
    if (range.start < 0) throw ParseError.whole(file, `column ${name}: its data lies outside the file (a damaged footer)`);
    const chunkValues = Number(c.meta_data?.num_values ?? 0);
    if (chunkValues > maxValues) throw ParseError.whole(file, `column ${name}: a row group claims ${chunkValues.toLocaleString('en-US')} values, more than can be held here`);
    const bytes = await source.slice(range.start, range.end);
    const reader = { view: new DataView(bytes), offset: 0 };
    while (reader.offset < bytes.byteLength) {
      let header;
      try {
        header = parquetHeader(reader);
      } catch {
        throw ParseError.whole(file, `column ${name}: a damaged page header at byte ${range.start + reader.offset}`);
      }
      const values = header.data_page_header?.num_values ?? header.data_page_header_v2?.num_values ?? header.dictionary_page_header?.num_values ?? 0;
      const size = header.compressed_page_size;
      if (!Number.isSafeInteger(values) || values < 0 || values > Math.max(chunkValues, 0) || values > maxValues) {
        throw ParseError.whole(file, `column ${name}: a page claims ${String(values)} values where the column holds ${chunkValues.toLocaleString('en-US')} (a damaged page header)`);
      }
      if (!Number.isSafeInteger(size) || size < 0 || reader.offset + size > bytes.byteLength) {
        throw ParseError.whole(file, `column ${name}: a page runs past the end of its column (a damaged page header)`);
      }
      const unpacked = header.uncompressed_page_size;
      if (!Number.isSafeInteger(unpacked) || unpacked < 0 || unpacked > (budget ?? 2 ** 31)) {
        throw ParseError.whole(file, `column ${name}: a page claims to inflate to ${String(unpacked)} bytes (a damaged page header)`);
      }
      const body = new Uint8Array(bytes, reader.offset, size);
      reader.offset += size;
      const levels = levelWidths(getSchemaPath(metadata.schema, path));
      const codec = c.meta_data?.codec ?? 'UNCOMPRESSED';
      const bad = checkPageRuns(header, body, values, levels, (b, n) => decompressPage(b, n, codec, opts.compressors));
      if (bad) throw ParseError.whole(file, `column ${name}: ${bad} (a damaged page)`);
    }
  }
}

interface LevelWidths {
  rep: number;
  def: number;
}

const bitWidth = (v: number): number => 32 - Math.clz32(v);

function levelWidths(schemaPath: SchemaTree[]): LevelWidths {
  return { rep: bitWidth(getMaxRepetitionLevel(schemaPath)), def: bitWidth(getMaxDefinitionLevel(schemaPath)) };
}

/**
 * Walks one RLE/bit-packed hybrid stream of `n` values at `width` bits from `offset` (as
 * hyparquet reads it) and returns where it ends, or a string naming a run longer than
 * the values left. A stream cut short is left to hyparquet, which throws on it.
 */
function walkHybrid(view: DataView, offset: number, width: number, n: number): number | string {
  const reader = { view, offset };
  let seen = 0;
  while (seen < n && reader.offset < view.byteLength) {
    const header = readVarInt(reader);
    if (header & 1) {
      const groups = header >>> 1;
      reader.offset += groups * width;
      seen += groups * 8;
    } else {
      const count = header >>> 1;
      if (count > n - seen) return `a run of ${count} values where ${n - seen} are left`;
      reader.offset += (width + 7) >> 3;
      seen += count;
    }
  }
  return reader.offset;
}

/** The runs of one page (levels, then dictionary indices or booleans): null when sound. */
function checkPageRuns(header: PageHeader, body: Uint8Array, n: number, w: LevelWidths, inflate: (b: Uint8Array, size: number) => Uint8Array): string | null {
  const v1 = header.data_page_header;
  const v2 = header.data_page_header_v2;
  if (!v1 && !v2) return null;
  let page: Uint8Array;
  let at = 0;
  if (v1) {
    page = inflate(body, header.uncompressed_page_size);
    const view = new DataView(page.buffer, page.byteOffset, page.byteLength);
    for (const width of [w.rep, w.def]) {
      if (width === 0) continue;
      if (at + 4 > view.byteLength) return null;
      const len = view.getUint32(at, true);
      const end = walkHybrid(new DataView(page.buffer, page.byteOffset + at + 4, Math.min(len, view.byteLength - at - 4)), 0, width, n);
      if (typeof end === 'string') return end;
      at += 4 + len;
    }
  } else if (v2) {
    const levelBytes = v2.repetition_levels_byte_length + v2.definition_levels_byte_length;
    if (levelBytes > body.length) return 'its level streams are longer than the page';
    let off = 0;
    for (const [width, len] of [[w.rep, v2.repetition_levels_byte_length], [w.def, v2.definition_levels_byte_length]] as const) {
      if (width > 0) {
        const end = walkHybrid(new DataView(body.buffer, body.byteOffset + off, len), 0, width, n);
        if (typeof end === 'string') return end;
      }
      off += len;
    }
    const rest = body.subarray(levelBytes);
    const size = header.uncompressed_page_size - levelBytes;
    page = v2.is_compressed !== false && size > 0 ? inflate(rest, size) : rest;
  } else return null;
  const encoding = v1?.encoding ?? v2?.encoding;
  const view = new DataView(page.buffer, page.byteOffset, page.byteLength);
  if (encoding === 'PLAIN_DICTIONARY' || encoding === 'RLE_DICTIONARY') {
    if (at >= view.byteLength) return null;
    const width = view.getUint8(at);
    const end = width ? walkHybrid(view, at + 1, width, n) : at;
    return typeof end === 'string' ? end : null;
  }
  if (encoding === 'RLE' && at + 4 <= view.byteLength) {
    const end = walkHybrid(view, at + 4, 1, n);
    return typeof end === 'string' ? end : null;
  }
  return null;
}
