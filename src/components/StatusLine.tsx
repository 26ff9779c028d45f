import { useSyncExternalStore } from 'react';
import { hasVectors } from '../compute/dataset';
import { translatorFor } from '../i18n/translate';
import { currentRendererChoice, subscribeRendererChoice } from './ScatterPlot/rendererChoice';
import { useAppStore } from '../state/hooks';
import type { AppState } from '../state/appState';
import { labStatusText } from '../state/labStatus';

// One string, so the component re-renders only when the text changes.
const selectStatusText = (s: AppState): string => {
  const { t, f } = translatorFor(s.ui.locale);
  // In the lab, the lab's own table (Explore's dataset is not what is on screen).
  if (s.ui.view === 'lab') return labStatusText(s, translatorFor(s.ui.locale));
  const ds = s.data.dataset;
  if (!ds) return s.data.loadStatus.kind === 'loading' ? t('status.loading') : t('status.noData');
  const parts = [t('status.points', { n: ds.n }), hasVectors(ds) ? t('status.dimensions', { n: ds.dim }) : t('status.noVectors')];
  const layout = s.explore.layout;
  if (layout && layout.datasetVersion === s.data.version) {
    const detail = layout.ms !== undefined ? f.ms(layout.ms) : layout.note !== undefined ? t(`status.note.${layout.note}`) : undefined;
    const method = layout.rows ? t('status.subsetLayout', { method: layout.method, count: layout.rows.length }) : layout.method;
    parts.push(detail === undefined ? method : `${method} (${detail})`);
  } else parts.push(t('status.projecting'));
  const isolation = s.explore.isolation;
  if (isolation) parts.push(t('status.isolated', { count: isolation.rows.length, n: s.data.dataset.n }));
  return parts.join(' · ');
};
const selectName = (s: AppState) => (s.ui.view === 'lab' ? '' : (s.data.dataset?.name ?? ''));
const selectLocale = (s: AppState) => s.ui.locale;

export function StatusLine() {
  const text = useAppStore(selectStatusText);
  const name = useAppStore(selectName);
  const locale = useAppStore(selectLocale);
  // Which painter draws the plots (chosen once, at the first plot; rendererChoice.ts).
  const renderer = useSyncExternalStore(subscribeRendererChoice, currentRendererChoice)?.kind;
  return (
    <footer className="status-line" data-testid="status-line" role="status">
      {name && <span className="status-name">{name}</span>}
      <span>{text}</span>
      {renderer && (
        <span className="status-renderer" data-testid="status-renderer" data-renderer={renderer}>
          {translatorFor(locale).t(renderer === 'webgl' ? 'status.renderer.webgl' : 'status.renderer.cpu')}
        </span>
      )}
    </footer>
  );
}
