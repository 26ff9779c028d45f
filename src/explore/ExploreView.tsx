import { useState } from 'react';
import { LinkedScatterPlot } from '../components/LinkedPlot/LinkedScatterPlot';
import { ClusterControls } from '../components/ClusterControls';
import { ColorControls } from '../components/ColorControls';
import { LassoPanel } from '../components/LassoPanel';
import { SearchResults } from '../components/Act/SearchResults';
import { SetPanel } from '../components/Act/SetPanel';
import { SelectionPanel } from '../components/SelectionPanel';
import { useT } from '../i18n/useT';
import { selectShownLayout } from '../state/isolation';
import { DatasetPicker } from './DatasetPicker';
import { IntroLine } from './IntroLine';
import { LayoutSwitch } from './LayoutSwitch';
import { LoadBanner } from './LoadBanner';
import { DropOverlay } from './LoadData/DropOverlay';
import { LoadDataButton } from './LoadData/LoadDataButton';
import { LoadPanel } from './LoadData/LoadPanel';
import { PcaControls } from './PcaControls';
import { ProjectionPanel } from './Projection/ProjectionPanel';

/** Explore's binding of the plot: the current layout, with only the isolated rows when some are. */
const selectCurrentLayout = selectShownLayout;

/** Explore's part of the toolbar: which data to show. */
export function ExploreToolbar() {
  return (
    <>
      <DatasetPicker />
      <LoadDataButton />
    </>
  );
}

/**
 * The Explore view: the current dataset's layout with its panels. It stays mounted
 * (hidden) while another view shows, so its zoom survives a visit to the lab. Under
 * 900 px the side panel is a drawer over the plot (app.css), opened by a button, so the
 * plot keeps the whole width.
 */
export function ExploreView({ hidden }: { hidden: boolean }) {
  const { t } = useT();
  const [drawerOpen, setDrawerOpen] = useState(false);
  return (
    <>
      <main className={drawerOpen ? 'workspace drawer-open' : 'workspace'} hidden={hidden}>
        <section className="plot-area" aria-label="Projection">
          <LoadBanner />
          <LoadPanel />
          <LinkedScatterPlot selectLayout={selectCurrentLayout} syncCamera />
          <IntroLine />
          <button type="button" className="drawer-toggle" data-testid="drawer-toggle" aria-expanded={drawerOpen} aria-controls="explore-details" title={t('app.details.label')} onClick={() => setDrawerOpen(true)}>
            {t('app.details.open')}
          </button>
        </section>
        <aside className="side-panel" id="explore-details" aria-label="Details">
          <button type="button" className="drawer-close" data-testid="drawer-close" onClick={() => setDrawerOpen(false)}>
            {t('app.details.close')}
          </button>
          <SelectionPanel />
          <SetPanel />
          <LassoPanel />
          <SearchResults />
          <LayoutSwitch />
          <ProjectionPanel />
          <PcaControls />
          <ColorControls />
          <ClusterControls />
        </aside>
      </main>
      {/* Dropping a file anywhere loads it, while Explore is the view on screen. */}
      {!hidden && <DropOverlay />}
    </>
  );
}
