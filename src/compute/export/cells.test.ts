import { describe, expect, it } from 'vitest';
import { csvCell, float32Text, neutraliseFormula, tsvCell } from './cells';

describe('neutraliseFormula', () => {
  it('puts an apostrophe before text a spreadsheet would run as a formula', () => {
    for (const evil of ['=1+2', '+cmd', '-2+3', '@SUM(A1)', '\t=x', '\r=x', '=HYPERLINK("http://x","y")']) {
      expect(neutraliseFormula(evil)).toBe(`'${evil}`);
    }
  });

  it('leaves plain numbers and ordinary text alone', () => {
    for (const ok of ['-0.25', '+3', '-1e-7', '.5', 'king', 'a=b', '', '3-4']) expect(neutraliseFormula(ok)).toBe(ok);
  });
});

describe('csvCell and tsvCell', () => {
  it('quotes CSV cells holding commas, quotes or line breaks, doubling the quotes', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('plain')).toBe('plain');
  });

  it('neutralises before quoting, so a quoted formula is still inert', () => {
    expect(csvCell('=1,2')).toBe(`"'=1,2"`);
  });

  it('turns tabs and line breaks in a TSV cell into spaces so the row cannot split', () => {
    expect(tsvCell('a\tb\nc')).toBe('a b c');
    expect(tsvCell('\t=x')).toBe("' =x");
  });
});

describe('float32Text', () => {
  it('writes the fewest digits that read back as exactly the same float32', () => {
    const values = Float32Array.from([0.1, -1.5, 3, 1e-7, 123456.789, -0.000123, Math.PI, 2 ** 40, 1 / 3]);
    for (const v of values) {
      const text = float32Text(v);
      expect(Math.fround(Number(text))).toBe(v);
    }
    expect(float32Text(Math.fround(0.1))).toBe('0.1');
    expect(float32Text(-1.5)).toBe('-1.5');
    expect(float32Text(3)).toBe('3');
  });

  it('round-trips random float32 values bit for bit', () => {
    const buf = new Float32Array(2000);
    let s = 12345;
    for (let i = 0; i < buf.length; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      buf[i] = ((s / 2 ** 32) - 0.5) * 10 ** ((i % 13) - 6);
    }
    for (const v of buf) expect(Math.fround(Number(float32Text(v)))).toBe(v);
  });

  it('writes non-finite values as an empty (missing) cell', () => {
    expect(float32Text(NaN)).toBe('');
    expect(float32Text(Infinity)).toBe('');
  });
});
