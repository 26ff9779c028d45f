/**
 * A minimal, uncompressed Parquet writer — for tests and generated test data only. No
 * Parquet writer is installed (hyparquet only reads), and the tests need files with a
 * LIST<FLOAT> vector column next to string and number metadata, in several row groups,
 * and tables of plain float columns (precomputed x/y) with a million rows.
 *
 * Writes: PAR1, per row group and column one v1 data page (PLAIN values,
 * RLE-encoded repetition/definition levels), then the Thrift-compact footer.
 */

class Thrift {
  bytes: number[] = [];
  private last: number[] = [0];

  private varint(v: bigint): void {
    let x = v;
    while (x >= 0x80n) {
      this.bytes.push(Number(x & 0x7fn) | 0x80);
      x >>= 7n;
    }
    this.bytes.push(Number(x));
  }
  private zigzag(v: number | bigint): void {
    const b = BigInt(v);
    this.varint(b >= 0n ? b << 1n : (-b << 1n) - 1n);
  }
  private field(id: number, type: number): void {
    const delta = id - this.last[this.last.length - 1];
    if (delta > 0 && delta <= 15) this.bytes.push((delta << 4) | type);
    else {
      this.bytes.push(type);
      this.zigzag(id);
    }
    this.last[this.last.length - 1] = id;
  }
  i32(id: number, v: number): this {
    this.field(id, 5);
    this.zigzag(v);
    return this;
  }
  i64(id: number, v: number | bigint): this {
    this.field(id, 6);
    this.zigzag(v);
    return this;
  }
  string(id: number, s: string): this {
    this.field(id, 8);
    const b = new TextEncoder().encode(s);
    this.varint(BigInt(b.length));
    this.bytes.push(...b);
    return this;
  }
  struct(id: number, body: (t: Thrift) => void): this {
    this.field(id, 12);
    this.last.push(0);
    body(this);
    this.bytes.push(0);
    this.last.pop();
    return this;
  }
  /** A list of structs (type 12), of i32 (5) or of strings (8). */
  list<T>(id: number, elemType: 12 | 5 | 8, items: readonly T[], write: (t: Thrift, item: T) => void): this {
    this.field(id, 9);
    if (items.length < 15) this.bytes.push((items.length << 4) | elemType);
    else {
      this.bytes.push(0xf0 | elemType);
      this.varint(BigInt(items.length));
    }
    for (const it of items) {
      if (elemType === 12) {
        this.last.push(0);
        write(this, it);
        this.bytes.push(0);
        this.last.pop();
      } else write(this, it);
    }
    return this;
  }
  rawI32(v: number): void {
    this.zigzag(v);
  }
  rawString(s: string): void {
    const b = new TextEncoder().encode(s);
    this.varint(BigInt(b.length));
    this.bytes.push(...b);
  }
  stop(): number[] {
    this.bytes.push(0);
    return this.bytes;
  }
}

/** RLE/bit-packed hybrid with only RLE runs, prefixed by its 4-byte length (data page v1 levels). */
function levels(values: readonly number[], maxLevel: number): number[] {
  const width = Math.ceil(Math.log2(maxLevel + 1));
  const byteWidth = Math.ceil(width / 8);
  const out: number[] = [];
  for (let i = 0; i < values.length; ) {
    let j = i;
    while (j < values.length && values[j] === values[i]) j++;
    let header = (j - i) << 1;
    while (header >= 0x80) {
      out.push((header & 0x7f) | 0x80);
      header >>>= 7;
    }
    out.push(header);
    for (let b = 0; b < byteWidth; b++) out.push((values[i] >> (8 * b)) & 0xff);
    i = j;
  }
  const len = out.length;
  return [len & 0xff, (len >> 8) & 0xff, (len >> 16) & 0xff, (len >>> 24) & 0xff, ...out];
}

export interface TestParquetColumns {
  /** LIST<FLOAT> (or DOUBLE) column; null = a null list. Absent: a table of plain columns only. */
  vectors?: { name: string; rows: (readonly number[] | null)[]; double?: boolean };
  strings?: { name: string; rows: (string | null)[] }[];
  doubles?: { name: string; rows: ArrayLike<number> }[];
  /** Required FLOAT columns (what `df.astype('float32').to_parquet()` writes for x/y). */
  floats?: { name: string; rows: ArrayLike<number> }[];
}

const TYPE = { INT32: 1, FLOAT: 4, DOUBLE: 5, BYTE_ARRAY: 6 } as const;

/** A growable byte buffer (a million rows would overflow `array.push(...bytes)`). */
class Bytes {
  buf = new Uint8Array(1 << 16);
  length = 0;
  private readonly scratch = new DataView(new ArrayBuffer(8));
  private room(k: number): void {
    if (this.length + k <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + k) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
  byte(b: number): void {
    this.room(1);
    this.buf[this.length++] = b;
  }
  bytes(b: ArrayLike<number>): void {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  u32(v: number): void {
    this.bytes([v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >>> 24) & 0xff]);
  }
  f32(v: number): void {
    this.scratch.setFloat32(0, v, true);
    for (let b = 0; b < 4; b++) this.byte(this.scratch.getUint8(b));
  }
  f64(v: number): void {
    this.scratch.setFloat64(0, v, true);
    for (let b = 0; b < 8; b++) this.byte(this.scratch.getUint8(b));
  }
  view(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

export function writeTestParquet(cols: TestParquetColumns, rowGroupSize = 1000): Uint8Array {
  const n = cols.vectors?.rows.length ?? cols.floats?.[0]?.rows.length ?? cols.doubles?.[0]?.rows.length ?? cols.strings?.[0]?.rows.length ?? 0;
  const out = new Bytes();
  out.bytes([0x50, 0x41, 0x52, 0x31]);
  const groups: { chunks: { path: string[]; type: number; offset: number; size: number; values: number }[]; rows: number }[] = [];
  const encoder = new TextEncoder();
  for (let start = 0; start < n; start += rowGroupSize) {
    const end = Math.min(n, start + rowGroupSize);
    const chunks: (typeof groups)[number]['chunks'] = [];
    const page = (path: string[], type: number, body: Uint8Array, numValues: number): void => {
      const header = new Thrift()
        .i32(1, 0)
        .i32(2, body.length)
        .i32(3, body.length)
        .struct(5, (t) => t.i32(1, numValues).i32(2, 0).i32(3, 3).i32(4, 3))
        .stop();
      chunks.push({ path, type, offset: out.length, size: header.length + body.length, values: numValues });
      out.bytes(header);
      out.bytes(body);
    };
    // Vector column: optional group (LIST) { repeated group list { required float element } }.
    const vectors = cols.vectors;
    if (vectors) {
      const rep: number[] = [];
      const def: number[] = [];
      const vals = new Bytes();
      for (let i = start; i < end; i++) {
        const r = vectors.rows[i];
        if (r === null) {
          rep.push(0);
          def.push(0);
        } else if (r.length === 0) {
          rep.push(0);
          def.push(1);
        } else
          r.forEach((v, k) => {
            rep.push(k === 0 ? 0 : 1);
            def.push(2);
            if (vectors.double) vals.f64(v);
            else vals.f32(v);
          });
      }
      const body = new Bytes();
      body.bytes(levels(rep, 1));
      body.bytes(levels(def, 2));
      body.bytes(vals.view());
      page([vectors.name, 'list', 'element'], vectors.double ? TYPE.DOUBLE : TYPE.FLOAT, body.view(), rep.length);
    }
    for (const s of cols.strings ?? []) {
      const def: number[] = [];
      const vals = new Bytes();
      for (let i = start; i < end; i++) {
        const v = s.rows[i];
        def.push(v === null ? 0 : 1);
        if (v !== null) {
          const b = encoder.encode(v);
          vals.u32(b.length);
          vals.bytes(b);
        }
      }
      const body = new Bytes();
      body.bytes(levels(def, 1));
      body.bytes(vals.view());
      page([s.name], TYPE.BYTE_ARRAY, body.view(), end - start);
    }
    for (const d of cols.doubles ?? []) {
      const vals = new Bytes();
      for (let i = start; i < end; i++) vals.f64(d.rows[i]);
      page([d.name], TYPE.DOUBLE, vals.view(), end - start);
    }
    for (const f of cols.floats ?? []) {
      const vals = new Bytes();
      for (let i = start; i < end; i++) vals.f32(f.rows[i]);
      page([f.name], TYPE.FLOAT, vals.view(), end - start);
    }
    groups.push({ chunks, rows: end - start });
  }
  type Schema = { name: string; type?: number; rep?: number; children?: number; converted?: number };
  const schema: Schema[] = [
    { name: 'schema', children: (cols.vectors ? 1 : 0) + (cols.strings?.length ?? 0) + (cols.doubles?.length ?? 0) + (cols.floats?.length ?? 0) },
    ...(cols.vectors
      ? [
          { name: cols.vectors.name, rep: 1, children: 1, converted: 3 },
          { name: 'list', rep: 2, children: 1 },
          { name: 'element', type: cols.vectors.double ? TYPE.DOUBLE : TYPE.FLOAT, rep: 0 },
        ]
      : []),
    ...(cols.strings ?? []).map((s) => ({ name: s.name, type: TYPE.BYTE_ARRAY, rep: 1, converted: 0 })),
    ...(cols.doubles ?? []).map((d) => ({ name: d.name, type: TYPE.DOUBLE, rep: 0 })),
    ...(cols.floats ?? []).map((d) => ({ name: d.name, type: TYPE.FLOAT, rep: 0 })),
  ];
  const footer = new Thrift()
    .i32(1, 1)
    .list(2, 12, schema, (t, s) => {
      if (s.type !== undefined) t.i32(1, s.type);
      if (s.rep !== undefined) t.i32(3, s.rep);
      t.string(4, s.name);
      if (s.children !== undefined) t.i32(5, s.children);
      if (s.converted !== undefined) t.i32(6, s.converted);
    })
    .i64(3, n)
    .list(4, 12, groups, (t, g) => {
      t.list(1, 12, g.chunks, (tc, c) => {
        tc.i64(2, c.offset).struct(3, (m) => {
          m.i32(1, c.type)
            .list(2, 5, [0, 3], (tl, e) => tl.rawI32(e))
            .list(3, 8, c.path, (tl, p) => tl.rawString(p))
            .i32(4, 0)
            .i64(5, c.values)
            .i64(6, c.size)
            .i64(7, c.size)
            .i64(9, c.offset);
        });
      });
      t.i64(2, g.chunks.reduce((a, c) => a + c.size, 0)).i64(3, g.rows);
    })
    .string(6, 'sprout test writer')
    .stop();
  out.bytes(footer);
  out.u32(footer.length);
  out.bytes([0x50, 0x41, 0x52, 0x31]);
  return out.view().slice();
}
