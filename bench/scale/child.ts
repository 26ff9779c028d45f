/**
 * One measured run in its own process, one thread, under /usr/bin/time: ours
 * (bench/cases/ours.ts, the projection worker's path) or a Python peer
 * (bench/peers/*.py). Returns the run's own wall and CPU ms (data already in memory) and
 * the whole process's peak RSS, or why it did not run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const peers = join(here, '..', 'peers');
const cases = join(here, '..', 'cases');
const tsx = join(here, '..', '..', 'node_modules', '.bin', 'tsx');
export const ONE_THREAD = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1', NUMBA_NUM_THREADS: '1' };

export interface ChildRun {
  readonly ms: number;
  readonly cpuMs: number;
  readonly peakRssMB: number;
  readonly layout: Float32Array;
  readonly extra: Record<string, unknown>;
}

export type Impl = 'sprout' | 'umap-learn';

/** Whether a Python peer can run here; else the line that installs it. */
export function peerMissing(impl: Impl): string | null {
  if (impl === 'sprout') return null;
  const ok = spawnSync('/usr/bin/python3', ['-c', 'import umap'], { stdio: 'ignore' }).status === 0;
  return ok ? null : 'umap-learn is not installed: `apt-get install -y umap-learn` (Debian 12; python3-umap-learn elsewhere), as root';
}

export function runChild(impl: Impl, task: 'pca' | 'umap' | 'tsne', data: { path: string; n: number; dim: number; metric: string }, out: string, timeoutMs: number): ChildRun | { error: string } {
  const argv = [String(data.path), String(data.n), String(data.dim), data.metric, out];
  const [cmd, args] = impl === 'sprout' ? [tsx, [join(cases, 'ours.ts'), task, ...argv]] : ['/usr/bin/python3', [join(peers, 'umap_learn.py'), ...argv, '1']];
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S %M', cmd, ...args], { encoding: 'utf8', env: { ...process.env, ...ONE_THREAD }, maxBuffer: 64 << 20, timeout: timeoutMs });
  const timeLine = r.stderr?.split('\n').find((l) => l.startsWith('TIME '));
  const json = r.stdout?.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !timeLine || !json.startsWith('{') || !existsSync(out)) {
    return { error: r.error ? String(r.error.message) : (r.stderr || r.stdout || '').split('\n').slice(-4).join(' | ') };
  }
  const rssKB = Number(timeLine.slice(5).split(' ')[3]);
  const extra = JSON.parse(json) as Record<string, unknown> & { ms: number; cpuMs: number };
  const layout = new Float32Array(readFileSync(out).buffer.slice(0));
  return { ms: extra.ms, cpuMs: extra.cpuMs, peakRssMB: rssKB / 1024, layout, extra };
}
