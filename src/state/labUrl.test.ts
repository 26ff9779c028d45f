import { describe, expect, it } from 'vitest';
import { LAB_LESSONS, LESSONS } from './labLessons';
import { labUrlOf, parseLabUrl } from './labUrl';

describe('the lab in a link', () => {
  it('round-trips every lesson step\'s state through the URL', () => {
    for (const id of LAB_LESSONS) {
      const state = { lesson: id, ...LESSONS[id].settings };
      expect(parseLabUrl(labUrlOf(state)), id).toEqual(state);
    }
  });

  it('writes the state as readable query parameters, TensorFlow-Playground style', () => {
    const url = labUrlOf({ lesson: 'tied', config: { model: 'tied', lr: 0.1, freeze: false }, probe: { text: '他很', target: '高兴', wrong: '伤心' }, speed: 0, hide: ['corpus', 'export'] });
    const q = new URLSearchParams(url);
    expect(q.get('view')).toBe('lab');
    expect(q.get('model')).toBe('tied');
    expect(q.get('lr')).toBe('0.1');
    expect(q.get('freeze')).toBe('0');
    expect(q.get('probe')).toBe('他很|高兴|伤心');
    expect(q.get('speed')).toBe('max');
    expect(q.get('hide')).toBe('corpus,export');
  });

  it('is not a lab link without view=lab', () => {
    expect(parseLabUrl('?dataset=mnist-10k')).toBeNull();
    expect(parseLabUrl('?lesson=tied')).toBeNull();
  });

  it('drops, field by field, what is not what it should be (a link is untrusted input)', () => {
    const state = parseLabUrl('?view=lab&lesson=<script>&model=gpt&dim=abc&lr=0.2&freeze=yes&corpus=/etc/passwd&speed=-3&frame=3d&scale=loud&hide=params,nonsense&probe=a|b');
    expect(state).toEqual({ config: { lr: 0.2 }, hide: ['params'] });
    const long = parseLabUrl(`?view=lab&text=${'x'.repeat(5000)}`);
    expect(long?.text).toHaveLength(200);
  });
});
