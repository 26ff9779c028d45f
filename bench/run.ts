/**
 * `npm run bench`: runs every section (ours beside the peer libraries, in this one
 * process), prints one table and writes bench/results/latest.json.
 * `npm run bench -- pca render` runs only the named sections; `--quick` shrinks sizes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow, BenchSection } from './types';
import { sections } from './sections';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const wanted = args.filter((a) => !a.startsWith('--')).map((a) => a.toLowerCase());

function fmt(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  return v >= 100 ? v.toFixed(0) : v.toFixed(digits);
}

/** Adds "× sprout" ratios: the other impl's time divided by ours for the same section and case. */
function withRatios(rows: BenchRow[]): Array<BenchRow & { speedup: number | null }> {
  return rows.map((r) => {
    const ours = rows.find((o) => o.section === r.section && o.case === r.case && o.impl === 'sprout');
    const speedup = ours?.ms && r.ms && r.impl !== 'sprout' ? r.ms / ours.ms : null;
    return { ...r, speedup };
  });
}

function printTable(rows: Array<BenchRow & { speedup: number | null }>): void {
  const header = ['section', 'case', 'impl', 'ms', 'peak MB', 'sprout is × faster', 'metrics', 'note'];
  const body = rows.map((r) => [
    r.section,
    r.case,
    r.impl,
    fmt(r.ms),
    fmt(r.peakMB ?? null),
    r.speedup === null ? '' : `${r.speedup.toFixed(2)}×`,
    Object.entries(r.metrics ?? {})
      .map(([k, v]) => `${k}=${Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(3)}`)
      .join(' '),
    r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]): string => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  console.log(line(header));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const b of body) console.log(line(b));
}

async function main(): Promise<void> {
  const chosen: BenchSection[] = wanted.length ? sections.filter((s) => wanted.includes(s.name.toLowerCase())) : sections;
  const rows: BenchRow[] = [];
  for (const section of chosen) {
    console.log(`\n## ${section.name}`);
    try {
      rows.push(...(await section.run({ quick, log: (l) => console.log(`  ${l}`) })));
    } catch (e) {
      rows.push({ section: section.name, case: '(all)', impl: 'sprout', ms: null, note: `failed: ${(e as Error).message}` });
    }
  }
  const table = withRatios(rows);
  console.log('');
  printTable(table);
  const out = join(here, 'results', 'latest.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    JSON.stringify({ date: new Date().toISOString(), node: process.version, quick, rows: table }, null, 2),
  );
  console.log(`\nwrote ${out}`);
}

await main();
