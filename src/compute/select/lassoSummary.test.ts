import { describe, expect, it } from 'vitest';
import { MISSING_CODE } from '../dataset';
import { summarizeLasso } from './lassoSummary';

describe('summarizeLasso', () => {
  const labels = ['a', 'b', 'c', 'd', 'e'];
  const column = { name: 'kind', type: 'category' as const, codes: Uint32Array.from([0, 1, 1, MISSING_CODE, 1]), categories: ['x', 'y'] };

  it('lists enclosed labels in row order and counts categories, largest first', () => {
    const s = summarizeLasso(Uint8Array.from([1, 1, 0, 1, 1]), labels, column);
    expect(s.labels).toEqual(['a', 'b', 'd', 'e']);
    expect(s.categories).toEqual([
      { name: 'y', count: 2 },
      { name: 'x', count: 1 },
      { name: '(missing)', count: 1 },
    ]);
  });

  it('caps the label list and skips counts without a category column', () => {
    const s = summarizeLasso(Uint8Array.from([1, 1, 1, 1, 1]), labels, null, 2);
    expect(s.labels).toEqual(['a', 'b']);
    expect(s.categories).toEqual([]);
  });
});
