import { describe, expect, it } from 'vitest';
import { formatMs, graphText, qualityRows } from './format';

describe('projection panel formatting', () => {
  it('formatMs reads as ms, seconds or minutes', () => {
    expect(formatMs(850.4)).toBe('850 ms');
    expect(formatMs(4230)).toBe('4.2 s');
    expect(formatMs(25_400)).toBe('25 s');
    expect(formatMs(72_000)).toBe('1 min 12 s');
    expect(formatMs(NaN)).toBe('–');
  });

  it('graphText says how the neighbour graph was made and whether it was reused', () => {
    const timings = { reduceMs: 0, graphMs: 4200, layoutMs: 0 };
    expect(graphText({ k: 90, exact: true, cached: false, ms: 4200 }, timings)).toBe('4.2 s (exact, k = 90)');
    expect(graphText({ k: 15, exact: false, cached: true, ms: 9000 }, timings)).toBe('cached (NN-descent, k = 15; built in 9.0 s)');
    expect(graphText(null, timings)).toBeNull();
  });

  it('qualityRows lists recall, trustworthiness and accuracy with their samples', () => {
    const rows = qualityRows({ recall: 0.4012, recallSample: 10_000, trustworthiness: 0.96, trustSample: 500, accuracy: 0.81, ms: 900 }, 10_000, 'kind');
    expect(rows.map((r) => [r.label, r.value, r.note])).toEqual([
      ['kNN recall@10', '0.401', 'all 10,000 points'],
      ['Trustworthiness@10', '0.960', '500 sampled points'],
      ['10-NN accuracy', '0.810', 'of “kind”'],
    ]);
    expect(qualityRows({ recall: 1, recallSample: 5, trustworthiness: null, trustSample: 0, accuracy: null, ms: 1 }, 5, null)).toHaveLength(1);
  });
});
