/**
 * Pure pieces of the lab's plot binding. The plot leaves out row 0 (`<unk>` never
 * trains), so plot index p is vocabulary ID p + 1.
 */
import type { LabMove } from '../compute/train/labSession';
import { toScreen, type View } from '../components/ScatterPlot/viewMath';

/**
 * The order in which rows get labels (plot indices): the teaching groups' words first,
 * then every other word by ID, which is by frequency (the vocabulary is sorted so).
 * `group` has one entry per vocabulary ID (-1: no group); ID 0 is left out.
 */
export function labelOrder(group: ArrayLike<number>): Int32Array {
  const out = new Int32Array(Math.max(0, group.length - 1));
  let k = 0;
  for (let id = 1; id < group.length; id++) if (group[id] >= 0) out[k++] = id - 1;
  for (let id = 1; id < group.length; id++) if (group[id] < 0) out[k++] = id - 1;
  return out;
}

export interface ArrowSegment {
  readonly role: LabMove['role'];
  /** Screen px: where the row was, and where the (magnified) arrow ends. */
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
  /** The arrowhead's triangle (three points), empty when the arrow is too short to point anywhere. */
  readonly head: readonly (readonly [number, number])[];
}

/** Arrows shorter than this on screen are drawn magnified so the longest is this long (and the note says by how much). */
export const ARROW_MIN_PX = 40;
const HEAD_PX = 9;
const HEAD_ANGLE = 0.4;

/**
 * The update arrows as screen segments. One training update moves rows by a hair, so
 * every arrow is magnified by the same factor until the longest is ARROW_MIN_PX long.
 */
export function arrowSegments(moves: readonly LabMove[], view: View): { segments: ArrowSegment[]; magnify: number } {
  const raw = moves.map((m) => {
    const [x0, y0] = toScreen(view, m.from[0], m.from[1]);
    const [x1, y1] = toScreen(view, m.to[0], m.to[1]);
    return { role: m.role, x0, y0, x1, y1 };
  });
  const longest = raw.reduce((best, r) => Math.max(best, Math.hypot(r.x1 - r.x0, r.y1 - r.y0) || 0), 0);
  const magnify = longest > 0 && longest < ARROW_MIN_PX ? Math.min(1e4, ARROW_MIN_PX / longest) : 1;
  const segments = raw.map(({ role, x0, y0, x1, y1 }) => {
    const ex = x0 + (x1 - x0) * magnify;
    const ey = y0 + (y1 - y0) * magnify;
    const a = Math.atan2(ey - y0, ex - x0);
    const head: [number, number][] =
      Math.hypot(ex - x0, ey - y0) > 1
        ? [
            [ex, ey],
            [ex - HEAD_PX * Math.cos(a - HEAD_ANGLE), ey - HEAD_PX * Math.sin(a - HEAD_ANGLE)],
            [ex - HEAD_PX * Math.cos(a + HEAD_ANGLE), ey - HEAD_PX * Math.sin(a + HEAD_ANGLE)],
          ]
        : [];
    return { role, x0, y0, x1: ex, y1: ey, head };
  });
  return { segments, magnify };
}
