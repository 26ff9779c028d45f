/**
 * The map as a picture: one scene description (where each point, label, legend entry and
 * caption goes, in CSS pixels), written either as SVG text (svg.ts) or painted on any
 * canvas at a scale (paint.ts), so the PNG and the SVG show the same thing.
 *
 * The points are fitted into the picture whatever the zoom on screen (hidden rows are
 * NaN and take no room), one scale for both axes as on screen. Rows outside the `lit`
 * mask (a search, a lasso, a legend pick) are drawn faint and first, so the lit ones sit
 * on top. Colours are packed little-endian RGBA, the plot's own format.
 */

export interface PictureMark {
  readonly index: number;
  readonly text: string;
  readonly kind: 'selected' | 'neighbor';
}

export interface PictureLegend {
  readonly title: string;
  readonly items: readonly { readonly text: string; readonly color: number }[];
}

export interface PictureInput {
  /** CSS px of the whole picture. */
  readonly width: number;
  readonly height: number;
  /** n × 2; non-finite rows are not drawn. */
  readonly coords: Float32Array;
  readonly colors: Uint32Array;
  /** Rows drawn at full strength; null: all of them. */
  readonly lit: Uint8Array | null;
  /** Dot radius in CSS px. */
  readonly radius: number;
  readonly marks: readonly PictureMark[];
  readonly legend: PictureLegend | null;
  /** One line under the map: what it shows. */
  readonly caption: string;
}

/** A run of points sharing colour and strength: one fill each. */
export interface PointGroup {
  /** '#rrggbb'. */
  readonly color: string;
  readonly opacity: number;
  /** x, y pairs in CSS px. */
  readonly xy: Float32Array;
}

export interface SceneText {
  readonly x: number;
  readonly y: number;
  readonly text: string;
  readonly size: number;
  readonly bold?: boolean;
}

export interface PictureScene {
  readonly width: number;
  readonly height: number;
  readonly radius: number;
  readonly groups: readonly PointGroup[];
  /** Rings round the selected point and its neighbours, with their labels. */
  readonly rings: readonly { readonly x: number; readonly y: number; readonly r: number; readonly color: string }[];
  readonly texts: readonly SceneText[];
  readonly swatches: readonly { readonly x: number; readonly y: number; readonly size: number; readonly color: string }[];
}

export const DIM_OPACITY = 0.18;
const PAD = 24;
const CAPTION_H = 28;
const LEGEND_W = 220;
const LEGEND_ROW = 18;
const LEGEND_MAX_CHARS = 30;
const SELECTED_COLOR = '#d62728';
const NEIGHBOR_COLOR = '#222222';

/** '#rrggbb' of a packed little-endian RGBA. */
export function packedToHex(c: number): string {
  const rgb = ((c & 255) << 16) | (((c >>> 8) & 255) << 8) | ((c >>> 16) & 255);
  return '#' + rgb.toString(16).padStart(6, '0');
}

/** Text cut to `max` characters (by code point, so no surrogate pair is split). */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…';
}

interface Fit {
  readonly scale: number;
  readonly ox: number;
  readonly oy: number;
}

/** Data → picture px for the finite rows, into the box [x0, x0 + w] × [y0, y0 + h]. */
function fitRows(coords: Float32Array, x0: number, y0: number, w: number, h: number): Fit {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < coords.length; i += 2) {
    const x = coords[i], y = coords[i + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  if (!(minX <= maxX)) return { scale: 1, ox: x0 + w / 2, oy: y0 + h / 2 };
  const spanX = maxX - minX || 1;
  const spanY = maxY - minY || 1;
  const scale = Math.min(w / spanX, h / spanY);
  // Centre the extent; data y grows upwards, picture y downwards.
  return { scale, ox: x0 + (w - spanX * scale) / 2 - minX * scale, oy: y0 + (h + spanY * scale) / 2 + minY * scale };
}

export function buildScene(input: PictureInput): PictureScene {
  const { coords, colors, lit, radius } = input;
  const n = coords.length >> 1;
  const legendW = input.legend ? LEGEND_W : 0;
  const fit = fitRows(coords, PAD, PAD, input.width - 2 * PAD - legendW, input.height - 2 * PAD - CAPTION_H);
  const px = (i: number): [number, number] => [coords[2 * i] * fit.scale + fit.ox, fit.oy - coords[2 * i + 1] * fit.scale];

  // Group rows by (strength, colour); faint groups first so lit points are drawn on top.
  const buckets = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(coords[2 * i]) || !Number.isFinite(coords[2 * i + 1])) continue;
    const strong = !lit || lit[i] ? 1 : 0;
    const key = strong * 2 ** 24 + (colors[i] & 0xffffff);
    let rows = buckets.get(key);
    if (!rows) buckets.set(key, (rows = []));
    rows.push(i);
  }
  const groups: PointGroup[] = [...buckets.keys()]
    .sort((a, b) => a - b)
    .map((key) => {
      const rows = buckets.get(key) as number[];
      const xy = new Float32Array(rows.length * 2);
      rows.forEach((i, j) => ([xy[2 * j], xy[2 * j + 1]] = px(i)));
      return { color: packedToHex(key % 2 ** 24), opacity: key >= 2 ** 24 ? 1 : DIM_OPACITY, xy };
    });

  const rings: { x: number; y: number; r: number; color: string }[] = [];
  const texts: SceneText[] = [];
  for (const m of input.marks) {
    if (m.index < 0 || m.index >= n || !Number.isFinite(coords[2 * m.index])) continue;
    const [x, y] = px(m.index);
    const selected = m.kind === 'selected';
    rings.push({ x, y, r: radius * (selected ? 3 : 2), color: selected ? SELECTED_COLOR : NEIGHBOR_COLOR });
    texts.push({ x: x + radius * 3 + 2, y: y + 4, text: clip(m.text, 40), size: selected ? 13 : 11, bold: selected });
  }

  const swatches: { x: number; y: number; size: number; color: string }[] = [];
  if (input.legend) {
    const x = input.width - legendW + 8;
    let y = PAD + 4;
    texts.push({ x, y: y + 10, text: clip(input.legend.title, LEGEND_MAX_CHARS), size: 12, bold: true });
    const rowsFit = Math.max(1, Math.floor((input.height - 2 * PAD - CAPTION_H - LEGEND_ROW) / LEGEND_ROW));
    const items = input.legend.items;
    const shown = items.length > rowsFit ? rowsFit - 1 : items.length;
    for (let j = 0; j < shown; j++) {
      y += LEGEND_ROW;
      swatches.push({ x, y: y + 1, size: 10, color: packedToHex(items[j].color) });
      texts.push({ x: x + 16, y: y + 10, text: clip(items[j].text, LEGEND_MAX_CHARS), size: 11 });
    }
    if (shown < items.length) texts.push({ x: x + 16, y: y + LEGEND_ROW + 10, text: `+ ${items.length - shown}`, size: 11 });
  }
  texts.push({ x: PAD, y: input.height - PAD / 2 - 4, text: clip(input.caption, 160), size: 12 });
  return { width: input.width, height: input.height, radius, groups, rings, texts, swatches };
}
