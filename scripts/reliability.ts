/**
 * `npm run reliability`: the hardening numbers in one table. Node side (measured here,
 * through the real load pipeline): fuzz cases per format and failures, the largest file
 * streamed (time, CPU, peak memory), a gzip bomb's peak memory against the budget, and
 * cancel latency (max of 20). Browser side (CSP violations, XSS payloads, regex search
 * and main-thread blocking, the bomb in a tab, worker faults injected and recovered): read
 * from bench/results/hardening-e2e.json, which e2e/hardening.spec.ts and e2e/faults.spec.ts
 * write; run those specs first for those rows.
 * Writes bench/results/reliability.json.
 *
 *   npm run reliability [-- --seed N --cases C --rows R --bomb-mb M]
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FUZZ_FORMATS } from '../src/compute/formats/fuzz';
import { printTally, runCampaign } from './fuzz/campaign';
import { cancelLatencies, streamFile, writeGzipBomb, writeTsv } from './reliability/measure';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '20261203' },
    cases: { type: 'string', default: '300' },
    rows: { type: 'string', default: '80000' },
    dim: { type: 'string', default: '128' },
    'bomb-mb': { type: 'string', default: '1024' },
  },
});

const MB = 2 ** 20;
/** The key e2e/faults.spec.ts writes its tally under. */
const WORKER_FAULTS = 'worker faults';
const fmt = (x: number, digits = 0): string => x.toFixed(digits);

async function main(): Promise<void> {
  const seed = Number(values.seed) >>> 0;
  const dir = mkdtempSync(path.join(tmpdir(), 'sprout-reliability-'));
  const load = (): string => loadavg().map((x) => x.toFixed(2)).join(' ');
  const rows: [string, string][] = [];
  const json: Record<string, unknown> = { when: new Date().toISOString(), seed, loadavgStart: load() };
  try {
    console.log(`fuzz: ${values.cases} cases per format, seed ${seed} (load average ${load()})`);
    // Budget 16 MB, so a bomb (every 97th gzip and npz case) need only inflate to 32 MB.
    const fuzz = await runCampaign({ seed, casesPerRound: Number(values.cases), minutes: 0, budget: 16 * MB, bombs: { every: 97, mb: 32 }, hangMs: 30_000, slowMs: 10_000 });
    printTally(fuzz);
    json.fuzz = fuzz;
    for (const f of FUZZ_FORMATS) {
      const t = fuzz.perFormat[f];
      const kinds = fuzz.failures.filter((x) => x.format === f).map((x) => `${x.kind} #${x.index}`);
      rows.push([`fuzz ${f}`, `${t.cases} cases, ${t.failed} failures${kinds.length ? ` (${kinds.join(', ')})` : ''}, max ${fmt(t.maxMs)} ms a case`]);
    }

    const big = path.join(dir, 'big.tsv');
    const bytes = await writeTsv(big, Number(values.rows), Number(values.dim), seed);
    const largest = await streamFile(big, 'big.tsv', 1024 * MB);
    json.largest = largest;
    rows.push([
      'largest file streamed',
      `${fmt(bytes / MB)} MB TSV (${largest.outcome}): ${fmt(largest.wallMs)} ms wall, ${fmt(largest.cpuMs)} ms CPU, peak RSS +${fmt(largest.peakRssDeltaMb)} MB, peak ArrayBuffers ${fmt(largest.peakArrayBuffersMb)} MB`,
    ]);

    const bombMb = Number(values['bomb-mb']);
    const bombFile = path.join(dir, 'bomb.tsv.gz');
    await writeGzipBomb(bombFile, bombMb);
    const bomb = await streamFile(bombFile, 'bomb.tsv.gz', 256 * MB);
    json.gzipBomb = { inflatesToMb: bombMb, budgetMb: 256, ...bomb };
    rows.push([
      'gzip bomb',
      `${fmt(bomb.bytes / MB, 1)} MB inflating to ${bombMb} MB, budget 256 MB: ${bomb.outcome.slice(0, 60)}…; peak RSS +${fmt(bomb.peakRssDeltaMb)} MB, peak ArrayBuffers ${fmt(bomb.peakArrayBuffersMb)} MB, ${fmt(bomb.wallMs)} ms`,
    ]);

    const cancels = await cancelLatencies(big, 'big.tsv', 1024 * MB, 20, seed);
    json.cancelMs = cancels;
    rows.push(['cancel latency', `max ${fmt(Math.max(...cancels), 1)} ms, median ${fmt([...cancels].sort((a, b) => a - b)[cancels.length >> 1], 1)} ms over ${cancels.length} cancels mid-load`]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const e2eFile = 'bench/results/hardening-e2e.json';
  if (existsSync(e2eFile)) {
    const e2e = JSON.parse(readFileSync(e2eFile, 'utf8')) as Record<string, Record<string, number | string>>;
    json.browser = e2e;
    for (const [k, v] of Object.entries(e2e)) {
      if (k === WORKER_FAULTS) continue;
      rows.push([`browser: ${k}`, Object.entries(v).map(([a, b]) => `${a} ${typeof b === 'number' ? fmt(b, 1) : b}`).join(', ')]);
    }
    const faults = e2e[WORKER_FAULTS];
    rows.push([
      'worker faults injected/recovered',
      faults ? `${faults.injected} injected, ${faults.recovered} recovered (${faults.cases})` : 'missing: run SPROUT_E2E_PORT=… npx playwright test e2e/faults.spec.ts first',
    ]);
  } else rows.push(['browser rows', `missing: run SPROUT_E2E_PORT=… npx playwright test e2e/hardening.spec.ts e2e/faults.spec.ts first (they write ${e2eFile})`]);

  json.loadavgEnd = load();
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/reliability.json', JSON.stringify(json, null, 2));
  console.log(`\nReliability (load average ${json.loadavgStart as string} → ${json.loadavgEnd as string}; Node ${process.version})`);
  const w = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${v}`);
  console.log('\nwritten to bench/results/reliability.json');
}

void main();
