import { useEffect, useRef, useState } from 'react';
import { useT } from '../../i18n/useT';
import type { AppState } from '../../state/appState';
import { useAppStore } from '../../state/hooks';
import type { SessionSummary } from '../../state/sessionsTypes';
import './share.css';

const selectSessions = (s: AppState) => s.sessions;
const selectActions = (s: AppState) => s.actions.sessions;

/** The toolbar's Sessions button and its dialog: the sessions saved in this browser, opened, renamed, deleted. */
export function SessionsButton() {
  const open = useAppStore((s) => s.sessions.dialogOpen);
  const unsaved = useAppStore((s) => s.sessions.unsaved.length > 0);
  const actions = useAppStore(selectActions);
  const { t } = useT();
  return (
    <>
      <button type="button" className={unsaved ? 'share-button warn' : 'share-button'} data-testid="sessions-button" title={t('share.sessions.hint')} onClick={() => actions.showDialog(true)}>
        {t('share.sessions.button')}
      </button>
      {open && <SessionsDialog onClose={() => actions.showDialog(false)} />}
    </>
  );
}

function SessionsDialog({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const { storage, list, currentId, use, unsaved } = useAppStore(selectSessions);
  const actions = useAppStore(selectActions);
  const { t } = useT();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog ref={ref} className="sessions-dialog" aria-labelledby="sessions-title" data-testid="sessions-dialog" onClose={onClose}>
      <h2 id="sessions-title">{t('share.sessions.title')}</h2>
      <p className="hint">{t('share.sessions.about')}</p>
      {storage === 'unavailable' ? (
        <p className="sessions-off" role="status">{t('share.sessions.unavailable')}</p>
      ) : list.length === 0 ? (
        <p className="hint">{t('share.sessions.empty')}</p>
      ) : (
        <ul className="sessions-list" data-testid="sessions-list">
          {list.map((s) => (
            <SessionRow key={s.id} session={s} current={s.id === currentId} />
          ))}
        </ul>
      )}
      {use && (
        <p className="sessions-usage" data-testid="sessions-usage">
          {use.used !== null && use.quota !== null ? t('share.sessions.usage', { ours: use.ours, used: use.used, quota: use.quota }) : t('share.sessions.usageOurs', { ours: use.ours })}
        </p>
      )}
      {unsaved.length > 0 && (
        <p className="sessions-unsaved" role="alert" data-testid="sessions-unsaved">
          {t('share.sessions.unsaved', { what: unsaved.join(t('share.and')) })}
        </p>
      )}
      <div className="sessions-actions">
        {storage === 'ready' && (
          <button type="button" data-testid="session-new" onClick={() => actions.open(null)}>
            {t('share.sessions.new')}
          </button>
        )}
        <button type="button" onClick={onClose}>
          {t('share.sessions.close')}
        </button>
      </div>
    </dialog>
  );
}

function SessionRow({ session, current }: { session: SessionSummary; current: boolean }) {
  const actions = useAppStore(selectActions);
  const { t, locale } = useT();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(session.name);
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(session.updatedAt);
  return (
    <li className={current ? 'session current' : 'session'} data-testid="session-row">
      {editing ? (
        <form
          className="session-rename"
          onSubmit={(e) => {
            e.preventDefault();
            setEditing(false);
            void actions.rename(session.id, name);
          }}
        >
          <input aria-label={t('share.sessions.name')} data-testid="session-name-input" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} autoFocus />
          <button type="submit">{t('share.sessions.save')}</button>
          <button type="button" onClick={() => setEditing(false)}>
            {t('share.sessions.cancel')}
          </button>
        </form>
      ) : (
        <div className="session-name">
          <strong data-testid="session-name">{session.name}</strong>
          {current && <span className="session-badge">{t('share.sessions.thisTab')}</span>}
        </div>
      )}
      <div className="session-detail">
        <span>{session.dataset}</span>
        <span>{session.method}</span>
        <span data-testid="session-size">{t('share.sessions.size', { bytes: session.bytes })}</span>
        <time dateTime={new Date(session.updatedAt).toISOString()}>{when}</time>
      </div>
      <div className="session-buttons">
        {!current && (
          <button type="button" data-testid="session-open" onClick={() => actions.open(session.id)}>
            {t('share.sessions.open')}
          </button>
        )}
        <button type="button" data-testid="session-rename" onClick={() => setEditing(true)}>
          {t('share.sessions.rename')}
        </button>
        {!current && (
          <button type="button" data-testid="session-delete" onClick={() => void actions.remove(session.id)}>
            {t('share.sessions.delete')}
          </button>
        )}
      </div>
    </li>
  );
}
