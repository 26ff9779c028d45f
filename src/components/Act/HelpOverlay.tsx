import { useEffect, useRef } from 'react';
import { SHORTCUTS } from '../../app/shortcuts';
import { useT } from '../../i18n/useT';
import './act.css';

/** Every shortcut of every view, in a modal dialog; Escape, the Close button or a click outside closes it. */
export function HelpOverlay({ onClose }: { onClose: () => void }) {
  const { t } = useT();
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    // Focus moves into the dialog, and back where it was when it closes.
    const before = document.activeElement as HTMLElement | null;
    closeRef.current?.focus();
    return () => before?.focus?.();
  }, []);
  return (
    <div className="help-backdrop" data-testid="help-backdrop" onPointerDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className="help-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="help-title"
        data-testid="help-overlay"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            onClose();
          }
        }}
      >
        <div className="help-head">
          <h2 id="help-title">{t('help.title')}</h2>
          <button type="button" ref={closeRef} className="act-button" data-testid="help-close" onClick={onClose}>
            {t('help.close')}
          </button>
        </div>
        <p className="hint">{t('help.intro')}</p>
        {SHORTCUTS.map((group) => (
          <section key={group.title} className="help-group">
            <h3>{t(group.title)}</h3>
            <dl>
              {group.items.map((item) => (
                <div key={item.what} className="help-row">
                  <dt>
                    {item.keys.map((k, j) => (
                      <kbd key={j}>{'cap' in k ? k.cap : t(k.words)}</kbd>
                    ))}
                  </dt>
                  <dd>{t(item.what)}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </div>
  );
}

/** The toolbar's "?" button. */
export function HelpButton({ onOpen }: { onOpen: () => void }) {
  const { t } = useT();
  return (
    <button type="button" className="toolbar-button help-button" data-testid="help-button" aria-label={t('help.button')} title={t('help.button')} onClick={onOpen}>
      ?
    </button>
  );
}
