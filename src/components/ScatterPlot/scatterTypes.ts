/**
 * The plot core's contract (createScatterplot in scatterplot.ts): what a view feeds
 * it and what it reports back. Nothing here knows the app store; each view's binding
 * translates its own state into these inputs and these events into its own actions.
 */
import type { RowImages } from '../../compute/dataset';
import type { DensityMode } from './densityControl';
import type { PlotCompute } from './offload/plotCompute';
import type { RegionLabels } from './regionNames';
import type { RendererKind } from './renderTypes';
import type { Camera, View } from './viewMath';

export type { DensityMode } from './densityControl';
export type { RendererKind } from './renderTypes';
export type { RegionLabels } from './regionNames';

/** The DOM a plot draws into (the React frame in ScatterPlot.tsx makes them). */
export interface ScatterElements {
  /** Focusable container: gets the keyboard and the data-view / data-zoom-k test hooks. */
  readonly root: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  /** Transparent layer above everything that receives wheel, drag, hover and clicks. */
  readonly surface: HTMLElement;
  readonly axes: SVGSVGElement;
  readonly marks: SVGSVGElement;
}

/** The points to draw: n×2 data coordinates, held by reference and never copied. */
export interface PlotPoints {
  readonly coords: Float32Array;
  /** Changes whenever coords change (each streamed snapshot), so caches know to rebuild. */
  readonly version: number;
  /** True while snapshots keep arriving: hover scans instead of building a tree per snapshot. */
  readonly running?: boolean;
  /**
   * False while the points are shown but mean nothing to the view (e.g. the previous
   * dataset's layout kept on screen until the new one is ready): no hover, click or lasso.
   */
  readonly interactive?: boolean;
  /** A new value means a new coordinate frame: a steady plot fits it again at once. */
  readonly frame?: number;
  /**
   * Which rows these are (e.g. a dataset version): a new layout glides from the old one
   * only when both are of the same rows; other data just appears.
   */
  readonly rows?: number;
}

/** Emphasis over the points, drawn by the renderer (no SVG work: a hover frame stays cheap). */
export interface PlotHighlight {
  /** Row drawn big with an outline; -1 for none. */
  readonly selected: number;
  readonly neighbors: ArrayLike<number>;
  /** 1 for rows drawn at full strength, the rest dimmed (search ∩ lasso); null dims nothing. */
  readonly mask: Uint8Array | null;
  readonly hovered: number;
}

export const NO_HIGHLIGHT: PlotHighlight = { selected: -1, neighbors: [], mask: null, hovered: -1 };

/** Text (and for rows, a ring) on the SVG overlay, in priority order: earlier marks win a collision. */
export interface Mark {
  /** The row the mark belongs to, or -1 for a mark that is no row's (a key for the SVG join). */
  readonly index: number;
  /** 'label': text without a ring; 'cluster': a cluster's name; the others ring their row. */
  readonly kind: 'selected' | 'neighbor' | 'cluster' | 'label';
  /** Data coordinates. */
  readonly x: number;
  readonly y: number;
  readonly text: string;
  /** CSS colour of the text; default the theme's colour for the kind. */
  readonly color?: string;
  /**
   * Shown only while the zoom (1 = fitted) is in [minZoom, maxZoom): coarse cluster names
   * zoomed out, finer ones zoomed in. Default: at every zoom.
   */
  readonly minZoom?: number;
  readonly maxZoom?: number;
}

/**
 * Labels that depend on the view: each frame, the first candidate rows that are on
 * screen (and pass the mask) become 'label' marks after the fixed marks, and the
 * overlay keeps those that fit without overlapping. Zooming in shows more of them.
 */
export interface MapLabels {
  text(row: number): string;
  /** Candidate rows in priority order; default every row in row order. */
  readonly rows?: ArrayLike<number> | null;
  /** Only rows marked 1 are labelled; null labels any row. */
  readonly mask?: Uint8Array | null;
  /** Text colour of a row's label; undefined for the default. */
  color?(row: number): string | undefined;
  /** Candidates considered per frame (default MAX_LABEL_CANDIDATES). */
  readonly max?: number;
}

/** What a lasso caught: the polygon in data coordinates and the rows inside it. */
export interface LassoResult {
  readonly polygon: readonly (readonly [number, number])[];
  /** 1 for each enclosed row. */
  readonly mask: Uint8Array;
  readonly count: number;
}

export interface ViewChange {
  readonly camera: Camera;
  /** Data → CSS px of the plot, as drawn now. */
  readonly view: View;
  /** True when the camera is the fit of all points (nothing to undo with Fit). */
  readonly fitted: boolean;
}

/** The events a plot emits; a binding turns them into its own actions. */
export interface ScatterEvents {
  /** The row under the pointer changed (-1: none). */
  hover: number;
  /** A click: the row under it, or -1 on empty space. */
  select: number;
  lasso: LassoResult;
  /** Zoom, pan, resize or a new fit. */
  view: ViewChange;
  /** Escape pressed on the plot (e.g. to clear a lasso). */
  escape: void;
  /** The density layer appeared (true) or went (false). */
  density: boolean;
}

export type ScatterListener<K extends keyof ScatterEvents> = (payload: ScatterEvents[K]) => void;

export interface ScatterOptions {
  /**
   * 'always': every new set of points is fitted (a streaming layout fills the plot).
   * 'steady': the fit holds until the points outgrow it or a new `frame` arrives, so
   * movement on screen is movement in the data (the lab's training picture).
   */
  readonly refit?: 'always' | 'steady';
  /** Force a painter; default the one chosen for this browser (rendererChoice.ts, `?renderer=`). */
  readonly renderer?: RendererKind;
  /** Layout changes glide from the old positions to the new (default true; never under reduced motion). */
  readonly animate?: boolean;
  /** The density layer under the points: 'auto' (default) shows it where points pile up. */
  readonly density?: DensityMode;
  /** Where the hover index and density grid are computed (default: the page's plot worker). */
  readonly compute?: PlotCompute;
}

export interface Scatterplot {
  setPoints(points: PlotPoints | null): void;
  /** One packed RGBA per row (colors.ts); null or too short: the default colour. */
  setColors(colors: Uint32Array | null): void;
  /** Per-row size as a multiple of the dot radius (e.g. 1.5 for emphasised rows); null: all alike. */
  setSizes(sizes: Float32Array | null): void;
  /** Dot radius in CSS px; null sizes dots by the number of points and the zoom. */
  setPointRadius(radius: number | null): void;
  setHighlight(highlight: PlotHighlight): void;
  setMarks(marks: readonly Mark[]): void;
  setMapLabels(labels: MapLabels | null): void;
  /**
   * Names for the regions of the layout (found in the plot worker), coarse ones zoomed
   * out and finer ones zoomed in; null for none. They give way to the marks.
   */
  setRegionLabels(labels: RegionLabels | null): void;
  /** One picture per row (image datasets): drawn instead of dots once zoomed in far enough; null for none. */
  setImages(images: RowImages | null): void;
  setDensityMode(mode: DensityMode): void;
  /** Whether the density layer is on screen now (auto mode decides by overlap). */
  densityShown(): boolean;
  /** The painter drawing this plot. */
  rendererKind(): RendererKind;
  setCamera(camera: Camera): void;
  fit(): void;
  zoomBy(factor: number): void;
  /** Moves the content by (dx, dy) CSS px. */
  panBy(dx: number, dy: number): void;
  /** In lasso mode a plain drag draws a lasso instead of panning (Shift+drag always does). */
  setLassoMode(on: boolean): void;
  /** Where row i is drawn, in CSS px relative to the plot; null when unknown or not interactive. */
  pointPosition(i: number): [number, number] | null;
  view(): View;
  size(): { width: number; height: number };
  /** An SVG group above the points and below the marks where a view draws its own layer. */
  readonly layer: SVGGElement;
  on<K extends keyof ScatterEvents>(event: K, listener: ScatterListener<K>): () => void;
  destroy(): void;
}
