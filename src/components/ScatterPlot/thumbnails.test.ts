import { describe, expect, it } from 'vitest';
import { MAX_THUMBNAILS, pickThumbnails } from './thumbnails';
import { fitView, zoomView } from './viewMath';

describe('pickThumbnails', () => {
  const grid = (side: number) => {
    const coords = new Float32Array(2 * side * side);
    for (let i = 0; i < side * side; i++) {
      coords[2 * i] = i % side;
      coords[2 * i + 1] = Math.floor(i / side);
    }
    return coords;
  };

  it('keeps dots while too many rows are on screen, and shows the on-screen rows as pictures once zoomed in', () => {
    const coords = grid(100);
    const base = fitView({ minX: 0, minY: 0, maxX: 99, maxY: 99 }, 800, 600);
    expect(pickThumbnails(coords, base, 800, 600)).toBeNull();
    const zoomed = zoomView(base, { k: 8, x: -7 * 400, y: -7 * 300 });
    const pick = pickThumbnails(coords, zoomed, 800, 600);
    expect(pick).not.toBeNull();
    expect(pick!.rows.length).toBeGreaterThan(0);
    expect(pick!.rows.length).toBeLessThanOrEqual(MAX_THUMBNAILS);
    expect(pick!.size).toBeGreaterThanOrEqual(20);
    // Rows in row order, all on screen.
    expect(Array.from(pick!.rows)).toEqual([...pick!.rows].sort((a, b) => a - b));
  });

  it('shows a few rows as pictures at once, capped at a size that stays a thumbnail', () => {
    const coords = grid(4);
    const pick = pickThumbnails(coords, fitView({ minX: 0, minY: 0, maxX: 3, maxY: 3 }, 800, 600), 800, 600);
    expect(pick?.rows.length).toBe(16);
    expect(pick?.size).toBe(56);
  });
});
