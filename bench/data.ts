/** Loads a built-in dataset written by `npm run data`, for the bench sections. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FullDataset } from '../src/compute/dataset';
import { decodeSproutBin } from '../src/compute/formats/sproutBin';

const dataDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'data');

export function loadBuiltin(file: string, id: string): FullDataset {
  const path = join(dataDir, file);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch {
    throw new Error(`${path} is missing: run \`npm run data\` first`);
  }
  return decodeSproutBin(bytes, id);
}
