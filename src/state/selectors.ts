import type { AppState } from './appState';

// Module-level selectors: stable function identities, so components re-render only
// when the selected value changes. Actions objects never change: select them whole.
export const selectActions = (s: AppState) => s.actions;
export const selectDataset = (s: AppState) => s.data.dataset;
export const selectDatasetVersion = (s: AppState) => s.data.version;
export const selectLoadStatus = (s: AppState) => s.data.loadStatus;
export const selectBuiltinId = (s: AppState) => s.data.builtinId;
export const selectPca = (s: AppState) => s.data.pca;
export const selectLayout = (s: AppState) => s.explore.layout;
export const selectHovered = (s: AppState) => s.explore.hovered;
export const selectSelected = (s: AppState) => s.explore.selected;
export const selectNeighbors = (s: AppState) => s.explore.neighbors;
export const selectSearch = (s: AppState) => s.explore.search;
export const selectColorBy = (s: AppState) => s.explore.colorBy;
export const selectNotices = (s: AppState) => s.ui.notices;
export const selectLocale = (s: AppState) => s.ui.locale;
export const selectView = (s: AppState) => s.ui.view;
