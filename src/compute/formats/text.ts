/**
 * Bytes → text → lines, chunk by chunk. Chunks can end anywhere: inside a UTF-8
 * sequence, between '\r' and '\n', before the BOM is complete. TextDecoder's
 * `stream: true` carries partial characters over; the line reader carries the
 * unfinished last line. Lines are handed out as (text, start, end) over a shared
 * block string so numeric parsers can read fields without creating substrings.
 */

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

/** Decodes a byte stream, choosing UTF-8 or UTF-16 from the byte-order mark. */
export class SniffingDecoder {
  private decoder: TextDecoder | null = null;
  private pending: Uint8Array | null = null;
  encoding: TextEncodingName = 'utf-8';

  decode(bytes: Uint8Array, final = false): string {
    if (!this.decoder) {
      // Two bytes decide UTF-16 (FF FE / FE FF); UTF-8's BOM is dropped by TextDecoder itself.
      const head = this.pending ? concatBytes(this.pending, bytes) : bytes;
      if (head.length < 2 && !final) {
        this.pending = head.slice();
        return '';
      }
      this.pending = null;
      if (head[0] === 0xff && head[1] === 0xfe) this.encoding = 'utf-16le';
      else if (head[0] === 0xfe && head[1] === 0xff) this.encoding = 'utf-16be';
      this.decoder = new TextDecoder(this.encoding);
      bytes = head;
    }
    return this.decoder.decode(bytes, { stream: !final });
  }
}

export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Bytes decoded to one string at a time. */
const DECODE_PIECE = 64 * 1024;

/** Called once per line; the line is text[start, end) without its '\n' or '\r\n'. */
export type LineHandler = (text: string, start: number, end: number, line: number) => void;

/**
 * Splits decoded text into lines. A trailing '\r' stays in the carry until the next
 * chunk shows whether a '\n' follows, so CRLF cut between chunks is still one break.
 */
export class LineReader {
  private readonly decoder = new SniffingDecoder();
  private carry = '';
  private line = 0;
  /** Bytes pushed so far. */
  bytes = 0;

  constructor(private readonly onLine: LineHandler) {}

  get encoding(): TextEncodingName {
    return this.decoder.encoding;
  }

  /** Lines handed out so far. */
  get lines(): number {
    return this.line;
  }

  push(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    // Text is decoded in pieces of at most 64 KB: strings that small live in the young
    // generation and are collected by the next scavenge, where 1 MB strings would wait in
    // large-object space for a full collection (hundreds of MB of dead text during a big load).
    for (let i = 0; i < chunk.length; i += DECODE_PIECE) this.pushText(this.decoder.decode(chunk.subarray(i, Math.min(chunk.length, i + DECODE_PIECE))));
  }

  pushText(decoded: string): void {
    if (decoded.length === 0) return;
    const text = decoded;
    let pos = 0;
    if (this.carry.length) {
      // Finish the carried line on its own rather than prepending the carry to the whole
      // chunk: that would build a rope string that V8 then copies flat (a full extra pass).
      const nl = decoded.indexOf('\n');
      if (nl < 0) {
        this.carry += decoded;
        return;
      }
      const line = this.carry + decoded.slice(0, nl);
      this.carry = '';
      let end = line.length;
      if (end > 0 && line.charCodeAt(end - 1) === 13) end--;
      this.onLine(line, 0, end, ++this.line);
      pos = nl + 1;
    }
    const last = text.lastIndexOf('\n');
    if (last < pos) {
      this.carry = text.slice(pos);
      return;
    }
    while (pos <= last) {
      const nl = text.indexOf('\n', pos);
      let end = nl;
      if (end > pos && text.charCodeAt(end - 1) === 13) end--;
      this.onLine(text, pos, end, ++this.line);
      pos = nl + 1;
    }
    this.carry = last + 1 < text.length ? text.slice(last + 1) : '';
  }

  finish(): void {
    this.pushText(this.decoder.decode(new Uint8Array(0), true));
    const rest = this.carry;
    this.carry = '';
    if (rest.length === 0) return;
    let end = rest.length;
    if (rest.charCodeAt(end - 1) === 13) end--;
    this.onLine(rest, 0, end, ++this.line);
  }
}

/** True when text[start, end) holds only spaces and tabs. */
export function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 0xfeff) return false;
  }
  return true;
}

/**
 * Splits text[start, end) into fields. With `sep` = 9 (tab) or 44 (comma) every
 * separator counts (empty fields stay); with `sep` = -1 runs of spaces/tabs separate
 * and leading/trailing whitespace is ignored (word2vec, GloVe, fastText).
 * Writes start/end pairs into `out` (grown when needed) and returns the field count.
 */
export function splitFields(text: string, start: number, end: number, sep: number, out: { b: Int32Array }): number {
  let n = 0;
  let b = out.b;
  if (sep >= 0) {
    let fs = start;
    for (let i = start; i <= end; i++) {
      if (i === end || text.charCodeAt(i) === sep) {
        if (2 * n + 2 > b.length) b = out.b = growInt32(b);
        b[2 * n] = fs;
        b[2 * n + 1] = i;
        n++;
        fs = i + 1;
      }
    }
    return n;
  }
  let i = start;
  for (;;) {
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 9) break;
      i++;
    }
    if (i >= end) return n;
    const fs = i;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9) break;
      i++;
    }
    if (2 * n + 2 > b.length) b = out.b = growInt32(b);
    b[2 * n] = fs;
    b[2 * n + 1] = i;
    n++;
  }
}

function growInt32(b: Int32Array): Int32Array {
  const next = new Int32Array(Math.max(64, b.length * 2));
  next.set(b);
  return next;
}
