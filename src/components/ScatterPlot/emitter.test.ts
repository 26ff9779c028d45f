import { describe, expect, it } from 'vitest';
import { createEmitter } from './emitter';

describe('createEmitter', () => {
  it('calls every listener of an event with its payload, and only that event’s', () => {
    const e = createEmitter<{ hover: number; select: number }>();
    const seen: string[] = [];
    e.on('hover', (i) => seen.push(`a${i}`));
    e.on('hover', (i) => seen.push(`b${i}`));
    e.on('select', (i) => seen.push(`s${i}`));
    e.emit('hover', 3);
    expect(seen).toEqual(['a3', 'b3']);
  });

  it('stops calling a listener once it unsubscribed, even from inside a call', () => {
    const e = createEmitter<{ hover: number }>();
    const seen: number[] = [];
    const off = e.on('hover', (i) => {
      seen.push(i);
      off();
    });
    e.emit('hover', 1);
    e.emit('hover', 2);
    expect(seen).toEqual([1]);
  });

  it('clear() drops every listener', () => {
    const e = createEmitter<{ hover: number }>();
    let calls = 0;
    e.on('hover', () => calls++);
    e.clear();
    e.emit('hover', 1);
    expect(calls).toBe(0);
  });
});
