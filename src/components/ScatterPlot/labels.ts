/**
 * Label placement for the SVG overlay: the selected point's label always shows; each
 * neighbour's label shows only if it does not collide with one already placed, so a
 * tight cluster of neighbours stays readable instead of becoming a smear of text.
 * Pure; widths are estimated (measuring real text would force a layout per frame).
 */

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
