/**
 * Where the lab's training text and starting vectors come from: the bilingual teaching
 * corpus, the State of the Union addresses (downloaded), or the user's own text file
 * (streamed); and the GloVe vectors for "Start from GloVe". Each is built once and kept
 * (per source and min-count), so Reset and a parameter change reopen at once.
 * Downloads go through an injected `fetchBytes`, so Node tests run it with a fake.
 */
import { decodeSproutBin } from '../formats/sproutBin';
import { CancelledError, pause, type Pacing } from '../task';
import { parseSotu } from './corpora';
import { prepareCorpus, type PreparedCorpus } from './encode';
import { createLabSession, normalizeConfig, type LabConfig, type LabSession } from './labSession';
import type { PretrainedVectors } from './skipgramTypes';
import { createStreamCorpus, type StreamCorpusBuilder } from './streamCorpus';
import { LabProblemError } from './labProblems';
import { TEACHING_DICTIONARY, TEACHING_GROUPS, TEACHING_PAIRS, teachingCorpus } from './teachingCorpus';
import { UNK_ID } from './vocab';

/** Where the training text comes from. */
export type LabCorpusSource =
  | { readonly kind: 'teaching' }
  /** The prepared State of the Union file (absolute URL: workers resolve relative URLs against their own script). */
  | { readonly kind: 'sotu'; readonly url: string }
  /** The user's own text file, streamed (a File is a Blob). */
  | { readonly kind: 'file'; readonly file: Blob; readonly name: string }
  /** Text the user pasted. */
  | { readonly kind: 'text'; readonly text: string; readonly name: string };

export interface LabCorpusInfo {
  readonly name: string;
  readonly sentences: number;
  readonly tokens: number;
  /** Tokens below min-count, now `<unk>`. */
  readonly unkTokens: number;
  /** The memory budget was reached: only the start of the text is used. */
  readonly truncated: boolean;
  /** The bilingual teaching corpus (translation hit rate applies). */
  readonly bilingual: boolean;
}

export interface LabOpenProgress {
  readonly stage: 'download' | 'read' | 'tokenize' | 'pretrained' | 'model';
  /** What is happening, in English (logs and tests; the lab writes `stage` in the interface's language). */
  readonly text: string;
  /** The file being read ('read'). */
  readonly name?: string;
  /** 0..1 when known. */
  readonly fraction: number | null;
}

export interface LoadedCorpus {
  readonly prepared: PreparedCorpus;
  readonly info: LabCorpusInfo;
}

/** What a new lab session is made of. */
export interface LabOpenRequest {
  readonly sessionId: string;
  readonly corpus: LabCorpusSource;
  readonly config: LabConfig;
  /** Absolute URL of the GloVe .sprout file, when config.pretrained. */
  readonly pretrainedUrl: string | null;
}

export type FetchBytes = (url: string, opts: { signal?: AbortSignal; onProgress?: (loaded: number, total: number | null) => void }) => Promise<Uint8Array>;

/** Vocabulary cap for large corpora (rarer words go to `<unk>`). */
export const MAX_VOCAB = 30_000;
/** Token budget for a user's file (4 bytes each): the rest of the text is ignored, and the UI says so. */
export const MAX_FILE_TOKENS = 20_000_000;

function corpusKey(src: LabCorpusSource, minCount: number): string {
  if (src.kind === 'teaching') return `teaching|${minCount}`;
  if (src.kind === 'sotu') return `sotu|${src.url}|${minCount}`;
  if (src.kind === 'text') return `text|${src.name}|${src.text.length}|${textHash(src.text)}|${minCount}`;
  const modified = (src.file as Partial<File>).lastModified ?? 0;
  return `file|${src.name}|${src.file.size}|${modified}|${minCount}`;
}

/** FNV-1a over the UTF-16 units: tells two pasted texts of the same length apart. */
function textHash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
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

type Report = (p: LabOpenProgress) => void;

export class LabCorpora {
  private corpusCache: { key: string; corpus: LoadedCorpus } | null = null;
  private pretrainedCache: { url: string; vectors: PretrainedVectors } | null = null;

  constructor(private readonly fetchBytes: FetchBytes) {}

  async corpus(src: LabCorpusSource, minCount: number, pacing: Pacing & { signal: AbortSignal }, report: Report): Promise<LoadedCorpus> {
    const key = corpusKey(src, minCount);
    if (this.corpusCache?.key === key) return this.corpusCache.corpus;
    const corpus =
      src.kind === 'teaching'
        ? this.teaching(minCount, report)
        : src.kind === 'sotu'
          ? await this.sotu(src.url, minCount, pacing, report)
          : await this.file(src.kind === 'text' ? { kind: 'file', file: new Blob([src.text]), name: src.name } : src, minCount, pacing.signal, report);
    this.corpusCache = { key, corpus };
    return corpus;
  }

  async pretrained(url: string, signal: AbortSignal, report: Report): Promise<PretrainedVectors> {
    if (this.pretrainedCache?.url === url) return this.pretrainedCache.vectors;
    const bytes = await this.fetchBytes(url, {
      signal,
      onProgress: (loaded, total) => report({ stage: 'pretrained', text: 'Downloading GloVe vectors…', fraction: total ? loaded / total : null }),
    });
    let vectors: PretrainedVectors;
    try {
      const ds = decodeSproutBin(bytes, 'pretrained');
      vectors = { words: ds.labels, vectors: ds.vectors, dim: ds.dim };
    } catch (e) {
      throw new Error(`The pretrained vectors file is damaged: ${(e as Error).message}`);
    }
    this.pretrainedCache = { url, vectors };
    return vectors;
  }

  private teaching(minCount: number, report: Report): LoadedCorpus {
    report({ stage: 'tokenize', text: 'Writing and tokenizing the teaching corpus…', fraction: null });
    const t = teachingCorpus({ seed: 1 });
    const prepared = prepareCorpus(t.sentences, { dictionary: t.dictionary, minCount });
    let unk = 0;
    for (const id of prepared.corpus.ids) if (id === UNK_ID) unk++;
    return {
      prepared,
      info: { name: 'Teaching corpus', sentences: t.sentences.length, tokens: prepared.corpus.ids.length, unkTokens: unk, truncated: false, bilingual: true },
    };
  }

  private async sotu(url: string, minCount: number, pacing: Pacing & { signal: AbortSignal }, report: Report): Promise<LoadedCorpus> {
    const bytes = await this.fetchBytes(url, {
      signal: pacing.signal,
      onProgress: (loaded, total) => report({ stage: 'download', text: 'Downloading the State of the Union addresses…', fraction: total ? loaded / total : null }),
    });
    const speeches = parseSotu(new TextDecoder('utf-8').decode(bytes));
    const builder = createStreamCorpus({ dictionary: TEACHING_DICTIONARY, minCount, maxVocab: MAX_VOCAB });
    for (let i = 0; i < speeches.length; i++) {
      builder.push(`${speeches[i].text}\n`);
      if (i % 8 === 0) {
        report({ stage: 'tokenize', text: `Tokenizing speech ${i + 1} of ${speeches.length}…`, fraction: i / speeches.length });
        await pause(pacing); // let a cancel in
      }
    }
    const s = builder.finish();
    return {
      prepared: s,
      info: { name: `State of the Union (${speeches.length} speeches)`, sentences: s.sentences, tokens: s.tokens, unkTokens: s.unkTokens, truncated: s.truncated, bilingual: false },
    };
  }

  private async file(src: Extract<LabCorpusSource, { kind: 'file' }>, minCount: number, signal: AbortSignal, report: Report): Promise<LoadedCorpus> {
    const builder = createStreamCorpus({ dictionary: TEACHING_DICTIONARY, minCount, maxVocab: MAX_VOCAB, maxTokens: MAX_FILE_TOKENS });
    await streamInto(builder, src.file, src.name, signal, report);
    const s = builder.finish();
    if (s.vocab.words.length < 3) {
      throw new LabProblemError(s.tokens === 0 ? { code: 'noWords', name: src.name } : { code: 'tooFewWords', name: src.name, words: s.vocab.words.length - 1, minCount });
    }
    return {
      prepared: s,
      info: { name: src.name, sentences: s.sentences, tokens: s.tokens, unkTokens: s.unkTokens, truncated: s.truncated, bilingual: false },
    };
  }
}

/** Streams a text file into the corpus builder, refusing what is not UTF-8 text. */
async function streamInto(builder: StreamCorpusBuilder, blob: Blob, name: string, signal: AbortSignal, report: Report): Promise<void> {
  const reader = blob.stream().getReader();
  const decoder = new TextDecoder('utf-8');
  let read = 0;
  let first = true;
  try {
    for (;;) {
      if (signal.aborted) throw new CancelledError();
      const { done, value } = await reader.read();
      if (done) break;
      read += value.byteLength;
      const text = decoder.decode(value, { stream: true });
      if (first && looksBinary(text.slice(0, 4096))) throw new LabProblemError({ code: 'notText', name });
      first = false;
      builder.push(text);
      report({ stage: 'read', text: `Reading ${name}…`, name, fraction: blob.size ? read / blob.size : null });
      if (builder.truncated()) break;
    }
    if (!builder.truncated()) builder.push(decoder.decode());
  } finally {
    void reader.cancel().catch(() => undefined);
  }
}

/** A fresh session on the requested corpus (and pretrained rows), with its corpus described. */
export async function openLabSession(
  { sessionId, corpus: src, config, pretrainedUrl }: LabOpenRequest,
  corpora: LabCorpora,
  pacing: Pacing & { signal: AbortSignal },
  report: (p: LabOpenProgress) => void,
): Promise<{ session: LabSession; corpus: LabCorpusInfo }> {
  const cfg = normalizeConfig(config);
  const corpus = await corpora.corpus(src, cfg.minCount, pacing, report);
  let init: PretrainedVectors | undefined;
  if (cfg.pretrained) {
    if (!pretrainedUrl) throw new Error('Pretrained initialisation needs the GloVe file URL.');
    init = await corpora.pretrained(pretrainedUrl, pacing.signal, report);
  }
  report({ stage: 'model', text: 'Building the model…', fraction: null });
  const session = createLabSession(sessionId, corpus.prepared, cfg, { init, groups: TEACHING_GROUPS, pairs: corpus.info.bilingual ? TEACHING_PAIRS : undefined });
  return { session, corpus: corpus.info };
}
