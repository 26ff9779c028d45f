import { useEffect, useRef, useState } from 'react';
import { translatorFor } from '../../i18n/translate';
import { useT } from '../../i18n/useT';
import { useAppStore, useAppStoreApi } from '../../state/hooks';
import type { AppState } from '../../state/appState';
import { shownRows } from '../../state/exportFiles';
import type { ExportRequest } from '../../state/exportTypes';
import { litSet } from '../../state/litSet';
import { saveBlob } from './download';
import { pictureInput } from './pictureInput';
import './act.css';

const selectExports = (s: AppState) => s.exports;
/** The map's exports are offered where the map is (Explore, Compare), not over the lab's own picture. */
const selectHasData = (s: AppState) => s.ui.view !== 'lab' && s.data.dataset !== null && s.explore.layout !== null;
const selectLitCount = (s: AppState) => (s.data.dataset ? (litSet(s.explore, s.data.dataset.n)?.count ?? 0) : 0);
const selectShownCount = (s: AppState) => shownRows(s.explore)?.length ?? s.data.dataset?.n ?? 0;
const selectBundleCount = (s: AppState) => s.explore.isolation?.rows.length ?? s.data.dataset?.n ?? 0;
const selectHasLabTable = (s: AppState) => s.lab.frame !== null;

/** The toolbar's Export menu: every file Sprout makes, built in the data worker and downloaded as a Blob. */
export function ExportMenu() {
  const { t } = useT();
  const store = useAppStoreApi();
  const exports = useAppStore(selectExports);
  const hasData = useAppStore(selectHasData);
  const litCount = useAppStore(selectLitCount);
  const shownCount = useAppStore(selectShownCount);
  const bundleCount = useAppStore(selectBundleCount);
  const hasLabTable = useAppStore(selectHasLabTable);
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);

  const make = async (request: ExportRequest | 'png1' | 'png2' | 'png4' | 'svg') => {
    let req: ExportRequest | null = typeof request === 'string' ? null : request;
    if (typeof request === 'string') {
      const s = store.getState();
      const input = pictureInput(s, translatorFor(s.ui.locale));
      if (!input) return;
      req = { kind: 'picture', input, picture: request === 'svg' ? { format: 'svg' } : { format: 'png', scale: Number(request.slice(3)) as 1 | 2 | 4 } };
    }
    const file = await store.getState().actions.exports.make(req as ExportRequest);
    if (file) saveBlob(file.blob, file.name);
  };

  const labFiles = (kind: 'projector' | 'word2vec') => {
    for (const f of store.getState().actions.lab.exportFiles(kind)) saveBlob(new Blob(f.parts as string[], { type: f.type }), f.name);
  };

  const busy = exports.busy !== null;
  const item = (testId: string, label: string, onClick: () => void, disabled = false) => (
    <button type="button" className="export-item" data-testid={testId} disabled={disabled || busy} onClick={onClick}>
      {label}
    </button>
  );

  return (
    <div
      className="export-menu"
      ref={root}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          setOpen(false);
        }
      }}
    >
      <button type="button" className="toolbar-button" data-testid="export-button" aria-expanded={open} aria-haspopup="true" title={t('export.title')} disabled={!hasData && !hasLabTable} onClick={() => setOpen((o) => !o)}>
        {t('export.button')} ▾
      </button>
      {open && (
        <div className="export-panel" role="group" aria-label={t('export.menu')} data-testid="export-panel">
          {hasData && (
            <>
              <div className="export-group">
                <span className="export-heading">{t('export.picture')}</span>
                {item('export-png-1', t('export.png', { scale: 1 }), () => void make('png1'))}
                {item('export-png-2', t('export.png', { scale: 2 }), () => void make('png2'))}
                {item('export-png-4', t('export.png', { scale: 4 }), () => void make('png4'))}
                {item('export-svg', t('export.svg'), () => void make('svg'))}
              </div>
              <div className="export-group">
                <span className="export-heading">{t('export.layout', { count: shownCount })}</span>
                {item('export-layout-csv', t('export.layout.csv'), () => void make({ kind: 'layout', format: 'csv' }))}
                {item('export-layout-json', t('export.layout.json'), () => void make({ kind: 'layout', format: 'json' }))}
              </div>
              <div className="export-group">
                <span className="export-heading">{litCount > 0 ? t('export.selection', { count: litCount }) : t('export.selection.none')}</span>
                {item('export-selection-csv', t('export.selection.csv'), () => void make({ kind: 'selection', format: 'csv' }), litCount === 0)}
                {item('export-selection-tsv', t('export.selection.tsv'), () => void make({ kind: 'selection', format: 'tsv' }), litCount === 0)}
                {item('export-selection-vectors', t('export.selection.vectors'), () => void make({ kind: 'selection-vectors' }), litCount === 0)}
              </div>
              <div className="export-group">
                <span className="export-heading">{t('export.bundle', { count: bundleCount })}</span>
                {item('export-bundle', t('export.bundle.zip'), () => void make({ kind: 'bundle' }))}
              </div>
            </>
          )}
          {hasLabTable && (
            <div className="export-group">
              <span className="export-heading">{t('export.lab')}</span>
              {item('export-lab-projector', t('export.lab.projector'), () => labFiles('projector'))}
              {item('export-lab-w2v', t('export.lab.w2v'), () => labFiles('word2vec'))}
            </div>
          )}
          <p className="export-status" aria-live="polite" data-testid="export-status">
            {busy ? t('export.busy') : exports.error ? t('export.failed', { error: exports.error }) : exports.last ? t('export.done', { name: exports.last.name, bytes: exports.last.bytes }) : ''}
          </p>
        </div>
      )}
    </div>
  );
}
