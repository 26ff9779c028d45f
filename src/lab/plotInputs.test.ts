import { describe, expect, it } from 'vitest';
import { articleRows, labelOrder } from './plotInputs';

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

describe('articleRows', () => {
  it('finds the article\'s words that the vocabulary has, never <unk>', () => {
    const index = new Map([['<unk>', 0], ['高兴', 3], ['伤心', 7], ['cat', 9]]);
    expect(articleRows(index).sort()).toEqual([3, 7]);
  });
});
