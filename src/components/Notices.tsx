import { useAppStore } from '../state/hooks';
import { selectNotices } from '../state/selectors';
import type { AppState } from '../state/appState';
import { useT } from '../i18n/useT';

const selectDismiss = (s: AppState) => s.actions.ui.dismissNotice;

/** Errors from workers and jobs: shown, dismissable, and the app keeps working. */
export function Notices() {
  const notices = useAppStore(selectNotices);
  const dismiss = useAppStore(selectDismiss);
  const { t } = useT();
  if (notices.length === 0) return null;
  return (
    <div className="notices" aria-live="assertive">
      {notices.map((n) => (
        <div key={n.id} className={`notice ${n.level}`} role={n.level === 'error' ? 'alert' : 'status'} data-testid="notice">
          <span>{n.text}</span>
          <button type="button" aria-label={t('notice.dismiss')} onClick={() => dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
