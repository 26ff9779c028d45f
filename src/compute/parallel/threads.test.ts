import { describe, expect, it } from 'vitest';
import { kernelThreadCount } from './threads';

describe('kernelThreadCount(isolated, hardwareConcurrency)', () => {
  it('leaves one core to the page when memory may be shared', () => {
    expect(kernelThreadCount(true, 8)).toBe(7);
    expect(kernelThreadCount(true, 2)).toBe(1);
    expect(kernelThreadCount(true, 1)).toBe(1);
  });

  it('is one thread when the page is not cross-origin isolated, whatever the cores', () => {
    expect(kernelThreadCount(false, 16)).toBe(1);
  });

  it('stays within 1..16 for odd reports', () => {
    expect(kernelThreadCount(true, undefined)).toBe(1);
    expect(kernelThreadCount(true, 128)).toBe(16);
  });
});
