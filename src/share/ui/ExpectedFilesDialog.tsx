import { useEffect, useRef } from 'react';
import { useT } from '../../i18n/useT';
import type { AppState } from '../../state/appState';
import { useAppStore } from '../../state/hooks';
import './share.css';

const selectExpecting = (s: AppState) => s.sessions.expecting;
const selectProvide = (s: AppState) => s.actions.sessions.provideFiles;

/**
 * A link made from files on someone's computer names them (it cannot carry them): this
 * dialog asks for the same files, and the rest of the view applies once they are read.
 */
export function ExpectedFilesDialog() {
  const expecting = useAppStore(selectExpecting);
  const provide = useAppStore(selectProvide);
  const ref = useRef<HTMLDialogElement>(null);
  const { t } = useT();
  const open = expecting !== null;
  useEffect(() => {
    const dialog = ref.current;
    if (open && dialog && !dialog.open) dialog.showModal();
  }, [open]);
  if (!expecting) return null;
  return (
    <dialog ref={ref} className="sessions-dialog" aria-labelledby="expected-title" data-testid="expected-files" onCancel={() => provide(null)}>
      <h2 id="expected-title">{t('share.files.title')}</h2>
      <p>{t('share.files.body')}</p>
      <ul className="expected-files">
        {expecting.map((f) => (
          <li key={`${f.name}:${f.bytes}`} data-testid="expected-file">
            {t('share.files.item', { name: f.name, bytes: f.bytes })}
          </li>
        ))}
      </ul>
      <label className="expected-choose">
        <span className="field-label">{t('share.files.choose')}</span>
        <input
          type="file"
          multiple
          data-testid="expected-file-input"
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            if (files.length) provide(files);
          }}
        />
      </label>
      <div className="sessions-actions">
        <button type="button" data-testid="expected-cancel" onClick={() => provide(null)}>
          {t('share.files.cancel')}
        </button>
      </div>
    </dialog>
  );
}
