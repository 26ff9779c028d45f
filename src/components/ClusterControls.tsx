import { useState } from 'react';
import { hasVectors } from '../compute/dataset';
import { useT } from '../i18n/useT';
import { useAppStore } from '../state/hooks';
import { selectDataset } from '../state/selectors';
import type { AppState } from '../state/appState';

const selectClusters = (s: AppState) => s.clusters;
const selectFind = (s: AppState) => s.actions.clusters.find;
const selectCancel = (s: AppState) => s.actions.clusters.cancel;

/** "Find clusters": k-means on the original vectors, shown as a colour column with named clusters. */
export function ClusterControls() {
  const dataset = useAppStore(selectDataset);
  const clusters = useAppStore(selectClusters);
  const find = useAppStore(selectFind);
  const cancel = useAppStore(selectCancel);
  const [k, setK] = useState(clusters.k);
  const { t } = useT();
  if (!dataset) return null;
  if (!hasVectors(dataset)) {
    return (
      <section className="panel" aria-labelledby="clusters-title">
        <h2 id="clusters-title">{t('clusters.title')}</h2>
        <p className="hint">{t('clusters.noVectors')}</p>
      </section>
    );
  }
  const valid = Number.isInteger(k) && k >= 2 && k <= 60;
  const running = clusters.status === 'running';
  const current = clusters.column !== null && dataset.columns.some((c) => c.name === clusters.column);
  return (
    <section className="panel" aria-labelledby="clusters-title">
      <h2 id="clusters-title">{t('clusters.title')}</h2>
      <p className="hint">{t('clusters.hint', { dim: dataset.dim })}</p>
      <div className="cluster-row">
        <label className="field">
          <span className="field-label">k</span>
          <input
            type="number"
            min={2}
            max={60}
            value={Number.isFinite(k) ? k : ''}
            onChange={(e) => setK(Math.floor(Number(e.target.value)))}
            data-testid="cluster-k"
            aria-invalid={!valid}
          />
        </label>
        {running ? (
          <button type="button" onClick={cancel} data-testid="cluster-cancel">
            {t('clusters.cancel', { progress: clusters.progress })}
          </button>
        ) : (
          <button type="button" onClick={() => void find(k)} disabled={!valid} data-testid="cluster-run">
            {t('clusters.find')}
          </button>
        )}
      </div>
      {!valid && <p className="hint search-status error">{t('clusters.invalidK')}</p>}
      {clusters.message && (current || clusters.status !== 'done') && (
        <p className="hint" role="status" data-testid="cluster-status">
          {clusters.message}
        </p>
      )}
    </section>
  );
}
