import { useEffect, useState } from 'react';
import { useAppStore } from '../../state/hooks';
import type { AppState } from '../../state/appState';
import { useT } from '../../i18n/useT';
import './LoadData.css';

const selectLoadFiles = (s: AppState) => s.actions.load.openFiles;

const hasFiles = (e: DragEvent): boolean => Array.from(e.dataTransfer?.types ?? []).includes('Files');

/** Files dragged anywhere over the page: a visible drop target, and the files load on drop. */
export function DropOverlay() {
  const loadFiles = useAppStore(selectLoadFiles);
  const [dragging, setDragging] = useState(false);
  const { t } = useT();

  useEffect(() => {
    // enter/leave fire for every child element crossed: count them.
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      depth = 0;
      setDragging(false);
      const files = Array.from(e.dataTransfer?.files ?? []);
      if (files.length === 0) return;
      e.preventDefault();
      void loadFiles(files.map((f) => ({ name: f.name, file: f })));
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [loadFiles]);

  if (!dragging) return null;
  return (
    <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
      <div className="drop-overlay-box">
        <strong>{t('loadPanel.dropToLoad')}</strong>
        <span>{t('loadPanel.dropHint')}</span>
      </div>
    </div>
  );
}
