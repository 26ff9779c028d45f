import { useRef, useState, type ChangeEvent } from 'react';
import { useAppStore } from '../state/hooks';
import type { AppState } from '../state/appState';
import type { LabConfig } from '../compute/train/labSession';
import { DEFAULT_LAB_CONFIG, PRETRAINED_DIM } from '../compute/train/labSession';
import { CORPORA } from '../compute/train/corpora';

const selectSession = (s: AppState) => s.lab.session;
const selectPhase = (s: AppState) => s.lab.phase;
const selectSetCorpus = (s: AppState) => s.actions.lab.setCorpus;
const selectApply = (s: AppState) => s.actions.lab.applyConfig;
const selectPlay = (s: AppState) => s.actions.lab.play;
const selectPause = (s: AppState) => s.actions.lab.pause;
const selectStep = (s: AppState) => s.actions.lab.step;
const selectReset = (s: AppState) => s.actions.lab.reset;
const selectSpeed = (s: AppState) => s.lab.speed;
const selectSetSpeed = (s: AppState) => s.actions.lab.setSpeed;
const selectFinished = (s: AppState) => s.lab.frame?.finished ?? false;

const TIED_DEFAULTS = { window: 2, lr: 0.1, batchWords: 200 } as const;
const SKIPGRAM_DEFAULTS = { window: DEFAULT_LAB_CONFIG.window, lr: DEFAULT_LAB_CONFIG.lr, batchWords: DEFAULT_LAB_CONFIG.batchWords } as const;

/** Speed stops: batches per second; 0 = as fast as the worker can. */
export const SPEEDS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 0] as const;

export function speedText(v: number): string {
  return v === 0 ? 'max' : `${v}/s`;
}

/** Which text to train on: the teaching corpus, State of the Union, or the user's own .txt. */
export function CorpusPanel() {
  const session = useAppStore(selectSession);
  const phase = useAppStore(selectPhase);
  const setCorpus = useAppStore(selectSetCorpus);
  const fileRef = useRef<HTMLInputElement>(null);
  const choice = session?.corpusChoice.kind ?? 'teaching';
  const onSelect = (e: ChangeEvent<HTMLSelectElement>): void => {
    const v = e.target.value;
    if (v === 'file') fileRef.current?.click();
    else if (v === 'teaching' || v === 'sotu') void setCorpus({ kind: v });
  };
  const onFile = (e: ChangeEvent<HTMLInputElement>): void => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (file) void setCorpus({ kind: 'file', file, name: file.name });
  };
  const info = session?.corpus;
  return (
    <section className="lab-panel" aria-label="Corpus">
      <div className="lab-panel-head">
        <h2>Corpus</h2>
      </div>
      <label className="lab-field">
        <span className="field-label">Train on</span>
        <select value={choice} onChange={onSelect} disabled={phase === 'opening'} data-testid="lab-corpus" aria-label="Training corpus">
          {CORPORA.map((c) => (
            <option key={c.id} value={c.id} title={c.description}>
              {c.name}
            </option>
          ))}
          <option value="file">{session?.corpusChoice.kind === 'file' ? `Your file: ${session.corpusChoice.name}` : 'Your own .txt file…'}</option>
        </select>
      </label>
      <input ref={fileRef} type="file" accept=".txt,text/plain" hidden data-testid="lab-file" aria-label="Choose a text file to train on" onChange={onFile} />
      <button type="button" className="link-button" onClick={() => fileRef.current?.click()} disabled={phase === 'opening'}>
        Choose a .txt file…
      </button>
      {info && (
        <p className="hint" data-testid="lab-corpus-info">
          {info.name}: {info.sentences.toLocaleString('en')} sentences, {info.tokens.toLocaleString('en')} tokens,{' '}
          {(session.words.length - 1).toLocaleString('en')} words in the vocabulary
          {info.unkTokens > 0 ? ` (${info.unkTokens.toLocaleString('en')} tokens below min-count → <unk>)` : ''}.
        </p>
      )}
    </section>
  );
}

interface NumberFieldProps {
  label: string;
  name: keyof LabConfig;
  value: number;
  min: number;
  max: number;
  step?: number | 'any';
  disabled?: boolean;
  title: string;
  onChange: (v: number) => void;
}

function NumberField({ label, name, value, min, max, step = 1, disabled, title, onChange }: NumberFieldProps) {
  return (
    <label className="lab-param" title={title}>
      <span>{label}</span>
      <input
        type="number"
        value={Number.isNaN(value) ? '' : value}
        min={min}
        max={max}
        step={step}
        disabled={disabled}
        data-testid={`lab-${name}`}
        onChange={(e) => onChange(e.target.value === '' ? NaN : Number(e.target.value))}
      />
    </label>
  );
}

/** The model and its parameters; Apply restarts from the seed. Remounted per session (key) so the draft starts from the config in force. */
export function ParamsPanel({ config }: { config: LabConfig }) {
  const apply = useAppStore(selectApply);
  const phase = useAppStore(selectPhase);
  const [draft, setDraft] = useState<LabConfig>(config);
  const set = <K extends keyof LabConfig>(k: K, v: LabConfig[K]): void => setDraft((d) => ({ ...d, [k]: v }));
  const tied = draft.model === 'tied';
  const changed = JSON.stringify(draft) !== JSON.stringify(config);
  return (
    <section className="lab-panel" aria-label="Model and parameters">
      <div className="lab-panel-head">
        <h2>Model</h2>
      </div>
      <form
        className="lab-params"
        // The store checks the parameters and says what is wrong; the browser's own
        // step/min validation would silently block the submit.
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void apply(draft);
        }}
      >
        <label className="lab-field lab-model">
          <span className="field-label">Model</span>
          <select
            value={draft.model}
            data-testid="lab-model"
            onChange={(e) => {
              // Each model starts from its own sensible window, learning rate and batch.
              const tiedModel = e.target.value === 'tied';
              setDraft((d) => ({ ...d, model: tiedModel ? 'tied' : 'skipgram', ...(tiedModel ? TIED_DEFAULTS : SKIPGRAM_DEFAULTS) }));
            }}
          >
            <option value="skipgram">Skip-gram, negative sampling</option>
            <option value="tied">Tied-embedding next-token model</option>
          </select>
        </label>
        <div className="lab-param-grid">
          <NumberField label="dim" name="dim" value={draft.pretrained ? PRETRAINED_DIM : draft.dim} min={1} max={512} disabled={draft.pretrained} title="Width of each row (dimensions)" onChange={(v) => set('dim', v)} />
          <NumberField label={tied ? 'context' : 'window'} name="window" value={draft.window} min={1} max={20} title={tied ? 'Previous tokens averaged into the context' : 'Maximum distance to a context word'} onChange={(v) => set('window', v)} />
          <NumberField label="negatives" name="negative" value={draft.negative} min={0} max={50} disabled={tied} title="Noise words per positive pair (skip-gram)" onChange={(v) => set('negative', v)} />
          <NumberField label="lr" name="lr" value={draft.lr} min={0.001} max={10} step="any" title="Starting learning rate (decays linearly)" onChange={(v) => set('lr', v)} />
          <NumberField label="epochs" name="epochs" value={draft.epochs} min={1} max={1000} title="Passes over the corpus" onChange={(v) => set('epochs', v)} />
          <NumberField label="min-count" name="minCount" value={draft.minCount} min={1} max={1000000} title="Rarer words become <unk> (ID 0)" onChange={(v) => set('minCount', v)} />
          <NumberField label="seed" name="seed" value={draft.seed} min={0} max={4294967295} title="Seed of the random starting table and of sampling" onChange={(v) => set('seed', v)} />
          <NumberField label="batch" name="batchWords" value={draft.batchWords} min={1} max={1000000} title="Corpus tokens per batch (one Step)" onChange={(v) => set('batchWords', v)} />
        </div>
        <label className="lab-check" title="Keep the embedding table fixed; only the output table learns">
          <input type="checkbox" checked={draft.freeze && !tied} disabled={tied} data-testid="lab-freeze" onChange={(e) => set('freeze', e.target.checked)} />
          Freeze the embedding table {tied ? '(skip-gram only)' : ''}
        </label>
        <label className="lab-check" title="Copy GloVe rows for words both vocabularies share (100-d)">
          <input type="checkbox" checked={draft.pretrained} data-testid="lab-pretrained" onChange={(e) => set('pretrained', e.target.checked)} />
          Start from GloVe vectors (100-d) where words overlap
        </label>
        <button type="submit" data-testid="lab-apply" disabled={phase === 'opening' || !changed}>
          Apply (restarts from the seed)
        </button>
      </form>
    </section>
  );
}

/** Play / Pause, Step, Reset and the speed. */
export function Transport() {
  const session = useAppStore(selectSession);
  const phase = useAppStore(selectPhase);
  const play = useAppStore(selectPlay);
  const pause = useAppStore(selectPause);
  const step = useAppStore(selectStep);
  const reset = useAppStore(selectReset);
  const speed = useAppStore(selectSpeed);
  const setSpeed = useAppStore(selectSetSpeed);
  const finished = useAppStore(selectFinished);
  const running = phase === 'running';
  const ready = session !== null && phase !== 'opening';
  const index = Math.max(0, SPEEDS.indexOf(speed as (typeof SPEEDS)[number]));
  return (
    <section className="lab-panel lab-transport" aria-label="Training controls">
      <div className="lab-buttons">
        {running ? (
          <button type="button" className="primary" data-testid="lab-pause" onClick={() => void pause()} aria-keyshortcuts="Space">
            ❚❚ Pause
          </button>
        ) : (
          <button type="button" className="primary" data-testid="lab-play" onClick={play} disabled={!ready || finished} aria-keyshortcuts="Space">
            ▶ Play
          </button>
        )}
        <button type="button" data-testid="lab-step" onClick={() => void step()} disabled={!ready || finished} title="Train exactly one batch" aria-keyshortcuts=".">
          Step
        </button>
        <button type="button" data-testid="lab-reset" onClick={() => void reset()} disabled={!ready} title="Back to the random table of this seed">
          Reset
        </button>
      </div>
      <label className="lab-field lab-speed">
        <span className="field-label">Speed</span>
        <input
          type="range"
          min={0}
          max={SPEEDS.length - 1}
          step={1}
          value={index}
          data-testid="lab-speed"
          aria-label="Training speed in batches per second"
          aria-valuetext={speed === 0 ? 'as fast as possible' : `${speed} batches per second`}
          onChange={(e) => setSpeed(SPEEDS[Number(e.target.value)])}
        />
        <output data-testid="lab-speed-value">{speedText(speed)}</output>
      </label>
    </section>
  );
}
