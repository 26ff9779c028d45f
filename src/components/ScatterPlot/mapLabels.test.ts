import { describe, expect, it } from 'vitest';
import { clusterNameMarks, visibleLabelMarks } from './mapLabels';
import { MISSING_CODE } from '../../compute/dataset';

describe('clusterNameMarks', () => {
  it('puts each name on the member nearest its cluster’s 2D mean, never in the gap of a split cluster', () => {
    // Cluster 0 is split in two groups far apart (its mean falls in empty space); cluster 1 is tight.
    const coords = Float32Array.from([0, 0, 0.1, 0, 10, 0, 10.2, 0, 5, 5, 5.1, 5, 9, 9]);
    const codes = Uint32Array.from([0, 0, 0, 0, 1, 1, MISSING_CODE]);
    const marks = clusterNameMarks({ name: 'clusters', type: 'category', codes, categories: ['a · b', 'c · d'] }, coords);
    expect(marks.map((m) => m.text)).toEqual(['a · b', 'c · d']);
    // Mean of cluster 0 is (5.075, 0): the nearest member is one of the four real points, not (5, 0).
    expect([0, 1, 2, 3]).toContain(marks[0].index);
    expect([4, 5]).toContain(marks[1].index);
    expect(marks.every((m) => m.kind === 'cluster')).toBe(true);
  });
});

describe('visibleLabelMarks', () => {
  const view = { sx: 10, ox: 0, sy: -10, oy: 100 };
  // Rows at x = 0..9 on y = 0 → screen x 0..90, y 100 in a 50 × 200 view: rows 0..5 visible.
  const coords = Float32Array.from({ length: 20 }, (_, t) => (t % 2 ? 0 : t / 2));
  const labels = Array.from({ length: 10 }, (_, i) => `w${i}`);

  const text = (i: number) => labels[i];

  it('takes on-screen rows in row order, skipping taken and masked-out ones, up to max', () => {
    const mask = Uint8Array.from([1, 1, 0, 1, 1, 1, 1, 1, 1, 1]);
    const marks = visibleLabelMarks({ coords, labels: { text, mask, max: 3 }, taken: new Set([1]), view, width: 50, height: 200 });
    expect(marks.map((m) => m.text)).toEqual(['w0', 'w3', 'w4']);
  });

  it('leaves out rows outside the view', () => {
    const marks = visibleLabelMarks({ coords, labels: { text }, taken: new Set(), view, width: 50, height: 200 });
    expect(marks.map((m) => m.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('follows the given candidate order and colours, ignoring rows that do not exist', () => {
    const marks = visibleLabelMarks({
      coords,
      labels: { text, rows: [4, 99, 1, -1, 8, 2], color: (i) => (i === 4 ? '#ff0000' : undefined), max: 3 },
      taken: new Set(),
      view,
      width: 50,
      height: 200,
    });
    // Row 8 is off screen; the first three on-screen candidates are kept in the given order.
    expect(marks.map((m) => m.index)).toEqual([4, 1, 2]);
    expect(marks.map((m) => m.color)).toEqual(['#ff0000', undefined, undefined]);
  });
});
