/**
 * Turns one row's image (MNIST digits: 28×28 grey; projector sprites: RGB/RGBA) into
 * RGBA bytes ready for `new ImageData(rgba, width, height)`. Pure, so it is tested in
 * Node; the tooltip does the one DOM call.
 */
import type { RowImages } from '../../compute/dataset';

export function rowImageRGBA(images: RowImages, i: number): Uint8ClampedArray<ArrayBuffer> {
  const { width, height, channels, pixels } = images;
  const size = width * height;
  const out = new Uint8ClampedArray(size * 4);
  const start = i * size * channels;
  for (let p = 0; p < size; p++) {
    const s = start + p * channels;
    const o = p * 4;
    if (channels === 1) {
      out[o] = out[o + 1] = out[o + 2] = pixels[s];
      out[o + 3] = 255;
    } else {
      out[o] = pixels[s];
      out[o + 1] = pixels[s + 1];
      out[o + 2] = pixels[s + 2];
      out[o + 3] = channels === 4 ? pixels[s + 3] : 255;
    }
  }
  return out;
}
