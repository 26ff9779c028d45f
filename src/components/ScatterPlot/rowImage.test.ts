import { describe, expect, it } from 'vitest';
import { rowImageRGBA } from './rowImage';

describe('rowImageRGBA', () => {
  it('expands one grey byte per pixel into opaque RGBA for the requested row', () => {
    const pixels = new Uint8Array([1, 2, 3, 4, 10, 20, 30, 40]);
    expect([...rowImageRGBA({ width: 2, height: 2, channels: 1, pixels }, 1)]).toEqual([
      10, 10, 10, 255, 20, 20, 20, 255, 30, 30, 30, 255, 40, 40, 40, 255,
    ]);
  });
  it('copies RGB with full alpha and RGBA as is', () => {
    expect([...rowImageRGBA({ width: 1, height: 1, channels: 3, pixels: new Uint8Array([9, 9, 9, 1, 2, 3]) }, 1)]).toEqual([1, 2, 3, 255]);
    expect([...rowImageRGBA({ width: 1, height: 1, channels: 4, pixels: new Uint8Array([1, 2, 3, 4]) }, 0)]).toEqual([1, 2, 3, 4]);
  });
});
