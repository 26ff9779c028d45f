import { describe, expect, it } from 'vitest';
import { estimateTextWidth, placeLabels, placeMarks } from './labels';
import type { Mark } from './scatterTypes';

describe('placeLabels', () => {
  it('keeps the first label and drops later ones that overlap a kept label', () => {
    const boxes = [
      { x: 0, y: 0, width: 50, height: 14 },
      { x: 40, y: 5, width: 50, height: 14 },
      { x: 0, y: 20, width: 50, height: 14 },
      { x: 45, y: 15, width: 10, height: 10 },
    ];
    expect(placeLabels(boxes)).toEqual([true, false, true, false]);
  });
  it('keeps labels that only touch at an edge', () => {
    expect(placeLabels([{ x: 0, y: 0, width: 10, height: 10 }, { x: 10, y: 0, width: 10, height: 10 }])).toEqual([true, true]);
  });
});

describe('estimateTextWidth', () => {
  it('grows with length and counts wide CJK characters as wider', () => {
    expect(estimateTextWidth('cat', 12)).toBeGreaterThan(estimateTextWidth('ca', 12));
    expect(estimateTextWidth('高兴', 12)).toBeGreaterThan(estimateTextWidth('ab', 12));
    expect(estimateTextWidth('', 12)).toBe(0);
  });
  it('counts m and w wider and i and l narrower than a typical letter', () => {
    expect(estimateTextWidth('mw', 10)).toBeGreaterThan(estimateTextWidth('ab', 10));
    expect(estimateTextWidth('il', 10)).toBeLessThan(estimateTextWidth('ab', 10));
    // 'my' renders about 1.57 em wide in the app's font.
    expect(estimateTextWidth('my', 10)).toBeCloseTo(15.7, 0);
  });
});

describe('placeMarks', () => {
  const view = { sx: 1, ox: 0, sy: 1, oy: 0 };
  const mark = (index: number, kind: Mark['kind'], x: number, y: number, text: string): Mark => ({ index, kind, x, y, text });

  it('shows the first of two overlapping labels and hides the later one, whatever their kinds', () => {
    const placed = placeMarks([mark(0, 'selected', 10, 50, 'king'), mark(1, 'label', 14, 52, 'queen'), mark(2, 'label', 10, 90, 'prince')], view, 400);
    expect(placed.map((p) => p.show)).toEqual([true, false, true]);
    expect(placed.map((p) => [p.px, p.py])).toEqual([[10, 50], [14, 52], [10, 90]]);
  });

  it('puts a label left of its dot when it would run off the right edge', () => {
    const [far, near] = placeMarks([mark(0, 'label', 195, 20, 'kingdom'), mark(1, 'label', 20, 60, 'kingdom')], view, 200);
    expect(far.left).toBe(true);
    expect(near.left).toBe(false);
  });

  it('shows an `always` mark that collides: first on the other side of its dot, else where it is', () => {
    const always = (index: number, x: number, y: number, text: string): Mark => ({ ...mark(index, 'label', x, y, text), always: true });
    // 'queen' right of its dot would cover 'king': it moves to the left, clear of it.
    const [, moved] = placeMarks([mark(0, 'label', 100, 50, 'king'), always(1, 100, 52, 'queen')], view, 400);
    expect(moved.show).toBe(true);
    expect(moved.left).toBe(true);
    // Blocked on both sides: above its dot, centred.
    const [, , above] = placeMarks([mark(0, 'label', 104, 56, 'kingdom'), mark(1, 'label', 30, 53, 'kingdom'), always(2, 100, 50, 'queen')], view, 400);
    expect(above.show).toBe(true);
    expect(above.anchor).toBe('middle');
    expect(above.ty).toBeLessThan(0);
    // Nowhere free (no room on the left, blocked right, above and below): it shows anyway, on the right.
    const blockers = [mark(0, 'label', 5, 50, 'kingdom'), mark(1, 'label', 0, 37, 'kingdom'), mark(2, 'label', 0, 63, 'kingdom')];
    const placed = placeMarks([...blockers, always(3, 5, 50, 'queen')], view, 400);
    expect(placed.slice(0, 3).map((p) => p.show)).toEqual([true, true, true]);
    expect(placed[3].show).toBe(true);
    expect(placed[3].anchor).toBe('start');
  });
});
