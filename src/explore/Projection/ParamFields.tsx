import { useId, useState } from 'react';
import { useT } from '../../i18n/useT';

interface NumberFieldProps {
  readonly label: string;
  readonly value: number | 'auto' | null;
  readonly onCommit: (value: number | 'auto' | null) => void;
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
  /** What an empty field means ('auto' or null = the method's default). */
  readonly empty?: 'auto' | 'default';
  readonly testId: string;
  readonly disabled?: boolean;
  readonly title?: string;
}

/**
 * A numeric parameter. The text the user types is kept locally and committed to the
 * store whenever it parses to an allowed value, so half-typed numbers ("0.") never fight
 * the store; leaving the field shows the committed value again.
 */
export function NumberField({ label, value, onCommit, min = -Infinity, max = Infinity, integer = false, empty, testId, disabled, title }: NumberFieldProps) {
  const id = useId();
  const { t } = useT();
  const [draft, setDraft] = useState<string | null>(null);
  const committed = value === null || value === 'auto' ? '' : String(value);
  const text = draft ?? committed;
  const parse = (raw: string): number | 'auto' | null | undefined => {
    const t = raw.trim().toLowerCase();
    if (t === '' || t === 'auto') return empty === 'auto' ? 'auto' : empty === 'default' ? null : undefined;
    const v = Number(t);
    if (!Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) return undefined;
    return v;
  };
  const invalid = draft !== null && parse(draft) === undefined;
  return (
    <label className="param" htmlFor={id} title={title}>
      <span className="param-label">{label}</span>
      <input
        id={id}
        data-testid={testId}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        placeholder={empty === 'auto' ? t('param.auto') : empty === 'default' ? t('param.default') : undefined}
        value={text}
        aria-invalid={invalid || undefined}
        disabled={disabled}
        onChange={(e) => {
          setDraft(e.target.value);
          const v = parse(e.target.value);
          if (v !== undefined) onCommit(v);
        }}
        onBlur={() => setDraft(null)}
      />
    </label>
  );
}
