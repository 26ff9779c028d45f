import type { GraphInfo, ProjectPhase, ProjectQuality, ProjectTimings } from '../../compute/project/session';

const int = (v: number) => v.toLocaleString('en-US');

/** "850 ms", "4.2 s", "1 min 12 s". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} min ${Math.round((ms - m * 60_000) / 1000)} s`;
}

export const PHASE_LABEL: Readonly<Record<ProjectPhase, string>> = {
  reduce: 'Preparing (PCA)',
  graph: 'Neighbour graph',
  layout: 'Layout',
};

/** The neighbour graph's line: how it was made and what it cost. */
export function graphText(graph: GraphInfo | null, timings: ProjectTimings | null): string | null {
  if (!graph) return null;
  const kind = `${graph.exact ? 'exact' : 'NN-descent'}, k = ${graph.k}`;
  if (graph.cached) return `cached (${kind}; built in ${formatMs(graph.ms)})`;
  return `${formatMs(timings?.graphMs ?? graph.ms)} (${kind})`;
}

export interface QualityRow {
  readonly label: string;
  readonly value: string;
  readonly note: string;
}

/** Rows for the quality table. */
export function qualityRows(q: ProjectQuality, n: number, accuracyColumn: string | null): QualityRow[] {
  const rows: QualityRow[] = [
    { label: 'kNN recall@10', value: q.recall.toFixed(3), note: q.recallSample >= n ? `all ${int(n)} points` : `${int(q.recallSample)} sampled points` },
  ];
  if (q.trustworthiness !== null) {
    rows.push({ label: 'Trustworthiness@10', value: q.trustworthiness.toFixed(3), note: q.trustSample >= n ? `all ${int(n)} points` : `${int(q.trustSample)} sampled points` });
  }
  if (q.accuracy !== null) rows.push({ label: '10-NN accuracy', value: q.accuracy.toFixed(3), note: accuracyColumn ? `of “${accuracyColumn}”` : '' });
  return rows;
}
