import { parquetMetadata } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { describe, expect, it } from 'vitest';
import { parseParquet } from './parquet';
import { writeTestParquet } from './parquetTestWriter';
import { parseErrorOfAsync } from './testing';

const buf = (b: Uint8Array): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
const source = (b: Uint8Array) => ({ byteLength: b.length, slice: async (s: number, e?: number) => buf(b.subarray(s, e)) });

/** A 5-row file and where the body of its vector column's first page starts. */
function sample(): { bytes: Uint8Array; body: number } {
  const rows = Array.from({ length: 5 }, (_, i) => [i, i + 1, i + 2, i + 3]);
  const bytes = writeTestParquet({ vectors: { name: 'embedding', rows }, strings: [{ name: 'word', rows: rows.map((_, i) => `w${i}`) }] });
  const md = parquetMetadata(buf(bytes));
  const chunk = md.row_groups[0].columns[0].meta_data;
  if (!chunk) throw new Error('no column metadata');
  const reader = { view: new DataView(buf(bytes)), offset: Number(chunk.data_page_offset) };
  parquetHeader(reader);
  return { bytes, body: reader.offset };
}

describe('the Parquet page check before hyparquet decodes', () => {
  it('leaves a sound file alone', async () => {
    const t = await parseParquet(source(sample().bytes), { fileName: 'ok.parquet', memoryBudget: 2 ** 20 });
    expect([t.n, t.dim]).toEqual([5, 4]);
  });

  it('refuses a repetition-level run longer than its page, naming the column, before it can grow an array without bound', async () => {
    const { bytes, body } = sample();
    const bad = bytes.slice();
    // The page body starts with the repetition levels' byte length, then the first run's
    // header: an RLE run (low bit 0) of 63 values in a page that holds 20.
    bad[body + 4] = 63 << 1;
    const e = await parseErrorOfAsync(() => parseParquet(source(bad), { fileName: 'bad.parquet', memoryBudget: 2 ** 20 }));
    expect(e.message).toContain('column embedding.list.element: a run of 63 values where 20 are left');
  });

  it('refuses a page header that claims more values than its column chunk', async () => {
    const { bytes, body } = sample();
    const md = parquetMetadata(buf(bytes));
    const start = Number(md.row_groups[0].columns[0].meta_data?.data_page_offset);
    // Rewrite the header with num_values = 10^6: find the zigzag varint of 20 (0x28) inside the header.
    const bad = bytes.slice();
    const at = bad.subarray(start, body).indexOf(0x28);
    expect(at).toBeGreaterThan(0);
    bad[start + at] = 0x7e; // 63, still one byte, more than the chunk's 20
    const e = await parseErrorOfAsync(() => parseParquet(source(bad), { fileName: 'bad.parquet', memoryBudget: 2 ** 20 }));
    expect(e.message).toMatch(/column embedding\.list\.element: a page claims 63 values where the column holds 20/);
  });
});
