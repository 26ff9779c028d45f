/**
 * `npm run bench:readme`: rewrites the README's benchmark block from
 * bench/results/latest.json (see scripts/benchReadme.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderBenchBlock, replaceBenchBlock, type Results } from './benchReadme';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const results = JSON.parse(readFileSync(join(root, 'bench', 'results', 'latest.json'), 'utf8')) as Results;
const readmePath = join(root, 'README.md');
writeFileSync(readmePath, replaceBenchBlock(readFileSync(readmePath, 'utf8'), renderBenchBlock(results)));
console.log(`README.md: benchmark tables from the ${results.quick ? 'quick' : 'full'} run of ${results.date}`);
