import { useLayoutEffect, type RefObject } from 'react';
import type { Scatterplot } from './scatterTypes';

const OFFSET = 12;

/**
 * Keeps a box (a tooltip) beside row `index` of the plot, flipped to stay inside it
 * and hidden when the row is off screen (`content`: whatever the box shows, so a
 * new size is placed again). Imperative on purpose: a zoom or a live
 * layout moves the point every frame, and moving the box must not re-render anything.
 */
export function useFollowPoint(boxRef: RefObject<HTMLElement | null>, plot: Scatterplot, index: number, content?: unknown): void {
  useLayoutEffect(() => {
    const box = boxRef.current;
    if (!box || index < 0) return;
    const place = (): void => {
      const p = plot.pointPosition(index);
      if (!p) {
        box.style.visibility = 'hidden';
        return;
      }
      const { width, height } = plot.size();
      const w = box.offsetWidth;
      const h = box.offsetHeight;
      const left = p[0] + OFFSET + w > width ? Math.max(0, p[0] - OFFSET - w) : p[0] + OFFSET;
      const top = p[1] + OFFSET + h > height ? Math.max(0, p[1] - OFFSET - h) : p[1] + OFFSET;
      box.style.left = `${left}px`;
      box.style.top = `${top}px`;
      box.style.visibility = p[0] < 0 || p[1] < 0 || p[0] > width || p[1] > height ? 'hidden' : 'visible';
    };
    place();
    return plot.on('view', place);
    // `content` changes when the box's text (and so its size) does: place it again.
  }, [boxRef, plot, index, content]);
}
