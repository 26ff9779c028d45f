/**
 * The one plot core every view uses (Explore, each Compare pane, the training lab).
 * Framework-free and store-agnostic, like regl-scatterplot's createScatterplot and
 * Embedding Atlas's EmbeddingView: a view feeds it points, colours, highlight, marks,
 * labels, pictures and a camera through setters, and hears back hover / select / lasso /
 * view / escape / density events. It owns the renderer (CPU raster or WebGL2), the SVG
 * overlay, the hit index (built in the plot worker), the density layer, layout
 * transitions and the gestures (gestures.ts: d3-zoom, hover and click, the lasso, the
 * keys). Nothing here goes through React: a 60 fps drag or hover never re-renders anything.
 */
import KDBush from 'kdbush';
import { select } from 'd3-selection';
import type { RowImages } from '../../compute/dataset';
import type { RegionLevel } from '../../compute/mapRegions';
import { pointsInPolygon } from '../../compute/select/lasso';
import { DEFAULT_COLOR, packHex } from './colors';
import { createDensityControl } from './densityControl';
import { watchDisplay } from './displayWatch';
import { createEmitter } from './emitter';
import { createGestures } from './gestures';
import { createHitIndex, SCAN_BELOW } from './hitIndex';
import { visibleLabelMarks } from './mapLabels';
import { sharedPlotCompute } from './offload/plotCompute';
import { createOverlay } from './overlay';
import { createScatterRenderer } from './renderer';
import type { MapLabels, Mark, PlotPoints, ScatterElements, ScatterEvents, ScatterOptions, Scatterplot } from './scatterTypes';
import { regionMarks, type RegionLabels } from './regionNames';
import { pickThumbnails } from './thumbnails';
import { createTransition, prefersReducedMotion, remap, startWhereMissing } from './transition';
import { cameraOf, dataExtent, fitView, outgrown, pointRadius, toData, toScreen, transformFor, zoomView, type Extent, type View } from './viewMath';

/** No points (one array type for dataExtent, so its loop stays monomorphic). */
const EMPTY = new Float32Array(0);

/** Hover reach around a dot, in CSS px. */
const HIT_RADIUS = 8;

const imageCount = (im: RowImages): number => Math.floor(im.pixels.length / (im.width * im.height * im.channels));

export function createScatterplot(els: ScatterElements, options: ScatterOptions = {}): Scatterplot {
  const { root, canvas } = els;
  const steady = options.refit === 'steady';
  const animate = options.animate !== false;
  const worker = (options.compute ?? sharedPlotCompute()).open();
  // A large layout is put in draw order by the worker (it holds the points already).
  const renderer = createScatterRenderer(canvas, {
    kind: options.renderer,
    order: (coords) => (points?.coords === coords && !points.running ? worker.spatialOrder(points.version) : null),
  });
  // The views' own layer sits above the points and below the marks (labels stay readable).
  const layer = select(els.marks).append('g').attr('class', 'scatter-layer').node() as SVGGElement;
  const overlay = createOverlay(els.axes, els.marks);
  const hits = createHitIndex();
  const events = createEmitter<ScatterEvents>();
  const density = createDensityControl(worker, (l) => renderer.setDensity(l), (shown) => {
    root.dataset.density = String(shown);
    events.emit('density', shown);
  }, options.density);
  const transition = createTransition(renderer, (running) => root.classList.toggle('scatter-animating', running));

  let width = Math.max(1, root.clientWidth);
  let height = Math.max(1, root.clientHeight);
  let points: PlotPoints | null = null;
  let colors: Uint32Array | null = null;
  let defaultColors = new Uint32Array(0);
  let images: RowImages | null = null;
  let extent: Extent | null = null;
  let base: View = fitView(null, width, height);
  let view: View = base;
  let radius: number | null = null;
  let marks: readonly Mark[] = [];
  let mapLabels: MapLabels | null = null;
  let thumbsKey: string | null = null;
  let regionLabels: RegionLabels | null = null;
  /** The regions of the points on screen (from the worker) and the names made of them. */
  let regions: { coords: Float32Array; levels: RegionLevel[] | null } | null = null;
  let regionNames: readonly Mark[] = [];

  const count = (): number => (points ? points.coords.length >> 1 : 0);
  const interactive = (): boolean => points !== null && points.interactive !== false;
  const zoomK = (): number => panZoom.transform().k;
  const dotRadius = (): number => radius ?? pointRadius(count(), zoomK());

  /**
   * The fixed marks and region names shown at this zoom, then the map labels on screen
   * now; the overlay hides the ones that collide. A region named after a row that is
   * labelled anyway leaves the name to the label (same word, at the point itself).
   */
  const placeMarks = (): void => {
    const k = zoomK();
    const atZoom = (m: Mark): boolean => (m.minZoom === undefined || k >= m.minZoom) && (m.maxZoom === undefined || k < m.maxZoom);
    const fixed = marks.filter(atZoom);
    let names = regionNames.filter(atZoom);
    let labels: Mark[] = [];
    if (mapLabels && points) {
      const taken = new Set(fixed.map((m) => m.index));
      labels = visibleLabelMarks({ coords: points.coords, labels: mapLabels, taken, view, width, height });
      const labelled = new Set(labels.map((m) => m.index));
      names = names.filter((m) => !labelled.has(m.index));
    }
    root.dataset.labelsHidden = String(overlay.update(view, width, height, [...fixed, ...names, ...labels]));
  };
  /**
   * Marks are placed once per animation frame (with the points the renderer draws in it),
   * however many changes asked: a new layout asks four times in one task (points, fit,
   * labels, marks), and each placement measures and joins the SVG text (~10 ms at 341k).
   */
  let marksFrame = 0;
  const drawMarks = (): void => {
    if (marksFrame) return;
    marksFrame = requestAnimationFrame(() => {
      marksFrame = 0;
      placeMarks();
    });
  };

  /** Pictures instead of dots for the rows on screen, once few enough are. */
  const updateThumbnails = (): void => {
    const pick = images && points && interactive() && imageCount(images) >= count() ? pickThumbnails(points.coords, view, width, height) : null;
    const key = pick ? `${points?.version}:${pick.size}:${pick.rows.join(',')}` : '';
    if (key === thumbsKey) return;
    thumbsKey = key;
    renderer.setThumbnails(pick && images ? { images, rows: pick.rows, size: pick.size } : null);
    root.dataset.thumbnails = String(pick?.rows.length ?? 0);
  };

  const densityState = () =>
    points ? { coords: points.coords, version: points.version, running: !!points.running, view, width, height, radius: dotRadius(), span: extent ? Math.max(extent.maxX - extent.minX, extent.maxY - extent.minY) : 0 } : null;

  const applyView = (): void => {
    const t = panZoom.transform();
    view = zoomView(base, t);
    renderer.setTransform(view);
    renderer.setPointSize(dotRadius());
    drawMarks();
    updateThumbnails();
    density.update(densityState());
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

  /** The region names for the current points and labels; true when they changed (the caller redraws the marks). */
  const nameRegions = (): boolean => {
    const levels = regions && points && regions.coords === points.coords ? regions.levels : null;
    const next = levels && regionLabels && interactive() ? regionMarks(levels, regionLabels) : [];
    if (next.length === 0 && regionNames.length === 0) return false;
    regionNames = next;
    return true;
  };

  /** Regions for names on the map, once per finished layout, from the worker. */
  const requestRegions = (): boolean => {
    const p = points;
    if (p && regionLabels && !p.running && p.interactive !== false && regions?.coords !== p.coords) {
      regions = { coords: p.coords, levels: null };
      worker
        .regions(p.version)
        .then((levels) => {
          if (points?.coords !== p.coords || !levels) return;
          regions = { coords: p.coords, levels };
          if (nameRegions()) drawMarks();
        })
        .catch(() => undefined); // no names, no harm
    }
    return nameRegions();
  };

  /** Hover answers by scanning until the worker's tree for this layout arrives. */
  const requestIndex = (p: PlotPoints): void => {
    root.dataset.hitIndex = 'scan';
    const n = p.coords.length >> 1;
    if (p.running || n < SCAN_BELOW) return;
    worker
      .pointIndex(p.version)
      .then((buffer) => {
        if (!buffer || points?.coords !== p.coords || points.version !== p.version) return;
        hits.install(p.coords, p.version, KDBush.from(buffer));
        root.dataset.hitIndex = 'tree';
      })
      .catch(() => undefined); // the scan keeps answering
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
  root.dataset.renderer = renderer.kind;
  root.dataset.density = 'false';
  resize(width, height);

  /** Whether going from prev to next is one set of rows moving (a new layout of the same data), worth a glide. */
  const glides = (prev: PlotPoints | null, next: PlotPoints | null): prev is PlotPoints =>
    animate && !!prev && !!next && !next.running && prev.interactive !== false && next.interactive !== false &&
    prev.rowsKey === next.rowsKey && prev.coords.length === next.coords.length && prev.coords !== next.coords && !prefersReducedMotion();

  return {
    setPoints(next) {
      const prev = points;
      if (next === prev) return;
      const shownBefore = glides(prev, next) ? (transition.displayed(prev.coords) ?? prev.coords) : null;
      const viewBefore = view;
      points = next;
      // The worker gets the points first, so the renderer can ask it for their draw order.
      if (next) worker.setPoints(next.version, next.coords);
      pushData();
      extent = dataExtent(next?.coords ?? EMPTY);
      // A steady plot keeps its fit while the points stay inside it, so movement on
      // screen is movement in the data; a new frame or outgrowing it refits.
      const refit = !steady || !prev || next?.frame !== prev.frame || (extent !== null && outgrown(base, extent, width, height));
      if (refit) base = fitView(extent, width, height);
      if (next) requestIndex(next);
      requestRegions();
      applyView();
      if (shownBefore && next) transition.start(startWhereMissing(remap(shownBefore, viewBefore, view), next.coords));
      else transition.stop();
    },
    setColors(next) {
      if (next === colors) return;
      colors = next;
      pushData();
    },
    setSizes: (sizes) => renderer.setSizes(sizes),
    setPointRadius(r) {
      radius = r;
      renderer.setPointSize(dotRadius());
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
    setRegionLabels(next) {
      regionLabels = next;
      if (requestRegions()) drawMarks();
    },
    setImages(next) {
      images = next;
      updateThumbnails();
    },
    setDensityMode: (mode) => density.setMode(mode),
    densityShown: () => density.shown(),
    rendererKind: () => renderer.kind,
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
      if (marksFrame) cancelAnimationFrame(marksFrame);
      marksFrame = 0;
      events.clear();
      stopWatching();
      gestures.destroy();
      transition.stop();
      density.destroy();
      worker.close();
      layer.remove();
      overlay.destroy();
      renderer.destroy();
    },
  };
}
