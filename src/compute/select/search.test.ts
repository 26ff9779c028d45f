import { describe, expect, it } from 'vitest';
import { CancelledError } from '../task';
import { matchLabels, searchSliced } from './search';

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

describe('regular expressions on a linear-time engine', () => {
  it('answers /(a+)+c/ on long labels that would take a backtracking engine years', () => {
    // 2^39 backtracking paths per label for the browser's engine; RE2 reads each label once.
    const long = Array.from({ length: 200 }, (_, i) => 'a'.repeat(39) + (i === 7 ? 'c' : 'b'));
    const r = matchLabels(long, '/(a+)+c/');
    expect(r.count).toBe(1);
    expect(r.matches[7]).toBe(1);
  });

  it('reports backreferences and lookaround as unsupported rather than invalid', () => {
    expect(matchLabels(labels, '/(q)\\1/').queryError?.kind).toBe('unsupported');
    expect(matchLabels(labels, '/q(?=u)/').queryError?.kind).toBe('unsupported');
    expect(matchLabels(labels, '/[/').queryError?.kind).toBe('invalid');
    expect(matchLabels(labels, '/qu/x').queryError).toEqual({ kind: 'invalid', detail: 'unknown flag "x"' });
  });

  it('supports the i, m and s flags', () => {
    expect(matchLabels(['a\nb'], '/^b/m').count).toBe(1);
    expect(matchLabels(['a\nb'], '/a.b/s').count).toBe(1);
    expect(matchLabels(['a\nb'], '/a.b/').count).toBe(0);
  });
});

describe('searchSliced', () => {
  const many = Array.from({ length: 5000 }, (_, i) => `word${i}`);

  it('gives the same matches as one pass, however the work is sliced', async () => {
    let clock = 0;
    // A clock that runs 1 ms per call makes every slice short: many slices, same answer.
    const r = await searchSliced(many, '/9$/', { sliceMs: 2, now: () => clock++, yieldNow: async () => undefined });
    const whole = matchLabels(many, '/9$/');
    expect(r.count).toBe(500);
    expect(Array.from(r.matches)).toEqual(Array.from(whole.matches));
  });

  it('stops with CancelledError when a newer query aborts it', async () => {
    const ac = new AbortController();
    let clock = 0;
    const run = searchSliced(many, 'word', { signal: ac.signal, sliceMs: 2, now: () => clock++, yieldNow: async () => ac.abort() });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
  });
});
