/**
 * word2vec's binary format (GoogleNews-vectors-negative300.bin and friends):
 * a text line "N D\n", then N times: the word's bytes, a space, D little-endian
 * float32 (unaligned), and usually a newline. A byte-level state machine, so a
 * chunk may end anywhere — inside a word, a float or the header. Words are decoded
 * as UTF-8 leniently: the original tool cuts long words at a byte limit, which can
 * split a character; that becomes U+FFFD rather than an error.
 */
import { ParseError } from './errors';
import { HOST_LITTLE_ENDIAN, RowCollector } from './rows';
import { swap32 } from './projectorConfig';
import type { StreamParser } from './stream';
import type { ParseOptions, ParsedTable } from './table';

const MAX_HEADER = 128;
const MAX_WORD = 4096;

export function word2vecBinaryParser(opts: ParseOptions = {}): StreamParser<ParsedTable> {
  const rows = new RowCollector(opts, 'row');
  const file = rows.file;
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const labels: string[] = [];
  let state: 'header' | 'word' | 'vector' | 'done' = 'header';
  let header = new Uint8Array(0);
  let n = 0;
  let word = new Uint8Array(64);
  let wordLen = 0;
  let vecBytes: Uint8Array = new Uint8Array(0);
  let vecGot = 0;
  let extra = 0;
  let bytes = 0;

  const startVectors = (line: string): void => {
    const m = /^\s*(\d+)[ \t]+(\d+)\s*$/.exec(line);
    if (!m) throw ParseError.whole(file, `not a word2vec binary file: the first line should be "count dims", got ${JSON.stringify(line.slice(0, 40))}`);
    n = Number(m[1]);
    const dim = Number(m[2]);
    if (dim < 1) throw ParseError.whole(file, `the header says ${dim} dimensions`);
    const cap = opts.fileBytes ? Math.ceil(opts.fileBytes / (4 * dim + 2)) : n;
    rows.start(dim, { exactRows: Math.min(n, cap) });
    vecBytes = new Uint8Array(rows.scratch.buffer);
    state = n === 0 ? 'done' : 'word';
  };

  const push = (chunk: Uint8Array): void => {
    bytes += chunk.length;
    let i = 0;
    const len = chunk.length;
    while (i < len) {
      if (state === 'header') {
        const nl = chunk.indexOf(10, i);
        const end = nl < 0 ? len : nl;
        const joined = new Uint8Array(header.length + end - i);
        joined.set(header);
        joined.set(chunk.subarray(i, end), header.length);
        header = joined;
        if (header.length > MAX_HEADER) throw ParseError.whole(file, 'not a word2vec binary file: no "count dims" header line');
        if (nl < 0) return;
        startVectors(new TextDecoder('latin1').decode(header));
        i = nl + 1;
        continue;
      }
      if (state === 'word') {
        const c = chunk[i++];
        if (wordLen === 0 && (c === 10 || c === 13)) continue; // the newline after the previous vector
        if (c === 32) {
          labels.push(rows.keep(decoder.decode(word.subarray(0, wordLen))));
          wordLen = 0;
          vecGot = 0;
          state = 'vector';
          continue;
        }
        if (wordLen === word.length) {
          if (wordLen >= MAX_WORD) throw ParseError.at(file, rows.seen + 1, `a word longer than ${MAX_WORD} bytes — is this really word2vec binary?`, undefined, 'row');
          const w = new Uint8Array(word.length * 2);
          w.set(word);
          word = w;
        }
        word[wordLen++] = c;
        continue;
      }
      if (state === 'vector') {
        const take = Math.min(vecBytes.length - vecGot, len - i);
        vecBytes.set(chunk.subarray(i, i + take), vecGot);
        vecGot += take;
        i += take;
        if (vecGot === vecBytes.length) {
          if (!HOST_LITTLE_ENDIAN) swap32(vecBytes);
          const row = rows.seen + 1;
          if (!rows.commit(row)) labels.pop();
          state = rows.seen >= n ? 'done' : 'word';
        }
        continue;
      }
      // done: anything but trailing whitespace is reported.
      for (; i < len; i++) if (chunk[i] !== 10 && chunk[i] !== 13 && chunk[i] !== 32) extra++;
    }
  };

  return {
    get rows() {
      return rows.rows;
    },
    push,
    finish() {
      if (bytes === 0) throw ParseError.whole(file, 'the file is empty');
      if (state === 'header') startVectors(new TextDecoder('latin1').decode(header));
      if (state === 'vector') {
        rows.problems.add(rows.seen + 1, `the file ends inside the vector of ${JSON.stringify(labels[labels.length - 1])} (${vecGot} of ${vecBytes.length} bytes)`);
      }
      const warnings: string[] = [];
      if (rows.seen < n) warnings.push(`the header says ${n} words, the file has ${rows.seen}`);
      if (extra > 0) warnings.push(`ignored ${extra} bytes after the ${n} words the header announced`);
      if (state === 'vector') labels.pop();
      return rows.finish(labels, [], warnings);
    },
  };
}
