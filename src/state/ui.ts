import type { SliceCreator } from './store';

/** The main views of the app. */
export type View = 'explore' | 'compare' | 'lab';

/** App-wide UI state that belongs to no single feature. */
export interface UiState {
  readonly view: View;
  setView(view: View): void;
}

export const createUiSlice: SliceCreator<UiState> = (_jobs, set) => ({
  view: 'explore',
  setView: (view) => set({ view }),
});
