import { useT } from '../i18n/useT';
import { useAppStore } from '../state/hooks';
import type { AppState } from '../state/appState';
import { noteText, progressText } from './notes';

const selectPhase = (s: AppState) => s.lab.phase;
const selectProgress = (s: AppState) => s.lab.progress;
const selectError = (s: AppState) => s.lab.error;
const selectInfo = (s: AppState) => s.lab.info;
const selectDismiss = (s: AppState) => s.actions.lab.dismissMessage;

/** What the lab is doing, and what went wrong or is worth knowing. */
export function Messages() {
  const tr = useT();
  const { t } = tr;
  const phase = useAppStore(selectPhase);
  const progress = useAppStore(selectProgress);
  const error = useAppStore(selectError);
  const info = useAppStore(selectInfo);
  const dismiss = useAppStore(selectDismiss);
  const status =
    phase === 'opening' ? progressText(tr, progress) : phase === 'running' ? t('lab.status.training') : phase === 'busy' ? t('lab.status.working') : phase === 'ready' ? t('lab.status.paused') : '';
  return (
    <div className="lab-messages">
      <p className="lab-status" data-testid="lab-status" data-phase={phase} role="status" aria-live="polite">
        {status}
      </p>
      {error && (
        <p className="lab-message error" role="alert" data-testid="lab-error">
          <span>{noteText(tr, error)}</span>
          <button type="button" aria-label={t('lab.dismiss')} title={t('lab.dismiss')} onClick={dismiss}>
            ×
          </button>
        </p>
      )}
      {info.length > 0 && (
        <p className="lab-message" data-testid="lab-info">
          <span>{info.map((n) => noteText(tr, n)).join(' ')}</span>
          <button type="button" aria-label={t('lab.dismiss')} title={t('lab.dismiss')} onClick={dismiss}>
            ×
          </button>
        </p>
      )}
    </div>
  );
}
