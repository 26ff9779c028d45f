import { useT } from '../i18n/useT';
import type { MessageKey } from '../i18n/translate';
import { useAppStore } from '../state/hooks';
import type { AppState } from '../state/appState';
import type { View } from '../state/uiTypes';

const selectView = (s: AppState) => s.ui.view;
const selectSetView = (s: AppState) => s.actions.ui.setView;

const VIEWS: { id: View; title: MessageKey; hint: MessageKey }[] = [
  { id: 'explore', title: 'app.view.explore', hint: 'app.view.explore.hint' },
  { id: 'compare', title: 'app.view.compare', hint: 'app.view.compare.hint' },
  { id: 'lab', title: 'app.view.lab', hint: 'app.view.lab.hint' },
];

/** Switches between the app's main views. */
export function ViewTabs() {
  const view = useAppStore(selectView);
  const setView = useAppStore(selectSetView);
  const { t } = useT();
  return (
    <nav className="view-tabs" role="tablist" aria-label={t('app.views')}>
      {VIEWS.map((v) => (
        <button
          key={v.id}
          type="button"
          role="tab"
          aria-selected={view === v.id}
          title={t(v.hint)}
          data-testid={`view-${v.id}`}
          className={view === v.id ? 'view-tab active' : 'view-tab'}
          onClick={() => setView(v.id)}
        >
          {t(v.title)}
        </button>
      ))}
    </nav>
  );
}
