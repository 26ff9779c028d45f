import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ColorControls } from '../components/ColorControls';
import { ClusterControls } from '../components/ClusterControls';
import { SelectionPanel } from '../components/SelectionPanel';
import { LassoPanel } from '../components/LassoPanel';
import { currentAgreement, resolveCompare } from '../state/compareSelectors';
import { useAppStore } from '../state/hooks';
import type { AppState } from '../state/appState';
import { ComparePane } from './ComparePane';
import { useT } from '../i18n/useT';
import './compare.css';

const selectMeasure = (s: AppState) => s.actions.compare.measure;
/** Everything that can change which figures the panes need. */
const selectNeeds = (s: AppState) => {
  const { left, right } = resolveCompare(s);
  return [left, right, s.data.version, s.data.pca, s.projection.finished, s.explore.colorBy] as const;
};

/**
 * Two layouts of the same data side by side. They are linked through the store:
 * hovering, selecting, searching and colouring in one shows in the other, so a point
 * (or a search's matches) can be followed from one picture to the other.
 */
export function CompareView() {
  const measure = useAppStore(selectMeasure);
  const needs = useAppStore(useShallow(selectNeeds));
  const agreement = useAppStore(currentAgreement);
  const hasData = useAppStore((s) => s.data.dataset !== null);
  const { t, f } = useT();

  useEffect(() => {
    measure();
  }, [measure, needs]);

  if (!hasData) return <main className="compare-view view-loading">{t('compare.needData')}</main>;
  return (
    <main className="compare-view" data-testid="compare-view">
      <div className="compare-panes">
        <ComparePane side="left" />
        <ComparePane side="right" />
      </div>
      <aside className="side-panel" aria-label={t('compare.details')}>
        <section className="panel" aria-labelledby="agreement-title">
          <h2 id="agreement-title">{t('compare.agreement')}</h2>
          <p data-testid="compare-agreement">
            {agreement?.status === 'done' && agreement.value !== null ? (
              <>
                {t('compare.agreement.before')}
                <strong>{f.pct(agreement.value)}</strong> {t('compare.agreement.after')}
              </>
            ) : agreement?.status === 'measuring' ? (
              t('compare.agreement.measuring')
            ) : agreement?.status === 'failed' ? (
              t('compare.agreement.failed', { message: agreement.message ?? t('compare.agreement.unknown') })
            ) : (
              t('compare.agreement.waiting')
            )}
          </p>
          <p className="hint">{t('compare.linkedHint')}</p>
        </section>
        <SelectionPanel />
        <LassoPanel />
        <ColorControls />
        <ClusterControls />
      </aside>
    </main>
  );
}

export default CompareView;
