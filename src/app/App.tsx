import { lazy, Suspense, useCallback, useState } from 'react';
import { ExportMenu } from '../components/Act/ExportMenu';
import { HelpButton, HelpOverlay } from '../components/Act/HelpOverlay';
import { SearchBox } from '../components/SearchBox';
import { StatusLine } from '../components/StatusLine';
import { Notices } from '../components/Notices';
import { ExploreToolbar, ExploreView } from '../explore/ExploreView';
import { useAppStore } from '../state/hooks';
import type { AppState } from '../state/appState';
import { Logo } from './Logo';
import { ViewTabs } from './ViewTabs';
import { LanguageSwitch } from './LanguageSwitch';
import { useT } from '../i18n/useT';
import { useGlobalKeys } from './useGlobalKeys';

// The lab is its own chunk: people who only explore never download it.
const LabView = lazy(() => import('../lab/LabView'));
const CompareView = lazy(() => import('../compare/CompareView'));

const selectView = (s: AppState) => s.ui.view;

/** The shell: a toolbar, then the current view; the Explore view stays mounted so its zoom survives a visit to the lab. */
export function App() {
  const view = useAppStore(selectView);
  const { t } = useT();
  const [helpOpen, setHelpOpen] = useState(false);
  const openHelp = useCallback(() => setHelpOpen(true), []);
  const closeHelp = useCallback(() => setHelpOpen(false), []);
  useGlobalKeys(openHelp, helpOpen);
  return (
    <div className="app">
      <header className="toolbar">
        <h1 className="brand">
          <Logo /> Sprout
        </h1>
        <ViewTabs />
        {view === 'explore' && <ExploreToolbar />}
        {view !== 'lab' && <SearchBox />}
        <ExportMenu />
        <LanguageSwitch />
        <HelpButton onOpen={openHelp} />
      </header>
      <ExploreView hidden={view !== 'explore'} />
      {view === 'compare' && (
        <Suspense fallback={<div className="view-loading">{t('app.loading.compare')}</div>}>
          <CompareView />
        </Suspense>
      )}
      {view === 'lab' && (
        <Suspense fallback={<div className="view-loading">{t('app.loading.lab')}</div>}>
          <LabView />
        </Suspense>
      )}
      <StatusLine />
      <Notices />
      {helpOpen && <HelpOverlay onClose={closeHelp} />}
    </div>
  );
}
