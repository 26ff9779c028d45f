import { useEffect, useRef } from 'react';
import type { RowImages } from '../compute/dataset';

/** Draws row i's image (an MNIST digit, a sprite) into a small canvas, pixel for pixel, scaled by CSS. */
export function RowImage({ images, index, size = 48 }: { images: RowImages; index: number; size?: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const { width, height, channels, pixels } = images;
    const img = ctx.createImageData(width, height);
    const start = index * width * height * channels;
    for (let p = 0; p < width * height; p++) {
      const src = start + p * channels;
      const dst = p * 4;
      if (channels === 1) {
        // Ink is bright in MNIST; show it dark on light like pen on paper.
        const v = 255 - pixels[src];
        img.data[dst] = img.data[dst + 1] = img.data[dst + 2] = v;
        img.data[dst + 3] = 255;
      } else {
        img.data[dst] = pixels[src];
        img.data[dst + 1] = pixels[src + 1];
        img.data[dst + 2] = pixels[src + 2];
        img.data[dst + 3] = channels === 4 ? pixels[src + 3] : 255;
      }
    }
    ctx.putImageData(img, 0, 0);
  }, [images, index]);
  return (
    <canvas
      ref={ref}
      className="row-image"
      width={images.width}
      height={images.height}
      style={{ width: size, height: size }}
      aria-hidden="true"
    />
  );
}
