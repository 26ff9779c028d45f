import { useEffect, useRef } from 'react';
import { divergingColor, prepareCanvas } from './canvas';

/** A table row drawn as coloured cells (no text on the canvas): the probe shows the rows its figure is made of. */
export function RowStrip({ values, scale, label, testId }: { values: ArrayLike<number> | null; scale: number; label: string; testId?: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const n = values?.length ?? 0;
    const width = 128, height = 10;
    const ctx = prepareCanvas(canvas, width, height);
    if (!ctx) return;
    ctx.clearRect(0, 0, width, height);
    if (!values || n === 0) return;
    const cw = width / n;
    for (let k = 0; k < n; k++) {
      ctx.fillStyle = divergingColor(values[k], scale);
      ctx.fillRect(k * cw, 0, Math.ceil(cw), height);
    }
  }, [values, scale]);
  return <canvas ref={ref} className="lab-row-strip" role="img" aria-label={label} data-testid={testId} style={{ width: 128, height: 10 }} />;
}
