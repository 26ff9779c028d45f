import { describe, expect, it } from 'vitest';
import { cutSprite } from './sprite';

/** A sheet whose every pixel's red byte is its thumbnail number (2 × 1 thumbnails, 3 per grid row). */
function sheet(cols: number, rows: number, w: number, h: number) {
  const width = cols * w;
  const height = rows * h;
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = Math.floor(y / h) * cols + Math.floor(x / w);
      data[(y * width + x) * 4] = i;
      data[(y * width + x) * 4 + 3] = 255;
    }
  return { width, height, data };
}

describe('cutSprite(sheet, n, [w, h])', () => {
  it('reads thumbnails row-major, as many per row as fit the sheet width', () => {
    const { images, warning } = cutSprite(sheet(3, 2, 2, 1), 5, [2, 1]);
    expect(warning).toBeNull();
    expect([images.width, images.height, images.channels, images.pixels.length]).toEqual([2, 1, 4, 5 * 2 * 4]);
    for (let i = 0; i < 5; i++) expect([images.pixels[i * 8], images.pixels[i * 8 + 4]]).toEqual([i, i]);
  });

  it('says when the sheet holds fewer thumbnails than points', () => {
    const { images, warning } = cutSprite(sheet(2, 1, 1, 1), 3, [1, 1]);
    expect(warning).toMatch(/holds 2 thumbnails for 3 points/);
    expect(images.pixels[2 * 4 + 3]).toBe(0);
  });

  it('refuses a thumbnail larger than the sheet', () => {
    expect(() => cutSprite(sheet(1, 1, 2, 2), 1, [3, 3])).toThrow(/do not fit/);
  });
});
