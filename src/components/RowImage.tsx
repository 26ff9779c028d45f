import { useEffect, useRef } from 'react';
import type { RowImages } from '../compute/dataset';
import { rowImageRGBA } from './ScatterPlot/rowImage';

/** Draws row i's image (an MNIST digit, a sprite) into a small canvas, pixel for pixel, scaled by CSS. */
export function RowImage({ images, index, size = 48 }: { images: RowImages; index: number; size?: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    ctx.putImageData(new ImageData(rowImageRGBA(images, index), images.width, images.height), 0, 0);
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
