import { useAppStore } from '../state/hooks';
import { selectBuiltinId } from '../state/selectors';
import { BUILTINS, type BuiltinId } from '../state/types';

const selectLoad = (s: { loadBuiltin: (id: BuiltinId) => Promise<void> }) => s.loadBuiltin;

export function DatasetPicker() {
  const current = useAppStore(selectBuiltinId);
  const loadBuiltin = useAppStore(selectLoad);
  return (
    <label className="field">
      <span className="field-label">Dataset</span>
      <select
        data-testid="dataset-picker"
        value={current ?? ''}
        onChange={(e) => void loadBuiltin(e.target.value as BuiltinId)}
      >
        {BUILTINS.map((b) => (
          <option key={b.id} value={b.id} title={b.description}>
            {b.title}
          </option>
        ))}
      </select>
    </label>
  );
}
