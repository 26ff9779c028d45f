import { createStore } from 'zustand/vanilla';
import type { AppActions, AppData, AppJobs, AppState, AppStore, SliceApi, SliceCreator, SliceKey } from './appState';
import { createClustersSlice } from './clusters';
import { createCompareSlice } from './compare';
import { createDataSlice } from './data';
import { createExploreSlice } from './explore';
import { createExportsSlice } from './exports';
import { createLabSlice } from './lab';
import { createLoadSlice } from './load';
import { createProjectionSlice } from './project';
import { createUiSlice } from './ui';
import { translatorFor } from '../i18n/translate';

/**
 * A fresh store, composed of the slices (see appState.ts for the pattern). Each test
 * makes its own; the app makes one in main.tsx. `jobs` is the only door to the workers,
 * so tests pass a fake (state/testing/fakeJobs.ts).
 */
export function createAppStore(jobs: AppJobs): AppStore {
  return createStore<AppState>()((set, get) => {
    const api = <K extends SliceKey>(key: K): SliceApi<K> => ({
      jobs,
      get,
      data: () => get()[key],
      patch: (p) => set((s) => ({ [key]: { ...s[key], ...(typeof p === 'function' ? p(s[key]) : p) } }) as Partial<AppState>),
      update: (p) =>
        set((s) => {
          const next: Partial<Record<SliceKey, unknown>> = {};
          for (const k of Object.keys(p) as SliceKey[]) next[k] = { ...s[k], ...p[k] };
          return next as Partial<AppState>;
        }),
      tr: () => translatorFor(get().ui.locale),
    });
    const make = <K extends SliceKey, A>(key: K, create: SliceCreator<K, A>) => create(api(key));
    const ui = make('ui', createUiSlice);
    const data = make('data', createDataSlice);
    const explore = make('explore', createExploreSlice);
    const load = make('load', createLoadSlice);
    const projection = make('projection', createProjectionSlice);
    const compare = make('compare', createCompareSlice);
    const clusters = make('clusters', createClustersSlice);
    const lab = make('lab', createLabSlice);
    const exports = make('exports', createExportsSlice);
    const initial: AppData = {
      ui: ui.initial,
      data: data.initial,
      explore: explore.initial,
      load: load.initial,
      projection: projection.initial,
      compare: compare.initial,
      clusters: clusters.initial,
      lab: lab.initial,
      exports: exports.initial,
    };
    const actions: AppActions = {
      ui: ui.actions,
      data: data.actions,
      explore: explore.actions,
      load: load.actions,
      projection: projection.actions,
      compare: compare.actions,
      clusters: clusters.actions,
      lab: lab.actions,
      exports: exports.actions,
    };
    return { ...initial, actions };
  });
}
