import type { GraphInfo, ProjectPhase, ProjectQuality, ProjectTimings } from '../../compute/project/session';
import type { Translator } from '../../i18n/translate';

const PHASE_KEY = { reduce: 'phase.reduce', graph: 'phase.graph', layout: 'phase.layout' } as const;

/** "Neighbour graph", or "Starting" before the first phase reports. */
export function phaseText({ t }: Translator, phase: ProjectPhase | null): string {
  return phase ? t(PHASE_KEY[phase]) : t('phase.starting');
}

/** The neighbour graph's line: how it was made and what it cost. */
export function graphText({ t }: Translator, graph: GraphInfo | null, timings: ProjectTimings | null): string | null {
  if (!graph) return null;
  const kind = graph.exact ? t('graph.exact', { k: graph.k }) : t('graph.nnDescent', { k: graph.k });
  if (graph.cached) return t('graph.cached', { kind, ms: graph.ms });
  return t('graph.built', { kind, ms: timings?.graphMs ?? graph.ms });
}

export interface QualityRow {
  readonly label: string;
  readonly value: string;
  readonly note: string;
}

/** Rows for the quality table, each with the sample it was measured on. */
export function qualityRows({ t, f }: Translator, q: ProjectQuality, n: number, accuracyColumn: string | null): QualityRow[] {
  const sample = (m: number) => (m >= n ? t('quality.allPoints', { n }) : t('quality.sampled', { n: m }));
  const rows: QualityRow[] = [{ label: t('quality.recall'), value: f.fixed(q.recall, 3), note: sample(q.recallSample) }];
  if (q.trustworthiness !== null) rows.push({ label: t('quality.trust'), value: f.fixed(q.trustworthiness, 3), note: sample(q.trustSample) });
  if (q.accuracy !== null) rows.push({ label: t('quality.accuracy'), value: f.fixed(q.accuracy, 3), note: accuracyColumn ? t('quality.of', { column: accuracyColumn }) : '' });
  return rows;
}
