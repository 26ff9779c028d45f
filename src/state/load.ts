/**
 * The Load slice: "bring your own vectors". Files (picked, dropped or pasted) and URLs
 * go to the parse worker; progress (bytes, rows) streams back; the result either
 * becomes the current dataset (explore's `showDataset`) or, when it needs a decision
 * first (NaN/Infinity rows were found, or there are too many rows to show at once),
 * waits in `review`. A failure lists the problems and leaves the current dataset alone.
 */
import type { Dataset } from '../compute/dataset';
import type { LoadFailure, LoadInput, LoadProgress, LoadRequest } from '../compute/formats/loadTypes';
import type { FormatId } from '../compute/formats/sniff';
import type { SampleChoice, SampleInfo } from '../compute/select/sample';
import type { ParseOutcome, ParseSuccess } from '../workers/parseJobs';
import { errorText } from './explore';
import type { SliceCreator } from './store';

/**
 * The door to the parse worker (implemented in jobs.ts, faked in tests). The parsed
 * table stays in the worker while the user reviews it; `takeParsed` samples it there and
 * hands the chosen rows' vectors to the data worker, returning what is drawn.
 */
export interface LoadJobs {
  parseData(request: LoadRequest, opts?: { signal?: AbortSignal; onProgress?: (p: LoadProgress) => void }): Promise<ParseOutcome>;
  takeParsed(id: string, choice: SampleChoice): Promise<{ dataset: Dataset; sample: SampleInfo | null }>;
  /** The review was closed: the parse worker may forget the table. */
  dropParsed(id: string): void;
}

/** For tests and hosts without a parse worker: every parse fails clearly. */
export const unavailableLoadJobs: LoadJobs = {
  parseData: () => Promise.reject(new Error('Loading files is not available here')),
  takeParsed: () => Promise.reject(new Error('Loading files is not available here')),
  dropParsed: () => undefined,
};

/** Above this many rows, loading asks whether to show a sample. */
export const SAMPLE_THRESHOLD = 100_000;
export const DEFAULT_SAMPLE_SIZE = 100_000;
/**
 * Estimated peak bytes a parse may take before it is refused (before allocating). The
 * table is then held by the parse worker during review, and by the data worker after.
 */
export const MEMORY_BUDGET = 2 * 2 ** 30;

export type FormatChoice = FormatId | 'auto';
/** 'ask' reads NaN/Infinity rows as dropped and asks before showing the rest. */
export type NonFiniteChoice = 'ask' | 'drop' | 'error';

export interface LoadOptions {
  readonly format: FormatChoice;
  readonly nonFinite: NonFiniteChoice;
}

export type FileLoad =
  | { readonly kind: 'idle' }
  | {
      readonly kind: 'reading';
      /** What is being loaded, for people ("words.vec + meta.tsv"). */
      readonly what: string;
      readonly file: string;
      readonly bytes: number;
      readonly totalBytes: number | null;
      readonly rows: number;
    }
  /** `failure` is null when the error was not about the files (a worker crash). */
  | { readonly kind: 'failed'; readonly what: string; readonly message: string; readonly failure: LoadFailure | null }
  | {
      readonly kind: 'review';
      readonly what: string;
      readonly result: ParseSuccess;
      /** Rows with NaN/Infinity were left out and the user has not agreed yet. */
      readonly askNonFinite: boolean;
      /** More rows than SAMPLE_THRESHOLD. */
      readonly large: boolean;
    };

/** What the last successful load was, for the status and the format picker. */
export interface LoadedInfo {
  readonly what: string;
  readonly format: FormatId;
  readonly formatWhy: string;
  readonly files: readonly string[];
  readonly warnings: readonly string[];
  /** Set when only a sample is shown. */
  readonly sample: SampleInfo | null;
}

/** How a load ended: on screen, failed (see fileLoad), cancelled, waiting in review, or replaced by a newer load. */
export type LoadOutcome = 'shown' | 'failed' | 'cancelled' | 'review' | 'superseded';

export interface LoadData {
  readonly fileLoad: FileLoad;
  readonly loadOptions: LoadOptions;
  readonly loaded: LoadedInfo | null;
}

export interface LoadActions {
  /** Loads picked or dropped files (vectors + metadata, or a projector config + its files). */
  loadFiles(files: readonly { readonly name: string; readonly file: Blob }[]): Promise<LoadOutcome>;
  /** Loads pasted text; the format is sniffed unless chosen. */
  loadText(text: string): Promise<LoadOutcome>;
  /** Loads from addresses (the ?config= / ?data= / &metadata= URL parameters). */
  loadUrls(urls: { readonly config?: string; readonly data?: string; readonly metadata?: string }): Promise<LoadOutcome>;
  setLoadOptions(options: Partial<LoadOptions>): void;
  /** Runs the last load again, with changed options (another format, dropping NaN rows). */
  retryFileLoad(options?: Partial<LoadOptions>): Promise<LoadOutcome>;
  cancelFileLoad(): void;
  /** Shows the dataset waiting in review, all of it or a sample. */
  confirmFileLoad(choice: SampleChoice): Promise<LoadOutcome>;
  /** Closes an error or a review; the current dataset stays. */
  dismissFileLoad(): void;
}

export type LoadState = LoadData & LoadActions;

export const initialLoadData: LoadData = {
  fileLoad: { kind: 'idle' },
  loadOptions: { format: 'auto', nonFinite: 'ask' },
  loaded: null,
};

function describe(inputs: readonly LoadInput[]): string {
  const names = inputs.map((i) => (i.kind === 'file' ? i.name : i.url.split(/[?#]/)[0].split('/').pop() || i.url));
  return names.length <= 3 ? names.join(' + ') : `${names.slice(0, 2).join(' + ')} + ${names.length - 2} more`;
}

export const createLoadSlice: SliceCreator<LoadState> = (jobs, set, get) => {
  /** The load in flight; a newer load or a cancel replaces it. */
  let current: AbortController | null = null;
  let last: { inputs: readonly LoadInput[]; what: string } | null = null;

  /** Lets the parse worker forget a table under review that will not be shown. */
  const dropReview = (): void => {
    const fl = get().fileLoad;
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
      set({ fileLoad: { kind: 'failed', what, message: errorText(e), failure: null } });
      return 'failed';
    } finally {
      taking = null;
    }
    const warnings = [...result.warnings];
    set({
      fileLoad: { kind: 'idle' },
      loaded: { what, format: result.format, formatWhy: result.formatWhy, files: result.files, warnings, sample: picked.sample },
    });
    if (warnings.length > 0) {
      const shown = warnings.slice(0, 5).join('\n');
      get().notify('info', `${what}: ${shown}${warnings.length > 5 ? `\n… and ${warnings.length - 5} more` : ''}`);
    }
    await get().showDataset(picked.dataset);
    return 'shown';
  };

  const run = async (inputs: readonly LoadInput[], what: string): Promise<LoadOutcome> => {
    dropReview();
    current?.abort();
    const ac = new AbortController();
    current = ac;
    last = { inputs, what };
    const { format, nonFinite } = get().loadOptions;
    set({ fileLoad: { kind: 'reading', what, file: describe(inputs.slice(0, 1)), bytes: 0, totalBytes: null, rows: 0 } });
    const request: LoadRequest = {
      inputs,
      ...(format !== 'auto' ? { format } : {}),
      nonFinite: nonFinite === 'ask' ? 'drop' : nonFinite,
      memoryBudget: MEMORY_BUDGET,
    };
    try {
      const out = await jobs.parseData(request, {
        signal: ac.signal,
        onProgress: (p) => {
          if (current === ac) set({ fileLoad: { kind: 'reading', what, file: p.file, bytes: p.bytes, totalBytes: p.totalBytes, rows: p.rows } });
        },
      });
      if (current !== ac) return 'superseded';
      current = null;
      if (!out.ok) {
        set({ fileLoad: { kind: 'failed', what, message: out.failure.message, failure: out.failure } });
        return 'failed';
      }
      const askNonFinite = nonFinite === 'ask' && out.droppedRows > 0;
      const large = out.dataset.n > SAMPLE_THRESHOLD;
      if (askNonFinite || large) {
        set({ fileLoad: { kind: 'review', what, result: out, askNonFinite, large } });
        return 'review';
      }
      return await show(what, out, { rows: 'all' });
    } catch (e) {
      if (current !== ac) return ac.signal.aborted && current === null ? 'cancelled' : 'superseded';
      current = null;
      if (ac.signal.aborted) {
        set({ fileLoad: { kind: 'idle' } });
        return 'cancelled';
      }
      set({ fileLoad: { kind: 'failed', what, message: errorText(e), failure: null } });
      return 'failed';
    }
  };

  return {
    ...initialLoadData,
    loadFiles: (files) => {
      if (files.length === 0) return Promise.resolve('cancelled');
      const inputs: LoadInput[] = files.map((f) => ({ kind: 'file', name: f.name, file: f.file }));
      return run(inputs, describe(inputs));
    },
    loadText: (text) => {
      if (text.trim() === '') {
        set({ fileLoad: { kind: 'failed', what: 'pasted text', message: 'pasted text: there is nothing to load', failure: null } });
        return Promise.resolve('failed');
      }
      return run([{ kind: 'file', name: 'pasted text', file: new Blob([text], { type: 'text/plain' }) }], 'pasted text');
    },
    loadUrls: ({ config, data, metadata }) => {
      const inputs: LoadInput[] = [];
      if (config) inputs.push({ kind: 'url', url: config, role: 'config' });
      if (data) inputs.push({ kind: 'url', url: data, role: 'data' });
      if (metadata) inputs.push({ kind: 'url', url: metadata, role: 'metadata' });
      if (inputs.length === 0) return Promise.resolve('cancelled');
      if (!config && !data) {
        set({ fileLoad: { kind: 'failed', what: describe(inputs), message: '&metadata= needs ?data= (the vectors) beside it', failure: null } });
        return Promise.resolve('failed');
      }
      return run(inputs, describe(inputs));
    },
    setLoadOptions: (options) => set((s) => ({ loadOptions: { ...s.loadOptions, ...options } })),
    retryFileLoad: (options) => {
      if (options) set((s) => ({ loadOptions: { ...s.loadOptions, ...options } }));
      if (!last) return Promise.resolve('cancelled');
      return run(last.inputs, last.what);
    },
    cancelFileLoad: () => {
      current?.abort();
      current = null;
      if (get().fileLoad.kind === 'reading') set({ fileLoad: { kind: 'idle' } });
    },
    confirmFileLoad: (choice) => {
      const fl = get().fileLoad;
      if (fl.kind !== 'review') return Promise.resolve('cancelled');
      return show(fl.what, fl.result, choice);
    },
    dismissFileLoad: () => {
      if (get().fileLoad.kind === 'reading') return;
      dropReview();
      set({ fileLoad: { kind: 'idle' } });
    },
  };
};
