import { useT } from '../i18n/useT';
import { useAppStore } from '../state/hooks';
import { selectBuiltinId } from '../state/selectors';
import type { AppState } from '../state/appState';
import { BUILTINS, type BuiltinId } from '../state/types';

const selectLoad = (s: AppState) => s.actions.data.loadBuiltin;
const selectOtherName = (s: AppState) => (s.data.builtinId === null && s.data.dataset ? s.data.dataset.name : null);

/** The built-in datasets (a large one says so, with its size), plus the current one when it came from a file or the lab. */
export function DatasetPicker() {
  const current = useAppStore(selectBuiltinId);
  const otherName = useAppStore(selectOtherName);
  const loadBuiltin = useAppStore(selectLoad);
  const { t } = useT();
  return (
    <label className="field">
      <span className="field-label">{t('dataset.label')}</span>
      <select
        data-testid="dataset-picker"
        value={current ?? (otherName !== null ? '__current' : '')}
        onChange={(e) => {
          if (e.target.value !== '__current') void loadBuiltin(e.target.value as BuiltinId);
        }}
      >
        {otherName !== null && <option value="__current">{otherName}</option>}
        {BUILTINS.map((b) => (
          <option key={b.id} value={b.id} title={t(`dataset.${b.id}.hint`)} data-large={b.largeBytes ? 'true' : undefined}>
            {t(`dataset.${b.id}`)}
            {b.largeBytes ? ` (${t('dataset.large', { size: b.largeBytes })})` : ''}
          </option>
        ))}
      </select>
    </label>
  );
}
