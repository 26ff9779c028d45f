import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CancelledError } from '../task';
import { parseParquet } from './parquet';
import { writeTestParquet } from './parquetTestWriter';
import { parseErrorOfAsync, seededVectors } from './testing';
import { ParseError } from './errors';

const buf = (b: Uint8Array): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
/** An async source that serves slices, like a Blob. */
const source = (b: Uint8Array) => ({ byteLength: b.length, slice: async (s: number, e?: number) => buf(b.subarray(s, e)) });

function sample(n: number, dim: number, groupSize: number): { bytes: Uint8Array; v: Float32Array; words: string[] } {
  const v = seededVectors(n, dim, 3);
  const rows = Array.from({ length: n }, (_, i) => Array.from(v.subarray(i * dim, (i + 1) * dim)));
  const words = Array.from({ length: n }, (_, i) => `w${i}`);
  const bytes = writeTestParquet({ vectors: { name: 'embedding', rows }, strings: [{ name: 'word', rows: words }], doubles: [{ name: 'score', rows: words.map((_, i) => i / 2) }] }, groupSize);
  return { bytes, v, words };
}

describe('Parquet', () => {
  it('reads a LIST<FLOAT> column across row groups, with the other columns as metadata and "word" as labels', async () => {
    const { bytes, v, words } = sample(25, 4, 7);
    const progress: number[] = [];
    const t = await parseParquet(source(bytes), { fileName: 'e.parquet', onProgress: (p) => progress.push(p.rows) });
    expect([t.n, t.dim]).toEqual([25, 4]);
    expect(Array.from(t.vectors)).toEqual(Array.from(v));
    expect(t.labels).toEqual(words);
    expect(t.columns.map((c) => c.name)).toEqual(['word', 'score']);
    expect(t.columns[1].cells.slice(0, 3)).toEqual(['0', '0.5', '1']);
    expect(progress).toEqual([7, 14, 21, 25]);
  });

  it('says which text columns could give the labels and which did; labelColumn picks another', async () => {
    const bytes = writeTestParquet({
      vectors: { name: 'embedding', rows: [[1, 0], [0, 1], [1, 1]] },
      strings: [
        { name: 'word', rows: ['cat', 'dog', 'emu'] },
        { name: 'french', rows: ['chat', 'chien', 'émeu'] },
      ],
      doubles: [{ name: 'score', rows: [1, 2, 3] }],
    });
    const auto = await parseParquet(source(bytes), { fileName: 'two.parquet' });
    expect(auto.labels).toEqual(['cat', 'dog', 'emu']);
    expect(auto.labelChoice).toEqual({ columns: ['word', 'french'], chosen: 'word' });
    const picked = await parseParquet(source(bytes), { fileName: 'two.parquet', labelColumn: 'french' });
    expect(picked.labels).toEqual(['chat', 'chien', 'émeu']);
    expect(picked.labelChoice).toEqual({ columns: ['word', 'french'], chosen: 'french' });
    // Every column stays as metadata whichever gives the labels.
    expect(picked.columns.map((c) => c.name)).toEqual(['word', 'french', 'score']);
    const none = await parseParquet(source(writeTestParquet({ vectors: { name: 'embedding', rows: [[1], [2]] }, doubles: [{ name: 'score', rows: [1, 2] }] })));
    expect([none.labels, none.labelChoice]).toEqual([null, { columns: [], chosen: null }]);
  });

  it('reads a LIST<DOUBLE> column and reports null or short lists by row', async () => {
    const bytes = writeTestParquet({ vectors: { name: 'vec', rows: [[1, 2], null, [3], [4, 5]], double: true } });
    const e = await parseErrorOfAsync(() => parseParquet(source(bytes), { fileName: 'd.parquet' }));
    expect(e.problems).toEqual([
      { line: 2, message: '"vec" is empty (null)' },
      { line: 3, message: 'expected 2 values, got 1' },
    ]);
    expect(e.message).toMatch(/row 2: "vec" is empty/);
  });

  it('drops NaN rows with their metadata when asked', async () => {
    const bytes = writeTestParquet({ vectors: { name: 'embedding', rows: [[1], [NaN], [2]] }, strings: [{ name: 'label', rows: ['a', 'b', 'c'] }] });
    const t = await parseParquet(source(bytes), { nonFinite: 'drop' });
    expect([t.labels, t.droppedRows]).toEqual([['a', 'c'], 1]);
  });

  it('stops between row groups when the signal aborts', async () => {
    const { bytes } = sample(30, 2, 5);
    const ac = new AbortController();
    ac.abort();
    await expect(parseParquet(source(bytes), { signal: ac.signal })).rejects.toBeInstanceOf(CancelledError);
  });

  it('says which columns exist when the named vector column does not', async () => {
    const { bytes } = sample(3, 2, 5);
    const e = await parseErrorOfAsync(() => parseParquet(source(bytes), { vectorColumn: 'nope', fileName: 'x.parquet' }));
    expect(e.message).toBe('x.parquet: no column named "nope"; the columns are "embedding", "word", "score"');
  });

  // Only the footer is fuzzed: hostile RLE run lengths inside a data page make hyparquet
  // itself loop for many seconds before failing (seen: 18 s), which is its behaviour, not ours.
  it('random bytes, or a real file with its footer damaged, produce only ParseError', async () => {
    const { bytes } = sample(6, 3, 4);
    const footerLen = new DataView(bytes.buffer).getUint32(bytes.length - 8, true);
    const footerStart = bytes.length - 8 - footerLen;
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.nat(), async (junk, at) => {
        const spliced = bytes.slice();
        const pos = footerStart + (at % (footerLen + 8));
        spliced.set(junk.subarray(0, spliced.length - pos), pos);
        for (const b of [junk, spliced]) {
          try {
            await parseParquet(source(b), { memoryBudget: 2 ** 26 });
          } catch (e) {
            if (!(e instanceof ParseError)) throw e;
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('Parquet labels', () => {
  const rows = [
    [1, 2],
    [3, 4],
    [5, 6],
  ];
  it('come from a text column, even when a number column comes first and none is named like a label', async () => {
    const bytes = writeTestParquet({ vectors: { name: 'embedding', rows }, doubles: [{ name: 'score', rows: [0.5, 1.5, 2.5] }], strings: [{ name: 'note', rows: ['a', 'b', 'c'] }] });
    const t = await parseParquet(source(bytes), { fileName: 'l.parquet' });
    expect(t.labels).toEqual(['a', 'b', 'c']);
  });

  it('are the row numbers when no column holds text (never a float column)', async () => {
    const bytes = writeTestParquet({ vectors: { name: 'embedding', rows }, doubles: [{ name: 'score', rows: [0.5, 1.5, 2.5] }] });
    const t = await parseParquet(source(bytes), { fileName: 'n.parquet' });
    expect(t.labels).toBeNull();
    expect(t.columns.map((c) => c.name)).toEqual(['score']);
  });

  it('come from the column the user names', async () => {
    const bytes = writeTestParquet({ vectors: { name: 'embedding', rows }, strings: [{ name: 'word', rows: ['a', 'b', 'c'] }, { name: 'other', rows: ['x', 'y', 'z'] }] });
    const t = await parseParquet(source(bytes), { fileName: 'c.parquet', labelColumn: 'other' });
    expect(t.labels).toEqual(['x', 'y', 'z']);
  });
});
