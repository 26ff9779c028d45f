import { FORMAT_NAMES, type FormatId } from '../../compute/formats/sniff';
import type { FormatChoice, NonFiniteChoice } from '../../state/loadTypes';

/** Formats a person may force for a vectors file (configs, metadata and raw .bytes need partners). */
export const FORMAT_CHOICES: readonly { value: FormatChoice; label: string }[] = [
  { value: 'auto', label: 'Detect automatically' },
  ...(['projector-tsv', 'word2vec-text', 'word2vec-binary', 'npy', 'npz', 'csv', 'json', 'jsonl', 'parquet', 'sprout'] as FormatId[]).map((f) => ({
    value: f,
    label: FORMAT_NAMES[f],
  })),
];

export const NON_FINITE_CHOICES: readonly { value: NonFiniteChoice; label: string }[] = [
  { value: 'ask', label: 'Ask me (count them first)' },
  { value: 'drop', label: 'Drop those rows' },
  { value: 'error', label: 'Stop with an error' },
];

export function formatName(format: FormatId | null): string {
  return format ? FORMAT_NAMES[format] : 'unknown';
}

export function megabytes(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(bytes < 10 * 2 ** 20 ? 2 : 1);
}

export const count = (v: number): string => v.toLocaleString('en-US');
