import { useT } from '../i18n/useT';
import { useAppStore } from '../state/hooks';
import type { AppState } from '../state/appState';
import { downloadFiles } from './download';

const selectHasFrame = (s: AppState) => s.lab.frame !== null;
const selectOpen = (s: AppState) => s.actions.lab.openInExplore;
const selectExport = (s: AppState) => s.actions.lab.exportFiles;

/** The trained table leaves the lab: into Explore, or as files other tools read. */
export function ExportPanel() {
  const { t } = useT();
  const hasFrame = useAppStore(selectHasFrame);
  const openInExplore = useAppStore(selectOpen);
  const exportFiles = useAppStore(selectExport);
  return (
    <section className="lab-panel" aria-label={t('lab.export.title')}>
      <div className="lab-panel-head">
        <h2>{t('lab.export.title')}</h2>
      </div>
      <div className="lab-buttons">
        <button type="button" data-testid="lab-open-explore" disabled={!hasFrame} onClick={openInExplore} title={t('lab.export.explore.title')}>
          {t('lab.export.explore')}
        </button>
        <button type="button" data-testid="lab-download-projector" disabled={!hasFrame} onClick={() => downloadFiles(exportFiles('projector'))} title={t('lab.export.projector.title')}>
          {t('lab.export.projector')}
        </button>
        <button type="button" data-testid="lab-download-w2v" disabled={!hasFrame} onClick={() => downloadFiles(exportFiles('word2vec'))} title={t('lab.export.w2v.title')}>
          {t('lab.export.w2v')}
        </button>
      </div>
    </section>
  );
}
