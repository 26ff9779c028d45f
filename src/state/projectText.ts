import { methodInfo, PRE_REDUCE_DIMS, type LimitCheck, type ProjectSpec } from '../compute/project/methods';
import type { Translator } from '../i18n/translate';

/** Why a method will not run on this many points, or why it asks first. */
export function limitText({ t }: Translator, check: Exclude<LimitCheck, { level: 'ok' }>): string {
  return check.level === 'refuse'
    ? t('project.refused', { method: check.method, max: check.limit, n: check.n })
    : t('project.slow', { method: check.method, slow: check.limit, n: check.n });
}

/**
 * A run's settings as the Projection panel shows them, in the interface language
 * ("t-SNE · perplexity 30 · … · seed 42 · PCA → 50 dims first"). projectTypes'
 * describeSpec is the same text in English, kept as the layout's identity in exports.
 */
export function specText({ t }: Translator, spec: ProjectSpec, isolatedRows?: number): string {
  const info = methodInfo(spec.method);
  const parts: string[] = [info.label];
  if (spec.tsne) {
    const p = spec.tsne;
    parts.push(
      t('spec.perplexity', { v: p.perplexity }),
      p.learningRate === 'auto' ? t('spec.learningRateAuto') : t('spec.learningRate', { v: p.learningRate }),
      t('spec.iterations', { n: p.iterations }),
      t('spec.earlyExaggeration', { v: p.earlyExaggeration }),
    );
    if (p.exaggeration !== 1) parts.push(t('spec.exaggeration', { v: p.exaggeration }));
  }
  if (spec.umap) {
    const u = spec.umap;
    parts.push(t('spec.neighbours', { n: u.nNeighbors }), t('spec.minDist', { v: u.minDist }), t('spec.spread', { v: u.spread }), u.epochs === 'auto' ? t('spec.epochsAuto') : t('spec.epochs', { n: u.epochs }));
  }
  if (spec.druid) {
    const d = spec.druid;
    if (info.params === 'druid-iterative') parts.push(d.iterations === null || d.iterations === undefined ? t('spec.defaultIterations') : t('spec.iterations', { n: d.iterations }));
    if ((info.params === 'druid-iterative' && (spec.method === 'pacmap' || spec.method === 'localmap')) || info.params === 'druid-neighbors') {
      parts.push(t('spec.neighbours', { n: d.nNeighbors }));
    }
  }
  parts.push(t('spec.seed', { v: spec.seed }));
  if (spec.preReduce) parts.push(t('spec.preReduce', { d: PRE_REDUCE_DIMS }));
  const text = parts.join(' · ');
  return isolatedRows === undefined ? text : `${text} · ${t('spec.isolated', { n: isolatedRows })}`;
}
