import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { createAppStore } from './state/store';
import { createWorkerJobs } from './state/jobs';
import { StoreContext } from './state/hooks';
import { pickLocale } from './i18n/locale';
import { parseLabUrl } from './state/labUrl';
import { bootShare, createSessionJobs, tabMemory } from './share/boot';
import { openSproutDb } from './share/persist/db';
import { SessionStore } from './share/persist/sessionStore';
import { installTestHooks } from './app/testHooks';
import './app/app.css';

// Saved sessions live in IndexedDB; a browser without it (some private windows) gets null
// and the app works without them (bootShare says so).
const repo = openSproutDb().then((db) => (db ? new SessionStore(db) : null));
const tab = tabMemory(() => sessionStorage);
const { faults, ...workerJobs } = createWorkerJobs();
const store = createAppStore({ ...workerJobs, ...createSessionJobs(repo, tab, () => location.assign(location.pathname)) });
// Fault injection for e2e tests and `npm run reliability`, only on a page the harness prepared.
installTestHooks(faults);

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

// The view to open — a link (?dataset=…, ?config=URL, ?data=URL&metadata=URL, or a whole
// view), this tab's session after a reload, or the latest session — is applied, and from
// then on the address and the saved session follow the store (src/share/boot.ts).
// ?view=lab&lesson=…: a link into the training lab (a lesson step, or the lab's settings),
// applied on top of the restored view; it stays the address while the lab shows it.
const labLink = parseLabUrl(location.search);
const onTop = labLink
  ? async (): Promise<void> => {
      store.getState().actions.ui.setView('lab');
      await store.getState().actions.lab.applyUrlState(labLink);
    }
  : undefined;
const share = bootShare({ store, repo, history: { location, pushState: (...a) => history.pushState(...a), replaceState: (...a) => history.replaceState(...a), addEventListener: (t, l) => addEventListener(t, l), removeEventListener: (t, l) => removeEventListener(t, l) }, tab, onTop });
// Save what is pending when the page is hidden or closed (a reload loses nothing saved by then).
const flush = (): void => void share.then((s) => s.flush());
addEventListener('pagehide', flush);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') flush();
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
