/**
 * Which parser a file needs, from its name and first bytes. Magic numbers win over
 * extensions (a .txt that starts with \x93NUMPY is a .npy), extensions win over
 * content guesses, and the content decides between look-alikes (a .tsv of numbers
 * is a projector vectors file; one with a header row is a table).
 */
import { ParseError } from './errors';
import { isNumberCell } from './number';

export type FormatId =
  | 'projector-tsv' // TensorBoard projector vectors TSV
  | 'projector-config' // projector_config.json (points to the other files)
  | 'tensor-bytes' // raw float32 .bytes (needs a shape from a projector config)
  | 'metadata-tsv' // labels / metadata beside a vectors file
  | 'word2vec-text' // word2vec text, fastText .vec, GloVe .txt
  | 'word2vec-binary'
  | 'npy'
  | 'npz'
  | 'csv' // CSV or TSV with a header
  | 'json'
  | 'jsonl'
  | 'parquet'
  | 'sprout'; // our own compact binary (sproutBin.ts)

export interface FormatGuess {
  format: FormatId;
  /** Why: shown in the UI so a wrong guess can be overridden knowingly. */
  why: string;
}

/** Bytes worth passing to sniffFormat. */
export const SNIFF_BYTES = 64 * 1024;

export const FORMAT_NAMES: Record<FormatId, string> = {
  'projector-tsv': 'TensorBoard projector vectors (TSV)',
  'projector-config': 'TensorBoard projector config (JSON)',
  'tensor-bytes': 'raw float32 tensor (.bytes)',
  'metadata-tsv': 'metadata / labels (TSV)',
  'word2vec-text': 'word2vec / fastText / GloVe text',
  'word2vec-binary': 'word2vec binary',
  npy: 'NumPy .npy',
  npz: 'NumPy .npz',
  csv: 'CSV/TSV table with a header',
  json: 'JSON',
  jsonl: 'JSON Lines',
  parquet: 'Parquet',
  sprout: 'Sprout binary',
};

const startsWith = (b: Uint8Array, sig: readonly number[]): boolean => b.length >= sig.length && sig.every((x, i) => b[i] === x);

function extension(name: string): string {
  const base = name.split(/[?#]/)[0].toLowerCase();
  const gz = base.endsWith('.gz') ? base.slice(0, -3) : base;
  const dot = gz.lastIndexOf('.');
  return dot >= 0 ? gz.slice(dot + 1) : '';
}

/** Decodes the sniffed bytes as text (BOM-aware), or null when they look binary. */
function asText(b: Uint8Array): string | null {
  if (startsWith(b, [0xff, 0xfe])) return new TextDecoder('utf-16le').decode(b);
  if (startsWith(b, [0xfe, 0xff])) return new TextDecoder('utf-16be').decode(b);
  const head = b.subarray(0, Math.min(b.length, 4096));
  let bad = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head[i];
    if (c === 0) return null;
    if (c < 9 || (c > 13 && c < 32)) bad++;
  }
  if (bad > head.length / 20) return null;
  const text = new TextDecoder('utf-8').decode(b);
  // Replacement characters away from the end (where a chunk may cut a character) mean binary.
  const inner = text.slice(0, Math.max(0, text.length - 4));
  const repl = inner.split('\ufffd').length - 1;
  if (repl > inner.length / 50) return null;
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function firstLines(text: string, k: number): string[] {
  const lines: string[] = [];
  let pos = 0;
  while (lines.length < k && pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    const line = text.slice(pos, end).replace(/\r$/, '');
    // Without a newline the last line may be cut by the sniff window: only use it when nothing else.
    if (nl >= 0 || lines.length === 0) if (line.trim() !== '') lines.push(line);
    if (nl < 0) break;
    pos = nl + 1;
  }
  return lines;
}

// word2vec/fastText write "count dims" with a space; two tab-separated integers are a TSV row.
const W2V_HEADER = /^\s*\d+ +\d+ *\r?$/;

/** After a "N D" header: is the rest binary floats (word2vec .bin) or text? */
function word2vecKind(b: Uint8Array): 'word2vec-binary' | 'word2vec-text' {
  const nl = b.indexOf(10);
  const rest = b.subarray(nl + 1, Math.min(b.length, nl + 1 + 4096));
  let binary = 0;
  for (const c of rest) if (c === 0 || (c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0x7f) binary++;
  return binary > rest.length / 50 || (rest.length > 0 && new TextDecoder().decode(rest).slice(0, -4).includes('\ufffd')) ? 'word2vec-binary' : 'word2vec-text';
}

function looksLikeProjectorConfig(text: string): boolean {
  return /"embeddings"\s*:\s*\[/.test(text) && /"tensorPath"/.test(text);
}

/** Guesses from text content alone. */
function sniffText(text: string, ext: string): FormatGuess | null {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) return { format: 'json', why: 'starts with "["' };
  if (trimmed.startsWith('{')) {
    if (looksLikeProjectorConfig(text)) return { format: 'projector-config', why: 'a JSON object with "embeddings" and "tensorPath"' };
    const lines = firstLines(trimmed, 2);
    if (lines.length >= 2 && lines[1].trimStart().startsWith('{')) return { format: 'jsonl', why: 'one JSON object per line' };
    return ext === 'jsonl' || ext === 'ndjson' ? { format: 'jsonl', why: `.${ext}` } : { format: 'json', why: 'starts with "{"' };
  }
  const lines = firstLines(text, 3);
  if (lines.length === 0) return null;
  if (W2V_HEADER.test(lines[0])) return { format: 'word2vec-text', why: 'a "count dims" header line' };
  const first = lines[0];
  if (first.includes('\t')) {
    const f0 = first.split('\t');
    const f1 = lines[1]?.split('\t');
    const numericAfterFirst = (f: string[]): boolean => f.length > 1 && f.slice(1).every((c) => isNumberCell(c.trim()));
    if (numericAfterFirst(f0) || f0.every((c) => isNumberCell(c.trim()))) return { format: 'projector-tsv', why: 'tab-separated numbers' };
    if (f1 && f1.some((c) => isNumberCell(c.trim()))) return { format: 'csv', why: 'tab-separated, with a header row' };
    return { format: 'metadata-tsv', why: 'tab-separated text (labels or metadata, not vectors)' };
  }
  const spaced = first.trim().split(/ +/);
  if (spaced.length >= 2 && spaced.slice(1).every(isNumberCell) && !first.includes(',')) {
    return { format: 'word2vec-text', why: 'a word followed by space-separated numbers (GloVe)' };
  }
  if (first.includes(',') || first.includes(';')) return { format: 'csv', why: 'comma- or semicolon-separated' };
  if (lines.every((l) => isNumberCell(l.trim()))) return { format: 'projector-tsv', why: 'one number per line' };
  if (lines.every((l) => !/[\t,]/.test(l))) return { format: 'metadata-tsv', why: 'one value per line (a label list, not vectors)' };
  return null;
}

/** fastText's binary model starts with its magic number 793712314 (int32, little-endian). */
const FASTTEXT_MAGIC = [0xba, 0x16, 0x4f, 0x2f];

/**
 * Files that are not data but are often mistaken for it: a fastText model, a Python
 * pickle (gensim's model.save()), a web page (a wrong URL answered with index.html). Each
 * gets a message that says what it is and what to do.
 */
function refuseKnownNonData(name: string, b: Uint8Array): void {
  if (startsWith(b, FASTTEXT_MAGIC)) {
    throw ParseError.coded(
      name,
      'fastTextModel',
      {},
      'this is a fastText model (.bin), not a table of vectors; export its vectors to a .vec text file — in Python: ' +
        'from gensim.models.fasttext import load_facebook_vectors; load_facebook_vectors(path).save_word2vec_format("vectors.vec") — and open that',
    );
  }
  // Pickle protocol 2–5 starts with PROTO (0x80) and the protocol number.
  if (b[0] === 0x80 && b[1] >= 2 && b[1] <= 5 && b.length > 2) {
    throw ParseError.coded(
      name,
      'pythonPickle',
      {},
      'this is a Python pickle (for example a gensim model saved with .save()), which Sprout does not open (a pickle can run code); ' +
        'export the vectors with model.wv.save_word2vec_format("vectors.vec") (or numpy.save for an array) and open that',
    );
  }
  const start = new TextDecoder().decode(b.subarray(0, 512)).trimStart().slice(0, 100).toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html') || (start.startsWith('<head') && start.includes('<'))) {
    throw ParseError.coded(name, 'webPage', {}, 'this is a web page (HTML), not data; if it came from a link, is the path right?');
  }
}

/**
 * Names the format of a file. Throws a ParseError listing what was tried when no
 * rule matches.
 */
export function sniffFormat(name: string, firstBytes: Uint8Array): FormatGuess {
  const b = firstBytes;
  const ext = extension(name);
  if (b.length === 0) throw ParseError.whole(name, 'the file is empty');
  if (startsWith(b, [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59])) return { format: 'npy', why: 'NumPy magic bytes' };
  if (startsWith(b, [0x50, 0x41, 0x52, 0x31])) return { format: 'parquet', why: 'Parquet magic bytes "PAR1"' };
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06])) return { format: 'npz', why: 'a ZIP archive (read as NumPy .npz)' };
  if (startsWith(b, [0x53, 0x50, 0x52, 0x54])) return { format: 'sprout', why: 'Sprout magic bytes "SPRT"' };
  refuseKnownNonData(name, b);
  if (startsWith(b, [0x1f, 0x8b])) throw ParseError.whole(name, 'the file is gzip-compressed; decompress it first (or open the .gz through a stream that decompresses it)');
  if (ext === 'bytes') return { format: 'tensor-bytes', why: '.bytes (needs its projector_config.json for the shape)' };
  const text = asText(b);
  if (text === null) {
    const nl = b.indexOf(10);
    const head = nl > 0 && nl < 64 ? new TextDecoder().decode(b.subarray(0, nl)) : '';
    if (W2V_HEADER.test(head)) return { format: 'word2vec-binary', why: 'a "count dims" header followed by binary floats' };
    throw ParseError.whole(
      name,
      `unknown format: the file is binary but not NumPy (.npy/.npz), Parquet, word2vec binary or Sprout${ext === 'bytes' ? '' : '; a raw float32 .bytes tensor needs its projector_config.json'}`,
    );
  }
  if (ext === 'json' && looksLikeProjectorConfig(text)) return { format: 'projector-config', why: 'a JSON object with "embeddings" and "tensorPath"' };
  if (ext === 'jsonl' || ext === 'ndjson') return { format: 'jsonl', why: `.${ext}` };
  if (ext === 'json') {
    const g = sniffText(text, ext);
    return g && (g.format === 'jsonl' || g.format === 'json') ? g : { format: 'json', why: '.json' };
  }
  if (ext === 'bin' && W2V_HEADER.test(firstLines(text, 1)[0] ?? '')) return { format: word2vecKind(b), why: '.bin with a "count dims" header' };
  if (W2V_HEADER.test(firstLines(text, 1)[0] ?? '')) return { format: word2vecKind(b), why: 'a "count dims" header line' };
  if (ext === 'vec') return { format: 'word2vec-text', why: '.vec (fastText)' };
  if (ext === 'csv') return { format: 'csv', why: '.csv' };
  const guess = sniffText(text, ext);
  if (guess) return guess;
  throw ParseError.whole(
    name,
    'unknown format: tried NumPy, Parquet, ZIP/.npz, word2vec binary, JSON/JSON Lines, projector TSV, word2vec/GloVe text and CSV — none fit. ' +
      `The file starts with ${JSON.stringify(text.slice(0, 60))}`,
  );
}
