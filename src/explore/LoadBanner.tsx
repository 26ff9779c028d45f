import { useAppStore } from '../state/hooks';
import { selectLoadStatus } from '../state/selectors';
import type { AppState } from '../state/appState';

const selectRetry = (s: AppState) => s.actions.data.retry;

function mb(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(1);
}

/** Download progress while a dataset loads; a clear error with Retry when it fails. */
export function LoadBanner() {
  const status = useAppStore(selectLoadStatus);
  const retry = useAppStore(selectRetry);
  if (status.kind === 'loading') {
    const fraction = status.totalBytes ? status.loadedBytes / status.totalBytes : null;
    return (
      <div className="load-banner" role="status" data-testid="load-progress">
        <span>
          Loading {status.what}… {mb(status.loadedBytes)}
          {status.totalBytes ? ` of ${mb(status.totalBytes)}` : ''} MB
        </span>
        <progress max={1} value={fraction ?? undefined} aria-label={`Loading ${status.what}`} />
      </div>
    );
  }
  if (status.kind === 'error') {
    return (
      <div className="load-banner error" role="alert" data-testid="load-error">
        <span>
          Could not load {status.what}: {status.message}
        </span>
        <button type="button" onClick={() => void retry()}>
          Retry
        </button>
      </div>
    );
  }
  return null;
}
