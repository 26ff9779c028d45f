import { describe, expect, it } from 'vitest';
import { schemeTableau10 } from 'd3-scale-chromatic';
import { MISSING_CODE, type Column, type Dataset } from '../../compute/dataset';
import { categoryColor, codeColors, DEFAULT_COLOR, legendFor, legendTicks, MISSING_COLOR, packHex, pointColors } from './colors';
import { packRGBA } from './raster';

function dataset(columns: Column[], n: number): Dataset {
  return {
    id: 't', name: 't', n, dim: 1, labels: Array.from({ length: n }, (_, i) => `w${i}`),
    columns, metric: 'euclidean',
  };
}

const digit: Column = { name: 'digit', type: 'category', codes: new Uint32Array([0, 1, 1, MISSING_CODE, 2]), categories: ['0', '1', '2'] };
const size: Column = { name: 'size', type: 'number', values: new Float64Array([10, 20, NaN, 30, 15]) };
const note: Column = { name: 'note', type: 'text', values: ['a', 'b', 'c', 'd', 'e'] };
const ds = dataset([digit, size, note], 5);

describe('packHex', () => {
  it('reads #rrggbb and rgb() into packed opaque RGBA', () => {
    expect(packHex('#ff8000')).toBe(packRGBA(255, 128, 0));
    expect(packHex('rgb(1, 2, 3)')).toBe(packRGBA(1, 2, 3));
    expect(() => packHex('tomato')).toThrow(/Unsupported/);
  });
});

describe('pointColors', () => {
  it('gives every row the default colour when colouring by nothing or by a text column', () => {
    for (const by of [null, 'note', 'no such column']) {
      const c = pointColors(ds, by);
      expect(c.length).toBe(5);
      expect([...c].every((v) => v === packHex(DEFAULT_COLOR))).toBe(true);
    }
  });
  it('colours categories with Tableau10 in code order and missing values grey', () => {
    const c = pointColors(ds, 'digit');
    expect(c[0]).toBe(packHex(schemeTableau10[0]));
    expect(c[1]).toBe(packHex(schemeTableau10[1]));
    expect(c[2]).toBe(c[1]);
    expect(c[3]).toBe(packHex(MISSING_COLOR));
    expect(c[4]).toBe(packHex(schemeTableau10[2]));
  });
  it('maps numbers onto viridis from the smallest to the largest finite value', () => {
    const c = pointColors(ds, 'size');
    expect(c[0]).toBe(packHex('#440154'));
    expect(c[3]).toBe(packHex('#fde725'));
    expect(c[2]).toBe(packHex(MISSING_COLOR));
    expect(c[1]).not.toBe(c[0]);
  });
  it('uses the middle of the ramp when every value is the same', () => {
    const flat = dataset([{ name: 'k', type: 'number', values: new Float64Array([3, 3]) }], 2);
    const c = pointColors(flat, 'k');
    expect(c[0]).toBe(c[1]);
    expect(c[0]).not.toBe(packHex('#440154'));
  });
});

describe('codeColors', () => {
  it('gives code c the palette colour c and negative or out-of-range codes the missing grey', () => {
    const out = codeColors(Int16Array.from([1, -1, 0, 5, 2]), 3);
    expect(Array.from(out)).toEqual([
      packHex(categoryColor(1)),
      packHex(MISSING_COLOR),
      packHex(categoryColor(0)),
      packHex(MISSING_COLOR),
      packHex(categoryColor(2)),
    ]);
  });
});

describe('categoryColor', () => {
  it('keeps producing distinct colours past the first ten', () => {
    const colours = Array.from({ length: 40 }, (_, i) => categoryColor(i));
    expect(colours.slice(0, 10)).toEqual([...schemeTableau10]);
    expect(new Set(colours).size).toBe(40);
    for (const c of colours) expect(c).toMatch(/^#[0-9a-f]{6}$/);
  });
});

describe('legendFor', () => {
  it('lists categories largest first, each with its own colour (ties in file order), the missing ones last', () => {
    expect(legendFor(ds, 'digit')).toEqual({
      kind: 'category',
      column: 'digit',
      items: [
        { label: '1', color: schemeTableau10[1], count: 2 },
        { label: '0', color: schemeTableau10[0], count: 1 },
        { label: '2', color: schemeTableau10[2], count: 1 },
        { label: null, color: MISSING_COLOR, count: 1 },
      ],
    });
  });
  it('describes a numeric column by its finite range, viridis stops, round ticks and its missing rows', () => {
    const l = legendFor(ds, 'size');
    expect(l).toMatchObject({ kind: 'number', column: 'size', min: 10, max: 30, missing: 1, digits: 0 });
    if (l?.kind !== 'number') throw new Error('expected a number legend');
    expect(l.stops[0]).toBe('#440154');
    expect(l.stops[l.stops.length - 1]).toBe('#fde725');
    expect(l.ticks.map((t) => t.value)).toEqual([10, 15, 20, 25, 30]);
    expect(l.ticks.map((t) => t.at)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });
  it('marks round ticks in ascending order with just the digits they need', () => {
    // GloVe ranks 1..10,000: thousands, written "2,000" by the locale, not "2.00e+3".
    expect(legendTicks(1, 10_000)).toEqual({ ticks: [2000, 4000, 6000, 8000, 10_000].map((value) => ({ value, at: (value - 1) / 9999 })), digits: 0 });
    expect(legendTicks(0, 1).digits).toBe(1);
    expect(legendTicks(0.1, 0.35).digits).toBe(2);
    expect(legendTicks(-0.002, 0.003).ticks.map((t) => t.value)).toEqual([-0.002, -0.001, 0, 0.001, 0.002, 0.003]);
    expect(legendTicks(-0.002, 0.003).digits).toBe(3);
    expect(legendTicks(7, 7)).toEqual({ ticks: [{ value: 7, at: 0.5 }], digits: 0 });
  });
  it('is null for a single colour', () => {
    expect(legendFor(ds, null)).toBeNull();
    expect(legendFor(ds, 'note')).toBeNull();
  });
});
