/**
 * `npm run bench`: every section, each case in its own child process (ours and the
 * peers'), one table on stdout and bench/results/latest.json (the README's benchmark
 * table is generated from it: `npm run bench:readme`).
 * `npm run bench -- umap knn` runs only the named sections; `--quick` runs smaller
 * cases of the end-to-end sections (under five minutes on two idle cores). `--merge`
 * keeps the rows this run does not measure again (same section, case and implementation)
 * from the existing latest.json (each run's date, sections and load average are listed
 * in `runs`), so a long benchmark can be measured section by section or in parts. `--skip=umap-js,druid.js` leaves those peers out (their
 * rows say so).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow, BenchSection } from './types';
import { QUICK_SECTIONS, sections } from './sections';
import { formatTable, SKIPPED_NOTE, withRatios } from './table';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const merge = args.includes('--merge');
const skip = args.filter((a) => a.startsWith('--skip=')).flatMap((a) => a.slice('--skip='.length).split(',')).filter(Boolean);

/** One invocation of the bench, as latest.json lists it. */
interface RunInfo {
  readonly date: string;
  readonly minutes: number;
  readonly quick: boolean;
  readonly sections: readonly string[];
  readonly load: { readonly start: readonly number[]; readonly end: readonly number[] };
}

/**
 * The rows and runs of the existing latest.json that this run does not replace: a row is
 * replaced by a new row of the same section, case and implementation (so a section
 * measured in parts, e.g. `scale --skip=browser` then `scale --skip=glove,synthetic`,
 * keeps both parts), except that a peer left out with `--skip` keeps its last measured
 * row; a run stays listed while any of its sections keeps a row. Returns the fresh rows
 * that stay too.
 */
function previous(out: string, fresh: readonly BenchRow[]): { rows: BenchRow[]; runs: RunInfo[]; fresh: readonly BenchRow[] } {
  if (!merge || !existsSync(out)) return { rows: [], runs: [], fresh };
  const old = JSON.parse(readFileSync(out, 'utf8')) as RunInfo & { rows: BenchRow[]; runs?: RunInfo[] };
  const oldRuns = old.runs ?? [{ date: old.date, minutes: old.minutes, quick: old.quick, sections: old.sections, load: old.load }];
  const key = (r: BenchRow): string => `${r.section}\u0000${r.case}\u0000${r.impl}`;
  const measured = new Set(old.rows.filter((r) => r.ms !== null).map(key));
  const stays = fresh.filter((r) => !(r.note === SKIPPED_NOTE && measured.has(key(r))));
  const replaced = new Set(stays.map(key));
  const rows = old.rows.filter((r) => !replaced.has(key(r)));
  const keptSections = new Set(rows.map((r) => r.section));
  const freshSections = new Set(fresh.map((r) => r.section));
  const runs = oldRuns
    .map((r) => ({ ...r, sections: r.sections.filter((s) => keptSections.has(s) || !freshSections.has(s)) }))
    .filter((r) => r.sections.length > 0);
  return { rows, runs, fresh: stays };
}
const wanted = args.filter((a) => !a.startsWith('--')).map((a) => a.toLowerCase());

async function main(): Promise<void> {
  const names = wanted.length ? wanted : quick ? QUICK_SECTIONS.map((s) => s.toLowerCase()) : sections.map((s) => s.name.toLowerCase());
  const chosen: BenchSection[] = sections.filter((s) => names.includes(s.name.toLowerCase()));
  const started = new Date();
  const loadStart = loadavg();
  const rows: BenchRow[] = [];
  for (const section of chosen) {
    console.log(`\n## ${section.name}`);
    const t0 = performance.now();
    try {
      rows.push(...(await section.run({ quick, skip, log: (l) => console.log(`  ${l}`) })));
    } catch (e) {
      rows.push({ section: section.name, case: '(all)', impl: 'sprout', ms: null, note: `failed: ${(e as Error).message}` });
    }
    console.log(`  (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  const out = join(here, 'results', 'latest.json');
  const kept = previous(out, rows);
  // Ratios within a section and case, over the merged rows: a peer row kept from an
  // earlier run (each row carries its own load average) is set against today's Sprout row.
  const table = withRatios([...kept.rows, ...kept.fresh]).sort((a, b) => order(a.section) - order(b.section));
  console.log('');
  console.log(formatTable(withRatios(rows)));
  mkdirSync(dirname(out), { recursive: true });
  const machine = { cpus: cpus().length, model: cpus()[0]?.model ?? '?', node: process.version };
  const run: RunInfo = { date: started.toISOString(), minutes: (Date.now() - started.getTime()) / 60_000, quick, sections: chosen.map((s) => s.name), load: { start: loadStart, end: loadavg() } };
  writeFileSync(out, JSON.stringify({ ...run, machine, runs: [...kept.runs, run], rows: table }, null, 2));
  console.log(`\nwrote ${out} (${((Date.now() - started.getTime()) / 60_000).toFixed(1)} min); \`npm run bench:readme\` puts it in the README`);
}

const order = (section: string): number => {
  const i = sections.findIndex((s) => s.name === section);
  return i < 0 ? sections.length : i;
};

await main();
