/**
 * The one plot core every view uses (Explore, each Compare pane, the training lab).
 * Framework-free and store-agnostic, like regl-scatterplot's createScatterplot and
 * Embedding Atlas's EmbeddingView: a view feeds it points, colours, highlight, marks,
 * labels and a camera through setters, and hears back hover / select / lasso / view /
 * escape events. It owns the renderer, the SVG overlay, the kdbush hit index and the
 * gestures (gestures.ts: d3-zoom, hover and click, the lasso, the keys). Nothing here goes through
 * React: a 60 fps drag or hover never re-renders anything.
 */
import { select } from 'd3-selection';
import { pointsInPolygon } from '../../compute/select/lasso';
import { DEFAULT_COLOR, packHex } from './colors';
import { watchDisplay } from './displayWatch';
import { createEmitter } from './emitter';
import { createHitIndex } from './hitIndex';
import { createGestures } from './gestures';
import { visibleLabelMarks } from './mapLabels';
import { createOverlay } from './overlay';
import { createScatterRenderer } from './renderer';
import {
  type MapLabels,
  type Mark,
  type PlotPoints,
  type ScatterElements,
  type ScatterEvents,
  type ScatterOptions,
  type Scatterplot,
} from './scatterTypes';
import { cameraOf, dataExtent, fitView, outgrown, pointRadius, toData, toScreen, transformFor, zoomView, type Extent, type View } from './viewMath';

/** Hover reach around a dot, in CSS px. */
const HIT_RADIUS = 8;

export function createScatterplot(els: ScatterElements, options: ScatterOptions = {}): Scatterplot {
  const { root, canvas } = els;
  const steady = options.refit === 'steady';
  const renderer = createScatterRenderer(canvas);
  // The views' own layer sits above the points and below the marks (labels stay readable).
  const layer = select(els.marks).append('g').attr('class', 'scatter-layer').node() as SVGGElement;
  const overlay = createOverlay(els.axes, els.marks);
  const hits = createHitIndex();
  const events = createEmitter<ScatterEvents>();

  let width = Math.max(1, root.clientWidth);
  let height = Math.max(1, root.clientHeight);
  let points: PlotPoints | null = null;
  let colors: Uint32Array | null = null;
  let defaultColors = new Uint32Array(0);
  let extent: Extent | null = null;
  let base: View = fitView(null, width, height);
  let view: View = base;
  let radius: number | null = null;
  let marks: readonly Mark[] = [];
  let mapLabels: MapLabels | null = null;

  const count = (): number => (points ? points.coords.length >> 1 : 0);
  const interactive = (): boolean => points !== null && points.interactive !== false;

  /** The fixed marks, then the map labels on screen now; the overlay hides the ones that collide. */
  const drawMarks = (): void => {
    let all = marks;
    if (mapLabels && points) {
      const taken = new Set(marks.map((m) => m.index));
      all = [...marks, ...visibleLabelMarks({ coords: points.coords, labels: mapLabels, taken, view, width, height })];
    }
    root.dataset.labelsHidden = String(overlay.update(view, width, height, all));
  };

  const applyView = (): void => {
    const t = panZoom.transform();
    view = zoomView(base, t);
    renderer.setTransform(view);
    renderer.setPointSize(radius ?? pointRadius(count(), t.k));
    drawMarks();
    // Test hooks (e2e computes where a known row is drawn).
    root.dataset.view = JSON.stringify({ sx: view.sx, ox: view.ox, sy: view.sy, oy: view.oy });
    root.dataset.zoomK = String(t.k);
    events.emit('view', { camera: cameraOf(base, t, width, height), view, fitted: t.k === 1 && t.x === 0 && t.y === 0 });
  };

  const pushData = (): void => {
    const n = count();
    let c = colors;
    if (!c || c.length < n) {
      if (defaultColors.length !== n) defaultColors = new Uint32Array(n).fill(packHex(DEFAULT_COLOR));
      c = defaultColors;
    }
    renderer.setData(points?.coords ?? new Float32Array(0), c);
  };

  const gestures = createGestures(els, {
    interactive,
    hitAt: (x, y) => (points ? hits.nearest(points, view, x, y, HIT_RADIUS) : -1),
    onView: () => applyView(),
    onHover: (i) => events.emit('hover', i),
    onClick: (i) => events.emit('select', i),
    onLasso: (polygon) => {
      if (!points) return;
      const dataPolygon = polygon.map(([x, y]) => toData(view, x, y));
      const { mask, count: inside } = pointsInPolygon(points.coords, count(), dataPolygon);
      events.emit('lasso', { polygon: dataPolygon, mask, count: inside });
    },
    onEscape: () => events.emit('escape', undefined),
  });
  const { panZoom } = gestures;

  const resize = (w: number, h: number): void => {
    width = Math.max(1, w);
    height = Math.max(1, h);
    renderer.resize(width, height, window.devicePixelRatio || 1);
    base = fitView(extent, width, height);
    applyView();
  };
  const stopWatching = watchDisplay(root, {
    onResize: (w, h) => {
      if (Math.max(1, w) !== width || Math.max(1, h) !== height) resize(w, h);
    },
    onDisplayChange: () => renderer.resize(width, height, window.devicePixelRatio || 1),
  });
  resize(width, height);

  return {
    setPoints(next) {
      const prev = points;
      if (next === prev) return;
      points = next;
      pushData();
      extent = dataExtent(next?.coords ?? []);
      // A steady plot keeps its fit while the points stay inside it, so movement on
      // screen is movement in the data; a new frame or outgrowing it refits.
      const refit = !steady || !prev || next?.frame !== prev.frame || (extent !== null && outgrown(base, extent, width, height));
      if (refit) base = fitView(extent, width, height);
      applyView();
    },
    setColors(next) {
      if (next === colors) return;
      colors = next;
      pushData();
    },
    setSizes: (sizes) => renderer.setSizes(sizes),
    setPointRadius(r) {
      radius = r;
      renderer.setPointSize(radius ?? pointRadius(count(), panZoom.transform().k));
    },
    setHighlight: (h) => renderer.setHighlight(h),
    setMarks(next) {
      marks = next;
      drawMarks();
    },
    setMapLabels(next) {
      mapLabels = next;
      drawMarks();
    },
    setCamera: (camera) => panZoom.setTransform(transformFor(base, camera, width, height)),
    fit: () => panZoom.fit(),
    zoomBy: (factor) => panZoom.zoomBy(factor),
    panBy: (dx, dy) => panZoom.panBy(dx, dy),
    setLassoMode: (on) => gestures.setLassoMode(on),
    pointPosition(i) {
      if (!points || !interactive() || !(i >= 0 && 2 * i + 1 < points.coords.length)) return null;
      const p = toScreen(view, points.coords[2 * i], points.coords[2 * i + 1]);
      return Number.isFinite(p[0]) && Number.isFinite(p[1]) ? p : null;
    },
    view: () => view,
    size: () => ({ width, height }),
    layer,
    on: (event, listener) => events.on(event, listener),
    destroy() {
      events.clear();
      stopWatching();
      gestures.destroy();
      layer.remove();
      overlay.destroy();
      renderer.destroy();
    },
  };
}
