import { ScatterPlot } from '../components/ScatterPlot/ScatterPlot';
import { DatasetPicker } from '../components/DatasetPicker';
import { SearchBox } from '../components/SearchBox';
import { LoadBanner } from '../components/LoadBanner';
import { StatusLine } from '../components/StatusLine';
import { Notices } from '../components/Notices';
import { SelectionPanel } from '../components/SelectionPanel';
import { PcaControls } from '../components/PcaControls';
import { ColorControls } from '../components/ColorControls';
import { Logo } from './Logo';

/** The shell: a toolbar, the plot in the middle, panels on the right, a status line below. */
export function App() {
  return (
    <div className="app">
      <header className="toolbar">
        <h1 className="brand">
          <Logo /> Sprout
        </h1>
        <DatasetPicker />
        <SearchBox />
      </header>
      <main className="workspace">
        <section className="plot-area" aria-label="Projection">
          <LoadBanner />
          <ScatterPlot />
        </section>
        <aside className="side-panel" aria-label="Details">
          <SelectionPanel />
          <PcaControls />
          <ColorControls />
        </aside>
      </main>
      <StatusLine />
      <Notices />
    </div>
  );
}
