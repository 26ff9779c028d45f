import type { LabExportFile } from '../state/labTypes';

/** Saves files through a temporary <a download> on an object URL (revoked once the click is handled). */
export function downloadFiles(files: readonly LabExportFile[]): void {
  for (const f of files) {
    const url = URL.createObjectURL(new Blob(f.parts as string[], { type: f.type }));
    const a = document.createElement('a');
    a.href = url;
    a.download = f.name;
    a.rel = 'noopener';
    a.hidden = true;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
