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
/** The text's baseline sits this many em below its dot (vertically centred on it). */
export const BASELINE_EM = 0.35;
/** A line of text reaches this far above its baseline and spans this height, in em. */
const ASCENT_EM = 0.95;
const LINE_EM = 1.15;
/** Selected points' labels and cluster names are bold (ScatterPlot.css), which widens them. */
const BOLD = { selected: 1.08, neighbor: 1, cluster: 1.08, label: 1 } as const;

export interface LabelBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Widths in em of a typical sans-serif, by character class (measured in the app's fonts in Chromium). */
const NARROW = new Set("ijlI.,;:'!|` ");
const SEMI_NARROW = new Set('ftr()[]-');
const WIDE = new Set('mwMW');

/**
 * Rough rendered width of `text` at `fontPx`: CJK and other wide characters are 1 em,
 * m and w nearly as much, i and l under a third. Within a few per cent of the real
 * width for words, which is what keeps placed labels from touching.
 */
export function estimateTextWidth(text: string, fontPx: number): number {
  let em = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0x1100) em += 1;
    else if (NARROW.has(ch)) em += 0.3;
    else if (SEMI_NARROW.has(ch)) em += 0.4;
    else if (WIDE.has(ch)) em += 0.95;
    else if (ch >= 'A' && ch <= 'Z') em += 0.72;
    else em += 0.62;
  }
  return em * fontPx;
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
  /** Where the text's anchor sits relative to the dot (CSS px), and how the text hangs from it. */
  readonly tx: number;
  readonly ty: number;
  readonly anchor: 'start' | 'end' | 'middle';
  /** False when the text would overlap an earlier mark's and is hidden. */
  readonly show: boolean;
}

type Side = 'right' | 'left' | 'above' | 'below';

/**
 * Where each mark's text goes and whether it shows: right of its dot (left near the
 * right edge), hidden when it would overlap the text of an earlier mark. A mark marked
 * `always` tries the dot's other side, then above and below it, and shows regardless.
 */
export function placeMarks(marks: readonly Mark[], view: View, width: number): PlacedMark[] {
  const kept: LabelBox[] = [];
  const hits = (b: LabelBox): boolean => kept.some((k) => b.x < k.x + k.width && k.x < b.x + b.width && b.y < k.y + k.height && k.y < b.y + b.height);
  return marks.map((mark) => {
    const [px, py] = toScreen(view, mark.x, mark.y);
    const font = FONT_PX[mark.kind];
    const r = RING_R[mark.kind];
    const w = estimateTextWidth(mark.text, font) * BOLD[mark.kind];
    const h = LINE_EM * font;
    const top = (BASELINE_EM - ASCENT_EM) * font;
    const box = (side: Side): LabelBox =>
      side === 'right' ? { x: px + r + 2, y: py + top, width: w, height: h }
      : side === 'left' ? { x: px - r - 2 - w, y: py + top, width: w, height: h }
      : side === 'above' ? { x: px - w / 2, y: py - r - 2 - h, width: w, height: h }
      : { x: px - w / 2, y: py + r + 2, width: w, height: h };
    const first: Side = px + r + 2 + w > width && px - r - 2 - w >= 0 ? 'left' : 'right';
    const tries: Side[] = mark.always ? [first, first === 'left' ? 'right' : 'left', 'above', 'below'] : [first];
    const side = tries.find((s) => !hits(box(s)) && (s !== 'left' || px - r - 2 - w >= 0));
    const show = side !== undefined || mark.always === true;
    const at = side ?? first;
    if (show) kept.push(box(at));
    // The baseline sits ASCENT_EM below the top of the text's box, whichever side it is on.
    const ty = box(at).y + ASCENT_EM * font - py;
    return {
      mark,
      px,
      py,
      left: at === 'left',
      tx: at === 'right' ? r + 2 : at === 'left' ? -(r + 2) : 0,
      ty,
      anchor: at === 'right' ? 'start' : at === 'left' ? 'end' : 'middle',
      show,
    };
  });
}
