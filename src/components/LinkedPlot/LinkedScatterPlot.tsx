import { useCallback } from 'react';
import { useT } from '../../i18n/useT';
import { useAppStore, useAppStoreApi } from '../../state/hooks';
import type { AppState } from '../../state/appState';
import { ScatterPlot } from '../ScatterPlot/ScatterPlot';
import type { Scatterplot } from '../ScatterPlot/scatterTypes';
import { bindLinkedPlot, type LayoutSelector } from './bindLinkedPlot';
import { ScatterTooltip } from './ScatterTooltip';

const selectShowLabels = (s: AppState) => s.explore.showLabels;
const selectSetShowLabels = (s: AppState) => s.actions.explore.setShowLabels;

export interface LinkedScatterPlotProps {
  /** The layout to draw (Explore: `s.explore.layout`; a Compare pane: its pick). Keep its identity stable. */
  selectLayout: LayoutSelector;
  /** Accessible name, e.g. "Left plot, PCA,"; default "Scatter plot" in the interface language. */
  label?: string;
  testId?: string;
}

/**
 * A plot of the current dataset bound to the app store (bindLinkedPlot.ts): hover,
 * selection, search, lasso, colour and labels are shared by every such plot, which is
 * what links Explore and both Compare panes. Only the tooltip re-renders on hover.
 */
export function LinkedScatterPlot({ selectLayout, label, testId = 'scatter-plot' }: LinkedScatterPlotProps) {
  const { t, locale } = useT();
  const store = useAppStoreApi();
  const count = useAppStore((s) => (selectLayout(s)?.coords.length ?? 0) >> 1);
  const showLabels = useAppStore(selectShowLabels);
  const setShowLabels = useAppStore(selectSetShowLabels);
  const bind = useCallback((plot: Scatterplot) => bindLinkedPlot(plot, store, selectLayout), [store, selectLayout]);
  const labelsButton = (
    <button
      type="button"
      className="scatter-tool"
      data-testid="labels-button"
      aria-pressed={showLabels}
      title={t('plot.labels.title')}
      onClick={() => setShowLabels(!showLabels)}
    >
      {t('plot.labels')}
    </button>
  );
  return (
    <ScatterPlot label={label} locale={locale} count={count} testId={testId} bind={bind} tools={labelsButton}>
      {(plot) => <ScatterTooltip plot={plot} />}
    </ScatterPlot>
  );
}
