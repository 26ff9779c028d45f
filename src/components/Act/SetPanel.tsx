import { useT } from '../../i18n/useT';
import { useAppStore } from '../../state/hooks';
import { selectDataset } from '../../state/selectors';
import type { AppState } from '../../state/appState';
import { litSet } from '../../state/litSet';

// litSet is memoised on its inputs, so this selector returns the same object until they change (not on hover).
const selectLit = (s: AppState) => (s.data.dataset ? litSet(s.explore, s.data.dataset.n) : null);
const selectIsolation = (s: AppState) => s.explore.isolation;
const selectPick = (s: AppState) => s.explore.pick;
const selectActions = (s: AppState) => s.actions.explore;

/**
 * What is lit on the map (lasso ∩ legend pick ∩ search, else the neighbour list) and
 * what to do with it: isolate it, list the neighbours of its centre; and, while rows are
 * isolated, how many are shown and Show all.
 */
export function SetPanel() {
  const { t } = useT();
  const dataset = useAppStore(selectDataset);
  const set = useAppStore(selectLit);
  const isolation = useAppStore(selectIsolation);
  const pick = useAppStore(selectPick);
  const actions = useAppStore(selectActions);
  if (!dataset) return null;
  if (!set && !isolation && !pick) return null;
  return (
    <section className="panel" aria-labelledby="set-title" data-testid="set-panel">
      <h2 id="set-title">{t('set.title')}</h2>
      {isolation && (
        <p className="act-isolated" data-testid="isolated-count">
          {t('set.isolated', { count: isolation.rows.length, n: dataset.n })} ({t(`set.what.${isolation.what}`)}){' '}
          <button type="button" className="act-button" data-testid="show-all" onClick={actions.showAll}>
            {t('set.showAll')}
          </button>
        </p>
      )}
      {set && (
        <>
          <p data-testid="set-count">
            {t('set.count', { count: set.count, n: dataset.n })} <span className="hint">({t(`set.what.${set.what}`)})</span>
          </p>
          <div className="act-buttons">
            <button type="button" className="act-button" data-testid="isolate" title={t('set.isolate.title')} onClick={actions.isolate}>
              {t('set.isolate')}
            </button>
            <button type="button" className="act-button" data-testid="set-neighbors" title={t('set.centroid.title')} onClick={() => void actions.neighborsOfSet()}>
              {t('set.centroid')}
            </button>
          </div>
        </>
      )}
      {pick && (
        <button type="button" className="link-button" data-testid="clear-pick" onClick={actions.clearPick}>
          {t('set.clearPick')}
        </button>
      )}
    </section>
  );
}
