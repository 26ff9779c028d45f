import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { createAppStore } from './state/store';
import { createWorkerJobs } from './state/jobs';
import { StoreContext } from './state/hooks';
import { BUILTINS, type BuiltinId } from './state/types';
import { pickLocale } from './i18n/locale';
import './app/app.css';

const store = createAppStore(createWorkerJobs());

// The interface language: the last choice, else the browser's. Remembered across visits,
// and the page's lang attribute follows it (screen readers and CJK font selection use it).
const LOCALE_KEY = 'sprout.locale';
const readStored = (): string | null => {
  try {
    return localStorage.getItem(LOCALE_KEY);
  } catch {
    return null; // storage disabled (some private windows): the browser language decides
  }
};
store.getState().actions.ui.setLocale(pickLocale(readStored(), navigator.languages ?? [navigator.language]));
document.documentElement.lang = store.getState().ui.locale;
store.subscribe((s, prev) => {
  if (s.ui.locale === prev.ui.locale) return;
  document.documentElement.lang = s.ui.locale;
  try {
    localStorage.setItem(LOCALE_KEY, s.ui.locale);
  } catch {
    /* not remembered; still switched */
  }
});

// ?dataset=mnist-10k opens another built-in set; anything unknown falls back to GloVe 10k.
const params = new URLSearchParams(location.search);
const requested = params.get('dataset');
const initial: BuiltinId = BUILTINS.find((b) => b.id === requested)?.id ?? 'glove-10k';
// ?config=URL (a projector_config.json) or ?data=URL[&metadata=URL] open a dataset from the
// web instead; when that fails the error stays on screen and the built-in set loads beneath it.
const config = params.get('config') ?? undefined;
const data = params.get('data') ?? undefined;
const metadata = params.get('metadata') ?? undefined;
// &embedding=NAME picks one of a config's embeddings; ?metadata= alone is refused with the reason.
if (config || data || metadata) {
  void store
    .getState()
    .actions.load.openUrls({ config, data, metadata, embedding: params.get('embedding') ?? undefined })
    .then((outcome) => {
      if ((outcome === 'failed' || outcome === 'cancelled') && !store.getState().data.dataset) void store.getState().actions.data.loadBuiltin(initial);
    });
} else void store.getState().actions.data.loadBuiltin(initial);

// Leaving the page loses the lab's training (until sessions are saved): ask first.
window.addEventListener('beforeunload', (e) => {
  if ((store.getState().lab.frame?.step ?? 0) > 0) e.preventDefault();
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>
  </StrictMode>,
);
