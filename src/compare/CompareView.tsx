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

  useEffect(() => {
    measure();
  }, [measure, needs]);

  if (!hasData) return <main className="compare-view view-loading">Load a dataset in Explore first.</main>;
  return (
    <main className="compare-view" data-testid="compare-view">
      <div className="compare-panes">
        <ComparePane side="left" />
        <ComparePane side="right" />
      </div>
      <aside className="side-panel" aria-label="Comparison details">
        <section className="panel" aria-labelledby="agreement-title">
          <h2 id="agreement-title">Agreement</h2>
          <p data-testid="compare-agreement">
            {agreement?.status === 'done' && agreement.value !== null ? (
              <>
                <strong>{(agreement.value * 100).toFixed(1)}%</strong> of each point’s 10 nearest neighbours on the left are also
                its 10 nearest on the right.
              </>
            ) : agreement?.status === 'measuring' ? (
              'Measuring…'
            ) : agreement?.status === 'failed' ? (
              `Could not measure: ${agreement.message ?? 'unknown error'}`
            ) : (
              'Shown when both sides hold a finished layout.'
            )}
          </p>
          <p className="hint">
            Hover, click, search, lasso and colour are linked: a point highlighted on one side is highlighted on the other. Quality
            figures use the same sampled points for every layout.
          </p>
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
