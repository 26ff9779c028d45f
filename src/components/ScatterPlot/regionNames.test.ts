import { describe, expect, it } from 'vitest';
import { regionMarks } from './regionNames';

const level = (rows: number[]) => ({
  x: Float32Array.from(rows, (r) => r * 10),
  y: Float32Array.from(rows, () => 1),
  row: Int32Array.from(rows),
  count: Int32Array.from(rows, (_, k) => 100 - k),
});

describe('regionMarks', () => {
  it('names coarse regions for the zoomed-out band and fine ones from the next zoom on', () => {
    const words = ['the', 'one', 'king', 'paris', 'two'];
    const marks = regionMarks([level([0, 2]), level([1, 3, 2])], { text: (r) => words[r], zooms: [0, 3] });
    expect(marks.map((m) => [m.text, m.minZoom, m.maxZoom])).toEqual([
      ['the', 0, 3],
      ['king', 0, 3],
      ['one', 3, undefined],
      ['paris', 3, undefined],
      ['king', 3, undefined],
    ]);
    expect(marks[1]).toMatchObject({ index: 2, kind: 'cluster', x: 20, y: 1 });
  });

  it('leaves out empty names and a name repeated within a level', () => {
    const marks = regionMarks([level([0, 1, 2])], { text: (r) => ['a', '', 'a'][r] });
    expect(marks.map((m) => m.text)).toEqual(['a']);
    expect(marks[0].maxZoom).toBeUndefined();
  });
});
