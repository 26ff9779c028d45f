import { useAppStore } from '../../state/hooks';
import { selectDataset, selectDatasetVersion } from '../../state/selectors';
import type { AppState } from '../../state/appState';
import { effectivePreReduce, type ProjectionRun, type ProjectionSettings } from '../../state/projectTypes';
import { METHODS, PRE_REDUCE_DIMS, checkLimit, methodInfo, type MethodInfo, type ProjectionMethodId } from '../../compute/project/methods';
import { NumberField } from './ParamFields';
import { graphText, phaseText, qualityRows } from '../../components/Projection/format';
import { useT } from '../../i18n/useT';
import type { Translator } from '../../i18n/translate';
import { limitText, specText } from '../../state/projectText';
import { hasVectors } from '../../compute/dataset';
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

const SOURCES: readonly MethodInfo['source'][] = ['Sprout', 'umap-js', 'druid.js'];

/** The method's general limits, for its description. */
function methodLimits({ t }: Translator, m: MethodInfo): string | null {
  if (!Number.isFinite(m.slowAbove)) return null;
  return Number.isFinite(m.maxPoints) ? t('project.limit.slowMax', { slow: m.slowAbove, max: m.maxPoints }) : t('project.limit.slow', { slow: m.slowAbove });
}

/** Pick a method, set its parameters and seed, run it and watch it: the projection engine's panel. */
export function ProjectionPanel() {
  const dataset = useAppStore(selectDataset);
  const datasetVersion = useAppStore(selectDatasetVersion);
  const projection = useAppStore(selectProjection);
  const setMethod = useAppStore(selectSetMethod);
  const runCount = useAppStore(selectRunCount);
  const tr = useT();
  const { t } = tr;
  if (!dataset) return null;
  if (!hasVectors(dataset)) {
    return (
      <section className="panel projection" aria-labelledby="projection-title" data-testid="projection-panel">
        <h2 id="projection-title">{t('project.title')}</h2>
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
      <h2 id="projection-title">{t('project.title')}</h2>
      <label className="field projection-method">
        <span className="field-label">{t('project.method')}</span>
        <select data-testid="projection-method" value={method} onChange={(e) => setMethod(e.target.value as ProjectionMethodId)}>
          {SOURCES.map((source) => (
            <optgroup key={source} label={source === 'Sprout' ? t('project.builtIn') : source}>
              {METHODS.filter((m) => m.source === source).map((m) => (
                <option key={m.id} value={m.id}>
                  {m.label}
                  {checkLimit(m.id, runCount).level === 'ok' ? '' : checkLimit(m.id, runCount).level === 'slow' ? t('project.slowHere') : t('project.tooMany')}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <p className="hint" data-testid="projection-description">
        {t(`method.${info.id}`)} {methodLimits(tr, info)}
      </p>
      <ProjectionScope />
      {method !== 'pca' && (
        <>
          <Params tr={tr} info={info} settings={settings} dim={dataset.dim} />
          {limit.level === 'refuse' && (
            <p className="projection-warning" role="alert">
              {limitText(tr, limit)}
            </p>
          )}
          {confirm && <Confirm tr={tr} text={confirm} />}
          <Controls tr={tr} run={run} refused={limit.level === 'refuse'} />
          {run && <RunStatus tr={tr} run={run} n={run.subset?.rows.length ?? dataset.n} />}
        </>
      )}
    </section>
  );
}

function Params({ tr: { t }, info, settings, dim }: { tr: Translator; info: MethodInfo; settings: ProjectionSettings; dim: number }) {
  const update = useAppStore(selectUpdate);
  const { tsne, umap, druid } = settings;
  const canReduce = dim > PRE_REDUCE_DIMS;
  return (
    <div className="params" role="group" aria-label={t('project.params', { method: info.label })}>
      {info.params === 'tsne' && (
        <>
          <NumberField label={t('param.perplexity')} testId="tsne-perplexity" value={tsne.perplexity} min={1} max={200} onCommit={(v) => typeof v === 'number' && update({ tsne: { perplexity: v } })} />
          <NumberField
            label={t('param.learningRate')}
            testId="tsne-learning-rate"
            value={tsne.learningRate}
            min={1e-3}
            empty="auto"
            title={t('param.learningRate.title')}
            onCommit={(v) => v !== null && update({ tsne: { learningRate: v } })}
          />
          <NumberField label={t('param.iterations')} testId="tsne-iterations" value={tsne.iterations} min={1} max={100_000} integer onCommit={(v) => typeof v === 'number' && update({ tsne: { iterations: v } })} />
          <NumberField
            label={t('param.earlyExaggeration')}
            testId="tsne-early-exaggeration"
            value={tsne.earlyExaggeration}
            min={1}
            max={100}
            title={t('param.earlyExaggeration.title')}
            onCommit={(v) => typeof v === 'number' && update({ tsne: { earlyExaggeration: v } })}
          />
          <NumberField label={t('param.exaggeration')} testId="tsne-exaggeration" value={tsne.exaggeration} min={0.1} max={100} title={t('param.exaggeration.title')} onCommit={(v) => typeof v === 'number' && update({ tsne: { exaggeration: v } })} />
        </>
      )}
      {info.params === 'umap' && (
        <>
          <NumberField label={t('param.neighbours')} testId="umap-neighbors" value={umap.nNeighbors} min={2} max={200} integer onCommit={(v) => typeof v === 'number' && update({ umap: { nNeighbors: v } })} />
          <NumberField label={t('param.minDist')} testId="umap-min-dist" value={umap.minDist} min={0} max={umap.spread} onCommit={(v) => typeof v === 'number' && update({ umap: { minDist: v } })} />
          <NumberField label={t('param.spread')} testId="umap-spread" value={umap.spread} min={Math.max(1e-3, umap.minDist)} max={100} onCommit={(v) => typeof v === 'number' && update({ umap: { spread: v } })} />
          <NumberField
            label={t('param.epochs')}
            testId="umap-epochs"
            value={umap.epochs}
            min={1}
            max={100_000}
            integer
            empty="auto"
            title={t('param.epochs.title')}
            onCommit={(v) => v !== null && update({ umap: { epochs: v } })}
          />
        </>
      )}
      {info.params === 'druid-iterative' && (
        <NumberField label={t('param.iterations')} testId="druid-iterations" value={druid.iterations} min={1} max={100_000} integer empty="default" onCommit={(v) => v !== 'auto' && update({ druid: { iterations: v } })} />
      )}
      {(info.params === 'druid-neighbors' || info.id === 'pacmap' || info.id === 'localmap') && (
        <NumberField label={t('param.neighbours')} testId="druid-neighbors" value={druid.nNeighbors} min={2} max={200} integer onCommit={(v) => typeof v === 'number' && update({ druid: { nNeighbors: v } })} />
      )}
      <NumberField label={t('param.seed')} testId="projection-seed" value={settings.seed} min={0} max={2 ** 32 - 1} integer onCommit={(v) => typeof v === 'number' && update({ seed: v })} />
      <label className="param param-check" title={canReduce ? t('param.preReduce.title', { dims: PRE_REDUCE_DIMS }) : t('param.preReduce.already', { dim })}>
        <input
          type="checkbox"
          data-testid="projection-pre-reduce"
          checked={canReduce && effectivePreReduce(settings, dim)}
          disabled={!canReduce}
          onChange={(e) => update({ preReduce: e.target.checked })}
        />
        <span>{t('param.preReduce', { dims: PRE_REDUCE_DIMS })}</span>
      </label>
    </div>
  );
}

function Confirm({ tr: { t }, text }: { tr: Translator; text: string }) {
  const runProjection = useAppStore(selectRun);
  const dismiss = useAppStore(selectDismiss);
  return (
    <div className="projection-confirm" role="alertdialog" aria-label={t('project.slowMethod')} data-testid="projection-confirm">
      <p>{text}</p>
      <button type="button" className="button primary" onClick={() => void runProjection({ allowSlow: true })}>
        {t('project.runAnyway')}
      </button>
      <button type="button" className="button" onClick={dismiss}>
        {t('project.notNow')}
      </button>
    </div>
  );
}

function Controls({ tr: { t }, run, refused }: { tr: Translator; run: ProjectionRun | null; refused: boolean }) {
  const runProjection = useAppStore(selectRun);
  const pause = useAppStore(selectPause);
  const resume = useAppStore(selectResume);
  const step = useAppStore(selectStep);
  const cancel = useAppStore(selectCancel);
  const status = run?.status;
  const busy = status === 'running' || status === 'stepping';
  return (
    <div className="projection-controls">
      <button type="button" className="button primary" data-testid="projection-run" disabled={refused} title={t('project.run.title')} onClick={() => void runProjection()}>
        {t('project.run')}
      </button>
      {status === 'paused' ? (
        <button type="button" className="button" data-testid="projection-resume" onClick={() => void resume()}>
          {t('project.resume')}
        </button>
      ) : (
        <button type="button" className="button" data-testid="projection-pause" disabled={status !== 'running'} onClick={pause}>
          {t('project.pause')}
        </button>
      )}
      <button type="button" className="button" data-testid="projection-step" disabled={busy || refused} title={t('project.step.title')} onClick={() => void step()}>
        {t('project.step')}
      </button>
      <button type="button" className="button" data-testid="projection-cancel" disabled={!busy && status !== 'paused'} onClick={cancel}>
        {t('project.cancel')}
      </button>
    </div>
  );
}

const STATUS_KEY = {
  running: 'project.status.running',
  stepping: 'project.status.stepping',
  paused: 'project.status.paused',
  done: 'project.status.done',
  cancelled: 'project.status.cancelled',
  lost: 'project.status.lost',
  error: 'project.status.error',
} as const satisfies Record<ProjectionRun['status'], string>;

/** How many kernel threads the run had, said through the catalogue. */
function Threads({ n, method }: { n: number; method: ProjectionRun['spec']['method'] }) {
  const { t } = useT();
  const hint = n === 1 ? t('project.threadsHint.single') : method === 'umap' ? t('project.threadsHint.umapThreads') : undefined;
  return (
    <div className="meta-row">
      <dt>{t('project.threads')}</dt>
      <dd data-testid="projection-threads" title={hint}>
        {t('project.threadCount', { n })}
      </dd>
    </div>
  );
}

function RunStatus({ tr, run, n }: { tr: Translator; run: ProjectionRun; n: number }) {
  const { t, f } = tr;
  const phase = phaseText(tr, run.phase);
  const active = run.status === 'running' || run.status === 'stepping';
  const graph = graphText(tr, run.graph, run.timings);
  return (
    <div className="projection-status" data-testid="projection-status" data-status={run.status} data-phase={run.phase ?? ''}>
      <p className="projection-state">
        <strong data-testid="projection-state">{t(STATUS_KEY[run.status])}</strong>
        {run.status !== 'done' && run.status !== 'error' && run.status !== 'lost' && (
          <span>
            {' '}
            · {phase} {run.phase === 'layout' && run.progress === 0 ? t('project.initialising') : f.pct(run.progress, 0)}
          </span>
        )}
        {run.reused && <span className="hint">{t('project.reused')}</span>}
      </p>
      {(active || run.status === 'paused') && (
        <progress className="projection-progress" max={1} value={run.progress} aria-label={`${run.label}: ${phase}`} />
      )}
      {run.message && (
        <p className={run.status === 'lost' || run.status === 'error' ? 'projection-warning' : 'hint'} role="alert" data-testid="projection-message">
          {run.message}
        </p>
      )}
      <p className="projection-identity" data-testid="projection-identity" title={t('project.identity.title')}>
        {specText(tr, run.spec, run.subset?.rows.length)}
      </p>
      {run.timings && (
        <dl className="meta projection-timings" data-testid="projection-timings">
          {run.timings.reduceMs > 0.5 && (
            <div className="meta-row">
              <dt>{t('project.timing.pca')}</dt>
              <dd>{f.ms(run.timings.reduceMs)}</dd>
            </div>
          )}
          {graph && (
            <div className="meta-row">
              <dt>{t('project.timing.neighbours')}</dt>
              <dd data-testid="projection-graph-time">{graph}</dd>
            </div>
          )}
          <div className="meta-row">
            <dt>{t('project.timing.layout')}</dt>
            <dd data-testid="projection-layout-time">{f.ms(run.timings.layoutMs)}</dd>
          </div>
          <div className="meta-row">
            <dt>{t('project.timing.wall')}</dt>
            <dd>{f.ms(run.wallMs)}</dd>
          </div>
          <Threads n={run.timings.threads ?? 1} method={run.spec.method} />
        </dl>
      )}
      {run.qualityStatus === 'measuring' && <p className="hint" data-testid="projection-quality-measuring">{t('project.quality.measuring')}</p>}
      {run.quality && (
        <table className="projection-quality" data-testid="projection-quality">
          <caption>
            {t('project.quality.caption')} <span className="hint">{t('project.quality.measuredIn', { ms: run.quality.ms })}</span>
          </caption>
          <tbody>
            {qualityRows(tr, run.quality, n, run.accuracyColumn).map((r) => (
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
