/**
 * The Python peers: umap-learn and scikit-learn from Debian (`umap-learn` — Debian's name
 * for python3-umap-learn — and `python3-sklearn`, for /usr/bin/python3), installed with apt-get when we are
 * root and they are missing; otherwise their cases are skipped and the install line is
 * printed. numpy's PCA prefers a python3 on PATH that has numpy (e.g. pyenv's, with
 * OpenBLAS), else Debian's.
 */
import { execFileSync, spawnSync } from 'node:child_process';

export const SYSTEM_PYTHON = '/usr/bin/python3';
export const INSTALL_LINE = 'apt-get install -y umap-learn python3-sklearn';

const has = (python: string, modules: string): boolean => spawnSync(python, ['-c', `import ${modules}`], { stdio: 'ignore' }).status === 0;

let checked: { ok: boolean; note: string } | null = null;

/** Whether umap-learn and scikit-learn can run; installs them first when root. */
export function scientificPython(log: (line: string) => void): { ok: boolean; note: string } {
  if (checked) return checked;
  if (has(SYSTEM_PYTHON, 'umap, sklearn')) return (checked = { ok: true, note: '' });
  if (process.getuid?.() === 0) {
    log(`installing the Python peers: ${INSTALL_LINE}`);
    const r = spawnSync('bash', ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive ${INSTALL_LINE}`], { stdio: 'inherit' });
    if (r.status === 0 && has(SYSTEM_PYTHON, 'umap, sklearn')) return (checked = { ok: true, note: '' });
  }
  const note = `skipped: umap-learn / scikit-learn not installed (as root: ${INSTALL_LINE})`;
  log(note);
  return (checked = { ok: false, note });
}

/** A python3 with numpy for the PCA peer, or null. */
export function numpyPython(): string | null {
  try {
    const p = execFileSync('bash', ['-lc', 'command -v python3'], { encoding: 'utf8' }).trim();
    if (p && has(p, 'numpy')) return p;
  } catch {
    /* fall through */
  }
  return has(SYSTEM_PYTHON, 'numpy') ? SYSTEM_PYTHON : null;
}
