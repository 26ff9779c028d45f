/**
 * `npm run fuzz [-- --seed N --minutes M --cases C --format F]`: the fuzz campaign for
 * minutes over every parser (see src/compute/formats/fuzz.ts for the cases). Prints the
 * seed first, so any failure can be rerun: `npm run fuzz -- --seed N --format F` with
 * the case number it names (fuzzCase(format, seed, index) rebuilds the exact case).
 * Writes bench/results/fuzz-<seed>.json; exits 1 when any case failed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { FUZZ_FORMATS, type FuzzFormat } from '../src/compute/formats/fuzz';
import { printTally, runCampaign } from './fuzz/campaign';

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    minutes: { type: 'string', default: '3' },
    cases: { type: 'string', default: '200' },
    format: { type: 'string', multiple: true },
    budget: { type: 'string', default: '64' },
  },
});

async function main(): Promise<void> {
  const seed = values.seed !== undefined ? Number(values.seed) >>> 0 : (Date.now() ^ (Math.random() * 2 ** 32)) >>> 0;
  const formats = (values.format ?? FUZZ_FORMATS) as FuzzFormat[];
  for (const f of formats) if (!FUZZ_FORMATS.includes(f)) throw new Error(`unknown format ${f}; one of ${FUZZ_FORMATS.join(', ')}`);
  const budget = Number(values.budget) * 2 ** 20;
  console.log(`fuzz seed ${seed} (rerun with --seed ${seed}); ${values.minutes} min, ${values.cases} cases per format per round, budget ${values.budget} MiB`);
  const result = await runCampaign({
    seed,
    casesPerRound: Number(values.cases),
    minutes: Number(values.minutes),
    budget,
    // A bomb (inflating to twice the budget) every 97th gzip and npz case.
    bombs: { every: 97, mb: Math.max(8, (2 * budget) >> 20) },
    hangMs: 20_000,
    slowMs: 5_000,
    formats,
    onRound: (round, r) => {
      const cases = FUZZ_FORMATS.reduce((s, f) => s + r.perFormat[f].cases, 0);
      console.log(`round ${round + 1}: ${cases} cases, ${r.failures.length} failures, ${(r.wallMs / 1000).toFixed(0)} s`);
    },
  });
  printTally(result);
  for (const f of result.failures.slice(0, 30)) console.log(`FAIL ${f.format} case ${f.index} (${f.mutation}): ${f.kind}: ${f.detail}`);
  mkdirSync('bench/results', { recursive: true });
  const out = `bench/results/fuzz-${seed}.json`;
  writeFileSync(out, JSON.stringify(result, null, 2));
  console.log(`${result.failures.length} failures; seed ${seed}; written to ${out}`);
  process.exitCode = result.failures.length ? 1 : 0;
}

void main();
