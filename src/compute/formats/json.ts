/**
 * JSON and JSON Lines holding one row per element:
 *   [[0.1, 0.2], …]                                   arrays of numbers
 *   [{"word": "cat", "embedding": [0.1, 0.2], …}, …]   objects with a vector field
 * The vector field is `vector`, `embedding`, `values` (or a few other usual names),
 * else the only field holding an array of numbers; the other fields are metadata.
 *
 * A top-level array is streamed: a small scanner finds where each element ends
 * (tracking depth and strings across chunks) and only that element is JSON.parse'd,
 * so a file larger than the engine's longest string still reads. A top-level object
 * ({"vectors": [[…]], "labels": […]}) has to be parsed whole and is limited in size.
 * Python's json writes NaN/Infinity bare, which is not JSON: those are understood.
 */
import { emptyError, ParseError } from './errors';
import { quote, RowCollector } from './rows';
import type { StreamParser } from './stream';
import { pickLabelColumn, type ParseOptions, type ParsedTable, type RawColumn } from './table';
import { LineReader, isBlank, SniffingDecoder } from './text';

export interface JsonOptions extends ParseOptions {
  /** Field holding the vector in object rows (default: found by name or type). */
  vectorField?: string;
  /** Field to use as labels (default: one named like label/word/name…, else the first text field). */
  labelField?: string;
}

const VECTOR_NAMES = ['vector', 'embedding', 'values', 'embeddings', 'vec', 'emb', 'features'];
/** Largest top-level object parsed whole (characters). */
const MAX_WHOLE_OBJECT = 256 * 2 ** 20;
const NF_TAG = '\u0000nf:';

type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

function isNumberArray(v: unknown): v is unknown[] {
  return Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' || (typeof x === 'string' && x.startsWith(NF_TAG)));
}

/** JSON.parse, also accepting Python's bare NaN / Infinity / -Infinity. */
export function parseJsonLenient(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch (e) {
    if (!/NaN|Infinity/.test(text)) throw e;
    const fixed = text.replace(/("(?:[^"\\]|\\.)*")|(-?Infinity|NaN)/g, (m, str: string | undefined, nf: string | undefined) => (str !== undefined ? m : `"\\u0000nf:${nf}"`));
    return JSON.parse(fixed) as JsonValue;
  }
}

function cellString(v: JsonValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.startsWith(NF_TAG) ? v.slice(NF_TAG.length) : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** Turns parsed rows into vectors + metadata; shared by JSON and JSON Lines. */
class JsonRows {
  readonly rows: RowCollector;
  private vecKey: string | null = null;
  private mode: 'array' | 'object' | null = null;
  private readonly cols = new Map<string, RawColumn>();
  private kept = 0;

  constructor(private readonly opts: JsonOptions) {
    this.rows = new RowCollector(opts);
  }

  add(v: JsonValue, line: number, size: number): void {
    const rows = this.rows;
    if (this.mode === null) {
      if (Array.isArray(v)) this.mode = 'array';
      else if (v !== null && typeof v === 'object') this.mode = 'object';
      else {
        rows.problems.add(line, `expected an array of numbers or an object per row, got ${quote(JSON.stringify(v))}`);
        return;
      }
    }
    let vec: unknown;
    let obj: { [k: string]: JsonValue } | null = null;
    if (this.mode === 'array') {
      if (!Array.isArray(v)) {
        rows.problems.add(line, 'expected an array of numbers like the rows before');
        return;
      }
      vec = v;
    } else {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) {
        rows.problems.add(line, 'expected an object like the rows before');
        return;
      }
      obj = v;
      if (this.vecKey === null) {
        const key = this.findVectorKey(obj, line);
        if (key === null) return;
        this.vecKey = key;
      }
      vec = obj[this.vecKey];
      if (vec === undefined) {
        rows.problems.add(line, `no ${quote(this.vecKey)} field`);
        return;
      }
    }
    if (!Array.isArray(vec)) {
      rows.problems.add(line, `${this.vecKey ? quote(this.vecKey) : 'the row'} is not an array of numbers`);
      return;
    }
    if (!rows.started) {
      if (vec.length === 0) {
        rows.problems.add(line, 'an empty vector');
        return;
      }
      rows.start(vec.length, { bytesPerRow: size });
    }
    if (vec.length !== rows.dim) {
      rows.problems.add(line, `expected ${rows.dim} values, got ${vec.length}`);
      return;
    }
    const out = rows.scratch;
    for (let j = 0; j < vec.length; j++) {
      const x = vec[j] as unknown;
      if (typeof x === 'number') out[j] = x;
      else if (typeof x === 'string' && x.startsWith(NF_TAG)) out[j] = x.endsWith('NaN') ? NaN : x.includes('-') ? -Infinity : Infinity;
      else {
        rows.problems.add(line, `value ${j + 1} is not a number: ${quote(JSON.stringify(x) ?? String(x))}`);
        return;
      }
    }
    if (!rows.commit(line) || obj === null) return;
    for (const key in obj) {
      if (key === this.vecKey) continue;
      let col = this.cols.get(key);
      if (!col) {
        // A field first seen now: earlier rows did not have it.
        col = { name: key, cells: new Array<string>(this.kept).fill('') };
        this.cols.set(key, col);
      }
      col.cells.push(this.rows.keep(cellString(obj[key])));
    }
    this.kept++;
    for (const col of this.cols.values()) if (col.cells.length < this.kept) col.cells.push('');
  }

  private findVectorKey(obj: { [k: string]: JsonValue }, line: number): string | null {
    if (this.opts.vectorField !== undefined) {
      if (!(this.opts.vectorField in obj)) {
        this.rows.problems.add(line, `no field named ${quote(this.opts.vectorField)}; the fields are ${Object.keys(obj).map((k) => quote(k)).join(', ')}`);
        return null;
      }
      return this.opts.vectorField;
    }
    for (const name of VECTOR_NAMES) if (isNumberArray(obj[name])) return name;
    const candidates = Object.keys(obj).filter((k) => isNumberArray(obj[k]));
    if (candidates.length === 1) return candidates[0];
    this.rows.problems.add(
      line,
      candidates.length === 0
        ? `no field holds an array of numbers; the fields are ${Object.keys(obj).map((k) => quote(k)).join(', ')}`
        : `several fields hold arrays of numbers (${candidates.map((k) => quote(k)).join(', ')}); pick the vector field`,
    );
    return null;
  }

  finish(): ParsedTable {
    const columns = [...this.cols.values()];
    let labels: string[] | null = null;
    if (this.opts.labelField !== undefined) {
      const c = this.cols.get(this.opts.labelField);
      if (!c) this.rows.problems.add(0, `no field named ${quote(this.opts.labelField)} for labels`);
      else labels = c.cells.slice();
    } else {
      const k = pickLabelColumn(columns);
      if (k >= 0) labels = columns[k].cells.slice();
    }
    return this.rows.finish(labels, columns);
  }
}

/** JSON Lines / NDJSON: one row per line. */
export function jsonlParser(opts: JsonOptions = {}): StreamParser<ParsedTable> {
  const sink = new JsonRows(opts);
  let sawContent = false;
  const reader = new LineReader((text, start, end, line) => {
    if (isBlank(text, start, end)) return;
    sawContent = true;
    let v: JsonValue;
    try {
      v = parseJsonLenient(text.slice(start, end));
    } catch (e) {
      sink.rows.problems.add(line, `invalid JSON: ${(e as Error).message}`);
      return;
    }
    sink.add(v, line, end - start + 1);
  });
  return {
    get rows() {
      return sink.rows.rows;
    },
    push(chunk) {
      reader.push(chunk);
    },
    finish() {
      reader.finish();
      if (!sawContent) throw emptyError(sink.rows.file, reader.bytes);
      return sink.finish();
    },
  };
}

/** A JSON document: a top-level array of rows (streamed) or an object holding one. */
export function jsonParser(opts: JsonOptions = {}): StreamParser<ParsedTable> {
  const sink = new JsonRows(opts);
  const file = sink.rows.file;
  const decoder = new SniffingDecoder();
  let bytes = 0;
  // Scanner state.
  let state: 'start' | 'between' | 'element' | 'done' | 'object' = 'start';
  let depth = 0;
  let inString = false;
  let escape = false;
  let line = 1;
  let elemLine = 1;
  let parts: string[] = [];
  let partsLen = 0;
  let expectComma = false;
  // Whole-object mode.
  let whole: string[] = [];
  let wholeLen = 0;

  const endElement = (text: string): void => {
    const src = parts.length ? parts.join('') + text : text;
    parts = [];
    partsLen = 0;
    let v: JsonValue;
    try {
      v = parseJsonLenient(src);
    } catch (e) {
      sink.rows.problems.add(elemLine, `invalid JSON: ${(e as Error).message}`);
      return;
    }
    sink.add(v, elemLine, src.length + 1);
  };

  const scan = (text: string): void => {
    const len = text.length;
    let i = 0;
    let elemStart = 0;
    while (i < len) {
      const c = text.charCodeAt(i);
      if (state === 'object') {
        const piece = i === 0 ? text : text.slice(i);
        whole.push(piece);
        wholeLen += piece.length;
        if (wholeLen > MAX_WHOLE_OBJECT) throw ParseError.whole(file, 'a top-level JSON object this large cannot be read; write the rows as a top-level array or as JSON Lines');
        return;
      }
      if (state === 'element') {
        i++;
        if (inString) {
          if (escape) escape = false;
          else if (c === 92) escape = true;
          else if (c === 34) inString = false;
          else if (c === 10) line++;
        } else if (c === 34) inString = true;
        else if (c === 91 || c === 123) depth++;
        else if (c === 10) line++;
        else if (c === 93 || c === 125 || c === 44) {
          if (depth === 0) {
            // A scalar element ends at the next "," or "]" (left for the 'between' state).
            i--;
            endElement(text.slice(elemStart, i));
            state = 'between';
            expectComma = true;
          } else if (c !== 44 && --depth === 0) {
            endElement(text.slice(elemStart, i));
            state = 'between';
            expectComma = true;
          }
        }
        continue;
      }
      if (c === 10) line++;
      if (c === 10 || c === 32 || c === 9 || c === 13 || c === 0xfeff) {
        i++;
        continue;
      }
      if (state === 'start') {
        if (c === 123) {
          state = 'object';
          continue;
        }
        if (c !== 91) throw ParseError.at(file, line, `expected a JSON array "[" or object "{", got ${quote(text.slice(i, i + 20))}`);
        state = 'between';
        i++;
        continue;
      }
      if (state === 'done') throw ParseError.at(file, line, `unexpected ${quote(text.slice(i, i + 20))} after the end of the array`);
      // state === 'between'
      if (c === 93) {
        if (!expectComma && sink.rows.seen + sink.rows.problems.count > 0) throw ParseError.at(file, line, 'a "," before "]"');
        state = 'done';
        i++;
        continue;
      }
      if (c === 44) {
        if (!expectComma) throw ParseError.at(file, line, 'unexpected ","');
        expectComma = false;
        i++;
        continue;
      }
      if (expectComma) throw ParseError.at(file, line, `expected "," or "]", got ${quote(text.slice(i, i + 20))}`);
      state = 'element';
      depth = 0;
      inString = false;
      escape = false;
      elemStart = i;
      elemLine = line;
    }
    if (state === 'element') {
      const piece = elemStart === 0 ? text : text.slice(elemStart);
      parts.push(piece);
      partsLen += piece.length;
      if (partsLen > MAX_WHOLE_OBJECT) throw ParseError.at(file, elemLine, 'one row is larger than 256 MB; is this really a table of rows?');
    }
  };

  return {
    get rows() {
      return sink.rows.rows;
    },
    push(chunk) {
      bytes += chunk.length;
      const t = decoder.decode(chunk);
      if (t.length) scan(t);
    },
    finish() {
      const t = decoder.decode(new Uint8Array(0), true);
      if (t.length) scan(t);
      if (state === 'start') throw emptyError(file, bytes);
      if (state === 'object') return finishObject(whole.join(''), sink, file, opts);
      whole = [];
      if (state !== 'done') sink.rows.problems.add(line, state === 'element' ? `the file ends inside the row starting on line ${elemLine}` : 'the file ends before the closing "]"');
      return sink.finish();
    },
  };
}

/** {"vectors": [[…]…], "labels": […]}: the rows are the one array of rows; a same-length array of strings gives labels. */
function finishObject(text: string, sink: JsonRows, file: string, opts: JsonOptions): ParsedTable {
  let root: JsonValue;
  try {
    root = parseJsonLenient(text);
  } catch (e) {
    throw ParseError.whole(file, `invalid JSON: ${(e as Error).message}`);
  }
  if (root === null || typeof root !== 'object' || Array.isArray(root)) throw ParseError.whole(file, 'expected a JSON array or object');
  const obj = root;
  const keys = Object.keys(obj);
  const rowKeys = keys.filter((k) => {
    const v = obj[k];
    return Array.isArray(v) && v.length > 0 && (opts.vectorField === k || v.every((r) => Array.isArray(r) || (r !== null && typeof r === 'object')));
  });
  const key = opts.vectorField !== undefined && rowKeys.includes(opts.vectorField) ? opts.vectorField : rowKeys.length === 1 ? rowKeys[0] : null;
  if (key === null) {
    throw ParseError.whole(
      file,
      rowKeys.length === 0
        ? `a JSON object without a list of rows; the fields are ${keys.map((k) => quote(k)).join(', ')}`
        : `several fields hold lists of rows (${rowKeys.map((k) => quote(k)).join(', ')}); pick one`,
    );
  }
  const list = obj[key] as JsonValue[];
  list.forEach((r, i) => sink.add(r, i + 1, 64));
  const table = sink.finish();
  table.warnings.push(`rows read from the ${quote(key)} field; "row" numbers in messages count its elements`);
  const labelKey = keys.find((k) => k !== key && Array.isArray(obj[k]) && (obj[k] as JsonValue[]).length === list.length && (obj[k] as JsonValue[]).every((x) => typeof x === 'string'));
  if (labelKey && table.droppedRows === 0) {
    const cells = (obj[labelKey] as string[]).slice();
    table.columns.push({ name: labelKey, cells });
    table.labels = cells.slice();
  }
  return table;
}
