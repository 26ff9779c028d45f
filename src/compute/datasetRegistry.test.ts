import { describe, expect, it } from 'vitest';
import type { VectorTable } from './dataset';
import { DatasetRegistry } from './datasetRegistry';
import { isSessionLost } from './task';

const table = (id: string, n = 3, dim = 2): VectorTable => ({ id, n, dim, metric: 'euclidean', vectors: new Float32Array(n * dim).map((_, i) => i) });

describe('DatasetRegistry', () => {
  it('keeps a table under its id and hands back the same vectors, without copying', () => {
    const registry = new DatasetRegistry();
    const t = table('glove#1');
    registry.put(t);
    expect(registry.get('glove#1').vectors).toBe(t.vectors);
    expect(registry.has('glove#1')).toBe(true);
    expect(registry.ids()).toEqual(['glove#1']);
  });

  it('an unknown id fails with a SessionLostError that names it and says to load it again', () => {
    const registry = new DatasetRegistry();
    let error: unknown;
    try {
      registry.get('file:words.vec#7');
    } catch (e) {
      error = e;
    }
    expect(isSessionLost(error)).toBe(true);
    expect((error as Error).message).toMatch(/"file:words\.vec#7" is no longer in the worker.*load it again/);
  });

  it('release forgets the table: later jobs that name it fail as lost', () => {
    const registry = new DatasetRegistry();
    registry.put(table('a'));
    registry.put(table('b'));
    expect(registry.release('a')).toBe(true);
    expect(registry.release('a')).toBe(false);
    expect(registry.ids()).toEqual(['b']);
    expect(() => registry.get('a')).toThrow(/no longer in the worker/);
  });

  it('a table put again under the same id replaces the old one', () => {
    const registry = new DatasetRegistry();
    registry.put(table('a', 3));
    registry.put(table('a', 5));
    expect(registry.get('a').n).toBe(5);
  });

  it('refuses a table whose vectors do not match its shape', () => {
    const registry = new DatasetRegistry();
    expect(() => registry.put({ ...table('a'), n: 4 })).toThrow(/expected 4 × 2 values, got 6/);
  });

  it('when sharing, keeps the vectors in a SharedArrayBuffer (one copy at put, none after)', () => {
    const registry = new DatasetRegistry({ share: true });
    const t = table('a');
    const kept = registry.put(t);
    expect(kept.vectors.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(kept.vectors)).toEqual(Array.from(t.vectors));
    expect(registry.get('a').vectors).toBe(kept.vectors);
    // Already shared: kept as is.
    expect(registry.put(kept).vectors).toBe(kept.vectors);
  });
});
