import type { Locale } from '../i18n/locale';

/** The main views of the app. */
export type View = 'explore' | 'compare' | 'lab';

export interface Notice {
  readonly id: number;
  readonly level: 'error' | 'info';
  readonly text: string;
}

/** App-wide UI state that belongs to no single feature. */
export interface UiData {
  readonly view: View;
  /** The interface language; main.tsx picks the first one and remembers changes. */
  readonly locale: Locale;
  /** Messages shown in the corner, newest last (at most five). */
  readonly notices: readonly Notice[];
}

export interface UiActions {
  setView(view: View): void;
  setLocale(locale: Locale): void;
  notify(level: Notice['level'], text: string): void;
  dismissNotice(id: number): void;
}

export const initialUiData: UiData = { view: 'explore', locale: 'en', notices: [] };
