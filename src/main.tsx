import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { createAppStore } from './state/store';
import { createWorkerJobs } from './state/jobs';
import { StoreContext } from './state/hooks';
import { BUILTINS, type BuiltinId } from './state/types';
import './app/app.css';

const store = createAppStore(createWorkerJobs());

// ?dataset=mnist-10k opens another built-in set; anything unknown falls back to GloVe 10k.
const requested = new URLSearchParams(location.search).get('dataset');
const initial: BuiltinId = BUILTINS.find((b) => b.id === requested)?.id ?? 'glove-10k';
void store.getState().loadBuiltin(initial);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>
  </StrictMode>,
);
