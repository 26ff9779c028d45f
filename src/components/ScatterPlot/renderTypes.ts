/**
 * The renderer contract shared by the CPU raster (cpuPainter.ts) and WebGL2
 * (webglPainter.ts): what a frame contains once the shell (renderer.ts) has resolved
 * the inputs, so the two painters draw the same picture from the same numbers.
 */
import type { RowImages } from '../../compute/dataset';
import type { PointScene } from './pointScene';
import type { View } from './viewMath';

export type RendererKind = 'webgl' | 'cpu';

/**
 * A density picture over a rectangle of data space (density.ts makes it): one packed
 * RGBA per cell, row 0 at the top (largest y). Drawn under the points, each screen pixel
 * taking the cell its centre falls in.
 */
export interface DensityLayer {
  readonly cols: number;
  readonly rows: number;
  /** Data rectangle the grid covers. */
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
  readonly rgba: Uint32Array;
}

/** Pictures drawn instead of dots for some rows (image datasets, zoomed in). */
export interface ThumbnailSet {
  readonly images: RowImages;
  /** Rows shown as pictures, in draw order. */
  readonly rows: Int32Array;
  /** Edge of a picture in CSS px. */
  readonly size: number;
}

/** A highlight marker (hovered, selected, neighbour): an ink ring under a dot of the row's colour. */
export interface Marker {
  /** Device px. */
  readonly x: number;
  readonly y: number;
  readonly color: number;
  readonly big: boolean;
}

export interface PlacedThumbnails {
  readonly images: RowImages;
  readonly rows: Int32Array;
  /** Device px centre of each row's picture (x, y). */
  readonly centers: Float32Array;
  /** Edge in device px (whole pixels). */
  readonly size: number;
  /** Changes when rows or images change (a painter's cache key). */
  readonly key: object;
}

/** Everything one frame draws, in device pixels. */
export interface Frame {
  readonly width: number;
  readonly height: number;
  readonly view: View;
  readonly scene: PointScene;
  /** Slot positions where a transition started (scene order) and how far it has got (0..1). */
  readonly morph: { readonly from: Float32Array; readonly t: number } | null;
  /** Base dot radius in device px (size class SIZE_STEPS). */
  readonly radius: number;
  readonly markers: readonly Marker[];
  readonly background: number;
  readonly ink: number;
  readonly density: DensityLayer | null;
  readonly thumbnails: PlacedThumbnails | null;
  /** Changes whenever anything below the markers changes: a hover-only frame keeps it. */
  readonly baseVersion: number;
}

/** One drawing backend; the shell owns state and scheduling. */
export interface Painter {
  readonly kind: RendererKind;
  /** The backing store is width×height device px. */
  resize(width: number, height: number): void;
  /** Draws the frame; returns how many points were inside the viewport. */
  paint(frame: Frame): number;
  /** Returns once the last frame's pixels exist (a GPU queues work until something reads it); for timing. */
  finish(): void;
  destroy(): void;
}

/** Ring and dot radii of the highlight markers for a base radius r (device px), shared by both painters. */
export function markerRadii(r: number): { mark: number; ring: number; big: number; bigRing: number } {
  const mark = Math.max(2.5, r * 1.6);
  const big = Math.max(3.5, r * 2.2);
  return { mark, ring: mark + 1.2, big, bigRing: big + 1.5 };
}

/** Pixels of a dot covered less than this (of 256) are left out: half the blending for tiny dense dots. */
export const DOT_MIN_COVER = 64;
