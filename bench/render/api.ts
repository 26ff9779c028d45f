/** What the render bench page exposes on `window.renderBench` (shared by page and runner). */
export type RenderImpl = 'cpu' | 'webgl' | 'canvas-arc';

export interface RenderBenchResult {
  /** Median ms of one full synchronous redraw at a new zoom, until its pixels exist. */
  readonly medianMs: number;
  readonly minMs: number;
  /** Points inside the viewport in the last frame (CPU); points submitted (WebGL); all (baseline). */
  readonly drawn: number;
  readonly frames: number;
}

export interface FirstDrawResult {
  /** ms of work from handing the plot core a new layout (points + colours) to its first frame drawn. */
  readonly medianMs: number;
  readonly minMs: number;
  /** The same, including the wait for the next animation frame (what the user sees). */
  readonly toScreenMs: number;
  /** ms of a frame in which only the hovered point changes (the points layer is reused). */
  readonly hoverMs: number;
  readonly renderer: string;
  readonly runs: number;
}

export interface RenderBenchApi {
  run(impl: RenderImpl, n: number, frames: number): Promise<RenderBenchResult>;
  firstDraw(n: number, runs: number): Promise<FirstDrawResult>;
}

export const BENCH_WIDTH = 1200;
export const BENCH_HEIGHT = 800;
