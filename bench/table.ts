/**
 * Ratios and the console table of `npm run bench` (the README's table is drawn from the
 * same JSON by scripts/bench-readme.ts).
 *  - vsSprout: a peer's run time ÷ ours on one thread, same section and case (> 1: we are faster);
 *  - scaling: our one-thread run time ÷ our N-thread run time; for N one-thread copies run
 *    at once, N × one copy alone ÷ the slower copy (the work per second they give together).
 *    Rows run in rounds, in turn (bench/layout.ts), take the median of the rounds' own
 *    ratios: each compares runs made side by side, where the ratio of the rows' medians
 *    could pair a slow minute's run with a fast one's (t-SNE rounds 1.25×, 1.21×, 1.05×
 *    had medians 4.80 s and 4.56 s from different rounds: 1.05×).
 */
import type { BenchRow } from './types';

/** The note of a peer left out with `--skip`: under `--merge` such a row keeps the peer's last measured row. */
export const SKIPPED_NOTE = 'skipped in this run (--skip)';

/** The median run of a row's rounds (the lower middle one for an even count: its time, CPU, process figures and note), with every round's time kept. */
export function medianRound(rounds: readonly BenchRow[]): BenchRow {
  const timed = rounds.filter((r): r is BenchRow & { ms: number } => r.ms !== null);
  if (timed.length === 0) return rounds[0];
  const sorted = [...timed].sort((a, b) => a.ms - b.ms);
  const mid = sorted[(sorted.length - 1) >> 1];
  const loads = timed.map((r) => r.load).filter((l): l is readonly [number, number] => !!l);
  const load: [number, number] | undefined = loads.length ? [Math.min(...loads.map((l) => l[0])), Math.max(...loads.map((l) => l[1]))] : undefined;
  const note = timed.length > 1 ? `median of ${timed.length} runs in turn with the other thread rows (${timed.map((r) => `${(r.ms / 1000).toFixed(2)} s`).join(', ')})` : undefined;
  return { ...rounds[0], ms: mid.ms, cpuMs: mid.cpuMs, process: mid.process, load, rounds: timed.map((r) => r.ms), note: [mid.note, note].filter(Boolean).join('; ') };
}

export type RatedRow = BenchRow & { readonly vsSprout?: number; readonly scaling?: number };

/** ours ÷ row, round by round when both ran the same rounds in turn (their median ratio), else of their times. */
function pairedRatio(ours: BenchRow & { ms: number }, r: BenchRow & { ms: number }): number {
  const a = ours.rounds;
  const b = r.rounds;
  if (!a || !b || a.length !== b.length || a.length < 2) return ours.ms / r.ms;
  const ratios = a.map((t, k) => t / b[k]).sort((x, y) => x - y);
  const m = ratios.length;
  return m % 2 ? ratios[m >> 1] : (ratios[m / 2 - 1] + ratios[m / 2]) / 2;
}

export function withRatios(rows: readonly BenchRow[]): RatedRow[] {
  return rows.map((r) => {
    const ours = rows.find((o) => o.section === r.section && o.case === r.case && o.impl === 'sprout');
    if (!ours?.ms || !r.ms || r === ours) return r;
    const o = ours as BenchRow & { ms: number };
    const row = r as BenchRow & { ms: number };
    if (r.copies) return { ...r, scaling: r.copies * pairedRatio(o, row) };
    if (r.impl.startsWith('sprout, ')) return { ...r, scaling: pairedRatio(o, row) };
    if (r.impl.startsWith('sprout')) return r;
    return { ...r, vsSprout: r.ms / ours.ms };
  });
}

const num = (v: number | null | undefined, digits = 1): string => {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(digits);
};

/** Quality and other figures in a few characters each. */
export function metricsText(m: Readonly<Record<string, number>> | undefined): string {
  if (!m) return '';
  const names: Record<string, string> = { recall10: 'recall', trust10: 'trust', acc10: 'acc' };
  return Object.entries(m)
    .filter(([k]) => k !== 'qualityPoints')
    .map(([k, v]) => `${names[k] ?? k}=${Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(3)}`)
    .join(' ');
}

export function formatTable(rows: readonly RatedRow[]): string {
  const header = ['section', 'case', 'impl', 'thr', 'run ms', 'run CPU ms', 'proc s', 'proc CPU s', 'RSS MB', 'vs sprout', 'quality / figures', 'load', 'note'];
  const body = rows.map((r) => [
    r.section,
    r.case,
    r.impl,
    r.threads ? String(r.threads) : '',
    num(r.ms),
    num(r.cpuMs),
    r.process ? num(r.process.wallMs / 1000) : '',
    r.process ? num(r.process.cpuMs / 1000) : '',
    r.process ? num(r.process.peakRssMB, 0) : num(r.peakMB),
    r.vsSprout ? `${r.vsSprout.toFixed(2)}×` : r.scaling ? `${r.copies ? 'copies together' : '1 thread ÷ this'}: ${r.scaling.toFixed(2)}×` : '',
    metricsText(r.metrics),
    r.load ? `${r.load[0].toFixed(1)}→${r.load[1].toFixed(1)}` : '',
    r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]): string => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  return [line(header), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...body.map(line)].join('\n');
}
