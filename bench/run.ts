/**
 * `npm run bench`: every section, each case in its own child process (ours and the
 * peers'), one table on stdout and bench/results/latest.json (the README's benchmark
 * table is generated from it: `npm run bench:readme`).
 * `npm run bench -- umap knn` runs only the named sections; `--quick` runs smaller
 * cases of the end-to-end sections (under five minutes on two idle cores).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow, BenchSection } from './types';
import { QUICK_SECTIONS, sections } from './sections';
import { formatTable, withRatios } from './table';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
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
      rows.push(...(await section.run({ quick, log: (l) => console.log(`  ${l}`) })));
    } catch (e) {
      rows.push({ section: section.name, case: '(all)', impl: 'sprout', ms: null, note: `failed: ${(e as Error).message}` });
    }
    console.log(`  (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  const table = withRatios(rows);
  console.log('');
  console.log(formatTable(table));
  const out = join(here, 'results', 'latest.json');
  mkdirSync(dirname(out), { recursive: true });
  const machine = { cpus: cpus().length, model: cpus()[0]?.model ?? '?', node: process.version };
  writeFileSync(
    out,
    JSON.stringify(
      { date: started.toISOString(), minutes: (Date.now() - started.getTime()) / 60_000, quick, sections: chosen.map((s) => s.name), machine, load: { start: loadStart, end: loadavg() }, rows: table },
      null,
      2,
    ),
  );
  console.log(`\nwrote ${out} (${((Date.now() - started.getTime()) / 60_000).toFixed(1)} min); \`npm run bench:readme\` puts it in the README`);
}

await main();
