import { describe, expect, it } from 'vitest';
import { matchLabels } from './search';

const labels = ['queen', 'Quit', 'equal', 'king', '<img src=x>', 'quartz'];

describe('matchLabels', () => {
  it('matches case-insensitive substrings by default', () => {
    const r = matchLabels(labels, 'qu');
    expect(Array.from(r.matches)).toEqual([1, 1, 1, 0, 0, 1]);
    expect(r.count).toBe(4);
    expect(r.error).toBeNull();
  });

  it('treats /pattern/flags as a regular expression', () => {
    expect(matchLabels(labels, '/^qu/').count).toBe(2);
    expect(matchLabels(labels, '/^qu/i').count).toBe(3);
  });

  it('ignores the stateful g and y flags so every label is tested from the start', () => {
    expect(matchLabels(labels, '/qu/g').count).toBe(matchLabels(labels, '/qu/').count);
  });

  it('reports an invalid regular expression instead of throwing', () => {
    const r = matchLabels(labels, '/(unclosed/');
    expect(r.count).toBe(0);
    expect(r.error).toMatch(/^Invalid regular expression/);
  });

  it('treats HTML in labels and queries as plain text', () => {
    expect(matchLabels(labels, '<img').count).toBe(1);
  });
});
