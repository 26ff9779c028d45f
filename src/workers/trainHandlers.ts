/**
 * The train worker's job handlers: a thin adapter from messages to src/compute/train.
 *
 * Design (the simplest robust one we found): a worker job cannot receive messages once
 * started, so the *session* — the model being trained — lives in this module's state,
 * keyed by a session id, and every job is short-lived or cancellable:
 * - `labOpen` builds the corpus (cached per source + min-count) and a fresh session,
 *   replacing any other (one session per worker; Reset = open again with the same seed).
 * - `labRun` trains until cancelled, finished, or `maxBatches` (Step = 1 batch), streaming
 *   frames as progress. Pause = cancel the job: the session stays here and the next
 *   `labRun` continues from where it stopped. Changing speed or the probe while playing
 *   = cancel + run again with new params.
 * - `labRefit`, `labProbe`, `labExample` act on the paused session.
 * The pool that runs these has one worker, so jobs run in order and always find the
 * session. If that worker is terminated (a cancel it could not answer in time, a crash),
 * the replacement has no session: jobs then fail with `SessionLostError` and the store
 * reopens the session from the seed, saying so.
 */
import { decodeSproutBin } from '../compute/formats/sproutBin';
import { CancelledError } from '../compute/task';
import { yieldToEventLoop } from './yieldToEventLoop';
import { parseSotu } from '../compute/train/corpora';
import { prepareCorpus, type PreparedCorpus } from '../compute/train/encode';
import { createLabSession, normalizeConfig, type LabFrame, type LabSession } from '../compute/train/labSession';
import type { PretrainedVectors } from '../compute/train/skipgram';
import { createStreamCorpus, type StreamCorpusBuilder } from '../compute/train/streamCorpus';
import { TEACHING_DICTIONARY, TEACHING_GROUPS, TEACHING_PAIRS, teachingCorpus } from '../compute/train/teachingCorpus';
import { UNK_ID } from '../compute/train/vocab';
import { fetchBytes as defaultFetchBytes } from './fetchBytes';
import { transfer, type Transferred } from './protocol';
import type { Handlers, JobContext } from './serve';
import type { LabCorpusInfo, LabCorpusSource, LabOpenProgress, TrainJobMap } from './trainJobs';

/** A job named a session this worker does not have (replaced, or the worker was restarted). */
export class SessionLostError extends Error {
  override name = 'SessionLostError';
}

export interface TrainHandlerDeps {
  fetchBytes?: typeof defaultFetchBytes;
  now?: () => number;
}

/** Vocabulary cap for large corpora (rarer words go to `<unk>`). */
export const MAX_VOCAB = 30_000;
/** Token budget for a user's file (4 bytes each): the rest of the text is ignored, and the UI says so. */
export const MAX_FILE_TOKENS = 20_000_000;
/** Heavier metrics than this (multiply-adds) are computed at most once a second while training. */
const CHEAP_METRICS = 4e6;
/**
 * A nonlinear frame (UMAP / t-SNE) is re-laid at most this often while training, and
 * never sooner than twice its last cost after the previous one: the layout then takes
 * at most about a third of the worker, the rest stays training.
 */
export const LAYOUT_INTERVAL_MS = 400;
/** Time slice for layout work between training slices (a cancel is seen within one). */
const LAYOUT_SLICE_MS = 30;

interface LoadedCorpus {
  readonly prepared: PreparedCorpus;
  readonly info: LabCorpusInfo;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Steps a session's pending layout for about `ms`, adapting the work units per step to
 * the time they take (units differ by stage: kNN tiles, epochs, iterations).
 */
function layoutSlicer(now: () => number): (s: LabSession, ms: number) => boolean {
  let budget = 1;
  return (s, ms) => {
    const end = now() + ms;
    for (;;) {
      const a = now();
      const done = s.advanceFrame(budget);
      const dt = now() - a;
      if (dt < ms / 4) budget = Math.min(budget * 2, 1 << 20);
      else if (dt > ms) budget = Math.max(1, Math.floor(budget / 2));
      if (done) return true;
      if (now() >= end) return false;
    }
  };
}

function frameBuffers(f: LabFrame): ArrayBuffer[] {
  return [f.vectors.buffer as ArrayBuffer, f.coords.buffer as ArrayBuffer, f.touched.buffer as ArrayBuffer];
}

function corpusKey(src: LabCorpusSource, minCount: number): string {
  if (src.kind === 'teaching') return `teaching|${minCount}`;
  if (src.kind === 'sotu') return `sotu|${src.url}|${minCount}`;
  const modified = (src.file as Partial<File>).lastModified ?? 0;
  return `file|${src.name}|${src.file.size}|${modified}|${minCount}`;
}

/** True when a decoded sample looks like binary data rather than text. */
function looksBinary(sample: string): boolean {
  if (sample.length === 0) return false;
  let bad = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) return true;
    if (c === 0xfffd || (c < 32 && c !== 9 && c !== 10 && c !== 13)) bad++;
  }
  return bad / sample.length > 0.05;
}

export function createTrainHandlers(deps: TrainHandlerDeps = {}): Handlers<TrainJobMap> {
  const fetchBytes = deps.fetchBytes ?? defaultFetchBytes;
  const now = deps.now ?? (() => performance.now());
  let session: LabSession | null = null;
  let corpusCache: { key: string; corpus: LoadedCorpus } | null = null;
  let pretrainedCache: { url: string; vectors: PretrainedVectors } | null = null;

  /** Finishes pending layout work in slices, yielding so a cancel gets in. */
  const settle = async (s: LabSession, signal: AbortSignal): Promise<void> => {
    const slice = layoutSlicer(now);
    while (!slice(s, LAYOUT_SLICE_MS)) {
      await yieldToEventLoop();
      if (signal.aborted) throw new CancelledError();
    }
  };

  const getSession = (id: string): LabSession => {
    if (!session || session.id !== id) {
      throw new SessionLostError('The training session is gone (the worker was restarted or the session replaced).');
    }
    return session;
  };

  const streamInto = async (
    builder: StreamCorpusBuilder,
    blob: Blob,
    name: string,
    ctx: JobContext<LabOpenProgress>,
  ): Promise<void> => {
    const reader = blob.stream().getReader();
    const decoder = new TextDecoder('utf-8');
    let read = 0;
    let first = true;
    try {
      for (;;) {
        if (ctx.signal.aborted) throw new CancelledError();
        const { done, value } = await reader.read();
        if (done) break;
        read += value.byteLength;
        const text = decoder.decode(value, { stream: true });
        if (first && looksBinary(text.slice(0, 4096))) {
          throw new Error(`${name} does not look like a UTF-8 text file. Choose a plain .txt file.`);
        }
        first = false;
        builder.push(text);
        ctx.progress({ stage: 'read', text: `Reading ${name}…`, fraction: blob.size ? read / blob.size : null });
        if (builder.truncated()) break;
      }
      if (!builder.truncated()) builder.push(decoder.decode());
    } finally {
      void reader.cancel().catch(() => undefined);
    }
  };

  const loadCorpus = async (src: LabCorpusSource, minCount: number, ctx: JobContext<LabOpenProgress>): Promise<LoadedCorpus> => {
    const key = corpusKey(src, minCount);
    if (corpusCache?.key === key) return corpusCache.corpus;
    let corpus: LoadedCorpus;
    if (src.kind === 'teaching') {
      ctx.progress({ stage: 'tokenize', text: 'Writing and tokenizing the teaching corpus…', fraction: null });
      const t = teachingCorpus({ seed: 1 });
      const prepared = prepareCorpus(t.sentences, { dictionary: t.dictionary, minCount });
      let unk = 0;
      for (const id of prepared.corpus.ids) if (id === UNK_ID) unk++;
      corpus = {
        prepared,
        info: { name: 'Teaching corpus', sentences: t.sentences.length, tokens: prepared.corpus.ids.length, unkTokens: unk, truncated: false, bilingual: true },
      };
    } else if (src.kind === 'sotu') {
      const bytes = await fetchBytes(src.url, {
        signal: ctx.signal,
        onProgress: (loaded, total) =>
          ctx.progress({ stage: 'download', text: 'Downloading the State of the Union addresses…', fraction: total ? loaded / total : null }),
      });
      const speeches = parseSotu(new TextDecoder('utf-8').decode(bytes));
      const builder = createStreamCorpus({ dictionary: TEACHING_DICTIONARY, minCount, maxVocab: MAX_VOCAB });
      for (let i = 0; i < speeches.length; i++) {
        builder.push(`${speeches[i].text}\n`);
        if (i % 8 === 0) {
          ctx.progress({ stage: 'tokenize', text: `Tokenizing speech ${i + 1} of ${speeches.length}…`, fraction: i / speeches.length });
          await yieldToEventLoop(); // let a cancel in
          if (ctx.signal.aborted) throw new CancelledError();
        }
      }
      const s = builder.finish();
      corpus = {
        prepared: s,
        info: { name: `State of the Union (${speeches.length} speeches)`, sentences: s.sentences, tokens: s.tokens, unkTokens: s.unkTokens, truncated: s.truncated, bilingual: false },
      };
    } else {
      const builder = createStreamCorpus({ dictionary: TEACHING_DICTIONARY, minCount, maxVocab: MAX_VOCAB, maxTokens: MAX_FILE_TOKENS });
      await streamInto(builder, src.file, src.name, ctx);
      const s = builder.finish();
      if (s.vocab.words.length < 3) {
        throw new Error(
          s.tokens === 0
            ? `${src.name} has no words to train on.`
            : `${src.name} has only ${s.vocab.words.length - 1} distinct word(s) seen at least ${minCount} time(s): too few to train on. Lower min-count or use a longer text.`,
        );
      }
      corpus = {
        prepared: s,
        info: { name: src.name, sentences: s.sentences, tokens: s.tokens, unkTokens: s.unkTokens, truncated: s.truncated, bilingual: false },
      };
    }
    corpusCache = { key, corpus };
    return corpus;
  };

  const loadPretrained = async (url: string, ctx: JobContext<LabOpenProgress>): Promise<PretrainedVectors> => {
    if (pretrainedCache?.url === url) return pretrainedCache.vectors;
    const bytes = await fetchBytes(url, {
      signal: ctx.signal,
      onProgress: (loaded, total) =>
        ctx.progress({ stage: 'pretrained', text: 'Downloading GloVe vectors…', fraction: total ? loaded / total : null }),
    });
    let vectors: PretrainedVectors;
    try {
      const ds = decodeSproutBin(bytes, 'pretrained');
      vectors = { words: ds.labels, vectors: ds.vectors, dim: ds.dim };
    } catch (e) {
      throw new Error(`The pretrained vectors file is damaged: ${(e as Error).message}`);
    }
    pretrainedCache = { url, vectors };
    return vectors;
  };

  return {
    async labOpen({ sessionId, corpus: src, config, pretrainedUrl }, ctx) {
      const cfg = normalizeConfig(config);
      // The old session stays until the new one is built: a file that cannot be opened
      // leaves the previous session usable (its id still answers).
      const corpus = await loadCorpus(src, cfg.minCount, ctx);
      let init: PretrainedVectors | undefined;
      if (cfg.pretrained) {
        if (!pretrainedUrl) throw new Error('Pretrained initialisation needs the GloVe file URL.');
        init = await loadPretrained(pretrainedUrl, ctx);
      }
      ctx.progress({ stage: 'model', text: 'Building the model…', fraction: null });
      const s = createLabSession(sessionId, corpus.prepared, cfg, {
        init,
        groups: TEACHING_GROUPS,
        pairs: corpus.info.bilingual ? TEACHING_PAIRS : undefined,
      });
      session = s;
      const frame = s.frame();
      const counts = s.vocab.counts.slice();
      return transfer(
        { sessionId, words: s.vocab.words, counts, corpus: corpus.info, config: s.config, initCopied: s.initCopied, kernel: s.kernel, frame },
        [...frameBuffers(frame), counts.buffer as ArrayBuffer],
      );
    },

    async labRun({ sessionId, maxBatches, batchesPerSecond, snapshotMs, probe, frameMode }, ctx): Promise<Transferred<LabFrame>> {
      const s = getSession(sessionId);
      if (frameMode !== undefined && frameMode !== s.frameMode()) s.setFrameMode(frameMode);
      // A nonlinear frame's first layout, before any training.
      await settle(s, ctx.signal);
      const sliceLayout = layoutSlicer(now);
      let layoutRunning = false;
      let layoutBusy = 0;
      let layoutCost = 0;
      let lastLayout = now();
      const limit = maxBatches ?? Infinity;
      const rate = batchesPerSecond && batchesPerSecond > 0 ? batchesPerSecond : null;
      const cheap = s.metricsCost() < CHEAP_METRICS;
      const t0 = now();
      let done = 0;
      let budget = 1;
      let lastFrame = now();
      let lastMetrics = -Infinity;
      // Frames of a big table cost real time (copy, projection, probe, metrics): space them
      // so that they take at most ~20% of the worker, whatever snapshotMs asks.
      let frameCost = 0;
      let metricsCost = 0;
      const makeFrame = (): LabFrame => {
        const t = now();
        const metrics = cheap || t - lastMetrics >= Math.max(1000, 10 * metricsCost);
        if (metrics) lastMetrics = t;
        const f = s.frame({ probe, metrics });
        const cost = now() - t;
        if (metrics && !cheap) metricsCost = cost;
        else frameCost = cost;
        return f;
      };
      while (done < limit && !s.finished()) {
        if (ctx.signal.aborted) throw new CancelledError();
        let n = Math.min(budget, limit - done);
        if (rate !== null) {
          // Batches due by now (the first one at once); sleep until the next is due.
          const due = Math.floor(((now() - t0) / 1000) * rate) + 1 - done;
          if (due <= 0) {
            await sleep(Math.min(50, Math.max(1, (done * 1000) / rate - (now() - t0))));
            continue;
          }
          n = Math.min(n, due);
        }
        const a = now();
        s.step(n);
        done += n;
        const dt = now() - a;
        // Adapt the batch count so one slice takes ~30 ms: a cancel is seen within a slice.
        if (dt < 15) budget = Math.min(budget * 2, 4096);
        else if (dt > 60) budget = Math.max(1, Math.floor(budget / 2));
        // Nonlinear frame: re-lay the picture from time to time, a slice per training slice.
        if (s.frameMode() !== 'pca') {
          if (now() - lastLayout >= Math.max(LAYOUT_INTERVAL_MS, 2 * layoutCost) && s.startFrameUpdate()) {
            layoutRunning = true;
            layoutBusy = 0;
          }
          const b = now();
          const finished = sliceLayout(s, LAYOUT_SLICE_MS);
          layoutBusy += now() - b;
          if (finished && layoutRunning) {
            layoutCost = layoutBusy;
            lastLayout = now();
            layoutRunning = false;
          }
        }
        if (done < limit && now() - lastFrame >= Math.max(snapshotMs, 5 * frameCost)) {
          lastFrame = now();
          const f = makeFrame();
          ctx.progress(f, frameBuffers(f));
        }
        await yieldToEventLoop();
      }
      // The paused (or finished) picture shows the table as it is: finish the layout under
      // way (it may have started from an older table), then re-lay if the table moved since.
      await settle(s, ctx.signal);
      if (s.startFrameUpdate()) await settle(s, ctx.signal);
      const f = s.frame({ probe, metrics: true });
      return transfer(f, frameBuffers(f));
    },

    async labRefit({ sessionId, probe }, ctx) {
      const s = getSession(sessionId);
      s.refit();
      await settle(s, ctx.signal);
      const f = s.frame({ probe, metrics: false });
      return transfer(f, frameBuffers(f));
    },

    async labProbe({ sessionId, probe }) {
      return getSession(sessionId).probe(probe);
    },

    async labExample({ sessionId, probe }) {
      const ex = getSession(sessionId).example(probe);
      return transfer(ex, frameBuffers(ex.frame));
    },
  };
}
