import { describe, expect, it } from 'vitest';
import { METHODS } from '../compute/project/methods';
import { translatorFor } from '../i18n/translate';
import { DEFAULT_PROJECTION_SETTINGS, describeSpec, specFor } from './projectTypes';
import { specText } from './projectText';

const specs = METHODS.flatMap((m) =>
  m.id === 'pca'
    ? []
    : [
        specFor(m.id, DEFAULT_PROJECTION_SETTINGS, { dim: 784 }),
        specFor(m.id, { ...DEFAULT_PROJECTION_SETTINGS, seed: 7, preReduce: false, tsne: { ...DEFAULT_PROJECTION_SETTINGS.tsne, exaggeration: 4 }, umap: { ...DEFAULT_PROJECTION_SETTINGS.umap, epochs: 300 } }, { dim: 20 }),
      ],
);

describe('specText: a run’s settings in the interface language', () => {
  it('in English, is the identity every export names (describeSpec), for every method', () => {
    const en = translatorFor('en');
    expect(specs.length).toBeGreaterThan(4);
    for (const spec of specs) expect(specText(en, spec)).toBe(describeSpec(spec));
  });

  it('in 简体中文, words every parameter in Chinese (only the method’s name and numbers stay)', () => {
    const zh = translatorFor('zh-CN');
    for (const spec of specs) {
      const text = specText(zh, spec, 1200);
      expect(text).toContain('随机种子');
      expect(text).toContain('1,200 个隔离的行');
      const words = text.replace(/PCA|t-SNE|UMAP|[A-Za-z-]+(?= ·)/g, '');
      expect(words, text).not.toMatch(/perplexity|iterations|neighbours|seed|epochs|dims|isolated|auto/);
    }
  });
});
