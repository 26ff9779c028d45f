import { useState } from 'react';
import { useT } from '../i18n/useT';
import type { MessageKey } from '../i18n/translate';
import { LAB_MODELS, MODEL_DEFAULTS, PRETRAINED_DIM, type LabConfig, type LabModel } from '../compute/train/labSession';
import { useAppStore } from '../state/hooks';
import type { AppState } from '../state/appState';

const selectApply = (s: AppState) => s.actions.lab.applyConfig;
const selectPhase = (s: AppState) => s.lab.phase;

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

const MODEL_NAMES: Record<LabModel, MessageKey> = { skipgram: 'lab.model.skipgram', cbow: 'lab.model.cbow', tied: 'lab.model.tied' };

/** The model and its parameters; Apply restarts from the seed. Remounted per session (key) so the draft starts from the config in force. */
export function ParamsPanel({ config }: { config: LabConfig }) {
  const { t } = useT();
  const apply = useAppStore(selectApply);
  const phase = useAppStore(selectPhase);
  const [draft, setDraft] = useState<LabConfig>(config);
  const set = <K extends keyof LabConfig>(k: K, v: LabConfig[K]): void => setDraft((d) => ({ ...d, [k]: v }));
  const tied = draft.model === 'tied';
  const changed = JSON.stringify(draft) !== JSON.stringify(config);
  return (
    <section className="lab-panel" aria-label={t('lab.params.title')}>
      <div className="lab-panel-head">
        <h2>{t('lab.params.title')}</h2>
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
          <span className="field-label">{t('lab.params.model')}</span>
          <select
            value={draft.model}
            data-testid="lab-model"
            onChange={(e) => {
              // Each model starts from its own sensible window, learning rate, batch and noise words.
              const model = LAB_MODELS.find((m) => m === e.target.value) ?? 'skipgram';
              setDraft((d) => ({ ...d, model, ...MODEL_DEFAULTS[model], freeze: model === 'tied' ? false : d.freeze }));
            }}
          >
            {LAB_MODELS.map((m) => (
              <option key={m} value={m}>
                {t(MODEL_NAMES[m])}
              </option>
            ))}
          </select>
        </label>
        <p className="hint">{t(`lab.model.${draft.model}.hint`)}</p>
        <div className="lab-param-grid">
          <NumberField label={t('lab.params.dim')} name="dim" value={draft.pretrained ? PRETRAINED_DIM : draft.dim} min={1} max={512} disabled={draft.pretrained} title={t('lab.params.dim.title')} onChange={(v) => set('dim', v)} />
          <NumberField label={t(tied ? 'lab.params.context' : 'lab.params.window')} name="window" value={draft.window} min={1} max={20} title={t(tied ? 'lab.params.context.title' : 'lab.params.window.title')} onChange={(v) => set('window', v)} />
          <NumberField label={t('lab.params.negatives')} name="negative" value={draft.negative} min={0} max={50} disabled={tied} title={t('lab.params.negatives.title')} onChange={(v) => set('negative', v)} />
          <NumberField label={t('lab.params.lr')} name="lr" value={draft.lr} min={0.001} max={10} step="any" title={t('lab.params.lr.title')} onChange={(v) => set('lr', v)} />
          <NumberField label={t('lab.params.epochs')} name="epochs" value={draft.epochs} min={1} max={1000} title={t('lab.params.epochs.title')} onChange={(v) => set('epochs', v)} />
          <NumberField label={t('lab.params.minCount')} name="minCount" value={draft.minCount} min={1} max={1000000} title={t('lab.params.minCount.title')} onChange={(v) => set('minCount', v)} />
          <NumberField label={t('lab.params.seed')} name="seed" value={draft.seed} min={0} max={4294967295} title={t('lab.params.seed.title')} onChange={(v) => set('seed', v)} />
          <NumberField label={t('lab.params.batch')} name="batchWords" value={draft.batchWords} min={1} max={1000000} title={t('lab.params.batch.title')} onChange={(v) => set('batchWords', v)} />
        </div>
        <label className="lab-check" title={t('lab.params.freeze.title')}>
          <input
            type="checkbox"
            checked={draft.freeze && !tied}
            disabled={tied}
            data-testid="lab-freeze"
            // A frozen random table teaches nothing (its loss barely moves): freezing comes
            // with a pretrained start by default, as in the article's §6. It can be unticked.
            onChange={(e) => setDraft((d) => ({ ...d, freeze: e.target.checked, ...(e.target.checked ? { pretrained: true } : {}) }))}
          />
          <span>{t(tied ? 'lab.params.freeze.tied' : 'lab.params.freeze')}</span>
        </label>
        <label className="lab-check" title={t('lab.params.pretrained.title')}>
          <input type="checkbox" checked={draft.pretrained} data-testid="lab-pretrained" onChange={(e) => set('pretrained', e.target.checked)} />
          <span>{t('lab.params.pretrained')}</span>
        </label>
        {draft.freeze && !draft.pretrained && !tied && <p className="hint" data-testid="lab-freeze-random">{t('lab.params.freeze.random')}</p>}
        <button type="submit" data-testid="lab-apply" disabled={phase === 'opening' || !changed}>
          {t('lab.params.apply')}
        </button>
      </form>
    </section>
  );
}
