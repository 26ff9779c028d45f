import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitAt } from './stream';
import { cutsArb, utf16, utf8 } from './testing';
import { LineReader, SniffingDecoder, splitFields } from './text';

function lines(chunks: Uint8Array[]): string[] {
  const out: string[] = [];
  const r = new LineReader((t, s, e) => out.push(t.slice(s, e)));
  for (const c of chunks) r.push(c);
  r.finish();
  return out;
}

describe('LineReader', () => {
  it('splits on LF and CRLF and keeps a last line without a newline', () => {
    expect(lines([utf8('a\r\nb\nc')])).toEqual(['a', 'b', 'c']);
    expect(lines([utf8('a\n\nb\n')])).toEqual(['a', '', 'b']);
  });

  it('gives the same lines however the bytes are cut, including mid-UTF-8 and mid-CRLF', () => {
    const text = 'héllo\r\nwörld 漢字\r\n\r\n😀 end\r\nlast';
    const bytes = utf8(text);
    const want = lines([bytes]);
    expect(want).toEqual(['héllo', 'wörld 漢字', '', '😀 end', 'last']);
    fc.assert(
      fc.property(cutsArb(bytes.length), (cuts) => {
        expect(lines(splitAt(bytes, cuts))).toEqual(want);
      }),
    );
  });

  it('drops a UTF-8 byte-order mark and decodes UTF-16 with a BOM in either byte order', () => {
    expect(lines([utf8('\ufeffa\nb')])).toEqual(['a', 'b']);
    expect(lines([utf16('a\tb\r\nc', 'le')])).toEqual(['a\tb', 'c']);
    const be = utf16('x\ny', 'be');
    expect(lines(splitAt(be, [1, 2, 3]))).toEqual(['x', 'y']);
  });

  it('numbers lines from 1', () => {
    const seen: number[] = [];
    const r = new LineReader((_t, _s, _e, line) => seen.push(line));
    r.push(utf8('a\nb\nc\n'));
    r.finish();
    expect(seen).toEqual([1, 2, 3]);
  });
});

describe('SniffingDecoder', () => {
  it('waits for two bytes before choosing an encoding', () => {
    const d = new SniffingDecoder();
    const b = utf16('hi', 'le');
    expect(d.decode(b.subarray(0, 1))).toBe('');
    expect(d.decode(b.subarray(1)) + d.decode(new Uint8Array(0), true)).toBe('hi');
    expect(d.encoding).toBe('utf-16le');
  });
});

describe('splitFields', () => {
  it('keeps empty fields with a single separator and collapses runs of whitespace otherwise', () => {
    const out = { b: new Int32Array(2) };
    const s = 'a\t\tb';
    expect(splitFields(s, 0, s.length, 9, out)).toBe(3);
    const w = '  a  b \t c ';
    const n = splitFields(w, 0, w.length, -1, out);
    expect(Array.from({ length: n }, (_, k) => w.slice(out.b[2 * k], out.b[2 * k + 1]))).toEqual(['a', 'b', 'c']);
  });
});
