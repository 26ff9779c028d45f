import { useAppStore } from '../state/hooks';
import { selectPca } from '../state/selectors';
import type { AppState } from '../state/appState';

const selectSetAxes = (s: AppState) => s.actions.data.setPcaAxes;
const selectShowsPca = (s: AppState) => s.explore.layout?.method === 'PCA';
const pct = (r: number | undefined) => `${((r ?? 0) * 100).toFixed(1)}%`;

/** Which principal components go on x and y, and how much variance they explain. */
export function PcaControls() {
  const pca = useAppStore(selectPca);
  const setAxes = useAppStore(selectSetAxes);
  const showsPca = useAppStore(selectShowsPca);
  // Axis choices only mean something while the plot shows PCA (not a t-SNE/UMAP layout).
  if (!pca || !showsPca) return null;
  const { explainedRatio, xComponent, yComponent } = pca;
  const options = explainedRatio.map((r, i) => (
    <option key={i} value={i}>
      PC{i + 1} ({pct(r)})
    </option>
  ));
  const shown = explainedRatio[xComponent] + (xComponent === yComponent ? 0 : explainedRatio[yComponent]);
  const bars = Math.max(...explainedRatio, 1e-9);
  return (
    <section className="panel" aria-labelledby="pca-title" data-testid="pca-controls">
      <h2 id="pca-title">PCA</h2>
      <div className="axis-pickers">
        <label className="field">
          <span className="field-label">x</span>
          <select data-testid="pca-x" value={xComponent} onChange={(e) => setAxes(Number(e.target.value), yComponent)}>
            {options}
          </select>
        </label>
        <label className="field">
          <span className="field-label">y</span>
          <select data-testid="pca-y" value={yComponent} onChange={(e) => setAxes(xComponent, Number(e.target.value))}>
            {options}
          </select>
        </label>
      </div>
      <p data-testid="pca-explained">
        Shown components explain <strong>{pct(shown)}</strong> of the variance.
      </p>
      <ol className="scree" aria-label="Explained variance per component">
        {explainedRatio.map((r, i) => (
          <li key={i} className={i === xComponent || i === yComponent ? 'shown' : ''} title={`PC${i + 1}: ${pct(r)}`}>
            <span style={{ height: `${(r / bars) * 100}%` }} />
          </li>
        ))}
      </ol>
    </section>
  );
}
