/**
 * Runs one bench case in its own child process under /usr/bin/time, ours and the
 * peers' alike: the child prints one JSON line (its run's own wall and CPU ms, and
 * anything else it measured) and writes its result to a file; /usr/bin/time gives the
 * whole process's wall, CPU (user + sys) and peak RSS. Peers get one thread each unless
 * a case says otherwise (OMP / OpenBLAS / MKL / numba all told so).
 */
import { spawn, spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProcessFigures } from './types';

const here = dirname(fileURLToPath(import.meta.url));
export const TSX = join(here, '..', 'node_modules', '.bin', 'tsx');

export const ONE_THREAD: Readonly<Record<string, string>> = {
  OMP_NUM_THREADS: '1',
  OPENBLAS_NUM_THREADS: '1',
  MKL_NUM_THREADS: '1',
  NUMBA_NUM_THREADS: '1',
};

export interface ChildResult {
  /** The run's own figures, as the child printed them (ms and cpuMs at least). */
  readonly report: { readonly ms: number; readonly cpuMs: number } & Readonly<Record<string, unknown>>;
  readonly process: ProcessFigures;
  readonly load: readonly [number, number];
}

type ChildOptions = { env?: Record<string, string>; timeoutMs?: number };
type TimedOutput = { stdout: string; process: ProcessFigures; load: readonly [number, number] };

const TIME_ARGS = ['-f', 'TIME %e %U %S %M'];
const childEnv = (opts: ChildOptions): NodeJS.ProcessEnv => ({ ...process.env, ...ONE_THREAD, ...opts.env });

/** /usr/bin/time's line and the child's output as figures, or an error line. */
function timedOutput(
  out: { stdout: string; stderr: string; status: number | null; error?: Error },
  load: readonly [number, number],
): TimedOutput | { error: string } {
  const timeLine = out.stderr.split('\n').find((l) => l.startsWith('TIME '));
  if (out.status !== 0 || !timeLine) {
    const tail = `${out.stderr}\n${out.stdout}`.split('\n').filter((l) => l.trim() && !l.startsWith('TIME ')).slice(-3).join(' | ');
    return { error: out.error ? out.error.message : tail || `exit ${out.status}` };
  }
  const [wall, user, sys, rssKB] = timeLine.slice(5).split(' ').map(Number);
  return { stdout: out.stdout, process: { wallMs: wall * 1000, cpuMs: (user + sys) * 1000, peakRssMB: rssKB / 1024 }, load };
}

/** Runs `cmd args…` under /usr/bin/time: its output and the process's figures, or an error line. */
export function timeChild(cmd: string, args: readonly string[], opts: ChildOptions = {}): TimedOutput | { error: string } {
  const load0 = loadavg()[0];
  const r = spawnSync('/usr/bin/time', [...TIME_ARGS, cmd, ...args], {
    encoding: 'utf8',
    env: childEnv(opts),
    maxBuffer: 64 << 20,
    timeout: opts.timeoutMs ?? 30 * 60_000,
  });
  return timedOutput({ stdout: r.stdout ?? '', stderr: r.stderr ?? '', status: r.status, error: r.error }, [load0, loadavg()[0]]);
}

/** timeChild without waiting: for children that must run at the same time. */
function timeChildAsync(cmd: string, args: readonly string[], opts: ChildOptions = {}): Promise<TimedOutput | { error: string }> {
  const load0 = loadavg()[0];
  return new Promise((resolve) => {
    const child = spawn('/usr/bin/time', [...TIME_ARGS, cmd, ...args], { env: childEnv(opts), timeout: opts.timeoutMs ?? 30 * 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (error) => resolve({ error: error.message }));
    child.on('close', (status) => resolve(timedOutput({ stdout, stderr, status }, [load0, loadavg()[0]])));
  });
}

/** The child's report: the last stdout line, JSON. */
function childResult(r: TimedOutput | { error: string }): ChildResult | { error: string } {
  if ('error' in r) return r;
  const json = r.stdout.trim().split('\n').pop() ?? '';
  if (!json.startsWith('{')) return { error: `no report: ${json.slice(0, 200)}` };
  return { report: JSON.parse(json) as ChildResult['report'], process: r.process, load: r.load };
}

/** Runs a bench child (its last stdout line is its JSON report) and returns its figures, or an error line. */
export function runChild(cmd: string, args: readonly string[], opts: ChildOptions = {}): ChildResult | { error: string } {
  return childResult(timeChild(cmd, args, opts));
}

/** Starts every child at once and waits for all: each one's figures, or its error line. */
export async function runChildrenAtOnce(children: readonly { cmd: string; args: readonly string[]; env?: Record<string, string> }[]): Promise<(ChildResult | { error: string })[]> {
  const done = await Promise.all(children.map((c) => timeChildAsync(c.cmd, c.args, { env: c.env })));
  return done.map(childResult);
}

/** The child's side: prints the one JSON line the parent reads. */
export function report(figures: { ms: number; cpuMs: number } & Record<string, unknown>): void {
  console.log(JSON.stringify(figures));
}

/** Times fn: wall and CPU (this process, every thread) in ms. */
export async function timed<T>(fn: () => T | Promise<T>): Promise<{ result: T; ms: number; cpuMs: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await fn();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { result, ms, cpuMs: (c.user + c.system) / 1000 };
}
