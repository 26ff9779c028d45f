/**
 * The Load slice: "bring your own vectors". Files (picked, dropped or pasted) and URLs
 * go to the parse worker; progress (bytes, rows) streams back; the result either
 * becomes the current dataset (the data slice's `show`) or, when it needs a decision
 * first (NaN/Infinity rows were found, or there are too many rows to show at once),
 * waits in `review` while the parse worker keeps the table. A failure lists the problems
 * and leaves the current dataset alone.
 */
import type { LoadNote } from '../compute/formats/degenerate';
import type { LoadInput, LoadRequest } from '../compute/formats/loadTypes';
import { translatorFor } from '../i18n/translate';
import type { SampleChoice } from '../compute/select/sample';
import type { ParseSuccess } from '../workers/parseJobs';
import type { SliceCreator } from './appState';
import { errorText, isWorkerCrash } from './errors';
import { deviceMemoryBudget, initialLoadData, SAMPLE_THRESHOLD, type LoadActions, type LoadJobs, type LoadOutcome } from './loadTypes';
import { dataBudget, fitsWhole, parseLayoutColumns } from './rowBudget';

/** This device's data budget: navigator.deviceMemory where the browser tells it. */
const DATA_BUDGET = dataBudget(typeof navigator === 'undefined' ? undefined : (navigator as { deviceMemory?: number }).deviceMemory);

function describe(inputs: readonly LoadInput[]): string {
  const names = inputs.map((i) => (i.kind === 'file' ? i.name : i.url.split(/[?#]/)[0].split('/').pop() || i.url));
  return names.length <= 3 ? names.join(' + ') : `${names.slice(0, 2).join(' + ')} + ${names.length - 2} more`;
}

export const createLoadSlice: SliceCreator<'load', LoadActions> = ({ jobs, get, data, patch, tr }) => {
  /** The load in flight; a newer load or a cancel replaces it. */
  let current: AbortController | null = null;
  let last: { inputs: readonly LoadInput[]; what: string; embedding?: string; labelColumn?: string } | null = null;

  /** A note about the data, in the user's language. */
  const noteText = (note: LoadNote): string => {
    const { t } = translatorFor(get().ui.locale);
    const count = Number(note.params.count);
    return note.code === 'zeroRows' ? t('loadNote.zeroRows', { count }) : t('loadNote.constantColumns', { count, dim: Number(note.params.dim) });
  };

  /** Lets the parse worker forget a table under review that will not be shown. */
  const dropReview = (): void => {
    const fl = data().status;
    if (fl.kind === 'review') jobs.dropParsed(fl.result.dataset.id);
  };

  /** The parsed table being taken from the parse worker (a second click must not take it twice). */
  let taking: string | null = null;

  const show = async (what: string, result: ParseSuccess, choice: SampleChoice): Promise<LoadOutcome> => {
    const id = result.dataset.id;
    if (taking === id) return 'superseded';
    taking = id;
    let picked: Awaited<ReturnType<LoadJobs['takeParsed']>>;
    try {
      picked = await jobs.takeParsed(id, choice);
    } catch (e) {
      patch({ status: { kind: 'failed', what, message: errorText(e), failure: null } });
      return 'failed';
    } finally {
      taking = null;
    }
    const warnings = [...result.notes.map(noteText), ...result.warnings];
    const source = last ? { inputs: last.inputs, format: data().options.format, droppedNonFinite: result.droppedRows > 0, choice, embedding: result.embedding } : undefined;
    patch({
      status: { kind: 'idle' },
      loaded: {
        what,
        format: result.format,
        formatWhy: result.formatWhy,
        files: result.files,
        warnings,
        sample: picked.sample,
        source,
        embeddings: result.embeddings,
        embedding: result.embedding,
      },
    });
    if (warnings.length > 0) {
      const text = tr().t('load.warnings', { what, shown: warnings.slice(0, 5).join('\n'), more: Math.max(0, warnings.length - 5) });
      get().actions.ui.notify('info', text);
    }
    await get().actions.data.show(picked.dataset);
    return 'shown';
  };

  const run = async (inputs: readonly LoadInput[], what: string, embedding?: string, labelColumn?: string): Promise<LoadOutcome> => {
    dropReview();
    current?.abort();
    const ac = new AbortController();
    current = ac;
    last = { inputs, what, ...(embedding !== undefined ? { embedding } : {}), ...(labelColumn !== undefined ? { labelColumn } : {}) };
    const { format, nonFinite, sampling, layoutColumns } = data().options;
    patch({ status: { kind: 'reading', what, file: describe(inputs.slice(0, 1)), bytes: 0, totalBytes: null, rows: 0, stalled: null, stallAccepted: 0 } });
    const request: LoadRequest = {
      inputs,
      ...(format !== 'auto' ? { format } : {}),
      ...(embedding !== undefined ? { embedding } : {}),
      nonFinite: nonFinite === 'ask' ? 'drop' : nonFinite,
      memoryBudget: data().budget.bytes,
      layoutColumns: parseLayoutColumns(layoutColumns) ?? 'auto',
      ...(labelColumn !== undefined ? { labelColumn } : {}),
    };
    try {
      const out = await jobs.parseData(request, {
        signal: ac.signal,
        onProgress: (p) => {
          if (current !== ac) return;
          const was = data().status;
          const stallAccepted = was.kind === 'reading' && p.stalled ? was.stallAccepted : 0;
          patch({ status: { kind: 'reading', what, file: p.file, bytes: p.bytes, totalBytes: p.totalBytes, rows: p.rows, stalled: p.stalled, stallAccepted } });
        },
      });
      if (current !== ac) return 'superseded';
      current = null;
      if (!out.ok) {
        patch({ status: { kind: 'failed', what, message: out.failure.message, failure: out.failure } });
        return 'failed';
      }
      const askNonFinite = nonFinite === 'ask' && out.droppedRows > 0;
      const { n, dim } = out.dataset;
      const large = sampling === 'ask' ? n > SAMPLE_THRESHOLD : !fitsWhole(n, dim, DATA_BUDGET);
      // Parquet tables often carry several text columns (a word, its translation, a tag):
      // which one labels the points is asked, with the parser's pick as the default.
      const askLabels = out.format === 'parquet' && (out.labelChoice?.columns.length ?? 0) > 1;
      if (askNonFinite || large || askLabels) {
        patch({ status: { kind: 'review', what, result: out, askNonFinite, large, askLabels } });
        return 'review';
      }
      return await show(what, out, { rows: 'all' });
    } catch (e) {
      if (current !== ac) return ac.signal.aborted && current === null ? 'cancelled' : 'superseded';
      current = null;
      if (ac.signal.aborted) {
        patch({ status: { kind: 'idle' } });
        return 'cancelled';
      }
      const message = isWorkerCrash(e) ? tr().t('load.workerStopped', { reason: errorText(e) }) : errorText(e);
      patch({ status: { kind: 'failed', what, message, failure: null } });
      return 'failed';
    }
  };

  return {
    initial: { ...initialLoadData, budget: deviceMemoryBudget() },
    actions: {
      openFiles: (files) => {
        if (files.length === 0) return Promise.resolve('cancelled');
        const inputs: LoadInput[] = files.map((f) => ({ kind: 'file', name: f.name, file: f.file }));
        return run(inputs, describe(inputs));
      },
      openText: (text) => {
        if (text.trim() === '') {
          patch({ status: { kind: 'failed', what: 'pasted text', message: 'pasted text: there is nothing to load', failure: null } });
          return Promise.resolve('failed');
        }
        return run([{ kind: 'file', name: 'pasted text', file: new Blob([text], { type: 'text/plain' }) }], 'pasted text');
      },
      openUrls: ({ config, data: dataUrl, metadata, embedding }) => {
        const inputs: LoadInput[] = [];
        if (config) inputs.push({ kind: 'url', url: config, role: 'config' });
        if (dataUrl) inputs.push({ kind: 'url', url: dataUrl, role: 'data' });
        if (metadata) inputs.push({ kind: 'url', url: metadata, role: 'metadata' });
        if (inputs.length === 0) return Promise.resolve('cancelled');
        if (!config && !dataUrl) {
          const message = translatorFor(get().ui.locale).t('loadError.metadataNeedsData');
          patch({ status: { kind: 'failed', what: describe(inputs), message, failure: null } });
          return Promise.resolve('failed');
        }
        return run(inputs, describe(inputs), config && embedding ? embedding : undefined);
      },
      openEmbedding: (name) => {
        if (!last) return Promise.resolve('cancelled');
        return run(last.inputs, last.what, name);
      },
      chooseLabels: (column) => {
        if (!last || data().status.kind !== 'review') return Promise.resolve('cancelled');
        return run(last.inputs, last.what, last.embedding, column);
      },
      keepWaiting: () => {
        const s = data().status;
        if (s.kind === 'reading' && s.stalled) patch({ status: { ...s, stallAccepted: s.stalled.silentMs } });
      },
      setOptions: (options) => patch((d) => ({ options: { ...d.options, ...options } })),
      retry: (options) => {
        if (options) patch((d) => ({ options: { ...d.options, ...options } }));
        if (!last) return Promise.resolve('cancelled');
        return run(last.inputs, last.what, last.embedding, last.labelColumn);
      },
      cancel: () => {
        current?.abort();
        current = null;
        if (data().status.kind === 'reading') patch({ status: { kind: 'idle' } });
      },
      confirm: (choice) => {
        const fl = data().status;
        if (fl.kind !== 'review') return Promise.resolve('cancelled');
        return show(fl.what, fl.result, choice);
      },
      dismiss: () => {
        if (data().status.kind === 'reading') return;
        dropReview();
        patch({ status: { kind: 'idle' } });
      },
    },
  };
};
