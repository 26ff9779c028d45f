import { describe, expect, it } from 'vitest';
import { FUZZ_FORMATS, fuzzCase, runCase, type FuzzOutcome } from './fuzz';

/**
 * The unit suite's share of the fuzz campaign (`npm run fuzz` runs the same cases for
 * minutes, with any seed, in a worker under a hang/crash watchdog): 1,000 hostile
 * variants of a valid file per format (14,000 in all), through the whole load pipeline.
 * Only our own ParseErrors may come out, never an engine error from our code or anything
 * thrown past the pipeline. Fixed seed, so a failure reproduces; under this seed case 175
 * of parquet is the overwritten RLE run that used to grow hyparquet's level array past
 * V8's limit (a fatal error, not an exception: see parquetGuard.ts).
 */
const SEED = 20261203;
const CASES = 1000;

describe('fuzzing every parser through loadDataset', () => {
  for (const format of FUZZ_FORMATS) {
    it(`${format}: ${CASES} hostile variants are each read or refused with our own error`, { timeout: 240_000 }, async () => {
      const seen: Record<FuzzOutcome, number> = { read: 0, refused: 0, failed: 0 };
      const failures: string[] = [];
      for (let i = 0; i < CASES; i++) {
        // One bomb per gzip and npz run (8 MB, past the 4 MB budget) keeps the suite quick.
        const c = fuzzCase(format, SEED, i, { every: 1000, mb: 8 });
        const r = await runCase(c, 4 * 2 ** 20);
        seen[r.outcome]++;
        if (r.outcome === 'failed' && failures.length < 5) failures.push(`case ${i} (${c.mutation}): ${r.detail}`);
      }
      expect(failures).toEqual([]);
      expect(seen.read + seen.refused).toBe(CASES);
      // The cases reach the parser: some variants still read, most are refused.
      expect(seen.read).toBeGreaterThan(0);
      expect(seen.refused).toBeGreaterThan(0);
    });
  }
});
