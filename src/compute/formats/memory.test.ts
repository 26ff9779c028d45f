import { describe, expect, it } from 'vitest';
import { checkMemoryBudget, estimateMemory } from './memory';
import { projectorTsvParser } from './projectorTsv';
import { parseErrorOf, utf8 } from './testing';

describe('checkMemoryBudget', () => {
  it('estimates rows from the file size and one row\'s bytes, and the peak as twice the floats', () => {
    const e = estimateMemory(1000, 10, { bytesPerRow: 100 });
    expect(e).toEqual({ rows: 10, floatBytes: 400, peakBytes: 800 + 400 });
  });

  it('refuses with a message giving rows, dims and sizes when over budget, and passes otherwise', () => {
    const e = parseErrorOf(() => checkMemoryBudget(2 * 2 ** 30, 300, 2 ** 30, { file: 'big.tsv', bytesPerRow: 3000 }));
    expect(e.message).toMatch(/^big\.tsv: too large to open here: about 715,828 rows × 300 dims would need 819 MB as float32 \(about 1\.6 GB at peak while reading\), more than the 1\.0 GB allowed/);
    expect(checkMemoryBudget(1000, 10, 2 ** 20).rows).toBe(13);
  });

  it('makes a text parser refuse after its first row, before allocating', () => {
    const p = projectorTsvParser({ fileName: 'v.tsv', fileBytes: 10 * 2 ** 30, memoryBudget: 2 ** 30 });
    expect(parseErrorOf(() => p.push(utf8('0.5\t0.25\t0.125\n'))).message).toMatch(/^v\.tsv: too large to open here/);
  });
});
