import { describe, expect, it } from 'vitest';
import { ARROW_MIN_PX, arrowSegments, labelOrder } from './plotInputs';

describe('labelOrder', () => {
  it('lists the group words first, then the other words by ID, as plot indices (ID − 1), leaving out <unk>', () => {
    // IDs:                    0   1  2   3  4   5
    const group = Int16Array.from([-1, -1, 0, -1, 2, 1]);
    expect(Array.from(labelOrder(group))).toEqual([1, 3, 4, 0, 2]);
  });

  it('is empty for a vocabulary of only <unk>', () => {
    expect(labelOrder(Int16Array.from([-1])).length).toBe(0);
  });
});

describe('arrowSegments', () => {
  const view = { sx: 10, ox: 0, sy: -10, oy: 100 };

  it('magnifies tiny updates so the longest arrow is drawn ARROW_MIN_PX long, all by the same factor', () => {
    const { segments, magnify } = arrowSegments(
      [
        { id: 1, role: 'target', from: [0, 0], to: [0.2, 0] },
        { id: 2, role: 'wrong', from: [1, 1], to: [1, 1.1] },
      ],
      view,
    );
    // The target moved 2 px on screen: ×20 makes it 40 px; the other (1 px) becomes 20 px.
    expect(magnify).toBeCloseTo(ARROW_MIN_PX / 2);
    expect(segments[0].x1 - segments[0].x0).toBeCloseTo(40);
    expect(segments[1].y0 - segments[1].y1).toBeCloseTo(20);
    expect(segments.map((s) => s.role)).toEqual(['target', 'wrong']);
  });

  it('draws long arrows as they are, with a head at the end that points along them', () => {
    const { segments, magnify } = arrowSegments([{ id: 1, role: 'target', from: [0, 0], to: [10, 0] }], view);
    expect(magnify).toBe(1);
    const [tip, left, right] = segments[0].head;
    expect(tip).toEqual([100, 100]);
    expect(left[0]).toBeLessThan(100);
    expect(right[0]).toBeLessThan(100);
  });

  it('gives an arrow that did not move no head and no magnification', () => {
    const { segments, magnify } = arrowSegments([{ id: 1, role: 'target', from: [2, 2], to: [2, 2] }], view);
    expect(magnify).toBe(1);
    expect(segments[0].head).toEqual([]);
  });
});
