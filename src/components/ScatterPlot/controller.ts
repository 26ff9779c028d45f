/**
 * Wires the store to the renderer, d3-zoom, the SVG overlay and the pointer, without
 * React: the component mounts it once and destroys it on unmount. Zoom, pan, hover
 * and highlight changes go straight from events / store.subscribe to the renderer, so
 * a 60 fps drag never re-renders the React tree.
 */
import { select } from 'd3-selection';
import { zoom, zoomIdentity, zoomTransform, type ZoomTransform } from 'd3-zoom';
import type { AppState, AppStore } from '../../state/store';
import type { Layout } from '../../state/types';
import { MISSING_COLOR, packHex, pointColors } from './colors';
import { createHitIndex } from './hitIndex';
import { createLassoGesture } from './lassoGesture';
import { intersectMasks, pointsInPolygon } from '../../compute/select/lasso';
import { isClusterColumn } from '../../state/clusters';
import { clusterNameMarks, visibleLabelMarks } from './mapLabels';
import { createOverlay, type Mark } from './overlay';
import { createScatterRenderer, type Highlight, type ScatterRenderer } from './renderer';
import { dataExtent, fitView, pointRadius, toData, toScreen, zoomView, type Extent, type View } from './viewMath';

export interface ScatterElements {
  /** Focusable container; gets the data-view / data-zoom-k test hooks. */
  readonly root: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  /** Transparent layer above the canvas that receives wheel, drag, hover and clicks. */
  readonly surface: HTMLElement;
  readonly axes: SVGSVGElement;
  readonly marks: SVGSVGElement;
}

export interface ScatterController {
  fit(): void;
  zoomBy(factor: number): void;
  /** Moves the content by (dx, dy) CSS px. */
  panBy(dx: number, dy: number): void;
  /** Where row i is drawn, in CSS px relative to the plot; null when unknown. */
  pointPosition(i: number): [number, number] | null;
  size(): { width: number; height: number };
  /** In lasso mode a plain drag draws a lasso instead of panning (Shift+drag always does). */
  setLassoMode(on: boolean): void;
  /** Calls back after every view change (zoom, resize, new layout); returns an unsubscribe. */
  onViewChange(cb: () => void): () => void;
  readonly renderer: ScatterRenderer;
  destroy(): void;
}

const NO_HIGHLIGHT: Highlight = { selected: -1, neighbors: [], matches: null, hovered: -1 };
/** Hover reach around a dot, in CSS px. */
const HIT_RADIUS = 8;
const PAN_STEP = 60;
const ZOOM_STEP = 1.5;

/** Which layout a plot draws; the Explore plot draws `s.layout`, Compare panes pick others. */
export type LayoutSelector = (s: AppState) => Layout | null;
const currentLayout: LayoutSelector = (s) => s.layout;

export function mountScatter(els: ScatterElements, store: AppStore, layoutOf: LayoutSelector = currentLayout): ScatterController {
  const { root, canvas, surface } = els;
  const renderer = createScatterRenderer(canvas);
  const overlay = createOverlay(els.axes, els.marks);
  const hits = createHitIndex();
  const surfaceSel = select<HTMLElement, unknown>(surface);

  let width = Math.max(1, root.clientWidth);
  let height = Math.max(1, root.clientHeight);
  let extent: Extent | null = null;
  let base: View = fitView(null, width, height);
  // d3-zoom keeps the transform on the element; a remount of the same element
  // (React StrictMode) must start from what is stored there.
  let transform: ZoomTransform = zoomTransform(surface);
  let view: View = base;
  /** datasetVersion of the layout the view was last fitted to. */
  let fittedFor = -1;
  /** True when the layout on screen belongs to the current dataset (rows line up). */
  let current = false;
  let marks: Mark[] = [];
  let colorCache: { key: unknown; colorBy: string | null; colors: Uint32Array } | null = null;
  let neighborCache: { from: AppState['neighbors']; indices: Int32Array } | null = null;
  let maskCache: { search: Uint8Array | null; lasso: AppState['lasso']; mask: Uint8Array | null } | null = null;

  const viewListeners = new Set<() => void>();
  const layoutN = (): number => (layoutOf(store.getState())?.coords.length ?? 0) >> 1;

  /**
   * Map labels (Labels on): the first rows that are on screen and pass the search and
   * lasso, after the selection's marks; the overlay drops those that would overlap.
   */
  const withMapLabels = (): Mark[] => {
    const s = store.getState();
    const coords = layoutOf(s)?.coords;
    const ds = s.dataset;
    if (!current || !coords || !ds) return marks;
    const names = clusterNames(s, coords);
    if (!s.showLabels) return names.length ? [...marks, ...names] : marks;
    const taken = new Set(marks.map((m) => m.index));
    const labels = visibleLabelMarks({ coords, labels: ds.labels, mask: maskCache?.mask ?? null, taken, view, width, height });
    return [...marks, ...names, ...labels];
  };

  /** Cluster names when colouring by a clusters column; cached per (layout, column). */
  let namesCache: { coords: Float32Array; column: unknown; marks: Mark[] } | null = null;
  const clusterNames = (s: AppState, coords: Float32Array): Mark[] => {
    const column = s.dataset?.columns.find((c) => c.name === s.colorBy);
    if (!column || column.type !== 'category' || !isClusterColumn(column.name)) return [];
    if (namesCache?.coords !== coords || namesCache.column !== column) namesCache = { coords, column, marks: clusterNameMarks(column, coords) };
    return namesCache.marks;
  };

  const applyView = (): void => {
    view = zoomView(base, transform);
    renderer.setTransform(view);
    renderer.setPointSize(pointRadius(layoutN(), transform.k));
    overlay.update(view, width, height, current ? withMapLabels() : []);
    // Test hooks (e2e hovers a known word by computing its screen position).
    root.dataset.view = JSON.stringify({ sx: view.sx, ox: view.ox, sy: view.sy, oy: view.oy });
    root.dataset.zoomK = String(transform.k);
    for (const cb of viewListeners) cb();
  };

  const lasso = createLassoGesture(surface, els.marks, {
    canStart: () => current,
    onStart: () => setHovered(-1),
    onEnd: (polygon) => {
      const layout = layoutOf(store.getState());
      if (!layout || !current) return;
      const dataPolygon = polygon.map(([x, y]) => toData(view, x, y));
      store.getState().setLasso(pointsInPolygon(layout.coords, layout.coords.length >> 1, dataPolygon));
    },
  });

  const zoomer = zoom<HTMLElement, unknown>()
    .scaleExtent([0.25, 20000])
    // d3's default filter, minus the drags that draw a lasso.
    .filter((e: MouseEvent) => e.type === 'wheel' || (!lasso.wants(e) && !e.ctrlKey && !e.button))
    // A few px of jitter during a click must not turn it into a (click-swallowing) drag.
    .clickDistance(4)
    .on('zoom', (e: { transform: ZoomTransform; sourceEvent: unknown }) => {
      // The point under the pointer moves away during a wheel zoom or drag.
      if (e.sourceEvent) setHovered(-1);
      transform = e.transform;
      applyView();
    });
  surfaceSel.call(zoomer);

  const fit = (): void => {
    zoomer.transform(surfaceSel, zoomIdentity);
  };

  const setHovered = (i: number): void => {
    if (store.getState().hovered !== i) store.getState().setHovered(i);
  };

  const colorsFor = (s: AppState, n: number): Uint32Array => {
    const key = current ? s.dataset : n;
    if (colorCache && colorCache.key === key && colorCache.colorBy === s.colorBy) return colorCache.colors;
    // A layout left over from the previous dataset stays visible, uncoloured, until
    // the new one arrives: its rows do not line up with the new labels.
    const colors = current && s.dataset ? pointColors(s.dataset, s.colorBy) : new Uint32Array(n).fill(packHex(MISSING_COLOR));
    colorCache = { key, colorBy: s.colorBy, colors };
    return colors;
  };

  const neighborIndices = (nb: AppState['neighbors']): Int32Array => {
    if (neighborCache?.from !== nb) neighborCache = { from: nb, indices: Int32Array.from(nb ?? [], (x) => x.index) };
    return neighborCache.indices;
  };

  /** Hover only changes the renderer's highlight; everything else also redraws the overlay's marks. */
  const pushHighlight = (s: AppState, hoverOnly = false): void => {
    if (hoverOnly && current) {
      renderer.setHighlight({ selected: s.selected, neighbors: neighborIndices(s.neighbors), matches: maskCache?.mask ?? null, hovered: s.hovered });
      return;
    }
    const ds = s.dataset;
    const coords = layoutOf(s)?.coords;
    if (!current || !ds || !coords) {
      renderer.setHighlight(NO_HIGHLIGHT);
      marks = [];
    } else {
      const neighbors = neighborIndices(s.neighbors);
      if (maskCache?.search !== s.search.matches || maskCache.lasso !== s.lasso) {
        maskCache = { search: s.search.matches, lasso: s.lasso, mask: intersectMasks(s.search.matches, s.lasso?.mask ?? null) };
      }
      renderer.setHighlight({ selected: s.selected, neighbors, matches: maskCache.mask, hovered: s.hovered });
      const mark = (index: number, kind: Mark['kind']): Mark => ({ index, kind, x: coords[2 * index], y: coords[2 * index + 1], text: ds.labels[index] ?? '' });
      marks = [];
      if (s.selected >= 0 && s.selected < ds.n) {
        marks.push(mark(s.selected, 'selected'));
        for (const i of neighbors) if (i !== s.selected && i >= 0 && i < ds.n) marks.push(mark(i, 'neighbor'));
      }
    }
    overlay.update(view, width, height, withMapLabels());
  };

  let shown: Layout | null = null;
  const sync = (s: AppState, prev: AppState | null): void => {
    const layout = layoutOf(s);
    const ds = s.dataset;
    const n = layout ? layout.coords.length >> 1 : 0;
    const nowCurrent = !!layout && !!ds && layout.datasetVersion === s.datasetVersion && n === ds.n;
    const layoutChanged = !prev || layout !== shown;
    shown = layout;
    const colorsChanged = !prev || ds !== prev.dataset || s.colorBy !== prev.colorBy || nowCurrent !== current;
    current = nowCurrent;
    if (layoutChanged || colorsChanged) {
      renderer.setData(layout?.coords ?? new Float32Array(0), colorsFor(s, n));
    }
    if (layoutChanged) {
      extent = dataExtent(layout?.coords ?? []);
      base = fitView(extent, width, height);
      if (layout && layout.datasetVersion !== fittedFor) {
        // A new dataset starts fitted; a new layout of the same one keeps the zoom.
        fittedFor = layout.datasetVersion;
        if (transform !== zoomIdentity) fit();
      }
      applyView();
    }
    const marksChanged =
      layoutChanged ||
      colorsChanged ||
      !prev ||
      s.selected !== prev.selected ||
      s.neighbors !== prev.neighbors ||
      s.search.matches !== prev.search.matches ||
      s.lasso !== prev.lasso ||
      s.showLabels !== prev.showLabels;
    if (marksChanged || s.hovered !== prev.hovered) {
      // A hover frame touches only the renderer: no label placement or SVG join.
      pushHighlight(s, !marksChanged);
    }
  };

  // Pointer: hover is coalesced to one hit test per frame.
  let hoverFrame = 0;
  let pointer: { x: number; y: number } | null = null;
  const hitAt = (x: number, y: number): number => {
    const layout = layoutOf(store.getState());
    if (!current || !layout) return -1;
    return hits.nearest(layout, view, x, y, HIT_RADIUS);
  };
  const localPoint = (e: MouseEvent): { x: number; y: number } => {
    const r = surface.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const onPointerMove = (e: PointerEvent): void => {
    if (lasso.active() || e.buttons !== 0) return; // dragging: d3-zoom pans, no hover
    pointer = localPoint(e);
    if (hoverFrame) return;
    hoverFrame = requestAnimationFrame(() => {
      hoverFrame = 0;
      if (!pointer) return;
      const i = hitAt(pointer.x, pointer.y);
      surface.style.cursor = i >= 0 ? 'pointer' : '';
      setHovered(i);
    });
  };
  const onPointerLeave = (): void => {
    pointer = null;
    if (hoverFrame) cancelAnimationFrame(hoverFrame);
    hoverFrame = 0;
    setHovered(-1);
  };
  const onClick = (e: MouseEvent): void => {
    if (lasso.takeClick()) return; // the end of a lasso drag
    const p = localPoint(e);
    // select(-1) clears the selection when the click hits empty space.
    void store.getState().select(hitAt(p.x, p.y));
  };
  surface.addEventListener('pointermove', onPointerMove);
  surface.addEventListener('pointerleave', onPointerLeave);
  surface.addEventListener('click', onClick);

  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.ctrlKey || e.metaKey || e.altKey) return; // leave browser zoom (Ctrl +/-/0) alone
    if (e.target !== root) return; // e.g. Enter on the Fit button
    switch (e.key) {
      case '+':
      case '=':
        zoomer.scaleBy(surfaceSel, ZOOM_STEP);
        break;
      case '-':
      case '_':
        zoomer.scaleBy(surfaceSel, 1 / ZOOM_STEP);
        break;
      case 'ArrowLeft':
        panBy(PAN_STEP, 0);
        break;
      case 'ArrowRight':
        panBy(-PAN_STEP, 0);
        break;
      case 'ArrowUp':
        panBy(0, PAN_STEP);
        break;
      case 'ArrowDown':
        panBy(0, -PAN_STEP);
        break;
      case '0':
      case 'f':
      case 'F':
        fit();
        break;
      case 'Escape':
        if (!store.getState().lasso) return;
        store.getState().setLasso(null);
        break;
      default:
        return;
    }
    e.preventDefault();
  };
  root.addEventListener('keydown', onKeyDown);

  const panBy = (dx: number, dy: number): void => {
    // translateBy works in the transform's own units, which are scaled by k.
    zoomer.translateBy(surfaceSel, dx / transform.k, dy / transform.k);
  };

  const resize = (w: number, h: number): void => {
    width = Math.max(1, w);
    height = Math.max(1, h);
    renderer.resize(width, height, window.devicePixelRatio || 1);
    base = fitView(extent, width, height);
    applyView();
  };
  const observer = new ResizeObserver((entries) => {
    const r = entries[entries.length - 1].contentRect;
    if (r.width !== width || r.height !== height) resize(r.width, r.height);
  });
  observer.observe(root);

  // A new device pixel ratio (window moved to another screen, browser zoom) or colour
  // scheme changes the backing store or the background, but fires no ResizeObserver.
  let dprQuery: MediaQueryList | null = null;
  const onDisplayChange = (): void => {
    dprQuery?.removeEventListener('change', onDisplayChange);
    dprQuery = window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
    dprQuery.addEventListener('change', onDisplayChange);
    renderer.resize(width, height, window.devicePixelRatio || 1);
  };
  const schemeQuery = window.matchMedia('(prefers-color-scheme: dark)');
  schemeQuery.addEventListener('change', onDisplayChange);
  onDisplayChange();

  resize(width, height);
  sync(store.getState(), null);
  const unsubscribe = store.subscribe((s, prev) => sync(s, prev));

  return {
    fit,
    zoomBy: (f) => zoomer.scaleBy(surfaceSel, f),
    panBy,
    pointPosition(i) {
      const coords = layoutOf(store.getState())?.coords;
      if (!current || !coords || i < 0 || 2 * i + 1 >= coords.length) return null;
      const p = toScreen(view, coords[2 * i], coords[2 * i + 1]);
      return Number.isFinite(p[0]) && Number.isFinite(p[1]) ? p : null;
    },
    size: () => ({ width, height }),
    setLassoMode: (on) => lasso.setMode(on),
    onViewChange(cb) {
      viewListeners.add(cb);
      return () => viewListeners.delete(cb);
    },
    renderer,
    destroy() {
      unsubscribe();
      viewListeners.clear();
      observer.disconnect();
      schemeQuery.removeEventListener('change', onDisplayChange);
      dprQuery?.removeEventListener('change', onDisplayChange);
      if (hoverFrame) cancelAnimationFrame(hoverFrame);
      lasso.destroy();
      surface.removeEventListener('pointermove', onPointerMove);
      surface.removeEventListener('pointerleave', onPointerLeave);
      surface.removeEventListener('click', onClick);
      root.removeEventListener('keydown', onKeyDown);
      surfaceSel.on('.zoom', null);
      overlay.destroy();
      renderer.destroy();
    },
  };
}
