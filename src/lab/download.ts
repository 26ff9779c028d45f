import { saveBlob } from '../components/Act/download';
import type { LabExportFile } from '../state/labTypes';

/** Saves the lab's export files, each through the app's one download helper. */
export function downloadFiles(files: readonly LabExportFile[]): void {
  for (const f of files) saveBlob(new Blob(f.parts as string[], { type: f.type }), f.name);
}
