/**
 * Label placement for the SVG overlay: the selected point's label always shows; each
 * neighbour's label shows only if it does not collide with one already placed, so a
 * tight cluster of neighbours stays readable instead of becoming a smear of text.
 * Pure; widths are estimated (measuring real text would force a layout per frame).
 */
import type { Mark } from './scatterTypes';
import { toScreen, type View } from './viewMath';

/** Font size (CSS px) and ring radius of each kind of mark; the overlay draws with the same numbers. */
export const FONT_PX = { selected: 13, neighbor: 11, cluster: 12, label: 10.5 } as const;
export const RING_R = { selected: 7, neighbor: 5, cluster: 0, label: 0 } as const;

export interface LabelBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Rough rendered width of `text` at `fontPx`: wide (CJK, emoji) characters count double. */
export function estimateTextWidth(text: string, fontPx: number): number {
  let units = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    units += code >= 0x1100 ? 1 : 0.58;
  }
  return units * fontPx;
}

/** Greedy in priority order (first = most important): true where a label is kept. */
export function placeLabels(boxes: readonly LabelBox[]): boolean[] {
  const kept: LabelBox[] = [];
  return boxes.map((b) => {
    const hit = kept.some((k) => b.x < k.x + k.width && k.x < b.x + b.width && b.y < k.y + k.height && k.y < b.y + b.height);
    if (hit) return false;
    kept.push(b);
    return true;
  });
}

export interface PlacedMark {
  readonly mark: Mark;
  /** Screen position of the mark's row, in CSS px. */
  readonly px: number;
  readonly py: number;
  /** The text goes left of the dot (it would run off the right edge otherwise). */
  readonly left: boolean;
  /** False when the text would overlap an earlier mark's and is hidden. */
  readonly show: boolean;
}

/**
 * Where each mark's text goes and whether it shows: right of its dot (left near the
 * right edge), hidden when it would overlap the text of an earlier mark.
 */
export function placeMarks(marks: readonly Mark[], view: View, width: number): PlacedMark[] {
  const measured = marks.map((mark) => {
    const [px, py] = toScreen(view, mark.x, mark.y);
    const font = FONT_PX[mark.kind];
    const r = RING_R[mark.kind];
    const w = estimateTextWidth(mark.text, font);
    const left = px + r + 2 + w > width && px - r - 2 - w >= 0;
    const box = { x: left ? px - r - 2 - w : px + r + 2, y: py - font * 0.8, width: w, height: font * 1.1 };
    return { mark, px, py, left, box };
  });
  const visible = placeLabels(measured.map((m) => m.box));
  return measured.map(({ mark, px, py, left }, i) => ({ mark, px, py, left, show: visible[i] }));
}
