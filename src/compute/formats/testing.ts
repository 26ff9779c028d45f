/**
 * Helpers shared by the format tests (not used by the app): encoders, arbitrary
 * chunkings of a byte stream, and a check that a failure is our ParseError.
 */
import fc from 'fast-check';
import { ParseError } from './errors';
import { splitAt, type StreamParser } from './stream';
import type { ParsedTable } from './table';

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** UTF-16 with a byte-order mark, as Windows tools write "Unicode" text. */
export function utf16(s: string, endian: 'le' | 'be' = 'le'): Uint8Array {
  const out = new Uint8Array(2 + s.length * 2);
  const dv = new DataView(out.buffer);
  dv.setUint16(0, 0xfeff, endian === 'le');
  for (let i = 0; i < s.length; i++) dv.setUint16(2 + 2 * i, s.charCodeAt(i), endian === 'le');
  return out;
}

/** Cut positions for a buffer of `len` bytes: anywhere, including 1-byte chunks. */
export const cutsArb = (len: number): fc.Arbitrary<number[]> => fc.array(fc.integer({ min: 0, max: Math.max(0, len) }), { maxLength: 40 });

export function runCut<T>(bytes: Uint8Array, cuts: readonly number[], parser: StreamParser<T>): T {
  for (const c of splitAt(bytes, cuts)) parser.push(c);
  return parser.finish();
}

/** Every cut position: the slow but thorough check for small inputs. */
export function runOneByteChunks<T>(bytes: Uint8Array, parser: StreamParser<T>): T {
  for (let i = 0; i < bytes.length; i++) parser.push(bytes.subarray(i, i + 1));
  return parser.finish();
}

/** Calls fn and returns the ParseError it throws (fails the test on success or any other error). */
export function parseErrorOf(fn: () => unknown): ParseError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw new Error(`expected a ParseError, got ${String(e)}`, { cause: e });
  }
  throw new Error('expected a ParseError, but parsing succeeded');
}

export async function parseErrorOfAsync(fn: () => Promise<unknown>): Promise<ParseError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw new Error(`expected a ParseError, got ${String(e)}`, { cause: e });
  }
  throw new Error('expected a ParseError, but parsing succeeded');
}

/** Runs fn; passes when it returns or throws a ParseError, rethrows anything else. */
export function onlyParseErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
  }
}

/** A comparable summary of a table (vectors as plain numbers, NaN-safe). */
export function summary(t: ParsedTable): unknown {
  return { n: t.n, dim: t.dim, vectors: Array.from(t.vectors), labels: t.labels, columns: t.columns, warnings: t.warnings, droppedRows: t.droppedRows };
}

/** Seeded float32 values in [-1, 1) for round-trip tests. */
export function seededVectors(n: number, dim: number, seed = 1): Float32Array {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(n * dim);
  for (let i = 0; i < out.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = ((s >>> 0) / 2 ** 32) * 2 - 1;
  }
  return out;
}

/** A minimal .npy writer for tests: values in row-major order, stored as `descr`. */
export function npyBytes(
  shape: readonly number[],
  descr: string,
  values: ArrayLike<number>,
  opts: { fortran?: boolean; version?: 1 | 2 | 3; headerText?: string } = {},
): Uint8Array {
  const version = opts.version ?? 1;
  const shapeStr = `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;
  let dict = opts.headerText ?? `{'descr': '${descr}', 'fortran_order': ${opts.fortran ? 'True' : 'False'}, 'shape': ${shapeStr}, }`;
  const pre = version === 1 ? 10 : 12;
  while ((pre + dict.length + 1) % 64 !== 0) dict += ' ';
  dict += '\n';
  const hdr = utf8(dict);
  const m = /^([<>|]?)([a-zA-Z?])(\d*)$/.exec(descr);
  if (!m) throw new Error(`test writer: bad descr ${descr}`);
  const le = m[1] !== '>';
  const size = Number(m[3] || 1);
  const data = new Uint8Array(values.length * size);
  const dv = new DataView(data.buffer);
  // Reorder to Fortran (column-major) when asked: element (i, j) goes to j * n + i.
  const order: number[] = [];
  if (opts.fortran && shape.length === 2) {
    const [n, d] = shape;
    for (let j = 0; j < d; j++) for (let i = 0; i < n; i++) order.push(i * d + j);
  } else for (let k = 0; k < values.length; k++) order.push(k);
  order.forEach((src, k) => {
    const v = values[src];
    const o = k * size;
    const key = m[2] + size;
    if (key === 'f4') dv.setFloat32(o, v, le);
    else if (key === 'f8') dv.setFloat64(o, v, le);
    else if (key === 'f2') dv.setUint16(o, toHalf(v), le);
    else if (key === 'i1') dv.setInt8(o, v);
    else if (key === 'i2') dv.setInt16(o, v, le);
    else if (key === 'i4') dv.setInt32(o, v, le);
    else if (key === 'i8') dv.setBigInt64(o, BigInt(v), le);
    else if (key === 'u1' || key === 'b1' || key === '?1') dv.setUint8(o, v);
    else if (key === 'u2') dv.setUint16(o, v, le);
    else if (key === 'u4') dv.setUint32(o, v, le);
    else if (key === 'u8') dv.setBigUint64(o, BigInt(v), le);
    else throw new Error(`test writer: unsupported ${descr}`);
  });
  const out = new Uint8Array(pre + hdr.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const odv = new DataView(out.buffer);
  if (version === 1) odv.setUint16(8, hdr.length, true);
  else odv.setUint32(8, hdr.length, true);
  out.set(hdr, pre);
  out.set(data, pre + hdr.length);
  return out;
}

/** A .npy of fixed-width unicode strings ('<U{width}'), as np.save writes a label array. */
export function npyStrings(values: readonly string[]): Uint8Array {
  const width = Math.max(1, ...values.map((v) => [...v].length));
  const head = npyBytes([values.length], `<U${width}`, [], { headerText: `{'descr': '<U${width}', 'fortran_order': False, 'shape': (${values.length},), }` });
  const data = new Uint8Array(values.length * width * 4);
  const dv = new DataView(data.buffer);
  values.forEach((v, i) => [...v].forEach((ch, j) => dv.setUint32((i * width + j) * 4, ch.codePointAt(0) as number, true)));
  const out = new Uint8Array(head.length + data.length);
  out.set(head);
  out.set(data, head.length);
  return out;
}

/** Float → IEEE half (round to nearest even), for .npy '<f2' tests. */
export function toHalf(v: number): number {
  const f32 = new Float32Array([v]);
  const x = new Uint32Array(f32.buffer)[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant = (mant | 0x800000) >> (1 - e);
    return sign | ((mant + 0x1000) >> 13);
  }
  return sign | ((e << 10) + ((mant + 0x1000) >> 13));
}

/** word2vec binary as the original tool writes it: "N D\n" then word, space, D float32 LE, "\n". */
export function word2vecBinaryBytes(words: readonly (string | Uint8Array)[], vectors: Float32Array, dim: number, newline = true): Uint8Array {
  const parts: Uint8Array[] = [utf8(`${words.length} ${dim}\n`)];
  words.forEach((w, i) => {
    parts.push(typeof w === 'string' ? utf8(w) : w, utf8(' '));
    parts.push(new Uint8Array(vectors.buffer.slice(i * dim * 4, (i + 1) * dim * 4)));
    if (newline) parts.push(utf8('\n'));
  });
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
