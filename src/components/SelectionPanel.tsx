import { cellText, hasVectors } from '../compute/dataset';
import type { NeighborMetric } from '../compute/neighbors/query';
import { useT } from '../i18n/useT';
import type { Translator } from '../i18n/translate';
import { useAppStore } from '../state/hooks';
import { selectDataset, selectNeighbors, selectSelected } from '../state/selectors';
import type { AppState } from '../state/appState';
import type { NeighborProblem, NeighborSource } from '../state/exploreTypes';
import { ArithmeticForm, NeighborControls } from './Act/NeighborControls';
import { RowImage } from './RowImage';
import './Act/act.css';

const selectActions = (s: AppState) => s.actions.explore;
const selectSource = (s: AppState) => s.explore.neighborsOf;
const selectProblem = (s: AppState) => s.explore.neighborProblem;
const selectMetric = (s: AppState): NeighborMetric => s.explore.neighborSettings.metric ?? s.data.dataset?.metric ?? 'cosine';

/** Bar length: the similarity itself for cosine; for distances, the nearest is the full bar; for dot products, relative to the largest. */
export function barFraction(value: number, nearest: number, metric: NeighborMetric): number {
  const f = metric === 'cosine' ? value : metric === 'euclidean' ? (value > 0 ? nearest / value : 1) : nearest > 0 ? value / nearest : 0;
  return Math.max(0, Math.min(1, f));
}

function problemText(p: NeighborProblem, t: Translator['t']): string {
  switch (p.kind) {
    case 'empty':
      return t('neighbors.problem.empty');
    case 'missing-word':
      return t('neighbors.problem.missingWord');
    case 'no-set':
      return t('neighbors.problem.noSet');
    case 'unknown':
      return t('neighbors.problem.unknown', { words: p.words.join(', ') });
    case 'failed':
      return t('neighbors.problem.failed', { error: p.error });
  }
}

function listTitle(source: NeighborSource, n: number, t: Translator['t']): string {
  if (source.kind === 'row') return t('neighbors.title.row', { n });
  if (source.kind === 'centroid') return t('neighbors.title.centroid', { n, count: source.count });
  return t('neighbors.title.arithmetic', { n, text: source.text });
}

/** The selected point, its metadata, and nearest neighbours (of it, of the lit set's centre, or of vector arithmetic) in the original space. */
export function SelectionPanel() {
  const { t, f } = useT();
  const dataset = useAppStore(selectDataset);
  const selected = useAppStore(selectSelected);
  const neighbors = useAppStore(selectNeighbors);
  const source = useAppStore(selectSource);
  const problem = useAppStore(selectProblem);
  const metric = useAppStore(selectMetric);
  const actions = useAppStore(selectActions);
  if (!dataset) return null;
  const hasPoint = selected >= 0 && selected < dataset.n;
  // A file of coordinates only: no original space to search, so no neighbour controls.
  const vectors = hasVectors(dataset);
  return (
    <section className="panel" aria-labelledby="selection-title" data-testid="selection-panel">
      <h2 id="selection-title">{t('selection.title')}</h2>
      {hasPoint ? (
        <div className="selected-point">
          {dataset.images && <RowImage images={dataset.images} index={selected} />}
          <div>
            <div className="selected-label" data-testid="selected-label">
              {dataset.labels[selected]}
            </div>
            <dl className="meta">
              <dt>{t('selection.row')}</dt>
              <dd>{selected}</dd>
              {dataset.columns.map((c) => (
                <div key={c.name} className="meta-row">
                  <dt>{c.name}</dt>
                  <dd>{cellText(c, selected) || '—'}</dd>
                </div>
              ))}
            </dl>
          </div>
        </div>
      ) : (
        !source && vectors && <p className="hint">{t('selection.hint')}</p>
      )}
      {!vectors && (
        <p className="hint" data-testid="no-vectors">
          {t('selection.noVectors')}
        </p>
      )}
      {vectors && <NeighborControls />}
      {vectors && <ArithmeticForm />}
      {problem && (
        <p className="act-problem" role="alert" data-testid="neighbor-problem">
          {problemText(problem, t)}
        </p>
      )}
      {source && (
        <>
          <h3 data-testid="neighbors-title">
            {neighbors ? listTitle(source, neighbors.length, t) : ''}{' '}
            <span className="hint">
              ({t(`neighbors.metric.${metric}`)}, {t('neighbors.space')})
            </span>
          </h3>
          {!neighbors ? (
            <p className="hint">{t('neighbors.searching')}</p>
          ) : (
            <ol className="neighbors" data-testid="neighbors">
              {neighbors.map((nb) => (
                <li key={nb.index}>
                  <button type="button" className="neighbor" onClick={() => void actions.select(nb.index)} data-testid="neighbor">
                    {dataset.images && <RowImage images={dataset.images} index={nb.index} size={24} />}
                    <span className="neighbor-label">{dataset.labels[nb.index]}</span>
                    <span className="neighbor-value">{f.fixed(nb.value, 3)}</span>
                    <span className="neighbor-bar" aria-hidden="true">
                      <span style={{ width: `${barFraction(nb.value, neighbors[0].value, metric) * 100}%` }} />
                    </span>
                  </button>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
      {(hasPoint || source) && (
        <button type="button" className="link-button" data-testid="selection-clear" onClick={() => void actions.select(-1)}>
          {hasPoint ? t('selection.clear') : t('neighbors.clear')}
        </button>
      )}
    </section>
  );
}
