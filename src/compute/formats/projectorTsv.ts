/**
 * TensorBoard projector vectors TSV: one row per line, tab-separated numbers, no
 * header. As in the projector, a first field that is not a number (on the first
 * line) makes the first column the row label.
 */
import { emptyError } from './errors';
import { isNumberCell } from './number';
import { RowCollector } from './rows';
import type { StreamParser } from './stream';
import type { ParseOptions, ParsedTable } from './table';
import { isBlank, LineReader, splitFields } from './text';

export function projectorTsvParser(opts: ParseOptions = {}): StreamParser<ParsedTable> {
  const rows = new RowCollector(opts);
  const fields = { b: new Int32Array(512) };
  const labels: string[] = [];
  let hasLabels = false;
  let expected = -1;
  let sawContent = false;

  const reader = new LineReader((text, start, end, line) => {
    if (isBlank(text, start, end)) return;
    const count = splitFields(text, start, end, 9, fields);
    const b = fields.b;
    if (expected < 0) {
      sawContent = true;
      const first = text.slice(b[0], b[1]);
      if (!isNumberCell(first)) {
        // Every field non-numeric: a header line, which projector files do not have.
        let anyNumber = false;
        for (let k = 1; k < count && !anyNumber; k++) anyNumber = isNumberCell(text.slice(b[2 * k], b[2 * k + 1]));
        if (!anyNumber) {
          rows.warnings.push(`line ${line} has no numbers and was read as a header row (skipped)`);
          return;
        }
        hasLabels = true;
      }
      expected = count;
      const dim = count - (hasLabels ? 1 : 0);
      rows.start(dim, { bytesPerRow: end - start + 1 });
    }
    if (count !== expected) {
      const got = count - (hasLabels ? 1 : 0);
      rows.problems.add(line, `expected ${rows.dim} values, got ${got}`);
      return;
    }
    const off = hasLabels ? 1 : 0;
    if (!rows.parseFields(text, b, off, rows.dim, 0, line, off + 1)) return;
    if (rows.commit(line) && hasLabels) labels.push(rows.keep(text.slice(b[0], b[1])));
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
      if (!sawContent) throw emptyError(rows.file, reader.bytes);
      return rows.finish(hasLabels ? labels : null, []);
    },
  };
}
