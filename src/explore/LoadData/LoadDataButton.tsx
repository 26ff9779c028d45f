import { useEffect, useRef, useState } from 'react';
import { useAppStore } from '../../state/hooks';
import type { AppState } from '../../state/appState';
import type { FormatChoice, NonFiniteChoice, SamplingChoice } from '../../state/loadTypes';
import { parseLayoutColumns } from '../../state/rowBudget';
import { useT } from '../../i18n/useT';
import { FORMAT_CHOICES, formatChoiceName, NON_FINITE_CHOICES } from './formats';
import './LoadData.css';

const selectLoadFiles = (s: AppState) => s.actions.load.openFiles;
const selectLoadText = (s: AppState) => s.actions.load.openText;
const selectOptions = (s: AppState) => s.load.options;
const selectSetOptions = (s: AppState) => s.actions.load.setOptions;
const selectBudget = (s: AppState) => s.load.budget;

/** How much memory a load may take here, and where that figure comes from. */
function BudgetLine() {
  const { t } = useT();
  const budget = useAppStore(selectBudget);
  return (
    <p className="hint" data-testid="load-budget">
      {t('load.budget', { bytes: budget.bytes })} ({t(budget.fromDevice ? 'load.budget.device' : 'load.budget.default')})
    </p>
  );
}

/** The toolbar's "Load data" button and its dialog: pick files, or paste text; choose format and NaN policy. */
export function LoadDataButton() {
  const [open, setOpen] = useState(false);
  const { t } = useT();
  return (
    <>
      <button type="button" className="load-data-button" data-testid="load-data-button" onClick={() => setOpen(true)} title={t('loadPanel.button.title')}>
        {t('loadPanel.button')}
      </button>
      {open && <LoadDialog onClose={() => setOpen(false)} />}
    </>
  );
}

function LoadDialog({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const loadFiles = useAppStore(selectLoadFiles);
  const loadText = useAppStore(selectLoadText);
  const options = useAppStore(selectOptions);
  const setOptions = useAppStore(selectSetOptions);
  const [text, setText] = useState('');
  const { t } = useT();
  const layoutsInvalid = parseLayoutColumns(options.layoutColumns) === null;

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  return (
    <dialog ref={ref} className="load-dialog" aria-labelledby="load-dialog-title" data-testid="load-dialog" onClose={onClose}>
      <h2 id="load-dialog-title">{t('loadPanel.dialogTitle')}</h2>
      <p className="hint">{t('loadPanel.dialogHint')}</p>
      <BudgetLine />
      <label className="load-files">
        <span className="field-label">{t('loadPanel.files')}</span>
        <input
          type="file"
          multiple
          data-testid="load-file-input"
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = '';
            if (files.length === 0) return;
            onClose();
            void loadFiles(files.map((f) => ({ name: f.name, file: f })));
          }}
        />
      </label>
      <div className="load-options">
        <label className="field">
          <span className="field-label">{t('loadPanel.format')}</span>
          <select data-testid="load-format" value={options.format} onChange={(e) => setOptions({ format: e.target.value as FormatChoice })}>
            {FORMAT_CHOICES.map((f) => (
              <option key={f} value={f}>
                {formatChoiceName(t, f)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t('loadPanel.nonFiniteRows')}</span>
          <select data-testid="load-nonfinite" value={options.nonFinite} onChange={(e) => setOptions({ nonFinite: e.target.value as NonFiniteChoice })}>
            {NON_FINITE_CHOICES.map((f) => (
              <option key={f} value={f}>
                {t(`loadPanel.nonFinite.${f}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t('load.sampling')}</span>
          <select data-testid="load-sampling" value={options.sampling} onChange={(e) => setOptions({ sampling: e.target.value as SamplingChoice })}>
            <option value="fit">{t('load.sampling.fit')}</option>
            <option value="ask">{t('load.sampling.ask')}</option>
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t('load.layoutColumns')}</span>
          <input
            type="text"
            data-testid="load-layout-columns"
            value={options.layoutColumns}
            placeholder={t('load.layoutColumns.placeholder')}
            title={t('load.layoutColumns.hint')}
            aria-invalid={layoutsInvalid}
            spellCheck={false}
            onChange={(e) => setOptions({ layoutColumns: e.target.value })}
          />
        </label>
        {layoutsInvalid && <p className="hint search-status error">{t('load.layoutColumns.invalid')}</p>}
      </div>
      <label className="load-paste">
        <span className="field-label">{t('loadPanel.paste')}</span>
        <textarea
          data-testid="paste-text"
          rows={6}
          spellCheck={false}
          placeholder={'king 0.1 0.3 -0.2\nqueen 0.1 0.4 -0.1\n…'}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <div className="load-dialog-actions">
        <button
          type="button"
          data-testid="paste-load"
          disabled={text.trim() === ''}
          onClick={() => {
            onClose();
            void loadText(text);
          }}
        >
          {t('loadPanel.loadPasted')}
        </button>
        <button type="button" onClick={onClose}>
          {t('loadPanel.close')}
        </button>
      </div>
    </dialog>
  );
}
