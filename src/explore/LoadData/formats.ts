import { FORMAT_NAMES, type FormatId } from '../../compute/formats/sniff';
import type { FormatChoice, NonFiniteChoice } from '../../state/loadTypes';
import type { Translate } from '../../i18n/translate';

/** Formats a person may force for a vectors file (configs, metadata and raw .bytes need partners). */
export const FORMAT_CHOICES: readonly FormatChoice[] = ['auto', 'projector-tsv', 'word2vec-text', 'word2vec-binary', 'npy', 'npz', 'csv', 'json', 'jsonl', 'parquet', 'sprout'];

/** A format choice's name: the format's own name, or "Detect automatically" in the interface language. */
export function formatChoiceName(t: Translate, choice: FormatChoice): string {
  return choice === 'auto' ? t('loadPanel.detect') : FORMAT_NAMES[choice];
}

export const NON_FINITE_CHOICES: readonly NonFiniteChoice[] = ['ask', 'drop', 'error'];

export function formatName(format: FormatId | null): string {
  return format ? FORMAT_NAMES[format] : 'unknown';
}

export function megabytes(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(bytes < 10 * 2 ** 20 ? 2 : 1);
}

