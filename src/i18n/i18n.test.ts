import { describe, expect, it } from 'vitest';
import { en } from './en';
import { formatFor } from './format';
import { pickLocale } from './locale';
import { translatorFor } from './translate';
import { zhCN } from './zh-CN';

/** Messages that are the same words in both languages (names). */
const SAME_IN_BOTH = new Set<string>(['app.name', 'layouts.pca', 'project.timing.pca', 'share.expected.camera', 'share.sessions.defaultName', 'share.what.file']);

describe('pickLocale', () => {
  it('keeps a remembered choice over the browser language', () => {
    expect(pickLocale('zh-CN', ['en-US'])).toBe('zh-CN');
    expect(pickLocale('en', ['zh-CN'])).toBe('en');
  });

  it('follows the first browser language it speaks; any Chinese gets Simplified Chinese', () => {
    expect(pickLocale(null, ['zh-TW', 'en'])).toBe('zh-CN');
    expect(pickLocale(null, ['fr-FR', 'zh', 'en'])).toBe('zh-CN');
    expect(pickLocale(null, ['en-GB', 'zh-CN'])).toBe('en');
  });

  it('ignores a stored value it does not know and falls back to English', () => {
    expect(pickLocale('<script>', ['de'])).toBe('en');
    expect(pickLocale(undefined, [])).toBe('en');
  });
});

describe('formatFor', () => {
  it('writes counts with grouping and never in exponent form', () => {
    expect(formatFor('en').int(10000)).toBe('10,000');
    expect(formatFor('en').int(1234567.6)).toBe('1,234,568');
    expect(formatFor('zh-CN').int(10000)).toBe('10,000');
  });

  it('writes durations, shares and sizes', () => {
    const f = formatFor('en');
    expect(f.ms(350.4)).toBe('350 ms');
    expect(f.ms(2430)).toBe('2.4 s');
    expect(f.pct(0.125)).toBe('12.5 %');
    expect(f.bytes(512)).toBe('512 B');
    expect(f.bytes(3 * 2 ** 20)).toBe('3.00 MB');
    expect(f.fixed(0.25, 3)).toBe('0.250');
    expect(f.int(Number.NaN)).toBe('–');
  });
});

describe('the message catalogue', () => {
  it('gives every key a translation that is not the English text (names aside)', () => {
    const t = translatorFor('zh-CN').t;
    const e = translatorFor('en').t;
    const untranslated = (Object.keys(en) as (keyof typeof en)[]).filter((k) => {
      if (SAME_IN_BOTH.has(k)) return false;
      const call = t as (key: string, p?: unknown) => string;
      const callEn = e as (key: string, p?: unknown) => string;
      const params = { n: 3, label: 'x', click: 'y' };
      return call(k, params) === callEn(k, params);
    });
    expect(untranslated).toEqual([]);
  });

  it('has the same keys in both languages', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
  });

  it('fills parameters with the locale’s number format', () => {
    expect(translatorFor('en').t('status.points', { n: 10000 })).toBe('10,000 points');
    expect(translatorFor('zh-CN').t('status.points', { n: 10000 })).toBe('10,000 个点');
  });
});
