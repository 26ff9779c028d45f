/**
 * TensorBoard projector sprites: one image holding every row's thumbnail on a grid,
 * row-major, `floor(sheetWidth / thumbWidth)` thumbnails per grid row (as the
 * projector reads it). Cut into the Dataset's per-row images.
 */
import type { RowImages } from '../dataset';

export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  /** width × height × 4 bytes. */
  readonly data: Uint8Array | Uint8ClampedArray;
}

/** Bytes of per-row images above which sprites are skipped (n × w × h × 4). */
export const MAX_SPRITE_BYTES = 256 * 2 ** 20;

/**
 * Cuts the first n thumbnails out of a sprite sheet. Rows beyond the sheet stay
 * transparent; the message names the shortfall. Throws when the thumbnail size
 * does not fit the sheet at all.
 */
export function cutSprite(sheet: RgbaImage, n: number, thumb: readonly [number, number]): { images: RowImages; warning: string | null } {
  const [w, h] = thumb;
  if (!(w > 0 && h > 0 && w <= sheet.width && h <= sheet.height)) {
    throw new Error(`the sprite thumbnails (${w} × ${h}) do not fit the sprite image (${sheet.width} × ${sheet.height})`);
  }
  const bytes = n * w * h * 4;
  if (bytes > MAX_SPRITE_BYTES) throw new Error(`${n} thumbnails of ${w} × ${h} would need ${Math.round(bytes / 2 ** 20)} MB; skipped`);
  const perRow = Math.floor(sheet.width / w);
  const gridRows = Math.floor(sheet.height / h);
  const available = Math.min(n, perRow * gridRows);
  const pixels = new Uint8Array(bytes);
  const rowBytes = w * 4;
  for (let i = 0; i < available; i++) {
    const x0 = (i % perRow) * w;
    const y0 = Math.floor(i / perRow) * h;
    for (let y = 0; y < h; y++) {
      const src = ((y0 + y) * sheet.width + x0) * 4;
      pixels.set(sheet.data.subarray(src, src + rowBytes), (i * h + y) * rowBytes);
    }
  }
  const warning = available < n ? `the sprite image holds ${available} thumbnails for ${n} points; the rest have none` : null;
  return { images: { width: w, height: h, channels: 4, pixels }, warning };
}
