import type { SliceCreator } from './appState';
import { hasVectors } from '../compute/dataset';
import { agreementKey, isStoredSource, pcaKey, pcaLayout, resolveCompare, sourceLayout, storedQualityKey } from './compareSelectors';
import { initialCompareData, LIVE_SOURCE, PCA_SOURCE, type CompareActions, type CompareSourceId } from './compareTypes';
import { errorText } from './errors';
import { categoryColumn } from './projectTypes';
import type { LayoutQuality } from '../compute/metrics/layoutQuality';

/**
 * The Compare slice: which layouts the two panes show and their figures (see
 * compareTypes.ts for the design and compareSelectors.ts for what can be shown).
 */
export const createCompareSlice: SliceCreator<'compare', CompareActions> = ({ jobs, get, data, patch }) => {
  let pcaJob: AbortController | null = null;
  let agreementJob: AbortController | null = null;

  const measurePca = (): void => {
    const s = get();
    const key = pcaKey(s);
    const layout = pcaLayout(s);
    const dataset = s.data.dataset;
    if (!layout || !dataset || s.compare.pcaQuality?.key === key) return;
    pcaJob?.abort();
    const controller = (pcaJob = new AbortController());
    patch({ pcaQuality: { key, status: 'measuring', value: null } });
    const codes = categoryColumn(dataset, s.explore.colorBy)?.codes ?? null;
    jobs.layoutQuality(dataset, layout.coords, codes, { signal: controller.signal }).then(
      (value) => {
        if (data().pcaQuality?.key === key) patch({ pcaQuality: { key, status: 'done', value } });
      },
      (e: unknown) => {
        if (controller.signal.aborted || data().pcaQuality?.key !== key) return;
        patch({ pcaQuality: { key, status: 'failed', value: null, message: errorText(e) } });
        get().actions.data.handleLost(e);
      },
    );
  };

  const storedJobs = new Map<CompareSourceId, AbortController>();

  /** Quality of a layout that came with the data (no projection session measured it), in the data worker like PCA's. */
  const measureStored = (id: CompareSourceId): void => {
    const s = get();
    const key = storedQualityKey(s, id);
    const layout = sourceLayout(s, id);
    const dataset = s.data.dataset;
    if (!layout || !dataset || !hasVectors(dataset) || s.compare.storedQuality[id]?.key === key) return;
    storedJobs.get(id)?.abort();
    const controller = new AbortController();
    storedJobs.set(id, controller);
    const put = (m: { status: 'measuring' | 'done' | 'failed'; value: LayoutQuality | null; message?: string }) =>
      patch((d) => ({ storedQuality: { ...d.storedQuality, [id]: { key, ...m } } }));
    put({ status: 'measuring', value: null });
    const codes = categoryColumn(dataset, s.explore.colorBy)?.codes ?? null;
    jobs.layoutQuality(dataset, layout.coords, codes, { signal: controller.signal }).then(
      (value) => {
        if (data().storedQuality[id]?.key === key) put({ status: 'done', value });
      },
      (e: unknown) => {
        if (controller.signal.aborted || data().storedQuality[id]?.key !== key) return;
        put({ status: 'failed', value: null, message: errorText(e) });
        get().actions.data.handleLost(e);
      },
    );
  };

  const measureAgreement = (left: CompareSourceId, right: CompareSourceId): void => {
    const s = get();
    const key = agreementKey(s, left, right);
    const a = sourceLayout(s, left);
    const b = sourceLayout(s, right);
    if (!a || !b || s.compare.agreement?.key === key || !s.data.dataset) return;
    agreementJob?.abort();
    const controller = (agreementJob = new AbortController());
    patch({ agreement: { key, status: 'measuring', value: null } });
    jobs.layoutAgreement(a.coords, b.coords, s.data.dataset.n, { signal: controller.signal }).then(
      (value) => {
        if (data().agreement?.key === key) patch({ agreement: { key, status: 'done', value } });
      },
      (e: unknown) => {
        if (controller.signal.aborted || data().agreement?.key !== key) return;
        patch({ agreement: { key, status: 'failed', value: null, message: errorText(e) } });
      },
    );
  };

  return {
    initial: initialCompareData,
    actions: {
      setSource: (side, id) => {
        const { left, right } = resolveCompare(get());
        // Picking the other pane's layout swaps the two, so the panes never show the same one.
        if (side === 'left') patch(id === right ? { left: id, right: left } : { left: id });
        else patch(id === left ? { right: id, left: right ?? PCA_SOURCE } : { right: id });
      },

      measure: () => {
        const s = get();
        const { left, right } = resolveCompare(s);
        if (left === PCA_SOURCE || right === PCA_SOURCE) measurePca();
        for (const id of [left, right]) if (id && isStoredSource(s, id)) measureStored(id);
        if (left && right && left !== LIVE_SOURCE && right !== LIVE_SOURCE) measureAgreement(left, right);
      },

      run: async (method) => {
        patch({ right: LIVE_SOURCE });
        const { projection } = get().actions;
        projection.setMethod(method);
        await projection.run();
      },
    },
  };
};
