/**
 * TensorBoard projector configs (projector_config.json) and the raw tensor files
 * they point to: `tensorPath` → little-endian float32 `.bytes` of `tensorShape`
 * [n, dim] (or a vectors TSV), `metadataPath` → metadata TSV, `sprite`, and
 * `bookmarksPath` (not supported yet: reported as a warning, never silently lost).
 */
import { ParseError, type Problem } from './errors';
import { allocFloat32, checkMemoryBudget } from './memory';
import { finishBinaryRows, HOST_LITTLE_ENDIAN } from './rows';
import type { StreamParser } from './stream';
import { fileNameOf, type ParseOptions, type ParsedTable } from './table';

export interface ProjectorSprite {
  imagePath: string;
  /** [width, height] of one thumbnail. */
  singleImageDim: [number, number];
}

export interface ProjectorEmbedding {
  tensorName: string;
  /** [n, dim]; required for .bytes tensors, optional for TSV ones. */
  tensorShape: [number, number] | null;
  tensorPath: string;
  /** How tensorPath is stored, from its extension. */
  tensorFormat: 'bytes' | 'tsv';
  metadataPath: string | null;
  sprite: ProjectorSprite | null;
  bookmarksPath: string | null;
}

export interface ProjectorConfig {
  embeddings: ProjectorEmbedding[];
  warnings: string[];
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isObject(v: unknown): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function positiveInts(v: unknown, len: number): v is number[] {
  return Array.isArray(v) && v.length === len && v.every((x) => typeof x === 'number' && Number.isInteger(x) && x > 0);
}

/**
 * Reads and checks a projector config (text or already-parsed JSON). Every problem
 * found is listed, each naming the field (e.g. "embeddings[1].tensorShape").
 */
export function parseProjectorConfig(json: string | unknown, file = 'projector_config.json'): ProjectorConfig {
  let root: unknown = json;
  if (typeof json === 'string') {
    try {
      root = JSON.parse(json.charCodeAt(0) === 0xfeff ? json.slice(1) : json);
    } catch (e) {
      throw ParseError.whole(file, `not valid JSON: ${(e as Error).message}`);
    }
  }
  const problems: Problem[] = [];
  const bad = (message: string): void => void problems.push({ line: 0, message });
  const warnings: string[] = [];
  const embeddings: ProjectorEmbedding[] = [];
  if (!isObject(root)) throw ParseError.whole(file, 'expected a JSON object with an "embeddings" list');
  const list = root.embeddings;
  if (!Array.isArray(list) || list.length === 0) {
    throw ParseError.whole(file, '"embeddings" must be a non-empty list of { tensorPath, tensorShape, metadataPath, … }');
  }
  list.forEach((e, i) => {
    const at = `embeddings[${i}]`;
    if (!isObject(e)) return bad(`${at} must be an object`);
    const tensorName = typeof e.tensorName === 'string' ? e.tensorName : `tensor ${i + 1}`;
    if (typeof e.tensorPath !== 'string' || e.tensorPath === '') return bad(`${at}.tensorPath must be a file path or URL`);
    const tensorFormat = /\.tsv(\?.*)?$/i.test(e.tensorPath) ? 'tsv' : 'bytes';
    let tensorShape: [number, number] | null = null;
    if (e.tensorShape !== undefined) {
      if (!positiveInts(e.tensorShape, 2)) bad(`${at}.tensorShape must be [rows, dims] of positive integers, got ${JSON.stringify(e.tensorShape)}`);
      else tensorShape = [e.tensorShape[0], e.tensorShape[1]];
    } else if (tensorFormat === 'bytes') bad(`${at}.tensorShape is required for a binary tensor (${e.tensorPath})`);
    let metadataPath: string | null = null;
    if (e.metadataPath !== undefined && e.metadataPath !== '') {
      if (typeof e.metadataPath !== 'string') bad(`${at}.metadataPath must be a string`);
      else metadataPath = e.metadataPath;
    }
    let sprite: ProjectorSprite | null = null;
    if (e.sprite !== undefined) {
      const s = e.sprite;
      if (!isObject(s) || typeof s.imagePath !== 'string' || !positiveInts(s.singleImageDim, 2)) {
        bad(`${at}.sprite must be { imagePath: string, singleImageDim: [width, height] }`);
      } else sprite = { imagePath: s.imagePath, singleImageDim: [s.singleImageDim[0], s.singleImageDim[1]] };
    }
    let bookmarksPath: string | null = null;
    if (typeof e.bookmarksPath === 'string' && e.bookmarksPath !== '') {
      bookmarksPath = e.bookmarksPath;
      warnings.push(`${tensorName}: bookmarks (${bookmarksPath}) are not supported yet and were ignored`);
    }
    embeddings.push({ tensorName, tensorShape, tensorPath: e.tensorPath, tensorFormat, metadataPath, sprite, bookmarksPath });
  });
  if (problems.length) throw new ParseError(file, problems);
  return { embeddings, warnings };
}

/**
 * Raw little-endian float32 rows of a known shape (the projector's `.bytes`),
 * written straight into one preallocated array as chunks arrive.
 */
export function tensorBytesParser(shape: readonly [number, number], opts: ParseOptions = {}): StreamParser<ParsedTable> {
  const file = fileNameOf(opts);
  const [n, dim] = shape;
  const want = n * dim * 4;
  if (opts.memoryBudget !== undefined) checkMemoryBudget(want, dim, opts.memoryBudget, { file, rows: n, peakFactor: 1 });
  const vectors = allocFloat32(n * dim, file, opts.meter);
  const bytes = new Uint8Array(vectors.buffer);
  let got = 0;
  return {
    get rows() {
      return Math.floor(Math.min(got, want) / (dim * 4));
    },
    push(chunk) {
      const room = want - got;
      if (room > 0) bytes.set(room >= chunk.length ? chunk : chunk.subarray(0, room), got);
      got += chunk.length;
    },
    finish() {
      if (got === 0 && want > 0) throw ParseError.whole(file, 'the file is empty');
      if (got !== want) {
        const rows = got / (dim * 4);
        throw ParseError.whole(
          file,
          `expected ${n} × ${dim} float32 values = ${want} bytes (from tensorShape), got ${got} bytes` +
            (Number.isInteger(rows) ? ` — that is ${rows} rows; is tensorShape right?` : ''),
        );
      }
      if (!HOST_LITTLE_ENDIAN) swap32(bytes);
      return finishBinaryRows(vectors, n, dim, opts);
    },
  };
}

/** Reverses the bytes of every 4-byte word (only on big-endian hosts). */
export function swap32(b: Uint8Array): void {
  for (let i = 0; i + 3 < b.length; i += 4) {
    const a = b[i];
    const c = b[i + 1];
    b[i] = b[i + 3];
    b[i + 1] = b[i + 2];
    b[i + 2] = c;
    b[i + 3] = a;
  }
}
