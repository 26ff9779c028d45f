import { describe, expect, it } from 'vitest';
import { pollWhile } from './control';

describe('pollWhile (a thread polls briefly before it parks)', () => {
  it('returns the new value as soon as the slot differs from the one it was waiting on', () => {
    const ctrl = new Int32Array(new SharedArrayBuffer(16));
    Atomics.store(ctrl, 1, 7);
    expect(pollWhile(ctrl, 1, 6, 50)).toBe(7);
  });

  it('gives up and returns the unchanged value when nothing happens (the caller then parks in Atomics.wait)', () => {
    const ctrl = new Int32Array(new SharedArrayBuffer(16));
    expect(pollWhile(ctrl, 2, 0, 1)).toBe(0);
  });
});
