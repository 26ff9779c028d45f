import { useAppStore } from '../state/hooks';
import type { AppState } from '../state/store';
import type { View } from '../state/ui';

const selectView = (s: AppState) => s.view;
const selectSetView = (s: AppState) => s.setView;

const VIEWS: { id: View; title: string; hint: string }[] = [
  { id: 'explore', title: 'Explore', hint: 'Explore a finished embedding table' },
  { id: 'compare', title: 'Compare', hint: 'Two layouts of the same data side by side, linked' },
  { id: 'lab', title: 'Training lab', hint: 'Watch an embedding table grow' },
];

/** Switches between the app's main views. */
export function ViewTabs() {
  const view = useAppStore(selectView);
  const setView = useAppStore(selectSetView);
  return (
    <nav className="view-tabs" role="tablist" aria-label="Views">
      {VIEWS.map((v) => (
        <button
          key={v.id}
          type="button"
          role="tab"
          aria-selected={view === v.id}
          title={v.hint}
          data-testid={`view-${v.id}`}
          className={view === v.id ? 'view-tab active' : 'view-tab'}
          onClick={() => setView(v.id)}
        >
          {v.title}
        </button>
      ))}
    </nav>
  );
}
