import { MISSING_CODE, type Column } from '../dataset';

export interface LassoSummary {
  /** Up to `maxLabels` labels of enclosed rows, in row order. */
  readonly labels: string[];
  /** Category counts of the enclosed rows, largest first (only for a category column). */
  readonly categories: { readonly name: string; readonly count: number }[];
}

/** What a lasso caught: some labels, and how it splits over a category column. */
export function summarizeLasso(mask: Uint8Array, labels: readonly string[], column: Column | null, maxLabels = 40): LassoSummary {
  const out: string[] = [];
  const counts = column?.type === 'category' ? new Map<number, number>() : null;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    if (out.length < maxLabels) out.push(labels[i] ?? `row ${i}`);
    if (counts && column?.type === 'category') {
      const c = column.codes[i];
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
  }
  const categories =
    counts && column?.type === 'category'
      ? [...counts].map(([code, count]) => ({ name: code === MISSING_CODE ? '(missing)' : (column.categories[code] ?? String(code)), count })).sort((a, b) => b.count - a.count)
      : [];
  return { labels: out, categories };
}
