import { useState } from 'react';
import type { FormatId } from '../../compute/formats/sniff';
import { useAppStore } from '../../state/hooks';
import type { LoadFailure } from '../../compute/formats/loadTypes';
import type { SampleChoice } from '../../compute/select/sample';
import { DEFAULT_SAMPLE_SIZE, type FileLoad, type FormatChoice } from '../../state/loadTypes';
import type { AppState } from '../../state/appState';
import { useT } from '../../i18n/useT';
import { FORMAT_CHOICES, formatChoiceName, formatName, megabytes } from './formats';
import type { Translate } from '../../i18n/translate';
import { loadErrorText } from './loadErrors';
import './LoadData.css';

const selectFileLoad = (s: AppState) => s.load.status;
const selectCancel = (s: AppState) => s.actions.load.cancel;
const selectDismiss = (s: AppState) => s.actions.load.dismiss;
const selectRetry = (s: AppState) => s.actions.load.retry;
const selectConfirm = (s: AppState) => s.actions.load.confirm;
const selectKeepWaiting = (s: AppState) => s.actions.load.keepWaiting;
const selectLoaded = (s: AppState) => s.load.loaded;
const selectOpenEmbedding = (s: AppState) => s.actions.load.openEmbedding;
const selectChooseLabels = (s: AppState) => s.actions.load.chooseLabels;

/** Reading progress with Cancel, the problems when a file is wrong, or the questions before showing a big or NaN-holding file. */
export function LoadPanel() {
  const fileLoad = useAppStore(selectFileLoad);
  switch (fileLoad.kind) {
    case 'idle':
      return <EmbeddingPicker />;
    case 'reading':
      return <Progress load={fileLoad} />;
    case 'failed':
      return <Failure key={`${fileLoad.what}\n${fileLoad.message}`} load={fileLoad} />;
    case 'review':
      return <Review key={fileLoad.result.dataset.id} load={fileLoad} />;
  }
}

/** After a projector config with several embeddings: which one is shown, and the others to pick. */
function EmbeddingPicker() {
  const { t } = useT();
  const loaded = useAppStore(selectLoaded);
  const openEmbedding = useAppStore(selectOpenEmbedding);
  if (!loaded?.embeddings || loaded.embeddings.length < 2) return null;
  return (
    <div className="file-load embedding-picker" data-testid="embedding-picker">
      <span>{t('load.embeddings', { n: loaded.embeddings.length })}</span>{' '}
      <label className="field">
        <span className="field-label">{t('load.embedding')}</span>
        <select data-testid="embedding-select" value={loaded.embedding ?? ''} onChange={(e) => void openEmbedding(e.target.value)}>
          {loaded.embeddings.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

/** A download that went silent: names the URL, offers to keep waiting or to cancel. */
function StallNotice({ load }: { load: Extract<FileLoad, { kind: 'reading' }> }) {
  const { t } = useT();
  const cancel = useAppStore(selectCancel);
  const keepWaiting = useAppStore(selectKeepWaiting);
  const stalled = load.stalled;
  if (!stalled || stalled.silentMs <= load.stallAccepted) return null;
  return (
    <div className="file-load-stalled" role="alert" data-testid="file-load-stalled">
      <span>{t('load.stalled', { url: stalled.url, seconds: Math.round(stalled.silentMs / 1000) })}</span>{' '}
      <button type="button" data-testid="file-load-keep-waiting" onClick={keepWaiting}>
        {t('load.keepWaiting')}
      </button>{' '}
      <button type="button" data-testid="file-load-stall-cancel" onClick={cancel}>
        {t('load.cancel')}
      </button>
    </div>
  );
}

function Progress({ load }: { load: Extract<FileLoad, { kind: 'reading' }> }) {
  const { t } = useT();
  const cancel = useAppStore(selectCancel);
  const fraction = load.totalBytes ? Math.min(1, load.bytes / load.totalBytes) : null;
  return (
    <div className="file-load" role="status" data-testid="file-load-progress">
      <div className="file-load-line">
        <span>
          {t('loadPanel.reading')} <strong>{load.file}</strong>
          {' — '}
          <span data-testid="file-load-bytes">{t('loadPanel.bytes', { read: megabytes(load.bytes), total: load.totalBytes !== null ? megabytes(load.totalBytes) : null })}</span>
          {' · '}
          <span data-testid="file-load-rows">{t('loadPanel.rows', { n: load.rows })}</span>
        </span>
        <button type="button" data-testid="file-load-cancel" onClick={cancel}>
          {t('loadPanel.cancel')}
        </button>
      </div>
      <progress max={1} value={fraction ?? undefined} aria-label={t('loadPanel.readingWhat', { what: load.what })} />
      <StallNotice load={load} />
    </div>
  );
}

function problemLine(t: Translate, f: LoadFailure, p: LoadFailure['problems'][number]): string {
  if (p.line <= 0) return p.message;
  return t('loadPanel.line', { unit: f.unit, line: p.line, column: p.column ?? null, message: p.message });
}

function Failure({ load }: { load: Extract<FileLoad, { kind: 'failed' }> }) {
  const { t } = useT();
  const dismiss = useAppStore(selectDismiss);
  const retry = useAppStore(selectRetry);
  const f = load.failure;
  const [format, setFormat] = useState<FormatChoice>(f?.format && FORMAT_CHOICES.some((c) => c === f.format) ? f.format : 'auto');
  return (
    <div className="file-load error" role="alert" data-testid="file-load-error">
      <h2>{t('loadPanel.couldNotLoad', { what: load.what })}</h2>
      {f ? (
        <>
          <p className="file-load-file">
            <strong data-testid="file-load-error-file">{f.file}</strong>
            {f.totalProblems > 1 && t('loadPanel.problems', { n: f.totalProblems, more: f.truncated })}
          </p>
          <ol className="file-load-problems" data-testid="file-load-problems">
            {f.code ? (
              <li data-code={f.code}>{loadErrorText(t, f.code, f.params)}</li>
            ) : (
              f.problems.map((p, i) => <li key={i}>{problemLine(t, f, p)}</li>)
            )}
          </ol>
          {f.truncated && <p className="hint">{t('loadPanel.stoppedAfter', { n: f.problems.length })}</p>}
          {!f.truncated && f.totalProblems > f.problems.length && <p className="hint">{t('loadPanel.andMore', { n: f.totalProblems - f.problems.length })}</p>}
          {f.format && (
            <p className="hint" data-testid="file-load-format">
              {t('loadPanel.readAs', { format: formatName(f.format), why: f.formatWhy ?? '' })}
            </p>
          )}
        </>
      ) : (
        <p className="file-load-message">{load.message}</p>
      )}
      <p className="hint">{t('loadPanel.unchanged')}</p>
      <div className="file-load-actions">
        {f?.nonFinite && (
          <button type="button" data-testid="file-load-drop-nonfinite" onClick={() => void retry({ nonFinite: 'drop' })}>
            {t('loadPanel.dropNonFinite')}
          </button>
        )}
        <label className="field">
          <span className="field-label">{t('loadPanel.readAsLabel')}</span>
          <select data-testid="file-load-format-select" value={format} onChange={(e) => setFormat(e.target.value as FormatChoice)}>
            {FORMAT_CHOICES.map((c) => (
              <option key={c} value={c}>
                {formatChoiceName(t, c)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" data-testid="file-load-retry" onClick={() => void retry({ format })}>
          {t('loadPanel.tryAgain')}
        </button>
        <button type="button" data-testid="file-load-dismiss" onClick={dismiss}>
          {t('loadPanel.close')}
        </button>
      </div>
    </div>
  );
}

/** Which text column names the points, when the file has several (Parquet, CSV); another choice reads the file again. */
function LabelColumnPicker({ load }: { load: Extract<FileLoad, { kind: 'review' }> }) {
  const { t } = useT();
  const chooseLabels = useAppStore(selectChooseLabels);
  const choice = load.result.labelChoice;
  if (!choice || choice.columns.length < 2) return null;
  return (
    <div className="file-load-labels">
      <label className="field">
        <span className="field-label">{t('loadPanel.labelsFrom')}</span>
        <select data-testid="file-load-label-column" value={choice.chosen ?? ''} onChange={(e) => void chooseLabels(e.target.value)}>
          {choice.chosen === null && <option value="" disabled />}
          {choice.columns.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <p className="hint">{t('loadPanel.labelsFromHint')}</p>
    </div>
  );
}

function Review({ load }: { load: Extract<FileLoad, { kind: 'review' }> }) {
  const { t } = useT();
  const confirm = useAppStore(selectConfirm);
  const dismiss = useAppStore(selectDismiss);
  const ds = load.result.dataset;
  const strataColumns = ds.columns.filter((c) => c.type === 'category' || c.type === 'text');
  const [mode, setMode] = useState<SampleChoice['rows']>(load.large ? 'random' : 'all');
  const [size, setSize] = useState(Math.min(DEFAULT_SAMPLE_SIZE, ds.n));
  const [seed, setSeed] = useState(1);
  const [column, setColumn] = useState(strataColumns[0]?.name ?? '');
  const dropped = load.result.droppedRows;
  // The parser's warning names the first lines ("… (lines 3, 6, …) …").
  const where = /\(((?:lines?|rows?) [^)]*)\)/.exec(load.result.warnings.find((w) => /NaN or Infinity/.test(w)) ?? '')?.[1] ?? '';

  const choice = (): SampleChoice =>
    mode === 'all' ? { rows: 'all' } : mode === 'random' ? { rows: 'random', size, seed } : { rows: 'stratified', column, size, seed };
  const showLabel = load.askNonFinite ? t('loadPanel.dropAndShow', { n: dropped }) : t('loadPanel.show');

  return (
    <div className="file-load" role="dialog" aria-labelledby="file-load-review-title" data-testid="file-load-review">
      <h2 id="file-load-review-title">
        {t('loadPanel.shape', { what: load.what, n: ds.n + (load.askNonFinite ? dropped : 0), dim: ds.dim })}
      </h2>
      <LabelColumnPicker load={load} />
      {load.askNonFinite && (
        <p className="file-load-warning" data-testid="file-load-nonfinite">
          {t('loadPanel.nonFinite', { dropped, where, rest: ds.n })}
        </p>
      )}
      {load.large && (
        <fieldset className="file-load-sample" data-testid="file-load-sample">
          <legend>{t('loadPanel.aLot')}</legend>
          <label>
            <input type="radio" name="sample" checked={mode === 'random'} onChange={() => setMode('random')} /> {t('loadPanel.random')}
          </label>
          {strataColumns.length > 0 && (
            <label>
              <input type="radio" name="sample" checked={mode === 'stratified'} onChange={() => setMode('stratified')} /> {t('loadPanel.stratified')}{' '}
              <select aria-label={t('loadPanel.stratifyBy')} value={column} onChange={(e) => setColumn(e.target.value)} disabled={mode !== 'stratified'}>
                {strataColumns.map((c) => (
                  <option key={c.name} value={c.name}>
                    {c.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label>
            <input type="radio" name="sample" checked={mode === 'all'} onChange={() => setMode('all')} data-testid="file-load-all" /> {t('loadPanel.all', { n: ds.n })}
          </label>
          {mode !== 'all' && (
            <div className="file-load-sample-size">
              <label className="field">
                <span className="field-label">{t('loadPanel.rowsLabel')}</span>
                <input
                  type="number"
                  min={1}
                  max={ds.n}
                  value={size}
                  data-testid="file-load-sample-size"
                  onChange={(e) => setSize(Math.max(1, Math.min(ds.n, Math.floor(Number(e.target.value) || 1))))}
                />
              </label>
              <label className="field">
                <span className="field-label">{t('loadPanel.seed')}</span>
                <input type="number" value={seed} onChange={(e) => setSeed(Math.floor(Number(e.target.value) || 0))} />
              </label>
            </div>
          )}
        </fieldset>
      )}
      <div className="file-load-actions">
        <button type="button" className="primary" data-testid="file-load-show" onClick={() => void confirm(choice())}>
          {showLabel}
        </button>
        <button type="button" data-testid="file-load-stop" onClick={dismiss}>
          {load.askNonFinite ? t('loadPanel.stop') : t('loadPanel.cancel')}
        </button>
      </div>
      <p className="hint">{t('loadPanel.readAsStays', { format: formatName(load.result.format as FormatId) })}</p>
    </div>
  );
}
