/**
 * The binding between the app store and a plot core, shared by Explore and the two
 * Compare panes (each picks its layout with `layoutOf`). Hover, selection, neighbours,
 * search, lasso, colour, labels and cluster names are store state, so every plot bound
 * this way shows them: that is what links the panes. The only file (with its React
 * wrapper) where the plot meets store names: store.subscribe feeds the core directly,
 * so hover and zoom never re-render React.
 */
import { intersectMasks } from '../../compute/lasso';
import { isClusterColumn } from '../../state/clusters';
import type { AppState, AppStore } from '../../state/store';
import type { Layout } from '../../state/types';
import { MISSING_COLOR, packHex, pointColors } from '../ScatterPlot/colors';
import { clusterNameMarks } from '../ScatterPlot/mapLabels';
import { NO_HIGHLIGHT, type Mark, type PlotPoints, type Scatterplot } from '../ScatterPlot/scatterTypes';

/** Zoom up to which the names of "Find clusters" clusters show (then finer region names take over). */
const CLUSTER_NAMES_UNTIL = 3;

/** Which layout a plot draws: Explore draws `s.layout`, Compare panes pick others. Must return the same object while it is unchanged. */
export type LayoutSelector = (s: AppState) => Layout | null;

/** With cluster names on the map: they show up to zoom 3, the coarse regions from there, the fine ones from 7. */
const CLUSTER_REGION_ZOOMS = [CLUSTER_NAMES_UNTIL, 7];

const clusterColumn = (s: AppState) => {
  const column = s.dataset?.columns.find((c) => c.name === s.colorBy);
  return column && column.type === 'category' && isClusterColumn(column.name) ? column : null;
};
const hasClusterNames = (s: AppState): boolean => clusterColumn(s) !== null;

/** Whether a layout's rows are the current dataset's (a stale one stays visible, uncoloured, until the new one arrives). */
const isCurrent = (s: AppState, layout: Layout | null): boolean =>
  !!layout && !!s.dataset && layout.datasetVersion === s.datasetVersion && layout.coords.length >> 1 === s.dataset.n;

export function bindLinkedPlot(plot: Scatterplot, store: AppStore, layoutOf: LayoutSelector): () => void {
  let shown: Layout | null = null;
  let current = false;
  /** datasetVersion the camera was last fitted for: a new dataset starts fitted, a new layout of it keeps the zoom. */
  let fittedFor = -1;
  const cached = createCaches();

  const pushMarks = (s: AppState, coords: Float32Array): void => {
    const ds = s.dataset;
    if (!current || !ds) {
      plot.setMarks([]);
      plot.setMapLabels(null);
      return;
    }
    const mark = (index: number, kind: Mark['kind']): Mark => ({ index, kind, x: coords[2 * index], y: coords[2 * index + 1], text: ds.labels[index] ?? '' });
    const marks: Mark[] = [];
    if (s.selected >= 0 && s.selected < ds.n) {
      marks.push(mark(s.selected, 'selected'));
      for (const i of cached.neighbors(s.neighbors)) if (i !== s.selected && i >= 0 && i < ds.n) marks.push(mark(i, 'neighbor'));
    }
    marks.push(...cached.clusterNames(s, coords));
    // Map labels (Labels on) follow the search and the lasso; the core picks those on screen.
    plot.setMapLabels(s.showLabels ? { text: (i) => ds.labels[i] ?? '', mask: cached.mask(s) } : null);
    plot.setMarks(marks);
  };

  const pushHighlight = (s: AppState): void => {
    plot.setHighlight(current ? { selected: s.selected, neighbors: cached.neighbors(s.neighbors), mask: cached.mask(s), hovered: s.hovered } : NO_HIGHLIGHT);
  };

  const sync = (s: AppState, prev: AppState | null): void => {
    const layout = layoutOf(s);
    const layoutChanged = !prev || layout !== shown;
    const wasCurrent = current;
    current = isCurrent(s, layout);
    shown = layout;
    if (layoutChanged || !prev || s.dataset !== prev.dataset || s.colorBy !== prev.colorBy || current !== wasCurrent) {
      plot.setColors(cached.colors(s, current, layout));
    }
    // Image rows (MNIST, projector sprites) are drawn as pictures once zoomed in.
    if (!prev || s.dataset !== prev.dataset || current !== wasCurrent) plot.setImages(current ? (s.dataset?.images ?? null) : null);
    // Regions of the map named after their first (most frequent) row; with cluster names
    // on the map, those name it zoomed out and the regions take over zoomed in.
    if (!prev || s.dataset !== prev.dataset || current !== wasCurrent || s.colorBy !== prev.colorBy) {
      const ds = s.dataset;
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
      s.dataset !== prev.dataset ||
      s.colorBy !== prev.colorBy ||
      s.selected !== prev.selected ||
      s.neighbors !== prev.neighbors ||
      s.search.matches !== prev.search.matches ||
      s.lasso !== prev.lasso ||
      s.showLabels !== prev.showLabels;
    // A hover frame touches only the renderer: no label placement or SVG join.
    if (marksChanged || s.hovered !== prev.hovered) pushHighlight(s);
    if (marksChanged) pushMarks(s, layout?.coords ?? new Float32Array(0));
  };

  const offs = [
    // The core reports no rows while the layout is stale (not interactive).
    plot.on('hover', (i) => {
      if (store.getState().hovered !== i) store.getState().setHovered(i);
    }),
    // select(-1) clears the selection when the click hits empty space.
    plot.on('select', (i) => void store.getState().select(i)),
    plot.on('lasso', ({ mask, count }) => store.getState().setLasso({ mask, count })),
    plot.on('escape', () => {
      if (store.getState().lasso) store.getState().setLasso(null);
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
  let neighborCache: { from: AppState['neighbors']; indices: Int32Array } | null = null;
  let maskCache: { search: Uint8Array | null; lasso: AppState['lasso']; mask: Uint8Array | null } | null = null;
  let namesCache: { coords: Float32Array; column: unknown; marks: Mark[] } | null = null;
  return {
    colors(s: AppState, current: boolean, layout: Layout | null): Uint32Array {
      const n = layout ? layout.coords.length >> 1 : 0;
      const key = current ? s.dataset : n;
      if (colorCache && colorCache.key === key && colorCache.colorBy === s.colorBy) return colorCache.colors;
      // A layout left over from the previous dataset stays grey: its rows are not the new labels'.
      const colors = current && s.dataset ? pointColors(s.dataset, s.colorBy) : new Uint32Array(n).fill(packHex(MISSING_COLOR));
      colorCache = { key, colorBy: s.colorBy, colors };
      return colors;
    },
    neighbors(nb: AppState['neighbors']): Int32Array {
      if (neighborCache?.from !== nb) neighborCache = { from: nb, indices: Int32Array.from(nb ?? [], (x) => x.index) };
      return neighborCache.indices;
    },
    /** Rows passing the search and the lasso (null: both inactive). */
    mask(s: AppState): Uint8Array | null {
      if (maskCache?.search !== s.search.matches || maskCache.lasso !== s.lasso) {
        maskCache = { search: s.search.matches, lasso: s.lasso, mask: intersectMasks(s.search.matches, s.lasso?.mask ?? null) };
      }
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
