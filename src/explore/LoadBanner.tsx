import { useAppStore } from '../state/hooks';
import { selectLoadStatus } from '../state/selectors';
import type { AppState } from '../state/appState';
import { useT } from '../i18n/useT';

const selectRetry = (s: AppState) => s.actions.data.retry;

/** Download progress while a dataset loads; a clear error with Retry when it fails. */
export function LoadBanner() {
  const status = useAppStore(selectLoadStatus);
  const retry = useAppStore(selectRetry);
  const { t } = useT();
  if (status.kind === 'loading') {
    const fraction = status.totalBytes ? status.loadedBytes / status.totalBytes : null;
    return (
      <div className="load-banner" role="status" data-testid="load-progress">
        <span>{t('loadBanner.loading', { what: status.what, loaded: status.loadedBytes, total: status.totalBytes ?? null })}</span>
        <progress max={1} value={fraction ?? undefined} aria-label={t('loadBanner.loadingLabel', { what: status.what })} />
      </div>
    );
  }
  if (status.kind === 'error') {
    return (
      <div className="load-banner error" role="alert" data-testid="load-error">
        <span>{t('loadBanner.failed', { what: status.what, reason: status.message })}</span>
        <button type="button" onClick={() => void retry()}>
          {t('loadBanner.retry')}
        </button>
      </div>
    );
  }
  return null;
}
