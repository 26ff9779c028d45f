/**
 * The Explore slice's neighbour lists: of the selected row, of the lit set's centroid, or
 * of vector arithmetic, with k and the metric the user chose. Every list is computed in
 * the data worker by dataset id (the main thread sends a query of a few numbers). A
 * newer request wins: a late answer for an older one is dropped.
 */
import { hasVectors } from '../compute/dataset';
import { parseArithmetic, resolveTerms } from '../compute/neighbors/arithmetic';
import type { NeighborMetric, NeighborQuery } from '../compute/neighbors/query';
import { rowsOfMask } from '../compute/select/subset';
import type { SliceApi } from './appState';
import { errorText } from './errors';
import { MAX_NEIGHBORS, type ExploreActions, type NeighborSource } from './exploreTypes';
import { litSet } from './litSet';

type NeighborActions = Pick<ExploreActions, 'select' | 'setNeighborSettings' | 'neighborsOfSet' | 'arithmetic'>;

/** Row of the label `text`: exact first, then ignoring case; -1 when none. */
export function findLabel(labels: readonly string[], text: string): number {
  if (text === '') return -1;
  const exact = labels.indexOf(text);
  if (exact >= 0) return exact;
  const lower = text.toLowerCase();
  return labels.findIndex((l) => l.toLowerCase() === lower);
}

export function clampK(k: number): number {
  return Number.isFinite(k) ? Math.max(1, Math.min(MAX_NEIGHBORS, Math.round(k))) : 1;
}

export function neighborActions({ jobs, get, data, patch }: SliceApi<'explore'>): NeighborActions {
  let seq = 0;
  const dataset = () => get().data.dataset;
  const metricFor = (): NeighborMetric => data().neighborSettings.metric ?? dataset()?.metric ?? 'cosine';

  /** Asks the data worker for `query`'s list and shows it as the neighbours of `source`. */
  const run = async (query: NeighborQuery, source: NeighborSource): Promise<void> => {
    const ds = dataset();
    if (!ds) return;
    if (!hasVectors(ds)) {
      // Coordinates without vectors: there is no original space to search (the panel says so).
      seq++;
      patch({ neighbors: null, neighborsOf: null, neighborProblem: null });
      return;
    }
    const version = get().data.version;
    const me = ++seq;
    const { k } = data().neighborSettings;
    const metric = metricFor();
    patch({ neighbors: null, neighborsOf: source, neighborProblem: null });
    try {
      // The dataset's own metric on a row: the exact-kNN path every earlier click used.
      const neighbors =
        query.kind === 'row' && metric === ds.metric ? await jobs.neighbors(ds, query.index, k) : await jobs.nearest(ds, query, k, metric);
      if (me === seq && get().data.version === version) patch({ neighbors });
    } catch (e) {
      if (me !== seq || get().actions.data.handleLost(e)) return;
      patch({ neighborsOf: null, neighborProblem: { kind: 'failed', error: errorText(e) } });
    }
  };

  /** Lists the neighbours of what the list is about now, again (after k or the metric changed). */
  const refresh = async (): Promise<void> => {
    const source = data().neighborsOf;
    const ds = dataset();
    if (!source || !ds) return;
    if (source.kind === 'row') await run({ kind: 'row', index: source.index }, source);
    else if (source.kind === 'arithmetic') await arithmetic(source.text);
    else await neighborsOfSet();
  };

  const neighborsOfSet = async (): Promise<void> => {
    const ds = dataset();
    if (!ds) return;
    const set = litSet(data(), ds.n);
    if (!set) {
      patch({ neighborProblem: { kind: 'no-set' } });
      return;
    }
    // The set's rows are left out of the answer: this lists what else is near the group.
    seq++;
    patch({ selected: -1 });
    await run({ kind: 'centroid', rows: rowsOfMask(set.mask) }, { kind: 'centroid', count: set.count, what: set.what });
  };

  const arithmetic = async (text: string): Promise<void> => {
    const ds = dataset();
    if (!ds) return;
    const parsed = parseArithmetic(text);
    if (!parsed.ok) {
      seq++;
      patch({ neighborProblem: { kind: parsed.problem } });
      return;
    }
    const resolved = resolveTerms(parsed.terms, (word) => findLabel(ds.labels, word));
    if (!resolved.ok) {
      seq++;
      patch({ neighborProblem: { kind: 'unknown', words: resolved.unknown } });
      return;
    }
    patch({ selected: -1 });
    await run({ kind: 'arithmetic', terms: resolved.terms }, { kind: 'arithmetic', text: text.trim(), inputs: resolved.terms.map((t) => t.index) });
  };

  return {
    select: async (index) => {
      const ds = dataset();
      if (!ds || index < 0 || index >= ds.n) {
        seq++;
        patch({ selected: -1, neighbors: null, neighborsOf: null, neighborProblem: null });
        return;
      }
      patch({ selected: index });
      await run({ kind: 'row', index }, { kind: 'row', index });
    },

    setNeighborSettings: (change) => {
      const cur = data().neighborSettings;
      const next = { k: change.k !== undefined ? clampK(change.k) : cur.k, metric: change.metric !== undefined ? change.metric : cur.metric };
      if (next.k === cur.k && next.metric === cur.metric) return;
      patch({ neighborSettings: next });
      void refresh();
    },

    neighborsOfSet,
    arithmetic,
  };
}
