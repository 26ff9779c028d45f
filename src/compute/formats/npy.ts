/**
 * NumPy .npy (format versions 1, 2 and 3): a small text header describing dtype,
 * memory order and shape, then the raw array. The header gives n × dim up front, so
 * the output is allocated once and filled as bytes stream in — little-endian float32
 * in C order is a plain byte copy; every other dtype, byte order or Fortran order is
 * converted element by element (an element may straddle two chunks).
 *
 * Object arrays ('O') are refused: they are pickled Python objects, and unpickling
 * is code execution. 1-D string arrays ('U'/'S') are read too, as labels (npz).
 */
import { ParseError } from './errors';
import { allocFloat32, checkMemoryBudget } from './memory';
import { finishBinaryRows, HOST_LITTLE_ENDIAN } from './rows';
import type { StreamParser } from './stream';
import { fileNameOf, type ParseOptions, type ParsedTable } from './table';

export interface NpyDtype {
  /** f float, i signed int, u unsigned int, b bool, U UTF-32 text, S bytes. */
  kind: 'f' | 'i' | 'u' | 'b' | 'U' | 'S';
  /** Bytes per element. */
  size: number;
  littleEndian: boolean;
  /** As written in the header, e.g. "<f4". */
  descr: string;
}

export interface NpyHeader {
  dtype: NpyDtype;
  fortranOrder: boolean;
  shape: number[];
  /** Bytes before the data. */
  dataOffset: number;
  version: number;
}

export type NpyArray =
  | { kind: 'numeric'; header: NpyHeader; table: ParsedTable }
  | { kind: 'strings'; header: NpyHeader; values: string[] };

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

export function isNpyMagic(b: Uint8Array): boolean {
  return b.length >= 6 && MAGIC.every((m, i) => b[i] === m);
}

function describeRefusal(descr: string): string | null {
  const code = descr.replace(/^[<>|=]/, '');
  if (code.startsWith('O')) {
    return `it holds Python objects (dtype '${descr}'), which can only be read by unpickling — unsafe, so not done here. Save a numeric array instead, e.g. np.save(path, np.asarray(x, dtype=np.float32))`;
  }
  if (code.startsWith('c')) return `complex numbers (dtype '${descr}') are not supported; save the real part or np.abs(x)`;
  if (code.startsWith('M') || code.startsWith('m')) return `dates and times (dtype '${descr}') are not vectors`;
  if (code.startsWith('V')) return `raw void data (dtype '${descr}') is not supported`;
  return null;
}

export function parseDtype(descr: string, file: string): NpyDtype {
  const refusal = describeRefusal(descr);
  if (refusal) throw ParseError.whole(file, refusal);
  const m = /^([<>|=]?)([fiubUS?])(\d*)$/.exec(descr);
  if (!m) throw ParseError.whole(file, `unsupported dtype '${descr}'`);
  const order = m[1];
  let kind = m[2] as NpyDtype['kind'] | '?';
  let count = m[3] === '' ? 1 : Number(m[3]);
  if (kind === '?') {
    kind = 'b';
    count = 1;
  }
  const size = kind === 'U' ? 4 * count : count;
  const ok =
    (kind === 'f' && (size === 2 || size === 4 || size === 8)) ||
    ((kind === 'i' || kind === 'u') && (size === 1 || size === 2 || size === 4 || size === 8)) ||
    (kind === 'b' && size === 1) ||
    ((kind === 'U' || kind === 'S') && count >= 1);
  if (!ok) throw ParseError.whole(file, `unsupported dtype '${descr}'`);
  // '=' is native order; NumPy writes '<' or '>' or '|' in files, '=' only from odd writers.
  const littleEndian = order === '>' ? false : order === '=' ? HOST_LITTLE_ENDIAN : true;
  return { kind, size, littleEndian, descr };
}

/**
 * Parses the header once enough bytes are in; null while more are needed.
 * Throws ParseError for a file that is not .npy or has a header we cannot read.
 */
export function parseNpyHeader(b: Uint8Array, file: string): NpyHeader | null {
  if (b.length < 10) return null;
  if (!isNpyMagic(b)) throw ParseError.whole(file, 'not a NumPy .npy file (it does not start with \\x93NUMPY)');
  const version = b[6];
  if (version < 1 || version > 3) throw ParseError.whole(file, `unsupported .npy format version ${version}.${b[7]}`);
  const lenBytes = version === 1 ? 2 : 4;
  if (b.length < 8 + lenBytes) return null;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const headerLen = version === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  const start = 8 + lenBytes;
  if (headerLen > 1 << 20) throw ParseError.whole(file, `the .npy header claims ${headerLen} bytes; not a valid file`);
  if (b.length < start + headerLen) return null;
  const text = new TextDecoder(version === 3 ? 'utf-8' : 'latin1').decode(b.subarray(start, start + headerLen));
  const bad = (why: string): ParseError => ParseError.whole(file, `unreadable .npy header (${why}): ${text.trim().slice(0, 120)}`);
  const descrList = /['"]descr['"]\s*:\s*\[/.test(text);
  if (descrList) throw ParseError.whole(file, 'structured (record) arrays are not supported; save one plain numeric array');
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(text);
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text);
  const shapeM = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text);
  if (!descr) throw bad("no 'descr'");
  if (!fortran) throw bad("no 'fortran_order'");
  if (!shapeM) throw bad("no 'shape'");
  const shape = shapeM[1]
    .split(',')
    .map((s) => s.trim().replace(/L$/, ''))
    .filter((s) => s !== '')
    .map(Number);
  if (shape.some((d) => !Number.isSafeInteger(d) || d < 0)) throw bad('bad shape');
  return { dtype: parseDtype(descr[1], file), fortranOrder: fortran[1] === 'True', shape, dataOffset: start + headerLen, version };
}

function half(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

type Reader = (dv: DataView, off: number) => number;

function elementReader(t: NpyDtype): Reader {
  const le = t.littleEndian;
  switch (t.kind) {
    case 'f':
      if (t.size === 2) return (dv, o) => half(dv.getUint16(o, le));
      if (t.size === 4) return (dv, o) => dv.getFloat32(o, le);
      return (dv, o) => dv.getFloat64(o, le);
    case 'i':
      if (t.size === 1) return (dv, o) => dv.getInt8(o);
      if (t.size === 2) return (dv, o) => dv.getInt16(o, le);
      if (t.size === 4) return (dv, o) => dv.getInt32(o, le);
      return (dv, o) => Number(dv.getBigInt64(o, le));
    case 'u':
      if (t.size === 1) return (dv, o) => dv.getUint8(o);
      if (t.size === 2) return (dv, o) => dv.getUint16(o, le);
      if (t.size === 4) return (dv, o) => dv.getUint32(o, le);
      return (dv, o) => Number(dv.getBigUint64(o, le));
    default:
      return (dv, o) => (dv.getUint8(o) ? 1 : 0);
  }
}

function shapeText(shape: readonly number[]): string {
  return `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;
}

/** Reads any supported .npy: a numeric array as a table, a 1-D text array as strings. */
export function npyArrayParser(opts: ParseOptions = {}): StreamParser<NpyArray> {
  const file = fileNameOf(opts);
  let head: Uint8Array = new Uint8Array(0);
  let header: NpyHeader | null = null;
  const warnings: string[] = [];
  // Numeric state.
  let n = 0;
  let dim = 0;
  let total = 0; // elements expected
  let vectors: Float32Array | null = null;
  let vbytes: Uint8Array | null = null;
  let read: Reader | null = null;
  let fast = false;
  // Text state: the raw bytes (labels are small).
  let textChunks: Uint8Array[] | null = null;
  let got = 0; // data bytes received
  const carry = new Uint8Array(16);
  let carryLen = 0;
  let extra = 0;

  const begin = (h: NpyHeader): void => {
    header = h;
    const { dtype, shape } = h;
    if (dtype.kind === 'U' || dtype.kind === 'S') {
      if (shape.length !== 1) throw ParseError.whole(file, `a text array must be 1-D (one label per row), got shape ${shapeText(shape)}`);
      textChunks = [];
      total = shape[0];
      return;
    }
    if (shape.length < 2) {
      throw ParseError.whole(file, `expected a 2-D array (rows × dims), got shape ${shapeText(shape)}${shape.length === 1 ? ' — a single vector? use x.reshape(1, -1)' : ''}`);
    }
    if (shape.length > 2 && h.fortranOrder) throw ParseError.whole(file, `a ${shape.length}-D array in Fortran order is not supported; save np.ascontiguousarray(x)`);
    n = shape[0];
    dim = shape.slice(1).reduce((a, b) => a * b, 1);
    if (shape.length > 2) warnings.push(`the array of shape ${shapeText(shape)} was read as ${n} rows × ${dim} dims`);
    if (dim === 0) throw ParseError.whole(file, `the array has no columns (shape ${shapeText(shape)})`);
    total = n * dim;
    if (opts.memoryBudget !== undefined) checkMemoryBudget(total * 4, dim, opts.memoryBudget, { file, rows: n, peakFactor: 1 });
    vectors = allocFloat32(total, file, opts.meter);
    vbytes = new Uint8Array(vectors.buffer);
    fast = dtype.kind === 'f' && dtype.size === 4 && dtype.littleEndian === HOST_LITTLE_ENDIAN && !h.fortranOrder;
    read = elementReader(dtype);
  };

  /** Writes element k (in file order) to its row-major place. */
  const place = (k: number, v: number): void => {
    const out = vectors as Float32Array;
    if ((header as NpyHeader).fortranOrder) out[(k % n) * dim + Math.floor(k / n)] = v;
    else out[k] = v;
  };

  const data = (chunk: Uint8Array): void => {
    const h = header as NpyHeader;
    const size = h.dtype.size;
    const want = total * size;
    const room = want - got;
    if (room <= 0) {
      extra += chunk.length;
      return;
    }
    if (chunk.length > room) {
      extra += chunk.length - room;
      chunk = chunk.subarray(0, room);
    }
    if (textChunks) {
      opts.meter?.allocate(file, chunk.length);
      textChunks.push(chunk.slice());
      got += chunk.length;
      return;
    }
    if (fast) {
      (vbytes as Uint8Array).set(chunk, got);
      got += chunk.length;
      return;
    }
    const rd = read as Reader;
    let i = 0;
    let k = Math.floor(got / size);
    if (carryLen > 0) {
      const take = Math.min(size - carryLen, chunk.length);
      carry.set(chunk.subarray(0, take), carryLen);
      carryLen += take;
      i = take;
      if (carryLen === size) {
        place(k++, rd(new DataView(carry.buffer, 0, size), 0));
        carryLen = 0;
      }
    }
    const dv = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const whole = i + Math.floor((chunk.length - i) / size) * size;
    if (h.fortranOrder) {
      for (; i < whole; i += size) place(k++, rd(dv, i));
    } else {
      const out = vectors as Float32Array;
      for (; i < whole; i += size) out[k++] = rd(dv, i);
    }
    if (i < chunk.length) {
      carry.set(chunk.subarray(i), 0);
      carryLen = chunk.length - i;
    }
    got += chunk.length;
  };

  return {
    get rows() {
      return dim > 0 ? Math.floor(got / ((header as NpyHeader | null)?.dtype.size ?? 1) / dim) : 0;
    },
    push(chunk) {
      if (header) return data(chunk);
      const joined = new Uint8Array(head.length + chunk.length);
      joined.set(head, 0);
      joined.set(chunk, head.length);
      const h = parseNpyHeader(joined, file);
      if (!h) {
        head = joined;
        return;
      }
      head = new Uint8Array(0);
      begin(h);
      if (joined.length > h.dataOffset) data(joined.subarray(h.dataOffset));
    },
    finish() {
      const h = header as NpyHeader | null;
      if (!h) {
        if (head.length === 0) throw ParseError.whole(file, 'the file is empty');
        parseNpyHeader(head, file); // throws when the magic is wrong
        throw ParseError.whole(file, 'the file ends inside the .npy header');
      }
      const want = total * h.dtype.size;
      if (got < want) {
        throw ParseError.whole(file, `the header says shape ${shapeText(h.shape)} of '${h.dtype.descr}' = ${want} bytes of data, but the file has ${got}; is it cut short?`);
      }
      if (extra > 0) warnings.push(`ignored ${extra} bytes after the array`);
      if (textChunks) {
        const values = decodeStrings(textChunks, h.dtype, total);
        return { kind: 'strings', header: h, values };
      }
      const table = finishBinaryRows(vectors as Float32Array, n, dim, opts);
      table.warnings.unshift(...warnings);
      return { kind: 'numeric', header: h, table };
    },
  };
}

function decodeStrings(chunks: Uint8Array[], t: NpyDtype, count: number): string[] {
  const all = new Uint8Array(chunks.reduce((a, c) => a + c.length, 0));
  let off = 0;
  for (const c of chunks) {
    all.set(c, off);
    off += c.length;
  }
  const out = new Array<string>(count);
  const dv = new DataView(all.buffer);
  const utf8 = new TextDecoder('utf-8');
  for (let i = 0; i < count; i++) {
    const base = i * t.size;
    if (t.kind === 'S') {
      let end = base + t.size;
      while (end > base && all[end - 1] === 0) end--;
      out[i] = utf8.decode(all.subarray(base, end));
    } else {
      let s = '';
      for (let j = 0; j < t.size; j += 4) {
        const cp = dv.getUint32(base + j, t.littleEndian);
        if (cp === 0) break;
        s += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
      }
      out[i] = s;
    }
  }
  return out;
}

/** A .npy holding vectors (rows × dims; higher ranks are flattened per row). */
export function npyParser(opts: ParseOptions = {}): StreamParser<ParsedTable> {
  const inner = npyArrayParser(opts);
  return {
    get rows() {
      return inner.rows;
    },
    push(chunk) {
      inner.push(chunk);
    },
    finish() {
      const a = inner.finish();
      if (a.kind === 'strings') {
        throw ParseError.whole(fileNameOf(opts), `it holds ${a.values.length} strings, not vectors — use it as a labels file`);
      }
      return a.table;
    },
  };
}
