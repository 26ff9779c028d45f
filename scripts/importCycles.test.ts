import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importCycles } from './importCycles';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');

describe('module structure', () => {
  it('the store (src/state) has no import cycle: types files ← appState ← slices ← store', () => {
    expect(importCycles(path.join(src, 'state'))).toEqual([]);
  });

  it('the pure compute modules (src/compute) have no import cycle', () => {
    expect(importCycles(path.join(src, 'compute'))).toEqual([]);
  });

  it('finds a cycle when there is one (this very check, run on a folder that has one)', () => {
    const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/cycle');
    expect(importCycles(fixture).map((c) => c.join(' → '))).toEqual(['a.ts → b.ts → a.ts']);
  });
});
