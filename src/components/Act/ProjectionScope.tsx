import { checkLimit, methodInfo } from '../../compute/project/methods';
import { useT } from '../../i18n/useT';
import { useAppStore } from '../../state/hooks';
import type { AppState } from '../../state/appState';
import { litSet } from '../../state/litSet';
import { sampleSize } from '../../state/projectTypes';
import './act.css';

const selectMethod = (s: AppState) => s.projection.method;
const selectN = (s: AppState) => s.data.dataset?.n ?? 0;
const selectIsolated = (s: AppState) => s.explore.isolation?.rows.length ?? null;
const selectLitCount = (s: AppState) => (s.data.dataset ? (litSet(s.explore, s.data.dataset.n)?.count ?? 0) : 0);
const selectActions = (s: AppState) => s.actions.projection;

/**
 * Which points the projection runs on: while rows are isolated, those alone (PCA is
 * fitted again on them); when the method is slow or refused for every point, the way
 * round it — a seeded sample of a size it handles, or the lit points.
 */
export function ProjectionScope() {
  const { t } = useT();
  const method = useAppStore(selectMethod);
  const n = useAppStore(selectN);
  const isolated = useAppStore(selectIsolated);
  const litCount = useAppStore(selectLitCount);
  const actions = useAppStore(selectActions);
  if (n === 0) return null;
  if (isolated !== null) {
    return (
      <p className="projection-scope" data-testid="projection-scope">
        {t('scope.isolated', { count: isolated })}
      </p>
    );
  }
  if (method === 'pca' || checkLimit(method, n).level === 'ok') return null;
  const info = methodInfo(method);
  const sample = sampleSize(method, n);
  const selectionFits = litCount > 0 && litCount <= info.maxPoints;
  return (
    <div className="projection-scope" data-testid="projection-scope">
      <p>{t('scope.tooMany', { method: info.label })}</p>
      <div className="act-buttons">
        <button type="button" className="act-button" data-testid="run-on-sample" title={t('scope.sample.title')} onClick={() => void actions.runOnSample()}>
          {t('scope.sample', { count: sample })}
        </button>
        {selectionFits && (
          <button type="button" className="act-button" data-testid="run-on-selection" onClick={() => void actions.runOnSelection()}>
            {t('scope.selection', { count: litCount })}
          </button>
        )}
      </div>
    </div>
  );
}
