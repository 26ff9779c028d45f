import type { Dataset } from '../compute/dataset';
import type { Neighbor } from '../compute/neighbors/knn';
import { matchLabels } from '../compute/select/search';
import { isSessionLost } from '../compute/task';
import { BUILTINS, type BuiltinId, type Layout, type LoadStatus, type Notice, type PcaInfo, type SearchState } from './types';
import type { AppJobs, PcaResult } from './jobs';
import type { AppState, SliceCreator } from './store';

/**
 * The Explore slice: the current dataset, its PCA layout, selection, search and colour.
 * Big buffers are held by reference; `version` fields say when they changed.
 */
export interface ExploreData {
  readonly builtinId: BuiltinId | null;
  readonly loadStatus: LoadStatus;
  readonly dataset: Dataset | null;
  /** Increments on every new dataset so late results for an old one can be ignored. */
  readonly datasetVersion: number;
  /** PCA scores of every row on the first components: n × components, row-major. */
  readonly pcaScores: Float32Array | null;
  readonly pcaComponents: number;
  readonly pca: PcaInfo | null;
  readonly layout: Layout | null;
  readonly hovered: number;
  readonly selected: number;
  readonly neighbors: readonly Neighbor[] | null;
  readonly search: SearchState;
  /** Points enclosed by the last lasso, or null. Dims the rest (with the search) in every plot. */
  readonly lasso: LassoSelection | null;
  /** Text labels on the map (as many as fit without overlapping, first rows first). */
  readonly showLabels: boolean;
  /** Name of the metadata column that colours the points, or null for a single colour. */
  readonly colorBy: string | null;
  readonly notices: readonly Notice[];
}

export interface ExploreActions {
  loadBuiltin(id: BuiltinId): Promise<void>;
  /** Shows a dataset that came from elsewhere (a user's file, a trained table) and lays it out with PCA. */
  showDataset(dataset: Dataset): Promise<void>;
  /**
   * Loads the current data again: the built-in set, or the last file(s) (after a worker
   * lost the data, or a download failed).
   */
  retryLoad(): Promise<void>;
  /**
   * When `e` says a worker no longer holds the current dataset's vectors (SessionLostError),
   * shows that with the way back (Retry loads it again) and returns true; false otherwise.
   */
  handleLostDataset(e: unknown): boolean;
  setPcaAxes(xComponent: number, yComponent: number): void;
  setHovered(index: number): void;
  select(index: number): Promise<void>;
  /** Selects the row whose label equals `text` (exact first, then ignoring case); false when none does. */
  selectLabel(text: string): boolean;
  setSearch(query: string): void;
  /** Sets (or with null clears) the lasso selection; an empty one clears it. */
  setLasso(selection: LassoSelection | null): void;
  setShowLabels(on: boolean): void;
  setColorBy(column: string | null): void;
  notify(level: Notice['level'], text: string): void;
  dismissNotice(id: number): void;
}

export type ExploreState = ExploreData & ExploreActions;

export interface LassoSelection {
  /** 1 for each enclosed row. */
  readonly mask: Uint8Array;
  readonly count: number;
}

const EMPTY_SEARCH: SearchState = { query: '', matches: null, count: 0, error: null };
export const NEIGHBOR_COUNT = 10;
export const PCA_COMPONENTS = 10;

export const initialExploreData: ExploreData = {
  builtinId: null,
  loadStatus: { kind: 'idle' },
  dataset: null,
  datasetVersion: 0,
  pcaScores: null,
  pcaComponents: 0,
  pca: null,
  layout: null,
  hovered: -1,
  selected: -1,
  neighbors: null,
  search: EMPTY_SEARCH,
  lasso: null,
  showLabels: false,
  colorBy: null,
  notices: [],
};

/** Picks two PCA components out of the n × k score matrix as an n × 2 layout. */
export function layoutFromScores(scores: Float32Array, k: number, x: number, y: number): Float32Array {
  const n = scores.length / k;
  const out = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    out[2 * i] = scores[i * k + x];
    out[2 * i + 1] = scores[i * k + y];
  }
  return out;
}

export const createExploreSlice: SliceCreator<ExploreState> = (jobs: AppJobs, set, get) => {
  let noticeId = 0;
  let loadAbort: AbortController | null = null;
  let selectSeq = 0;

  {
    const notify = (level: Notice['level'], text: string): void => {
      set((s: AppState) => ({ notices: [...s.notices, { id: ++noticeId, level, text }].slice(-5) }));
    };

    const handleLostDataset = (e: unknown): boolean => {
      if (!isSessionLost(e)) return false;
      const what = get().dataset?.name ?? 'the data';
      set({ loadStatus: { kind: 'error', what, message: 'the worker that held its vectors was restarted, so they are gone. Retry loads it again.' } });
      return true;
    };

    /** Waits for a PCA job started with `jobs.pca` and shows its layout. */
    const showPca = async (pending: Promise<PcaResult>, t0: number, version: number, precomputed: boolean): Promise<void> => {
      try {
        const res = await pending;
        if (get().datasetVersion !== version) return;
        const ms = performance.now() - t0;
        const k = res.components;
        const x = 0;
        const y = Math.min(1, k - 1);
        set((s) => ({
          pcaScores: res.scores,
          pcaComponents: k,
          pca: { explainedRatio: res.explainedRatio, xComponent: x, yComponent: y },
          layout: {
            coords: layoutFromScores(res.scores, k, x, y),
            datasetVersion: version,
            method: 'PCA',
            version: (s.layout?.version ?? 0) + 1,
            running: false,
            ...(precomputed ? { note: 'computed with the data' } : { ms }),
          },
        }));
      } catch (e) {
        if (get().datasetVersion === version && !handleLostDataset(e)) notify('error', `PCA failed: ${errorText(e)}`);
      }
    };

    /** Makes `dataset` the current one (resetting selection and search) and lays it out with PCA. */
    const showDataset = async (dataset: Dataset, builtinId: BuiltinId | null = null): Promise<void> => {
      if (builtinId === null) {
        // A dataset from elsewhere (a file, the lab) supersedes any built-in still downloading.
        loadAbort?.abort();
        loadAbort = null;
      }
      const previous = get().dataset;
      if (previous && previous.id !== dataset.id) jobs.releaseDataset(previous);
      const version = get().datasetVersion + 1;
      const firstCategory = dataset.columns.find((c) => c.type === 'category');
      // PCA starts before the store update: the worker computes while React renders
      // the new dataset's panels (that render is synchronous and takes a while).
      // Built-in data carries its PCA (computed by the same code at `npm run data`).
      const t0 = performance.now();
      const pending: Promise<PcaResult> = dataset.pca
        ? Promise.resolve({ components: dataset.pca.components, scores: dataset.pca.scores, explainedRatio: [...dataset.pca.explainedRatio] })
        : jobs.pca(dataset, PCA_COMPONENTS);
      pending.catch(() => undefined); // handled in showPca; avoids an unhandled-rejection report meanwhile
      // The old layout stays on screen until PCA of the new data is ready.
      set({
        builtinId,
        dataset,
        datasetVersion: version,
        loadStatus: { kind: 'ready' },
        pcaScores: null,
        pcaComponents: 0,
        pca: null,
        hovered: -1,
        selected: -1,
        neighbors: null,
        search: EMPTY_SEARCH,
        lasso: null,
        colorBy: firstCategory ? firstCategory.name : null,
      });
      await showPca(pending, t0, version, dataset.pca !== undefined);
    };

    const loadBuiltin = async (id: BuiltinId): Promise<void> => {
      const info = BUILTINS.find((b) => b.id === id);
      if (!info) throw new Error(`Unknown built-in dataset ${id}`);
      loadAbort?.abort();
      const abort = new AbortController();
      loadAbort = abort;
      set({ builtinId: id, loadStatus: { kind: 'loading', what: info.title, loadedBytes: 0, totalBytes: null } });
      try {
        const dataset = await jobs.loadBuiltin(info.file, {
          signal: abort.signal,
          onProgress: (loadedBytes, totalBytes) => {
            if (loadAbort === abort) set({ loadStatus: { kind: 'loading', what: info.title, loadedBytes, totalBytes } });
          },
        });
        if (loadAbort !== abort) {
          jobs.releaseDataset(dataset); // a newer load won
          return;
        }
        await showDataset(dataset, id);
      } catch (e) {
        if (loadAbort !== abort || abort.signal.aborted) return;
        // Whatever was loaded before stays usable; the status line offers a retry.
        set({ loadStatus: { kind: 'error', what: info.title, message: errorText(e) } });
      }
    };

    return {
      ...initialExploreData,
      loadBuiltin,
      showDataset: (dataset) => showDataset(dataset),
      retryLoad: async () => {
        const { builtinId, dataset, loaded } = get();
        if (builtinId) await loadBuiltin(builtinId);
        else if (dataset?.id.startsWith('file:') && loaded) await get().retryFileLoad();
        else notify('info', 'This data came from the training lab: open it in Explore again from there.');
      },
      handleLostDataset,
      setPcaAxes: (xComponent, yComponent) => {
        const { pcaScores, pcaComponents, pca, datasetVersion, layout } = get();
        if (!pcaScores || !pca) return;
        const clamp = (c: number): number => Math.max(0, Math.min(pcaComponents - 1, Math.floor(c)));
        const x = clamp(xComponent);
        const y = clamp(yComponent);
        set({
          pca: { ...pca, xComponent: x, yComponent: y },
          layout: {
            coords: layoutFromScores(pcaScores, pcaComponents, x, y),
            datasetVersion,
            method: 'PCA',
            version: (layout?.version ?? 0) + 1,
            running: false,
          },
        });
      },
      setHovered: (index) => {
        if (get().hovered !== index) set({ hovered: index });
      },
      select: async (index) => {
        const { dataset, datasetVersion } = get();
        const seq = ++selectSeq;
        if (!dataset || index < 0 || index >= dataset.n) {
          set({ selected: -1, neighbors: null });
          return;
        }
        set({ selected: index, neighbors: null });
        try {
          const neighbors = await jobs.neighbors(dataset, index, NEIGHBOR_COUNT);
          if (seq === selectSeq && get().datasetVersion === datasetVersion) set({ neighbors });
        } catch (e) {
          if (seq === selectSeq && !handleLostDataset(e)) notify('error', `Nearest neighbours failed: ${errorText(e)}`);
        }
      },
      selectLabel: (text) => {
        const labels = get().dataset?.labels;
        if (!labels || text === '') return false;
        let index = labels.indexOf(text);
        if (index < 0) {
          const lower = text.toLowerCase();
          index = labels.findIndex((l) => l.toLowerCase() === lower);
        }
        if (index < 0) return false;
        void get().select(index);
        return true;
      },
      setSearch: (query) => {
        const { dataset } = get();
        if (!dataset || query === '') {
          set({ search: { ...EMPTY_SEARCH, query } });
          return;
        }
        const res = matchLabels(dataset.labels, query);
        set({ search: { query, matches: res.matches, count: res.count, error: res.error } });
      },
      setLasso: (selection) => {
        const n = get().dataset?.n ?? -1;
        set({ lasso: selection && selection.count > 0 && selection.mask.length === n ? selection : null });
      },
      setShowLabels: (on) => set({ showLabels: on }),
      setColorBy: (column) => set({ colorBy: column }),
      notify,
      dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
    };
  }
};

export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
