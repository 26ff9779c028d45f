/**
 * The binding between the app store and a plot core, shared by Explore and the two
 * Compare panes (each picks its layout with `layoutOf`). Hover, selection, neighbours,
 * search, lasso, colour, labels and cluster names are store state, so every plot bound
 * this way shows them: that is what links the panes. The only file (with its React
 * wrapper) where the plot meets store names: store.subscribe feeds the core directly,
 * so hover and zoom never re-render React.
 */
import { isClusterColumn } from '../../state/clustersTypes';
import type { AppState, AppStore } from '../../state/appState';
import { dimMask } from '../../state/litSet';
import type { Layout } from '../../state/types';
import { MISSING_COLOR, packHex, pointColors } from '../ScatterPlot/colors';
import { clusterNameMarks } from '../ScatterPlot/mapLabels';
import { NO_HIGHLIGHT, type Mark, type PlotPoints, type Scatterplot } from '../ScatterPlot/scatterTypes';

/** Zoom up to which the names of "Find clusters" clusters show (then finer region names take over). */
const CLUSTER_NAMES_UNTIL = 3;

/** Which layout a plot draws: Explore draws `s.explore.layout`, Compare panes pick others. Must return the same object while it is unchanged. */
export type LayoutSelector = (s: AppState) => Layout | null;

/** With cluster names on the map: they show up to zoom 3, the coarse regions from there, the fine ones from 7. */
const CLUSTER_REGION_ZOOMS = [CLUSTER_NAMES_UNTIL, 7];

const clusterColumn = (s: AppState) => {
  const column = s.data.dataset?.columns.find((c) => c.name === s.explore.colorBy);
  return column && column.type === 'category' && isClusterColumn(column.name) ? column : null;
};
const hasClusterNames = (s: AppState): boolean => clusterColumn(s) !== null;

/** Whether a layout's rows are the current dataset's (a stale one stays visible, uncoloured, until the new one arrives). */
const isCurrent = (s: AppState, layout: Layout | null): boolean =>
  !!layout && !!s.data.dataset && layout.datasetVersion === s.data.version && layout.coords.length >> 1 === s.data.dataset.n;

export function bindLinkedPlot(plot: Scatterplot, store: AppStore, layoutOf: LayoutSelector): () => void {
  let shown: Layout | null = null;
  let current = false;
  /** datasetVersion the camera was last fitted for: a new dataset starts fitted, a new layout of it keeps the zoom. */
  let fittedFor = -1;
  const cached = createCaches();

  const pushMarks = (s: AppState, coords: Float32Array): void => {
    const ds = s.data.dataset;
    if (!current || !ds) {
      plot.setMarks([]);
      plot.setMapLabels(null);
      return;
    }
    const mark = (index: number, kind: Mark['kind']): Mark => ({ index, kind, x: coords[2 * index], y: coords[2 * index + 1], text: ds.labels[index] ?? '' });
    const marks: Mark[] = [];
    if (s.explore.selected >= 0 && s.explore.selected < ds.n) marks.push(mark(s.explore.selected, 'selected'));
    // Neighbours are ringed whatever they are the neighbours of (a point, a set's centre, vector arithmetic).
    for (const i of cached.neighbors(s.explore.neighbors)) if (i !== s.explore.selected && i >= 0 && i < ds.n) marks.push(mark(i, 'neighbor'));
    marks.push(...cached.clusterNames(s, coords));
    // Map labels (Labels on) follow the search and the lasso; the core picks those on screen.
    plot.setMapLabels(s.explore.showLabels ? { text: (i) => ds.labels[i] ?? '', mask: cached.mask(s) } : null);
    plot.setMarks(marks);
  };

  const pushHighlight = (s: AppState): void => {
    plot.setHighlight(current ? { selected: s.explore.selected, neighbors: cached.neighbors(s.explore.neighbors), mask: cached.mask(s), hovered: s.explore.hovered } : NO_HIGHLIGHT);
  };

  const sync = (s: AppState, prev: AppState | null): void => {
    const layout = layoutOf(s);
    const layoutChanged = !prev || layout !== shown;
    const wasCurrent = current;
    current = isCurrent(s, layout);
    shown = layout;
    if (layoutChanged || !prev || s.data.dataset !== prev.data.dataset || s.explore.colorBy !== prev.explore.colorBy || current !== wasCurrent) {
      plot.setColors(cached.colors(s, current, layout));
    }
    // Image rows (MNIST, projector sprites) are drawn as pictures once zoomed in.
    if (!prev || s.data.dataset !== prev.data.dataset || current !== wasCurrent) plot.setImages(current ? (s.data.dataset?.images ?? null) : null);
    // Regions of the map named after their first (most frequent) row; with cluster names
    // on the map, those name it zoomed out and the regions take over zoomed in.
    if (!prev || s.data.dataset !== prev.data.dataset || current !== wasCurrent || s.explore.colorBy !== prev.explore.colorBy) {
      const ds = s.data.dataset;
      plot.setRegionLabels(current && ds ? { text: (i) => ds.labels[i] ?? '', zooms: hasClusterNames(s) ? CLUSTER_REGION_ZOOMS : undefined } : null);
    }
    if (layoutChanged) {
      const points: PlotPoints | null = layout && { coords: layout.coords, version: layout.version, running: layout.running, interactive: current, rows: layout.datasetVersion };
      plot.setPoints(points);
      if (layout && layout.datasetVersion !== fittedFor) {
        fittedFor = layout.datasetVersion;
        plot.fit();
      }
    }
    const marksChanged =
      layoutChanged ||
      !prev ||
      current !== wasCurrent ||
      s.data.dataset !== prev.data.dataset ||
      s.explore.colorBy !== prev.explore.colorBy ||
      s.explore.selected !== prev.explore.selected ||
      s.explore.neighbors !== prev.explore.neighbors ||
      s.explore.search !== prev.explore.search ||
      s.explore.lasso !== prev.explore.lasso ||
      s.explore.pick !== prev.explore.pick ||
      s.explore.showLabels !== prev.explore.showLabels;
    // A hover frame touches only the renderer: no label placement or SVG join.
    if (marksChanged || s.explore.hovered !== prev.explore.hovered) pushHighlight(s);
    if (marksChanged) pushMarks(s, layout?.coords ?? new Float32Array(0));
  };

  const offs = [
    // The core reports no rows while the layout is stale (not interactive).
    plot.on('hover', (i) => {
      if (store.getState().explore.hovered !== i) store.getState().actions.explore.hover(i);
    }),
    // select(-1) clears the selection when the click hits empty space.
    plot.on('select', (i) => void store.getState().actions.explore.select(i)),
    plot.on('lasso', ({ mask, count }) => store.getState().actions.explore.setLasso({ mask, count })),
    plot.on('escape', () => {
      if (store.getState().explore.lasso) store.getState().actions.explore.setLasso(null);
    }),
  ];
  sync(store.getState(), null);
  const unsubscribe = store.subscribe((s, prev) => sync(s, prev));
  return () => {
    unsubscribe();
    for (const off of offs) off();
  };
}

/** Derived inputs, recomputed only when what they come from changed (identity). */
function createCaches() {
  let colorCache: { key: unknown; colorBy: string | null; colors: Uint32Array } | null = null;
  let neighborCache: { from: AppState['explore']['neighbors']; indices: Int32Array } | null = null;
  let maskCache: { search: AppState['explore']['search']; lasso: AppState['explore']['lasso']; pick: AppState['explore']['pick']; mask: Uint8Array | null } | null = null;
  let namesCache: { coords: Float32Array; column: unknown; marks: Mark[] } | null = null;
  return {
    colors(s: AppState, current: boolean, layout: Layout | null): Uint32Array {
      const n = layout ? layout.coords.length >> 1 : 0;
      const key = current ? s.data.dataset : n;
      if (colorCache && colorCache.key === key && colorCache.colorBy === s.explore.colorBy) return colorCache.colors;
      // A layout left over from the previous dataset stays grey: its rows are not the new labels'.
      const colors = current && s.data.dataset ? pointColors(s.data.dataset, s.explore.colorBy) : new Uint32Array(n).fill(packHex(MISSING_COLOR));
      colorCache = { key, colorBy: s.explore.colorBy, colors };
      return colors;
    },
    neighbors(nb: AppState['explore']['neighbors']): Int32Array {
      if (neighborCache?.from !== nb) neighborCache = { from: nb, indices: Int32Array.from(nb ?? [], (x) => x.index) };
      return neighborCache.indices;
    },
    /** Rows passing the search, the lasso and the legend pick (null: none active). */
    mask(s: AppState): Uint8Array | null {
      const { search, lasso, pick } = s.explore;
      if (maskCache?.search !== search || maskCache.lasso !== lasso || maskCache.pick !== pick) maskCache = { search, lasso, pick, mask: dimMask(s.explore) };
      return maskCache.mask;
    },
    /** Cluster names when colouring by a "Find clusters" column, at each cluster's most central member. */
    clusterNames(s: AppState, coords: Float32Array): Mark[] {
      const column = clusterColumn(s);
      if (!column) return [];
      if (namesCache?.coords !== coords || namesCache.column !== column) {
        namesCache = { coords, column, marks: clusterNameMarks(column, coords).map((m) => ({ ...m, maxZoom: CLUSTER_NAMES_UNTIL })) };
      }
      return namesCache.marks;
    },
  };
}
