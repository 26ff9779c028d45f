import { useAppStore } from '../../state/hooks';
import { selectDataset, selectDatasetVersion } from '../../state/selectors';
import type { AppState } from '../../state/appState';
import { effectivePreReduce, type ProjectionRun, type ProjectionSettings } from '../../state/projectTypes';
import { METHODS, PRE_REDUCE_DIMS, checkLimit, methodInfo, type MethodInfo, type ProjectionMethodId } from '../../compute/project/methods';
import { NumberField } from './ParamFields';
import { PHASE_LABEL, formatMs, graphText, qualityRows } from '../../components/Projection/format';
import { hasVectors } from '../../compute/dataset';
import { useT } from '../../i18n/useT';
import { ProjectionScope } from '../../components/Act/ProjectionScope';
import './Projection.css';

const selectProjection = (s: AppState) => s.projection;
const selectSetMethod = (s: AppState) => s.actions.projection.setMethod;
const selectUpdate = (s: AppState) => s.actions.projection.updateSettings;
const selectRun = (s: AppState) => s.actions.projection.run;
const selectPause = (s: AppState) => s.actions.projection.pause;
const selectResume = (s: AppState) => s.actions.projection.resume;
const selectStep = (s: AppState) => s.actions.projection.step;
const selectCancel = (s: AppState) => s.actions.projection.cancel;
const selectDismiss = (s: AppState) => s.actions.projection.dismissConfirm;
/** Points a run would lay out: the isolated rows, else every row. */
const selectRunCount = (s: AppState) => s.explore.isolation?.rows.length ?? s.data.dataset?.n ?? 0;

const int = (v: number) => v.toLocaleString('en-US');
const SOURCES: readonly MethodInfo['source'][] = ['Sprout', 'umap-js', 'druid.js'];

function limitText(m: MethodInfo): string | null {
  if (!Number.isFinite(m.slowAbove)) return null;
  return `Slow above ${int(m.slowAbove)} points${Number.isFinite(m.maxPoints) ? `; refused above ${int(m.maxPoints)}` : ''}.`;
}

/** Pick a method, set its parameters and seed, run it and watch it: the projection engine's panel. */
export function ProjectionPanel() {
  const dataset = useAppStore(selectDataset);
  const datasetVersion = useAppStore(selectDatasetVersion);
  const projection = useAppStore(selectProjection);
  const setMethod = useAppStore(selectSetMethod);
  const { t } = useT();
  const runCount = useAppStore(selectRunCount);
  if (!dataset) return null;
  if (!hasVectors(dataset)) {
    return (
      <section className="panel projection" aria-labelledby="projection-title" data-testid="projection-panel">
        <h2 id="projection-title">Projection</h2>
        <p className="hint" data-testid="projection-no-vectors">
          {t('projection.noVectors')}
        </p>
      </section>
    );
  }
  const { method, settings, confirm } = projection;
  const run = projection.run && projection.run.datasetVersion === datasetVersion ? projection.run : null;
  const info = methodInfo(method);
  const limit = checkLimit(method, runCount);
  return (
    <section className="panel projection" aria-labelledby="projection-title" data-testid="projection-panel">
      <h2 id="projection-title">Projection</h2>
      <label className="field projection-method">
        <span className="field-label">Method</span>
        <select data-testid="projection-method" value={method} onChange={(e) => setMethod(e.target.value as ProjectionMethodId)}>
          {SOURCES.map((source) => (
            <optgroup key={source} label={source === 'Sprout' ? 'Built in' : source}>
              {METHODS.filter((m) => m.source === source).map((m) => (
                <option key={m.id} value={m.id}>
                  {m.label}
                  {checkLimit(m.id, runCount).level === 'ok' ? '' : checkLimit(m.id, runCount).level === 'slow' ? ' (slow here)' : ' (too many points)'}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <p className="hint" data-testid="projection-description">
        {info.description} {limitText(info)}
      </p>
      <ProjectionScope />
      {method !== 'pca' && (
        <>
          <Params info={info} settings={settings} dim={dataset.dim} />
          {limit.level === 'refuse' && (
            <p className="projection-warning" role="alert">
              {limit.text}
            </p>
          )}
          {confirm && <Confirm text={confirm} />}
          <Controls run={run} refused={limit.level === 'refuse'} />
          {run && <RunStatus run={run} n={run.subset?.rows.length ?? dataset.n} />}
        </>
      )}
    </section>
  );
}

function Params({ info, settings, dim }: { info: MethodInfo; settings: ProjectionSettings; dim: number }) {
  const update = useAppStore(selectUpdate);
  const { tsne, umap, druid } = settings;
  const canReduce = dim > PRE_REDUCE_DIMS;
  return (
    <div className="params" role="group" aria-label={`${info.label} parameters`}>
      {info.params === 'tsne' && (
        <>
          <NumberField label="Perplexity" testId="tsne-perplexity" value={tsne.perplexity} min={1} max={200} onCommit={(v) => typeof v === 'number' && update({ tsne: { perplexity: v } })} />
          <NumberField
            label="Learning rate"
            testId="tsne-learning-rate"
            value={tsne.learningRate}
            min={1e-3}
            empty="auto"
            title="Empty = auto: max(n / early exaggeration, 200)"
            onCommit={(v) => v !== null && update({ tsne: { learningRate: v } })}
          />
          <NumberField label="Iterations" testId="tsne-iterations" value={tsne.iterations} min={1} max={100_000} integer onCommit={(v) => typeof v === 'number' && update({ tsne: { iterations: v } })} />
          <NumberField
            label="Early exaggeration"
            testId="tsne-early-exaggeration"
            value={tsne.earlyExaggeration}
            min={1}
            max={100}
            title="P multiplier for the first third of the iterations (at most 250)"
            onCommit={(v) => typeof v === 'number' && update({ tsne: { earlyExaggeration: v } })}
          />
          <NumberField label="Exaggeration" testId="tsne-exaggeration" value={tsne.exaggeration} min={0.1} max={100} title="P multiplier afterwards (1 = plain t-SNE)" onCommit={(v) => typeof v === 'number' && update({ tsne: { exaggeration: v } })} />
        </>
      )}
      {info.params === 'umap' && (
        <>
          <NumberField label="Neighbours" testId="umap-neighbors" value={umap.nNeighbors} min={2} max={200} integer onCommit={(v) => typeof v === 'number' && update({ umap: { nNeighbors: v } })} />
          <NumberField label="Min dist" testId="umap-min-dist" value={umap.minDist} min={0} max={umap.spread} onCommit={(v) => typeof v === 'number' && update({ umap: { minDist: v } })} />
          <NumberField label="Spread" testId="umap-spread" value={umap.spread} min={Math.max(1e-3, umap.minDist)} max={100} onCommit={(v) => typeof v === 'number' && update({ umap: { spread: v } })} />
          <NumberField
            label="Epochs"
            testId="umap-epochs"
            value={umap.epochs}
            min={1}
            max={100_000}
            integer
            empty="auto"
            title="Empty = auto: 500 up to 10,000 points, 200 above"
            onCommit={(v) => v !== null && update({ umap: { epochs: v } })}
          />
        </>
      )}
      {info.params === 'druid-iterative' && (
        <NumberField label="Iterations" testId="druid-iterations" value={druid.iterations} min={1} max={100_000} integer empty="default" onCommit={(v) => v !== 'auto' && update({ druid: { iterations: v } })} />
      )}
      {(info.params === 'druid-neighbors' || info.id === 'pacmap' || info.id === 'localmap') && (
        <NumberField label="Neighbours" testId="druid-neighbors" value={druid.nNeighbors} min={2} max={200} integer onCommit={(v) => typeof v === 'number' && update({ druid: { nNeighbors: v } })} />
      )}
      <NumberField label="Seed" testId="projection-seed" value={settings.seed} min={0} max={2 ** 32 - 1} integer onCommit={(v) => typeof v === 'number' && update({ seed: v })} />
      <label className="param param-check" title={canReduce ? `Reduce to ${PRE_REDUCE_DIMS} dimensions with PCA before the neighbour search` : `The data has ${dim} dimensions already`}>
        <input
          type="checkbox"
          data-testid="projection-pre-reduce"
          checked={canReduce && effectivePreReduce(settings, dim)}
          disabled={!canReduce}
          onChange={(e) => update({ preReduce: e.target.checked })}
        />
        <span>PCA → {PRE_REDUCE_DIMS} dims first</span>
      </label>
    </div>
  );
}

function Confirm({ text }: { text: string }) {
  const runProjection = useAppStore(selectRun);
  const dismiss = useAppStore(selectDismiss);
  return (
    <div className="projection-confirm" role="alertdialog" aria-label="Slow method" data-testid="projection-confirm">
      <p>{text}</p>
      <button type="button" className="button primary" onClick={() => void runProjection({ allowSlow: true })}>
        Run anyway
      </button>
      <button type="button" className="button" onClick={dismiss}>
        Not now
      </button>
    </div>
  );
}

function Controls({ run, refused }: { run: ProjectionRun | null; refused: boolean }) {
  const runProjection = useAppStore(selectRun);
  const pause = useAppStore(selectPause);
  const resume = useAppStore(selectResume);
  const step = useAppStore(selectStep);
  const cancel = useAppStore(selectCancel);
  const status = run?.status;
  const busy = status === 'running' || status === 'stepping';
  return (
    <div className="projection-controls">
      <button type="button" className="button primary" data-testid="projection-run" disabled={refused} title="Start from the beginning" onClick={() => void runProjection()}>
        Run
      </button>
      {status === 'paused' ? (
        <button type="button" className="button" data-testid="projection-resume" onClick={() => void resume()}>
          Resume
        </button>
      ) : (
        <button type="button" className="button" data-testid="projection-pause" disabled={status !== 'running'} onClick={pause}>
          Pause
        </button>
      )}
      <button type="button" className="button" data-testid="projection-step" disabled={busy || refused} title="One iteration / epoch" onClick={() => void step()}>
        Step
      </button>
      <button type="button" className="button" data-testid="projection-cancel" disabled={!busy && status !== 'paused'} onClick={cancel}>
        Cancel
      </button>
    </div>
  );
}

const STATUS_TEXT: Readonly<Record<ProjectionRun['status'], string>> = {
  running: 'Running',
  stepping: 'Stepping',
  paused: 'Paused',
  done: 'Done',
  cancelled: 'Cancelled',
  lost: 'Lost',
  error: 'Failed',
};

function RunStatus({ run, n }: { run: ProjectionRun; n: number }) {
  const phase = run.phase ? PHASE_LABEL[run.phase] : 'Starting';
  const active = run.status === 'running' || run.status === 'stepping';
  const graph = graphText(run.graph, run.timings);
  return (
    <div className="projection-status" data-testid="projection-status" data-status={run.status} data-phase={run.phase ?? ''}>
      <p className="projection-state">
        <strong data-testid="projection-state">{STATUS_TEXT[run.status]}</strong>
        {run.status !== 'done' && run.status !== 'error' && run.status !== 'lost' && (
          <span>
            {' '}
            · {phase} {run.phase === 'layout' && run.progress === 0 ? '(initialising)' : `${Math.round(run.progress * 100)}%`}
          </span>
        )}
        {run.reused && <span className="hint"> · shown again from the last run with these settings</span>}
      </p>
      {(active || run.status === 'paused') && (
        <progress className="projection-progress" max={1} value={run.progress} aria-label={`${run.label}: ${phase}`} />
      )}
      {run.message && (
        <p className={run.status === 'lost' || run.status === 'error' ? 'projection-warning' : 'hint'} role="alert" data-testid="projection-message">
          {run.message}
        </p>
      )}
      <p className="projection-identity" data-testid="projection-identity" title="Same data + these settings = the same layout, bit for bit">
        {run.identity}
      </p>
      {run.timings && (
        <dl className="meta projection-timings" data-testid="projection-timings">
          {run.timings.reduceMs > 0.5 && (
            <div className="meta-row">
              <dt>PCA</dt>
              <dd>{formatMs(run.timings.reduceMs)}</dd>
            </div>
          )}
          {graph && (
            <div className="meta-row">
              <dt>Neighbours</dt>
              <dd data-testid="projection-graph-time">{graph}</dd>
            </div>
          )}
          <div className="meta-row">
            <dt>Layout</dt>
            <dd data-testid="projection-layout-time">{formatMs(run.timings.layoutMs)}</dd>
          </div>
          <div className="meta-row">
            <dt>Wall clock</dt>
            <dd>{formatMs(run.wallMs)}</dd>
          </div>
        </dl>
      )}
      {run.qualityStatus === 'measuring' && <p className="hint" data-testid="projection-quality-measuring">Measuring quality…</p>}
      {run.quality && (
        <table className="projection-quality" data-testid="projection-quality">
          <caption>
            Quality <span className="hint">(measured in {formatMs(run.quality.ms)})</span>
          </caption>
          <tbody>
            {qualityRows(run.quality, n, run.accuracyColumn).map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                <td className="num">{r.value}</td>
                <td className="hint">{r.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
