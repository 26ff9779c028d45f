import { useState } from 'react';
import type { NeighborMetric } from '../../compute/neighbors/query';
import { useT } from '../../i18n/useT';
import { useAppStore } from '../../state/hooks';
import type { AppState } from '../../state/appState';
import { MAX_NEIGHBORS } from '../../state/exploreTypes';

const selectSettings = (s: AppState) => s.explore.neighborSettings;
const selectDatasetMetric = (s: AppState) => s.data.dataset?.metric ?? 'cosine';
const selectActions = (s: AppState) => s.actions.explore;
const METRICS: readonly NeighborMetric[] = ['cosine', 'euclidean', 'dot'];

/** k (1–500, a slider and a number kept in step) and the metric of every neighbour list. */
export function NeighborControls() {
  const { t } = useT();
  const settings = useAppStore(selectSettings);
  const datasetMetric = useAppStore(selectDatasetMetric);
  const actions = useAppStore(selectActions);
  // The slider moves freely; the list is asked for when it is let go (or the number is committed).
  const [draft, setDraft] = useState<number | null>(null);
  const k = draft ?? settings.k;
  const commit = (v: number) => {
    setDraft(null);
    if (Number.isFinite(v)) actions.setNeighborSettings({ k: v });
  };
  return (
    <div className="neighbor-controls" role="group" aria-label={t('neighbors.k')}>
      <label className="field" title={t('neighbors.k.title')}>
        <span className="field-label">{t('neighbors.k')}</span>
        <input
          type="range"
          min={1}
          max={MAX_NEIGHBORS}
          value={k}
          data-testid="neighbor-k-slider"
          aria-label={t('neighbors.k.title')}
          onChange={(e) => setDraft(Number(e.target.value))}
          onPointerUp={(e) => commit(Number((e.target as HTMLInputElement).value))}
          onKeyUp={(e) => commit(Number((e.target as HTMLInputElement).value))}
          onBlur={(e) => draft !== null && commit(Number(e.target.value))}
        />
        <input
          type="number"
          min={1}
          max={MAX_NEIGHBORS}
          className="neighbor-k"
          value={k}
          data-testid="neighbor-k"
          aria-label={t('neighbors.k.title')}
          onChange={(e) => setDraft(Number(e.target.value))}
          onKeyDown={(e) => e.key === 'Enter' && commit(Number((e.target as HTMLInputElement).value))}
          onBlur={(e) => draft !== null && commit(Number(e.target.value))}
        />
      </label>
      <label className="field">
        <span className="field-label">{t('neighbors.metric')}</span>
        <select data-testid="neighbor-metric" value={settings.metric ?? datasetMetric} onChange={(e) => actions.setNeighborSettings({ metric: e.target.value as NeighborMetric })}>
          {METRICS.map((m) => (
            <option key={m} value={m}>
              {t(`neighbors.metric.${m}`)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

/** "king - man + woman" → the nearest labels to the sum, the words themselves left out. */
export function ArithmeticForm() {
  const { t } = useT();
  const actions = useAppStore(selectActions);
  const [text, setText] = useState('');
  return (
    <form
      className="arithmetic"
      onSubmit={(e) => {
        e.preventDefault();
        void actions.arithmetic(text);
      }}
    >
      <label className="field" title={t('neighbors.arithmetic.title')}>
        <span className="field-label">{t('neighbors.arithmetic')}</span>
        <input type="text" data-testid="arithmetic-input" spellCheck={false} placeholder={t('neighbors.arithmetic.placeholder')} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <button type="submit" className="act-button" data-testid="arithmetic-go">
        {t('neighbors.arithmetic.go')}
      </button>
    </form>
  );
}
