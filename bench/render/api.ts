/** What the render bench page exposes on `window.renderBench` (shared by page and runner). */
export type RenderImpl = 'sprout' | 'canvas-arc';

export interface RenderBenchResult {
  /** Median ms of one full synchronous redraw, including the canvas flush. */
  readonly medianMs: number;
  readonly minMs: number;
  /** Points inside the viewport in the last frame (sprout only; the baseline draws all). */
  readonly drawn: number;
  readonly frames: number;
}

export interface RenderBenchApi {
  readonly kind: string;
  run(impl: RenderImpl, n: number, frames: number): RenderBenchResult;
}

export const BENCH_WIDTH = 1200;
export const BENCH_HEIGHT = 800;
