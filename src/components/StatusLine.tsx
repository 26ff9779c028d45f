import { useAppStore } from '../state/hooks';
import type { AppState } from '../state/store';

const fmt = (v: number) => v.toLocaleString('en-US');
const formatMs = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

// One string, so the component re-renders only when the text changes.
const selectStatusText = (s: AppState): string => {
  if (!s.dataset) return s.loadStatus.kind === 'loading' ? 'Loading…' : 'No data';
  const parts = [`${fmt(s.dataset.n)} points`, `${fmt(s.dataset.dim)} dimensions`];
  const layout = s.layout;
  if (layout && layout.datasetVersion === s.datasetVersion) {
    const detail = layout.ms !== undefined ? formatMs(layout.ms) : layout.note;
    parts.push(detail === undefined ? layout.method : `${layout.method} (${detail})`);
  }
  else parts.push('projecting…');
  return parts.join(' · ');
};
const selectName = (s: AppState) => s.dataset?.name ?? '';

export function StatusLine() {
  const text = useAppStore(selectStatusText);
  const name = useAppStore(selectName);
  return (
    <footer className="status-line" data-testid="status-line" role="status">
      {name && <span className="status-name">{name}</span>}
      <span>{text}</span>
    </footer>
  );
}
