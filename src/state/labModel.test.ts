import { describe, expect, it } from 'vitest';
import { DEFAULT_LAB_CONFIG, MODEL_DEFAULTS } from '../compute/train/labSession';
import { configFrom, joinWords, labTokens } from './labModel';

describe('joinWords', () => {
  it('puts a space between English words and none between Chinese ones', () => {
    expect(joinWords(['the united', 'states'])).toBe('the united states');
    expect(joinWords(['他很', '高兴'])).toBe('他很高兴');
    expect(joinWords(['他很', 'happy'])).toBe('他很 happy');
    expect(joinWords(['very', '高兴'])).toBe('very 高兴');
    expect(joinWords([' he is ', '', 'glad'])).toBe('he is glad');
  });
});

describe('configFrom', () => {
  it('fills a lesson\'s partial config with the model\'s own settings, then the defaults', () => {
    expect(configFrom({})).toEqual(DEFAULT_LAB_CONFIG);
    expect(configFrom({ model: 'cbow' })).toEqual({ ...DEFAULT_LAB_CONFIG, ...MODEL_DEFAULTS.cbow, model: 'cbow' });
    expect(configFrom({ model: 'tied', lr: 0.3 })).toMatchObject({ model: 'tied', window: 2, lr: 0.3 });
  });
});

describe('labTokens', () => {
  it('tokenizes like the teaching corpus: 大家都很高兴 → 大家 / 都 / 很 / 高兴, unknown words to <unk>', () => {
    const index = new Map([['大家', 1], ['都', 2], ['很', 3], ['高兴', 4]]);
    expect(labTokens('大家都很高兴 zebra', index).map((t) => [t.text, t.id])).toEqual([['大家', 1], ['都', 2], ['很', 3], ['高兴', 4], ['zebra', 0]]);
  });
});
