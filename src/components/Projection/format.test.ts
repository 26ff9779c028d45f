import { describe, expect, it } from 'vitest';
import { translatorFor } from '../../i18n/translate';
import { graphText, phaseText, qualityRows } from './format';

const en = translatorFor('en');
const zh = translatorFor('zh-CN');

describe('projection figures', () => {
  it('durations read as ms, seconds or minutes', () => {
    expect(en.f.ms(850.4)).toBe('850 ms');
    expect(en.f.ms(4230)).toBe('4.2 s');
    expect(en.f.ms(25_400)).toBe('25 s');
    expect(en.f.ms(72_000)).toBe('1 min 12 s');
    expect(en.f.ms(NaN)).toBe('–');
  });

  it('graphText says how the neighbour graph was made and whether it was reused', () => {
    const timings = { reduceMs: 0, graphMs: 4200, layoutMs: 1000 };
    expect(graphText(en, { k: 90, exact: true, cached: false, ms: 4200 }, timings)).toBe('4.2 s (exact, k = 90)');
    expect(graphText(en, { k: 15, exact: false, cached: true, ms: 9000 }, timings)).toBe('cached (NN-descent, k = 15; built in 9.0 s)');
    expect(graphText(zh, { k: 15, exact: true, cached: false, ms: 900 }, timings)).toBe('4.2 s（精确，k = 15）');
    expect(graphText(en, null, timings)).toBeNull();
  });

  it('names the phase, or says the run is starting', () => {
    expect(phaseText(en, 'graph')).toBe('Neighbour graph');
    expect(phaseText(zh, null)).toBe('正在开始');
  });

  it('qualityRows lists recall, trustworthiness and accuracy with their samples', () => {
    const rows = qualityRows(en, { recall: 0.4012, recallSample: 10_000, trustworthiness: 0.96, trustSample: 500, accuracy: 0.81, ms: 900 }, 10_000, 'kind');
    expect(rows.map((r) => [r.label, r.value, r.note])).toEqual([
      ['kNN recall@10', '0.401', 'all 10,000 points'],
      ['Trustworthiness@10', '0.960', '500 sampled points'],
      ['10-NN accuracy', '0.810', 'of “kind”'],
    ]);
    expect(qualityRows(en, { recall: 1, recallSample: 5, trustworthiness: null, trustSample: 0, accuracy: null, ms: 1 }, 5, null)).toHaveLength(1);
    expect(qualityRows(zh, { recall: 1, recallSample: 5, trustworthiness: null, trustSample: 0, accuracy: null, ms: 1 }, 5, null)[0].note).toBe('全部 5 个点');
  });
});
