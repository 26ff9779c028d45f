/**
 * Point colours and their legend, from the dataset's metadata columns.
 * Categories: Tableau10, then evenly spread extra hues past ten; numbers: viridis
 * (perceptually even, readable for colour-blind viewers); missing values: grey.
 * Pure (d3-scale-chromatic is plain data and maths), unit-tested in Node.
 */
import { scaleLinear } from 'd3-scale';
import { interpolateViridis, schemeTableau10 } from 'd3-scale-chromatic';
import { MISSING_CODE, type Column, type Dataset } from '../../compute/dataset';
import { packRGBA } from './raster';

export const DEFAULT_COLOR = '#4e79a7';
export const MISSING_COLOR = '#8f8f8f';

export interface LegendItem {
  /** The category; null for the missing values' entry. */
  readonly label: string | null;
  /** CSS colour. */
  readonly color: string;
  readonly count: number;
}

/** A value marked on a numeric legend's colour bar. */
export interface LegendTick {
  readonly value: number;
  /** 0..1 along the bar (min → max). */
  readonly at: number;
}

export type Legend =
  | { readonly kind: 'category'; readonly column: string; readonly items: readonly LegendItem[] }
  | {
      readonly kind: 'number';
      readonly column: string;
      readonly min: number;
      readonly max: number;
      readonly stops: readonly string[];
      /** Round values between min and max, ascending. */
      readonly ticks: readonly LegendTick[];
      /** Fraction digits that write every tick apart ("10,000", "0.25"), never an exponent. */
      readonly digits: number;
      /** Rows without a finite value (drawn grey). */
      readonly missing: number;
    };

/** Colour of category number `code` (0-based): Tableau10 first, golden-angle hues after. */
export function categoryColor(code: number): string {
  if (code < schemeTableau10.length) return schemeTableau10[code];
  // Successive golden-angle steps keep neighbouring codes far apart on the wheel;
  // two lightness levels double the number of tellable colours.
  const hue = ((code - schemeTableau10.length) * 137.508 + 20) % 360;
  const light = code % 2 === 0 ? 0.45 : 0.62;
  return rgbHex(hslToRgb(hue, 0.55, light));
}

/** One packed RGBA (little-endian ImageData u32) per row. */
export function pointColors(ds: Dataset, colorBy: string | null): Uint32Array {
  const out = new Uint32Array(ds.n);
  const col = findColumn(ds, colorBy);
  const missing = packHex(MISSING_COLOR);
  if (!col || col.type === 'text') return out.fill(packHex(DEFAULT_COLOR));
  if (col.type === 'category') return codeColors(col.codes, col.categories.length);
  const [min, max] = finiteRange(col.values);
  // A 256-entry table: a million rows cost one multiply and a lookup each.
  const lut = new Uint32Array(256);
  for (let j = 0; j < 256; j++) lut[j] = packHex(interpolateViridis(j / 255));
  const span = max - min;
  for (let i = 0; i < ds.n; i++) {
    const v = col.values[i];
    if (!Number.isFinite(v)) out[i] = missing;
    else out[i] = lut[span > 0 ? Math.round(((v - min) / span) * 255) : 128];
  }
  return out;
}

/**
 * One packed RGBA per row from category codes: code c in 0..count-1 gets
 * categoryColor(c), anything else (MISSING_CODE, -1) the missing grey. Every view
 * colours categories through this, so a group is the same colour everywhere.
 */
export function codeColors(codes: ArrayLike<number>, count: number): Uint32Array {
  const lut = Uint32Array.from({ length: count }, (_, code) => packHex(categoryColor(code)));
  const missing = packHex(MISSING_COLOR);
  const out = new Uint32Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    out[i] = code >= 0 && code < count ? lut[code] : missing;
  }
  return out;
}

/**
 * What the legend should show for the current colouring, or null for a single colour.
 * Categories are listed largest first (each keeps its colour, so the map is unchanged),
 * the missing values last; a numeric column gets its range with round ticks.
 */
export function legendFor(ds: Dataset, colorBy: string | null): Legend | null {
  const col = findColumn(ds, colorBy);
  if (!col || col.type === 'text') return null;
  if (col.type === 'category') {
    const counts = new Array<number>(col.categories.length).fill(0);
    let missing = 0;
    for (let i = 0; i < ds.n; i++) {
      const code = col.codes[i];
      if (code === MISSING_CODE || code >= counts.length) missing++;
      else counts[code]++;
    }
    const items: LegendItem[] = col.categories.map((label, code) => ({ label, color: categoryColor(code), count: counts[code] }));
    // Stable: equal counts keep the file's order.
    items.sort((a, b) => b.count - a.count);
    if (missing > 0) items.push({ label: null, color: MISSING_COLOR, count: missing });
    return { kind: 'category', column: col.name, items };
  }
  const [min, max] = finiteRange(col.values);
  let missing = 0;
  for (const v of col.values) if (!Number.isFinite(v)) missing++;
  const stops = Array.from({ length: 9 }, (_, j) => interpolateViridis(j / 8));
  const { ticks, digits } = legendTicks(min, max);
  return { kind: 'number', column: col.name, min, max, stops, ticks, digits, missing };
}

/** About `count` round values between min and max, and the fraction digits that tell them (and min, max) apart. */
export function legendTicks(min: number, max: number, count = 4): { ticks: LegendTick[]; digits: number } {
  if (!(max > min)) return { ticks: [{ value: min, at: 0.5 }], digits: decimalsFor(Math.abs(min) || 1) };
  const values = scaleLinear().domain([min, max]).ticks(count);
  const step = values.length > 1 ? values[1] - values[0] : max - min;
  return { ticks: values.map((value) => ({ value, at: (value - min) / (max - min) })), digits: decimalsFor(step) };
}

/** Fraction digits needed to write multiples of `step`: 0 for 1000, 2 for 0.25. */
function decimalsFor(step: number): number {
  if (!(step > 0) || !Number.isFinite(step)) return 0;
  for (let d = 0; d < 12; d++) {
    const scaled = step * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6 * scaled) return d;
  }
  return 12;
}

function findColumn(ds: Dataset, name: string | null): Column | undefined {
  return name === null ? undefined : ds.columns.find((c) => c.name === name);
}

/** [min, max] over finite values; [0, 0] when there are none. */
function finiteRange(values: Float64Array): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? [min, max] : [0, 0];
}

/** '#rrggbb' or 'rgb(r, g, b)' (what d3 interpolators return) → packed opaque RGBA. */
export function packHex(css: string): number {
  const hex = /^#([0-9a-f]{6})$/i.exec(css);
  if (hex) {
    const v = parseInt(hex[1], 16);
    return packRGBA(v >> 16, (v >> 8) & 255, v & 255);
  }
  const rgb = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/i.exec(css);
  if (rgb) return packRGBA(+rgb[1], +rgb[2], +rgb[3]);
  throw new Error(`Unsupported colour "${css}"`);
}

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number): number => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

function rgbHex([r, g, b]: [number, number, number]): string {
  return '#' + [r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('');
}
