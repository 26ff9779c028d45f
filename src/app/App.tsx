import { lazy, Suspense } from 'react';
import { ScatterPlot } from '../components/ScatterPlot/ScatterPlot';
import { DatasetPicker } from '../components/DatasetPicker';
import { SearchBox } from '../components/SearchBox';
import { LoadBanner } from '../components/LoadBanner';
import { StatusLine } from '../components/StatusLine';
import { Notices } from '../components/Notices';
import { SelectionPanel } from '../components/SelectionPanel';
import { LassoPanel } from '../components/LassoPanel';
import { PcaControls } from '../components/PcaControls';
import { ProjectionPanel } from '../components/Projection/ProjectionPanel';
import { ColorControls } from '../components/ColorControls';
import { ClusterControls } from '../components/ClusterControls';
import { DropOverlay, LoadDataButton, LoadPanel } from '../components/LoadData';
import { useAppStore } from '../state/hooks';
import type { AppState } from '../state/store';
import { Logo } from './Logo';
import { ViewTabs } from './ViewTabs';
import { LanguageSwitch } from './LanguageSwitch';
import { useT } from '../i18n/useT';

// The lab is its own chunk: people who only explore never download it.
const LabView = lazy(() => import('../lab/LabView'));
const CompareView = lazy(() => import('../compare/CompareView'));

const selectView = (s: AppState) => s.view;

/** The shell: a toolbar, then the current view; the Explore view stays mounted so its zoom survives a visit to the lab. */
export function App() {
  const view = useAppStore(selectView);
  const { t } = useT();
  return (
    <div className="app">
      <header className="toolbar">
        <h1 className="brand">
          <Logo /> Sprout
        </h1>
        <ViewTabs />
        {view === 'explore' && (
          <>
            <DatasetPicker />
            <LoadDataButton />
          </>
        )}
        {view !== 'lab' && <SearchBox />}
        <LanguageSwitch />
      </header>
      <main className="workspace" hidden={view !== 'explore'}>
        <section className="plot-area" aria-label="Projection">
          <LoadBanner />
          <LoadPanel />
          <ScatterPlot />
        </section>
        <aside className="side-panel" aria-label="Details">
          <SelectionPanel />
          <LassoPanel />
          <ProjectionPanel />
          <PcaControls />
          <ColorControls />
          <ClusterControls />
        </aside>
      </main>
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
      {view === 'explore' && <DropOverlay />}
    </div>
  );
}
