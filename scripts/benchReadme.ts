/**
 * The README's benchmark tables, drawn from bench/results/latest.json, so prose and
 * numbers cannot drift: `npm run bench:readme` rewrites what lies between the
 * `<!-- bench:start -->` and `<!-- bench:end -->` markers and nothing else.
 *
 * Pure functions here (tested in benchReadme.test.ts); bench-readme.ts does the I/O.
 */

export interface ResultRow {
  readonly section: string;
  readonly case: string;
  readonly impl: string;
  readonly ms: number | null;
  readonly cpuMs?: number | null;
  readonly threads?: number;
  readonly process?: { readonly wallMs: number; readonly cpuMs: number; readonly peakRssMB: number } | null;
  readonly load?: readonly [number, number];
  readonly metrics?: Readonly<Record<string, number>>;
  readonly note?: string;
  readonly peakMB?: number;
  readonly vsSprout?: number;
  readonly scaling?: number;
  /** Independent one-thread copies run at once (bench/types.ts BenchRow.copies). */
  readonly copies?: number;
  /** Every run's time when the row ran in rounds (bench/types.ts BenchRow.rounds). */
  readonly rounds?: readonly number[];
}

/** One invocation of `npm run bench` (a merged latest.json lists several). */
export interface RunInfo {
  readonly date: string;
  readonly minutes?: number;
  readonly quick: boolean;
  readonly sections: readonly string[];
  readonly load: { readonly start: readonly number[]; readonly end: readonly number[] };
}

export interface Results {
  readonly date: string;
  readonly minutes?: number;
  readonly quick: boolean;
  readonly machine?: { readonly cpus: number; readonly model: string; readonly node: string };
  readonly load?: { readonly start: readonly number[]; readonly end: readonly number[] };
  readonly runs?: readonly RunInfo[];
  readonly rows: readonly ResultRow[];
}

export const START = '<!-- bench:start -->';
export const END = '<!-- bench:end -->';

/** The sections the end-to-end table shows, in this order. */
const LAYOUT_SECTIONS = ['PCA', 'UMAP', 't-SNE', 'kNN', 'train'];

const seconds = (ms: number | null | undefined): string => {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
};
const fixed = (v: number | undefined, d = 3): string => (v === undefined || !Number.isFinite(v) ? '' : v.toFixed(d));

/** Amdahl's law from a measured 2-thread speed-up s: the parallel share p, then the speed-up on t threads. */
export function projectSpeedup(s2: number, threads: number): number {
  const p = Math.min(1, Math.max(0, 2 * (1 - 1 / s2)));
  return 1 / (1 - p + p / threads);
}

function figures(r: ResultRow): string {
  const m = r.metrics ?? {};
  if (r.section === 'train') {
    const parts = [`${Math.round(m.kwordsPerSec ?? NaN)}k words/CPU-s`];
    if (m.purity !== undefined) parts.push(`purity ${fixed(m.purity)}`);
    return parts.join(', ');
  }
  return '';
}

/** The peer's CPU time ÷ ours on one thread, same section and case (fairer than wall time under load). */
function cpuRatio(r: ResultRow, rows: readonly ResultRow[]): string {
  if (r.impl.startsWith('sprout')) return r.impl === 'sprout' && r.cpuMs ? '1' : '';
  const ours = rows.find((o) => o.section === r.section && o.case === r.case && o.impl === 'sprout');
  return ours?.cpuMs && r.cpuMs ? `${(r.cpuMs / ours.cpuMs).toFixed(2)}×` : '';
}

function endToEndRow(r: ResultRow, rows: readonly ResultRow[]): string {
  const m = r.metrics ?? {};
  const proc = r.process ? `${seconds(r.process.wallMs)} / ${seconds(r.process.cpuMs)} / ${Math.round(r.process.peakRssMB)} MB` : '';
  const ratio = r.vsSprout
    ? `${r.vsSprout.toFixed(2)}×`
    : r.scaling
      ? `${r.scaling.toFixed(2)}× (${r.copies ? 'the copies together vs 1 alone' : 'vs 1 thread'})`
      : r.impl === 'sprout'
        ? '1'
        : '';
  const load = r.load ? `${r.load[0].toFixed(1)}–${r.load[1].toFixed(1)}` : '';
  const quality = [fixed(m.recall10), fixed(m.trust10), fixed(m.acc10)].join(' | ');
  const time = r.ms === null ? `not run: ${r.note ?? ''}` : seconds(r.ms);
  return `| ${r.section} | ${r.case} | ${r.impl} | ${time} | ${seconds(r.cpuMs)} | ${proc} | ${quality} | ${figures(r)} | ${ratio} | ${cpuRatio(r, rows)} | ${load} |`;
}

/** "full run of 2026-01-02 03:04 UTC, 12 min, load average 3.3 at the start, 5.5 at the end" */
function runText(run: { date: string; minutes?: number; quick: boolean; load?: RunInfo['load'] }): string {
  const when = run.date.slice(0, 16).replace('T', ' ');
  const load = run.load ? `, load average ${run.load.start[0].toFixed(1)} at the start, ${run.load.end[0].toFixed(1)} at the end` : '';
  return `${run.quick ? '`--quick` run' : 'full run'} of ${when} UTC${run.minutes ? `, ${Math.round(run.minutes)} min` : ''}${load}`;
}

/** The generated block: the end-to-end table, the thread scaling (measured, then projected). */
export function renderBenchBlock(res: Results): string {
  const machine = res.machine ? `${res.machine.cpus} × ${res.machine.model}, Node ${res.machine.node}` : 'this machine';
  const runs = res.runs && res.runs.length > 1 ? res.runs.map((r) => `${r.sections.join(', ')}: ${runText(r)}`).join('; ') : runText(res);
  const cpus = res.machine?.cpus ?? 0;
  const loads = (res.runs ?? [res]).flatMap((r) => (r.load ? [r.load.start[0], r.load.end[0]] : []));
  const loaded = cpus > 0 && loads.some((l) => l > cpus);
  const lines: string[] = [
    START,
    ...(loaded
      ? [
          `**Measured under load**: the load average exceeded the machine's ${cpus} cores (other work shared it), so wall times are stretched and the thread speed-ups understate what idle cores give; CPU time is the fairer comparison between implementations.`,
          '',
        ]
      : []),
    `_Generated by \`npm run bench:readme\` from \`bench/results/latest.json\` (${runs}; ${machine}). Run time = the algorithm's own wall time, data in memory, warmed up; CPU = its CPU time over all threads; process = the whole child process (start-up, data, warm-up) from /usr/bin/time. Quality over all points up to 20,000 (a fixed 2,000-point sample above). × = the peer's run time ÷ Sprout's on one thread (above 1: Sprout is faster); × CPU = the same for CPU time._`,
    '',
    '| task | data | implementation | run time | CPU | process wall / CPU / peak RSS | recall@10 | trust@10 | 10-NN acc | figures | × | × CPU | load |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...LAYOUT_SECTIONS.flatMap((s) => res.rows.filter((r) => r.section === s).map((r) => endToEndRow(r, res.rows))),
  ];
  const scaled = res.rows.filter((r) => r.scaling && r.threads === 2 && !r.copies);
  // Judged by the thread rows' own load: a merged file may hold other runs made under load.
  const threadsLoaded = cpus > 0 && scaled.some((r) => r.load && Math.max(...r.load) > cpus);
  if (scaled.length) {
    lines.push(
      '',
      `Every core: the same kernels on 2 threads against 1 (Node \`worker_threads\` and headless Chromium), and what that scaling gives on 8 cores — **a projection** by Amdahl’s law from the measured 2-thread speed-up, for the 7 kernel threads the app uses there (every core but the page’s), not a measurement${threadsLoaded ? '; measured under load, where the second thread competed with other work, so the speed-ups and the projection understate idle cores' : ''}:`,
      '',
      `The last column is what this machine allows: two independent one-thread runs of the same case started together (nothing shared between them) do the work of this many runs alone, so a 2-thread run cannot beat it by much — on this virtual machine the two cores slow each other down even when they share no data. The times are each row’s median run; where the rows ran in rounds, in turn, a speed-up is the median of the rounds’ own ratios, so it need not equal the ratio of the two times shown.${browserNote(scaled)}`,
      '',
      '| where | task | 1 thread | 2 threads | speed-up | parallel share | projected, 7 threads | 2 copies at once |',
      '|---|---|---|---|---|---|---|---|',
    );
    for (const r of scaled) {
      const one = res.rows.find((o) => o.section === r.section && o.case === r.case && o.impl === 'sprout');
      const s2 = r.scaling as number;
      const p = Math.min(1, Math.max(0, 2 * (1 - 1 / s2)));
      const where = r.section === 'threads-browser' ? 'Chromium' : 'Node';
      const copies = res.rows.find((o) => o.section === r.section && o.case === r.case && o.copies === 2 && o.scaling);
      const ceiling = copies?.scaling ? `${copies.scaling.toFixed(2)}×` : '';
      lines.push(`| ${where} | ${r.section === 'threads-browser' ? '' : `${r.section} `}${r.case} | ${seconds(one?.ms)} | ${seconds(r.ms)} | ${s2.toFixed(2)}× | ${(100 * p).toFixed(0)} % | ${projectSpeedup(s2, 7).toFixed(1)}× | ${ceiling} |`);
    }
  }
  lines.push(...fitSneLines(res.rows));
  lines.push(...scaleLines(res.rows));
  lines.push(END);
  return lines.join('\n');
}

/**
 * FIt-SNE cannot be built here (no Debian or npm package, no GitHub), so it is never a row
 * of the table. These are its figures as measured once on this 2-core machine, one
 * thread, end to end (neighbour graph included; MNIST given PCA-50 like ours), when
 * issue 13 was filed: external figures, cited with their source.
 */
export const FITSNE_EXTERNAL = [
  { case: 'GloVe 10k×100', ms: 47_100 },
  { case: 'MNIST 10k×784', ms: 39_600 },
] as const;

/** The external FIt-SNE figures beside our measured t-SNE rows, ratio by wall time. */
function fitSneLines(rows: readonly ResultRow[]): string[] {
  const pairs = FITSNE_EXTERNAL.flatMap((f) => {
    const ours = rows.find((r) => r.section === 't-SNE' && r.case === f.case && r.impl === 'sprout' && r.ms);
    return ours?.ms ? [`${f.case}: FIt-SNE ${seconds(f.ms)}, Sprout ${seconds(ours.ms)} in the table above (${(f.ms / ours.ms).toFixed(1)}×)`] : [];
  });
  if (!pairs.length) return [];
  return ['', `FIt-SNE, **not run by this bench** (it cannot be built here): its one-thread, end-to-end times measured once on this machine when issue 13 was filed, beside this run's t-SNE — ${pairs.join('; ')}.`];
}

/** The scale section: a third of a million and a million rows, in Node (one thread) and in the tab. */
function scaleLines(rows: readonly ResultRow[]): string[] {
  const scale = rows.filter((r) => r.section === 'scale');
  if (!scale.length) return [];
  const ms = (v: number | null | undefined): string => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v >= 1000 ? seconds(v) : `${Math.round(v)} ms`);
  const out = [
    '',
    'At scale (`npm run bench -- scale`): Node rows are one-thread child processes (CPU from the child, peak = its RSS, recall@10 on 500 sampled queries); Chromium rows are the production build in headless Chromium (peak = the tab’s memory, longest = the longest main-thread task).',
    '',
    '| case | implementation | wall | CPU | peak MB | recall@10 | longest task | load |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of scale) {
    const m = r.metrics ?? {};
    const peak = r.peakMB ?? r.process?.peakRssMB;
    const wall = r.ms === null ? `not run: ${r.note ?? ''}` : ms(r.ms);
    out.push(`| ${r.case} | ${r.impl} | ${wall} | ${ms(m.cpuMs)} | ${peak ? Math.round(peak) : ''} | ${fixed(m.recall10)} | ${m.longestTaskMs !== undefined ? ms(m.longestTaskMs) : ''} | ${m.load1 !== undefined ? m.load1.toFixed(1) : ''} |`);
  }
  return out;
}

/** How the Chromium rows ran: single runs, or the median of rounds in turn (bench/threadsBrowser.ts). */
function browserNote(scaled: readonly ResultRow[]): string {
  const browser = scaled.find((r) => r.section === 'threads-browser');
  if (!browser) return '';
  const rounds = browser.rounds?.length ?? 1;
  const how = rounds > 1 ? `Chromium rows ran in ${rounds} rounds in turn, like the Node rows, each run the first in a fresh page` : 'Chromium rows are single runs, each the first in a fresh page';
  return ` ${how}, started 4 s after its first map (the page warms its kernel threads meanwhile, as it does for a user; the Node rows first run the same warm-up, on one thread as on two, then the case on a slice of the data), and the page draws the run on the same two cores.`;
}

/** README text with the block between the markers replaced (the markers must be there, once). */
export function replaceBenchBlock(readme: string, block: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a || readme.indexOf(START, a + 1) >= 0) throw new Error(`README.md needs exactly one ${START} … ${END} block`);
  return readme.slice(0, a) + block + readme.slice(b + END.length);
}
