/**
 * Word vectors as text, one word per line followed by its values, space-separated:
 *  - word2vec text and fastText .vec: a first line "N D" (word count, dims), lines
 *    may end in a space;
 *  - GloVe: no header, and a token may itself contain spaces (GloVe 840B has ". . ."),
 *    so the LAST D fields of a line are the vector and everything before is the word.
 * Without a header, D is the most common (fields − 1) over the first lines, so one
 * odd token on line 1 does not decide the width for the whole file.
 */
import { emptyError } from './errors';
import { isNumberCell } from './number';
import { quote, RowCollector } from './rows';
import type { StreamParser } from './stream';
import type { ParseOptions, ParsedTable } from './table';
import { isBlank, LineReader, splitFields } from './text';

/** Lines looked at to settle D when there is no header. */
const SAMPLE_LINES = 64;

export function wordVectorsTextParser(opts: ParseOptions = {}): StreamParser<ParsedTable> {
  const rows = new RowCollector(opts);
  const fields = { b: new Int32Array(1024) };
  const labels: string[] = [];
  let header: { n: number; dim: number } | null = null;
  let headerChecked = false;
  let sawContent = false;
  // Lines held back until D is known (headerless files only).
  let sample: { text: string; line: number }[] | null = [];

  const handle = (text: string, start: number, end: number, line: number): void => {
    const count = splitFields(text, start, end, -1, fields);
    const b = fields.b;
    const dim = rows.dim;
    if (count < dim + 1) {
      rows.problems.add(line, count <= 1 ? `expected a word and ${dim} values, got ${count === 1 ? 'only a word' : 'nothing'}` : `expected ${dim} values after the word, got ${count - 1}`);
      return;
    }
    const wordFields = count - dim;
    if (wordFields > 1) {
      // Extra leading fields are part of the word (GloVe) — unless they are all numbers,
      // which means the row simply has too many values.
      let allNumbers = true;
      for (let k = 1; k < wordFields && allNumbers; k++) allNumbers = isNumberCell(text.slice(b[2 * k], b[2 * k + 1]));
      if (allNumbers) {
        rows.problems.add(line, `expected ${dim} values after the word, got ${count - 1}`);
        return;
      }
    }
    if (!rows.parseFields(text, b, wordFields, dim, 0, line, wordFields + 1)) return;
    if (rows.commit(line)) labels.push(rows.keep(wordFields === 1 ? text.slice(b[0], b[1]) : text.slice(b[0], b[2 * wordFields - 1]).replace(/[ \t]+/g, ' ')));
  };

  const settleWidth = (final: boolean): void => {
    if (!sample || (sample.length < SAMPLE_LINES && !final)) return;
    const held = sample;
    sample = null;
    if (held.length === 0) return;
    const votes = new Map<number, number>();
    for (const h of held) {
      const c = splitFields(h.text, 0, h.text.length, -1, fields) - 1;
      votes.set(c, (votes.get(c) ?? 0) + 1);
    }
    let dim = 0;
    let best = -1;
    for (const [d, v] of votes) if (v > best || (v === best && d < dim)) [dim, best] = [d, v];
    if (dim < 1) {
      rows.problems.add(held[0].line, `expected a word followed by numbers, got ${quote(held[0].text)}`);
      return;
    }
    rows.start(dim, { bytesPerRow: held[0].text.length + 1 });
    for (const h of held) handle(h.text, 0, h.text.length, h.line);
  };

  const reader = new LineReader((text, start, end, line) => {
    if (isBlank(text, start, end)) return;
    sawContent = true;
    if (!headerChecked) {
      headerChecked = true;
      const m = /^\s*(\d+) +(\d+)\s*$/.exec(text.slice(start, end));
      if (m) {
        const n = Number(m[1]);
        const dim = Number(m[2]);
        if (dim < 1) {
          rows.problems.add(line, `the header says ${dim} dimensions`);
          return;
        }
        header = { n, dim };
        sample = null;
        // Trust the header's count for preallocation, but not beyond what the file could hold.
        const cap = opts.fileBytes ? Math.ceil(opts.fileBytes / (2 * dim + 2)) : n;
        rows.start(dim, { exactRows: Math.min(n, cap) });
        return;
      }
    }
    if (sample) {
      sample.push({ text: text.slice(start, end), line });
      settleWidth(false);
      return;
    }
    if (rows.started) handle(text, start, end, line);
  });

  return {
    get rows() {
      return rows.rows;
    },
    push(chunk) {
      reader.push(chunk);
    },
    finish() {
      reader.finish();
      settleWidth(true);
      if (!sawContent) throw emptyError(rows.file, reader.bytes);
      const warnings: string[] = [];
      const h = header as { n: number; dim: number } | null;
      if (h && rows.seen !== h.n) {
        warnings.push(`the header says ${h.n} words, the file has ${rows.seen}`);
      }
      return rows.finish(labels, [], warnings);
    },
  };
}
