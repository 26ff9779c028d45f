/**
 * When the density layer shows, and keeping its grid fresh. Auto mode shows it where
 * points pile up: more than 100k of them, or dots that would cover more than half the
 * plot on their own. The grid covers what is on screen (plus a margin) at 2.5 px a cell,
 * so it sharpens as the user zooms in: it is recomputed in the plot worker once a zoom
 * settles, or for a new layout; while one is being computed, newer needs wait for it
 * (one request in flight per plot, the latest wins).
 */
import type { DensitySpec } from '../../compute/density';
import { DEFAULT_COLOR, packHex } from './colors';
import { densityLayer } from './densityLayer';
import type { PlotComputeSession } from './offload/plotCompute';
import type { DensityLayer } from './renderTypes';
import { visibleExtent, type View } from './viewMath';

export type DensityMode = 'auto' | 'on' | 'off';

/** More points than this always count as overlapping (issue 14). */
export const DENSITY_POINTS = 100_000;
/** Share of the plot the dots would cover on their own, above which auto mode shows density. */
const OVERLAP = 0.5;
const CELL_PX = 2.5;
const SIGMA_CELLS = 2.5;
const MAX_SIGMA_CELLS = 40;
const MAX_CELLS = 768;
const SETTLE_MS = 150;
const RUNNING_EVERY_MS = 500;

export interface DensityState {
  readonly coords: Float32Array;
  readonly version: number;
  readonly running: boolean;
  readonly view: View;
  readonly width: number;
  readonly height: number;
  /** Dot radius, CSS px. */
  readonly radius: number;
  /** The layout's larger side, in data units (sets the widest useful kernel). */
  readonly span: number;
}

export interface DensityControl {
  setMode(mode: DensityMode): void;
  mode(): DensityMode;
  shown(): boolean;
  /** The points or the view changed. */
  update(state: DensityState | null): void;
  destroy(): void;
}

export function createDensityControl(
  session: PlotComputeSession,
  setLayer: (layer: DensityLayer | null) => void,
  onShown: (shown: boolean) => void,
  initial: DensityMode = 'auto',
): DensityControl {
  let mode = initial;
  let shown = false;
  let state: DensityState | null = null;
  let layer: { version: number; spec: DensitySpec; k: number } | null = null;
  let inFlight = false;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastRunning = 0;
  let destroyed = false;

  const setShown = (next: boolean): void => {
    if (next === shown) return;
    shown = next;
    if (!next) {
      layer = null;
      setLayer(null);
    }
    onShown(next);
  };

  const request = (): void => {
    if (!state || !shown || destroyed) return;
    if (inFlight) {
      again = true;
      return;
    }
    const s = state;
    const spec = gridSpec(s);
    inFlight = true;
    session
      .density(s.version, spec)
      .then((grid) => {
        if (destroyed || !grid || !shown || state?.version !== s.version) return;
        layer = { version: s.version, spec, k: Math.abs(s.view.sx) };
        setLayer(densityLayer(grid, packHex(DEFAULT_COLOR)));
      })
      .catch(() => undefined) // a lost worker only costs the layer; the next change asks again
      .finally(() => {
        inFlight = false;
        if (again) {
          again = false;
          if (state && needsGrid(state, layer)) request();
        }
      });
  };

  const settle = (): void => {
    timer = null;
    if (!state) return setShown(false);
    setShown(mode === 'on' || (mode === 'auto' && overlaps(state)));
    if (shown && needsGrid(state, layer)) request();
  };

  return {
    setMode(next) {
      mode = next;
      if (timer) clearTimeout(timer);
      settle();
    },
    mode: () => mode,
    shown: () => shown,
    update(next) {
      const newPoints = next?.version !== state?.version || next?.coords !== state?.coords;
      state = next;
      if (!next) return settle();
      // A streaming layout gets a fresh grid a couple of times a second, not per snapshot.
      if (newPoints && shown && next.running) {
        const now = performance.now();
        if (now - lastRunning < RUNNING_EVERY_MS) return;
        lastRunning = now;
        return request();
      }
      if (timer) clearTimeout(timer);
      timer = setTimeout(settle, newPoints ? 0 : SETTLE_MS);
    },
    destroy() {
      destroyed = true;
      if (timer) clearTimeout(timer);
    },
  };
}

/** Whether the dots on screen would cover more than OVERLAP of the plot (or there are very many). */
export function overlaps(s: DensityState): boolean {
  const n = s.coords.length >> 1;
  if (n > DENSITY_POINTS) return true;
  const area = s.width * s.height;
  const dot = Math.PI * s.radius * s.radius;
  const e = visibleExtent(s.view, s.width, s.height);
  const needed = Math.ceil((OVERLAP * area) / dot);
  let visible = 0;
  for (let i = 0; i < n && visible < needed; i++) {
    const x = s.coords[2 * i], y = s.coords[2 * i + 1];
    if (x >= e.minX && x <= e.maxX && y >= e.minY && y <= e.maxY) visible++;
  }
  return visible >= needed;
}

/**
 * The grid for what is on screen now, with a quarter-screen margin each side so a pan
 * stays covered. The kernel is the wider of ~7 px on screen and 1/150 of the layout's
 * span, so zoomed in it shades regions rather than haloing single dots.
 */
export function gridSpec(s: DensityState): DensitySpec {
  const e = visibleExtent(s.view, s.width, s.height);
  const mx = (e.maxX - e.minX) / 4, my = (e.maxY - e.minY) / 4;
  const cols = Math.min(MAX_CELLS, Math.max(8, Math.ceil((1.5 * s.width) / CELL_PX)));
  const rows = Math.min(MAX_CELLS, Math.max(8, Math.ceil((1.5 * s.height) / CELL_PX)));
  const cellData = (e.maxX - e.minX + 2 * mx) / cols;
  const layoutSigma = s.span > 0 ? s.span / 150 / cellData : 0;
  return { minX: e.minX - mx, maxX: e.maxX + mx, minY: e.minY - my, maxY: e.maxY + my, cols, rows, sigma: Math.min(MAX_SIGMA_CELLS, Math.max(SIGMA_CELLS, layoutSigma)) };
}

/** A new grid is due for new points, when the view left the grid, or zoomed far enough that its cells look wrong. */
function needsGrid(s: DensityState, layer: { version: number; spec: DensitySpec; k: number } | null): boolean {
  if (!layer || layer.version !== s.version) return true;
  const e = visibleExtent(s.view, s.width, s.height);
  const g = layer.spec;
  if (e.minX < g.minX || e.maxX > g.maxX || e.minY < g.minY || e.maxY > g.maxY) return true;
  const zoom = Math.abs(s.view.sx) / layer.k;
  return zoom > 1.5 || zoom < 1 / 1.5;
}
