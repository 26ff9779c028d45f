/**
 * When image rows (MNIST digits, projector sprites) are drawn as pictures instead of
 * dots: once the user has zoomed in far enough that few enough rows are on screen for
 * pictures of a readable size. Pure: coordinates and a view in, rows and a size out.
 */
import { visibleExtent, type View } from './viewMath';

/** Pictures drawn at most (the WebGL painter packs them into one texture). */
export const MAX_THUMBNAILS = 600;
const MIN_PX = 20;
const MAX_PX = 56;

export interface ThumbnailPick {
  readonly rows: Int32Array;
  /** Edge in CSS px. */
  readonly size: number;
}

/**
 * The rows on screen, in row order, when there are at most MAX_THUMBNAILS of them and
 * each can have at least MIN_PX (the plot's area shared out, a third of it each);
 * null while dots are better.
 */
export function pickThumbnails(coords: Float32Array, view: View, width: number, height: number): ThumbnailPick | null {
  const n = coords.length >> 1;
  const e = visibleExtent(view, width, height);
  const rows: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = coords[2 * i], y = coords[2 * i + 1];
    if (!(x >= e.minX && x <= e.maxX && y >= e.minY && y <= e.maxY)) continue;
    if (rows.length === MAX_THUMBNAILS) return null;
    rows.push(i);
  }
  if (rows.length === 0) return null;
  const size = Math.sqrt((width * height) / (3 * rows.length));
  if (size < MIN_PX) return null;
  return { rows: Int32Array.from(rows), size: Math.min(MAX_PX, Math.floor(size)) };
}
