import { useAppStore } from '../state/hooks';
import type { AppState } from '../state/appState';
import { downloadFiles } from './download';

const selectHasFrame = (s: AppState) => s.lab.frame !== null;
const selectOpen = (s: AppState) => s.actions.lab.openInExplore;
const selectExport = (s: AppState) => s.actions.lab.exportFiles;

/** The trained table leaves the lab: into Explore, or as files other tools read. */
export function ExportPanel() {
  const hasFrame = useAppStore(selectHasFrame);
  const openInExplore = useAppStore(selectOpen);
  const exportFiles = useAppStore(selectExport);
  return (
    <section className="lab-panel" aria-label="Export">
      <div className="lab-panel-head">
        <h2>Take it with you</h2>
      </div>
      <div className="lab-buttons">
        <button type="button" data-testid="lab-open-explore" disabled={!hasFrame} onClick={openInExplore} title="Explore this table with PCA, search and neighbours">
          Open in Explore
        </button>
        <button type="button" data-testid="lab-download-projector" disabled={!hasFrame} onClick={() => downloadFiles(exportFiles('projector'))} title="vectors.tsv + metadata.tsv for the TensorBoard Embedding Projector">
          Projector TSV
        </button>
        <button type="button" data-testid="lab-download-w2v" disabled={!hasFrame} onClick={() => downloadFiles(exportFiles('word2vec'))} title="word2vec text format (gensim reads it)">
          word2vec .txt
        </button>
      </div>
    </section>
  );
}
