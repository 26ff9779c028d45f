import { describe, expect, it } from 'vitest';
import { estimateTextWidth, placeLabels } from './labels';

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
});
