import { useT } from '../i18n/useT';
import type { AppState } from '../state/appState';
import { storedLayoutLabel } from '../state/firstView';
import { useAppStore } from '../state/hooks';

const selectDataset = (s: AppState) => s.data.dataset;
const selectLayout = (s: AppState) => s.explore.layout;
const selectHasPca = (s: AppState) => s.data.pca !== null;
const selectShowStored = (s: AppState) => s.actions.data.showStored;
const selectSetMethod = (s: AppState) => s.actions.projection.setMethod;

/**
 * One click between the layouts that came with the data (the built-in UMAP, a file's own
 * coordinates) and PCA. Shown only for data that carries layouts; the Projection panel
 * computes the rest.
 */
export function LayoutSwitch() {
  const { t } = useT();
  const dataset = useAppStore(selectDataset);
  const layout = useAppStore(selectLayout);
  const hasPca = useAppStore(selectHasPca);
  const showStored = useAppStore(selectShowStored);
  const setMethod = useAppStore(selectSetMethod);
  const stored = dataset?.layouts ?? [];
  if (!dataset || stored.length === 0) return null;
  const pcaOn = layout?.method === 'PCA';
  return (
    <section className="panel" aria-labelledby="layouts-title" data-testid="layout-switch">
      <h2 id="layouts-title">{t('layouts.title')}</h2>
      <div className="layout-switch" role="group" aria-labelledby="layouts-title">
        {stored.map((l, i) => (
          <button
            key={i}
            type="button"
            className="layout-choice"
            data-testid={`layout-stored-${i}`}
            aria-pressed={layout?.coords === l.coords}
            onClick={() => showStored(i)}
            title={t(l.spec ? 'layouts.note.with-data' : 'layouts.note.from-file')}
          >
            {storedLayoutLabel(l)}
          </button>
        ))}
        {dataset.dim > 0 && (
          <button type="button" className="layout-choice" data-testid="layout-pca" aria-pressed={pcaOn} disabled={!hasPca} onClick={() => setMethod('pca')}>
            {hasPca ? t('layouts.pca') : t('layouts.pcaWaiting')}
          </button>
        )}
      </div>
      <p className="hint">{t('layouts.hint')}</p>
    </section>
  );
}
