/**
 * A picture scene (picture.ts) painted on a 2D canvas at `scale` device pixels per CSS
 * pixel (1×, 2×, 4× PNGs). Takes the context as a parameter (an OffscreenCanvas's in a
 * worker, a fake in tests), so this module stays free of DOM globals.
 */
import type { PictureScene } from './picture';

/** The part of CanvasRenderingContext2D this uses. */
export interface Paint2D {
  fillStyle: string | CanvasGradient | CanvasPattern;
  strokeStyle: string | CanvasGradient | CanvasPattern;
  globalAlpha: number;
  lineWidth: number;
  font: string;
  textBaseline: CanvasTextBaseline;
  setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  arc(x: number, y: number, r: number, start: number, end: number): void;
  fill(): void;
  stroke(): void;
  fillText(text: string, x: number, y: number): void;
}

const FONT_FAMILY = 'system-ui, "Noto Sans", "Noto Sans CJK SC", sans-serif';

export function paintScene(ctx: Paint2D, scene: PictureScene, scale: number): void {
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  ctx.globalAlpha = 1;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, scene.width, scene.height);
  const r = scene.radius;
  for (const g of scene.groups) {
    ctx.globalAlpha = g.opacity;
    ctx.fillStyle = g.color;
    ctx.beginPath();
    for (let j = 0; j < g.xy.length; j += 2) {
      ctx.moveTo(g.xy[j] + r, g.xy[j + 1]);
      ctx.arc(g.xy[j], g.xy[j + 1], r, 0, 2 * Math.PI);
    }
    ctx.fill();
  }
  ctx.globalAlpha = 1;
  ctx.lineWidth = 1.5;
  for (const ring of scene.rings) {
    ctx.strokeStyle = ring.color;
    ctx.beginPath();
    ctx.arc(ring.x, ring.y, ring.r, 0, 2 * Math.PI);
    ctx.stroke();
  }
  for (const s of scene.swatches) {
    ctx.fillStyle = s.color;
    ctx.fillRect(s.x, s.y, s.size, s.size);
  }
  ctx.fillStyle = '#222222';
  ctx.textBaseline = 'alphabetic';
  for (const t of scene.texts) {
    ctx.font = `${t.bold ? 'bold ' : ''}${t.size}px ${FONT_FAMILY}`;
    ctx.fillText(t.text, t.x, t.y);
  }
}
