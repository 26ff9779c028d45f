import { LinkedScatterPlot } from '../components/LinkedPlot/LinkedScatterPlot';
import { ClusterControls } from '../components/ClusterControls';
import { ColorControls } from '../components/ColorControls';
import { LassoPanel } from '../components/LassoPanel';
import { SearchResults } from '../components/Act/SearchResults';
import { SetPanel } from '../components/Act/SetPanel';
import { SelectionPanel } from '../components/SelectionPanel';
import { selectShownLayout } from '../state/isolation';
import { DatasetPicker } from './DatasetPicker';
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
 * (hidden) while another view shows, so its zoom survives a visit to the lab.
 */
export function ExploreView({ hidden }: { hidden: boolean }) {
  return (
    <>
      <main className="workspace" hidden={hidden}>
        <section className="plot-area" aria-label="Projection">
          <LoadBanner />
          <LoadPanel />
          <LinkedScatterPlot selectLayout={selectCurrentLayout} />
        </section>
        <aside className="side-panel" aria-label="Details">
          <SelectionPanel />
          <SetPanel />
          <LassoPanel />
          <SearchResults />
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
