import { useMemo } from 'react';
import { summarizeLasso } from '../compute/select/lassoSummary';
import { useT } from '../i18n/useT';
import { useAppStore } from '../state/hooks';
import { selectColorBy, selectDataset } from '../state/selectors';
import type { AppState } from '../state/appState';

const selectLasso = (s: AppState) => s.explore.lasso;
const selectSetLasso = (s: AppState) => s.actions.explore.setLasso;

/** What the lasso caught: how many points, how they split by the colouring column, and some of their labels. */
export function LassoPanel() {
  const { t, f } = useT();
  const dataset = useAppStore(selectDataset);
  const lasso = useAppStore(selectLasso);
  const colorBy = useAppStore(selectColorBy);
  const setLasso = useAppStore(selectSetLasso);
  const summary = useMemo(() => {
    if (!dataset || !lasso) return null;
    const column = dataset.columns.find((c) => c.name === colorBy) ?? null;
    return summarizeLasso(lasso.mask, dataset.labels, column);
  }, [dataset, lasso, colorBy]);
  if (!dataset || !lasso || !summary) return null;
  const top = summary.categories.slice(0, 6);
  return (
    <section className="panel lasso-panel" aria-labelledby="lasso-title" data-testid="lasso-panel">
      <h2 id="lasso-title">{t('lasso.title')}</h2>
      <p data-testid="lasso-count">
        <strong>{f.int(lasso.count)}</strong> {t('lasso.ofPoints', { n: dataset.n })}
      </p>
      {top.length > 0 && (
        <ul className="lasso-categories" aria-label={colorBy ? t('lasso.by', { column: colorBy }) : t('lasso.byCategory')}>
          {top.map((c) => (
            <li key={c.name}>
              {c.name === '(missing)' ? t('color.missing') : c.name} <span className="hint">{f.int(c.count)}</span>
            </li>
          ))}
        </ul>
      )}
      <p className="lasso-labels" data-testid="lasso-labels" tabIndex={0} aria-label={t('lasso.labels')}>
        {summary.labels.join(', ')}
        {lasso.count > summary.labels.length ? ', …' : ''}
      </p>
      <button type="button" className="link-button" data-testid="lasso-clear" onClick={() => setLasso(null)}>
        {t('lasso.clear')}
      </button>
    </section>
  );
}
