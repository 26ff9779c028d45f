import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { Dataset } from '../../compute/dataset';
import type { AppState, AppStore } from '../../state/appState';
import type { Layout } from '../../state/types';
import { createEmitter } from '../ScatterPlot/emitter';
import { MISSING_COLOR, packHex } from '../ScatterPlot/colors';
import type { MapLabels, Mark, PlotHighlight, PlotPoints, RegionLabels, ScatterEvents, Scatterplot } from '../ScatterPlot/scatterTypes';
import { bindLinkedPlot } from './bindLinkedPlot';

const dataset: Dataset = {
  id: 'tiny',
  name: 'Tiny',
  n: 4,
  dim: 2,
  labels: ['king', 'queen', 'apple', 'pear'],
  metric: 'cosine',
  columns: [{ name: 'kind', type: 'category', codes: new Uint32Array([0, 0, 1, 1]), categories: ['royal', 'fruit'] }],
};

const layout = (datasetVersion: number, version = 1): Layout => ({
  coords: Float32Array.from([0, 0, 1, 0, 0, 1, 1, 1]),
  datasetVersion,
  method: 'PCA',
  version,
  running: false,
});

type ExploreFields = AppState['explore'];

/**
 * The part of the app store the binding reads, with actions that just set state: the
 * binding must work through these fields and actions only.
 */
function fakeStore(over: { datasetVersion?: number; dataset?: Dataset; explore?: Partial<ExploreFields> } = {}): AppStore {
  const store = createStore<AppState>()((set) => {
    const explore = (p: Partial<ExploreFields>) => set((s) => ({ explore: { ...s.explore, ...p } }));
    return {
      data: { dataset: over.dataset ?? dataset, version: over.datasetVersion ?? 1 },
      explore: {
        layout: layout(1),
        hovered: -1,
        selected: -1,
        neighbors: null,
        search: { query: '', matches: null, count: 0, error: null },
        lasso: null,
        showLabels: false,
        colorBy: 'kind',
        ...over.explore,
      },
      actions: {
        explore: {
          hover: (hovered: number) => explore({ hovered }),
          select: async (selected: number) => explore({ selected }),
          setLasso: (lasso: ExploreFields['lasso']) => explore({ lasso }),
        },
      },
    } as unknown as AppState;
  });
  return store;
}

/** Changes the fake store's explore fields, as the explore slice would. */
const setExplore = (store: AppStore, p: Partial<ExploreFields>): void => store.setState((s) => ({ explore: { ...s.explore, ...p } }));

/** A plot core that records what it is fed and lets the test fire its events. */
function fakePlot() {
  const events = createEmitter<ScatterEvents>();
  const fed = {
    points: [] as (PlotPoints | null)[],
    colors: [] as (Uint32Array | null)[],
    highlights: [] as PlotHighlight[],
    marks: [] as (readonly Mark[])[],
    labels: [] as (MapLabels | null)[],
    images: [] as unknown[],
    regions: [] as (RegionLabels | null)[],
    fits: 0,
  };
  const plot = {
    setPoints: (p: PlotPoints | null) => fed.points.push(p),
    setColors: (c: Uint32Array | null) => fed.colors.push(c),
    setHighlight: (h: PlotHighlight) => fed.highlights.push(h),
    setMarks: (m: readonly Mark[]) => fed.marks.push(m),
    setMapLabels: (l: MapLabels | null) => fed.labels.push(l),
    setImages: (im: unknown) => fed.images.push(im),
    setRegionLabels: (r: RegionLabels | null) => fed.regions.push(r),
    fit: () => fed.fits++,
    on: events.on,
  } as unknown as Scatterplot;
  return { plot, fed, emit: events.emit };
}

describe('bindLinkedPlot', () => {
  it('draws the chosen layout coloured by the colour column, fitted once per dataset', () => {
    const store = fakeStore();
    const { plot, fed } = fakePlot();
    bindLinkedPlot(plot, store, (s) => s.explore.layout);
    expect(fed.points.at(-1)?.coords).toBe(store.getState().explore.layout?.coords);
    expect(fed.points.at(-1)?.interactive).toBe(true);
    expect(fed.colors.at(-1)?.[0]).not.toBe(fed.colors.at(-1)?.[2]);
    expect(fed.fits).toBe(1);
    // A new layout of the same dataset keeps the user's zoom.
    setExplore(store, { layout: layout(1, 2) });
    expect(fed.points).toHaveLength(2);
    expect(fed.fits).toBe(1);
  });

  it('keeps a layout of the previous dataset on screen, grey and not interactive, until the new one arrives', () => {
    const store = fakeStore({ datasetVersion: 2 });
    const { plot, fed } = fakePlot();
    bindLinkedPlot(plot, store, (s) => s.explore.layout);
    expect(fed.points.at(-1)?.interactive).toBe(false);
    expect(Array.from(fed.colors.at(-1) ?? [])).toEqual(new Array(4).fill(packHex(MISSING_COLOR)));
    expect(fed.highlights.at(-1)?.selected).toBe(-1);
    expect(fed.marks.at(-1)).toEqual([]);
  });

  it('hovering a point sets the store’s hover, and the store’s hover reaches the plot without redrawing marks', () => {
    const store = fakeStore();
    const { plot, fed, emit } = fakePlot();
    bindLinkedPlot(plot, store, (s) => s.explore.layout);
    const marksBefore = fed.marks.length;
    emit('hover', 2);
    expect(store.getState().explore.hovered).toBe(2);
    expect(fed.highlights.at(-1)?.hovered).toBe(2);
    expect(fed.marks.length).toBe(marksBefore);
  });

  it('a click selects (or with -1 clears); the selection and its neighbours become ringed marks', () => {
    const store = fakeStore();
    const { plot, fed, emit } = fakePlot();
    bindLinkedPlot(plot, store, (s) => s.explore.layout);
    emit('select', 0);
    expect(store.getState().explore.selected).toBe(0);
    setExplore(store, { neighbors: [{ index: 1, value: 0.9 }] });
    expect(fed.marks.at(-1)?.map((m) => `${m.kind}:${m.text}`)).toEqual(['selected:king', 'neighbor:queen']);
    expect(Array.from(fed.highlights.at(-1)?.neighbors ?? [])).toEqual([1]);
    emit('select', -1);
    expect(store.getState().explore.selected).toBe(-1);
  });

  it('with Labels on, map labels follow the search and the lasso; a lasso is set from the plot and cleared by Escape', () => {
    const store = fakeStore({ explore: { showLabels: true } });
    const { plot, fed, emit } = fakePlot();
    bindLinkedPlot(plot, store, (s) => s.explore.layout);
    expect(fed.labels.at(-1)?.text(2)).toBe('apple');
    setExplore(store, { search: { query: 'p', matches: Uint8Array.from([0, 0, 1, 1]), count: 2, error: null } });
    emit('lasso', { polygon: [], mask: Uint8Array.from([0, 1, 1, 0]), count: 2 });
    expect(store.getState().explore.lasso?.count).toBe(2);
    // search ∩ lasso: only apple is both.
    expect(Array.from(fed.labels.at(-1)?.mask ?? [])).toEqual([0, 0, 1, 0]);
    expect(Array.from(fed.highlights.at(-1)?.mask ?? [])).toEqual([0, 0, 1, 0]);
    emit('escape', undefined);
    expect(store.getState().explore.lasso).toBeNull();
    setExplore(store, { showLabels: false });
    expect(fed.labels.at(-1)).toBeNull();
  });

  it('names map regions after the dataset’s labels and lets a new layout of the same rows glide, but not another dataset’s', () => {
    const store = fakeStore();
    const { plot, fed } = fakePlot();
    bindLinkedPlot(plot, store, (s) => s.explore.layout);
    expect(fed.regions.at(-1)?.text(1)).toBe('queen');
    expect(fed.regions.at(-1)?.zooms).toBeUndefined();
    expect(fed.images.at(-1)).toBeNull();
    expect(fed.points.at(-1)?.rows).toBe(1);
    store.setState((s) => ({ data: { ...s.data, version: 2 }, explore: { ...s.explore, layout: layout(2) } }));
    expect(fed.points.at(-1)?.rows).toBe(2);
    // Colouring by found clusters: their names first, the regions only zoomed in.
    const clustered: Dataset = { ...dataset, columns: [{ name: 'clusters (k-means, k = 2)', type: 'category', codes: new Uint32Array([0, 0, 1, 1]), categories: ['a', 'b'] }] };
    store.setState((s) => ({ data: { ...s.data, dataset: clustered }, explore: { ...s.explore, colorBy: 'clusters (k-means, k = 2)' } }));
    expect(fed.regions.at(-1)?.zooms?.[0]).toBeGreaterThan(1);
    expect(fed.marks.at(-1)?.find((m) => m.kind === 'cluster')?.maxZoom).toBe(fed.regions.at(-1)?.zooms?.[0]);
  });

  it('keeps no region names or pictures for a layout of the previous dataset', () => {
    const store = fakeStore({ datasetVersion: 2, dataset: { ...dataset, images: { width: 1, height: 1, channels: 1, pixels: new Uint8Array(4) } } });
    const { plot, fed } = fakePlot();
    bindLinkedPlot(plot, store, (s) => s.explore.layout);
    expect(fed.regions.at(-1)).toBeNull();
    expect(fed.images.at(-1)).toBeNull();
  });

  it('stops listening when unbound', () => {
    const store = fakeStore();
    const { plot, fed, emit } = fakePlot();
    const unbind = bindLinkedPlot(plot, store, (s) => s.explore.layout);
    unbind();
    const fedBefore = fed.points.length;
    setExplore(store, { layout: layout(1, 3) });
    emit('hover', 1);
    expect(fed.points.length).toBe(fedBefore);
    expect(store.getState().explore.hovered).toBe(-1);
  });
});
