/**
 * Decodes a projector sprite sheet into per-row thumbnails in a worker: the image is
 * decoded by the browser (createImageBitmap + OffscreenCanvas, which Node lacks) and cut
 * by compute/formats/sprite.ts. The parse worker hands this to the load pipeline.
 */
import type { SpriteDecoder } from '../compute/formats/load';
import { cutSprite } from '../compute/formats/sprite';

export const decodeSprite: SpriteDecoder = async (blob, rows, thumb) => {
  if (typeof createImageBitmap !== 'function' || typeof OffscreenCanvas !== 'function') throw new Error('this environment cannot decode images');
  const bitmap = await createImageBitmap(blob as unknown as Blob);
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas in this worker');
    ctx.drawImage(bitmap, 0, 0);
    const { data, width, height } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    return cutSprite({ width, height, data }, rows, thumb);
  } finally {
    bitmap.close();
  }
};
