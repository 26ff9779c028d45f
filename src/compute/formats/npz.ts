/**
 * NumPy .npz: a ZIP of .npy members (np.savez stores them, np.savez_compressed
 * deflates them; NumPy always writes ZIP64 headers). fflate's streaming Unzip reads
 * the local headers in order, so the archive streams like any other file and every
 * member goes through the .npy reader as it inflates.
 *
 * Which member is the vectors: the one named by `array`, else the first numeric
 * array of two or more dimensions; later numeric arrays are skipped (not read into
 * memory) and named in a warning. A 1-D text array of the same length gives labels.
 */
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { asParseError, ParseError } from './errors';
import { npyArrayParser, parseNpyHeader, type NpyArray } from './npy';
import type { StreamParser } from './stream';
import { fileNameOf, type ParseOptions, type ParsedTable } from './table';

export interface NpzOptions extends ParseOptions {
  /** Member holding the vectors, with or without ".npy" (default: the first 2-D numeric array). */
  array?: string;
  /** Member holding labels (default: a 1-D text array of matching length). */
  labelsArray?: string;
}

/** Compressed bytes given to the inflater at once: at most ~4 MB come out of one piece. */
const INFLATE_PIECE = 4096;

const LABEL_HINT = /label|word|token|name|vocab|text|id/i;

type Role = 'pending' | 'vectors' | 'strings' | 'skip';

interface Member {
  name: string;
  role: Role;
  head: Uint8Array;
  parser: StreamParser<NpyArray> | null;
  result: NpyArray | null;
  error: ParseError | null;
  why: string;
}

const bare = (name: string): string => name.replace(/\.npy$/i, '');

export function npzParser(opts: NpzOptions = {}): StreamParser<ParsedTable> {
  const file = fileNameOf(opts);
  const members: Member[] = [];
  let vectorsChosen = false;
  let bytes = 0;
  let failure: ParseError | null = null;

  const decide = (m: Member): void => {
    const h = parseNpyHeader(m.head, `${file} › ${m.name}`);
    if (!h) return;
    const isText = h.dtype.kind === 'U' || h.dtype.kind === 'S';
    const wanted = opts.array !== undefined ? bare(m.name) === bare(opts.array) : !vectorsChosen && !isText && h.shape.length >= 2;
    if (isText && h.shape.length === 1) m.role = 'strings';
    else if (wanted) {
      m.role = 'vectors';
      vectorsChosen = true;
    } else {
      m.role = 'skip';
      m.why = isText ? 'text that is not 1-D' : h.shape.length < 2 ? `shape (${h.shape.join(', ')}) is not rows × dims` : 'another numeric array';
      return;
    }
    m.parser = npyArrayParser({ ...opts, fileName: `${file} › ${m.name}` });
    const head = m.head;
    m.head = new Uint8Array(0);
    m.parser.push(head);
  };

  const onData = (m: Member, data: Uint8Array, final: boolean): void => {
    if (m.error || m.role === 'skip') return;
    try {
      if (m.role === 'pending') {
        const joined = new Uint8Array(m.head.length + data.length);
        joined.set(m.head);
        joined.set(data, m.head.length);
        m.head = joined;
        decide(m);
      } else m.parser?.push(data);
      if (final && m.parser) m.result = m.parser.finish();
      else if (final && m.role === 'pending') {
        m.role = 'skip';
        m.why = 'not a complete .npy';
      }
    } catch (e) {
      m.error = asParseError(`${file} › ${m.name}`, e);
      // A broken vectors array ends the whole read (no point inflating the rest). fflate
      // swallows what its callbacks throw, so push() throws it (see guarded).
      if (m.role === 'vectors') failure ??= m.error;
    }
  };

  const unzip = new Unzip((f: UnzipFile) => {
    const m: Member = { name: f.name, role: 'pending', head: new Uint8Array(0), parser: null, result: null, error: null, why: '' };
    members.push(m);
    if (!/\.npy$/i.test(f.name)) {
      m.role = 'skip';
      m.why = 'not a .npy member';
      return;
    }
    f.ondata = (err, data, final) => {
      if (err) m.error = ParseError.whole(file, `member ${m.name} is damaged: ${err.message}`);
      else {
        // Every inflated byte counts, skipped members too: a zip bomb is stopped at the budget.
        // (fflate swallows what its callbacks throw, so the error is kept and thrown by push.)
        try {
          opts.meter?.addDecoded(file, 'zip', data.length);
        } catch (e) {
          failure ??= asParseError(file, e);
          f.terminate();
          return;
        }
        onData(m, data, final);
      }
    };
    f.start();
  });
  unzip.register(UnzipInflate);

  const guarded = (fn: () => void): void => {
    if (failure) throw failure;
    try {
      fn();
    } catch (e) {
      failure = asParseError(file, e, 'not a readable .npz (ZIP) archive');
      throw failure;
    }
    if (failure) throw failure;
  };

  return {
    get rows() {
      return members.find((m) => m.role === 'vectors')?.parser?.rows ?? 0;
    },
    push(chunk) {
      bytes += chunk.length;
      // Deflate inflates up to ~1000×, and fflate hands over a piece's whole output at
      // once: small pieces keep each output (and so the overshoot past the budget) small.
      for (let i = 0; i < chunk.length; i += INFLATE_PIECE) guarded(() => unzip.push(chunk.subarray(i, Math.min(chunk.length, i + INFLATE_PIECE))));
    },
    finish() {
      if (bytes === 0) throw ParseError.whole(file, 'the file is empty');
      guarded(() => unzip.push(new Uint8Array(0), true));
      const vec = members.find((m) => m.role === 'vectors');
      if (!vec) {
        const list = members.map((m) => `${m.name}${m.why ? ` (${m.why})` : ''}`).join(', ');
        throw ParseError.whole(file, opts.array !== undefined ? `no array named ${JSON.stringify(opts.array)}; it holds ${list || 'nothing'}` : `no numeric 2-D array found; it holds ${list || 'no .npy members'}`);
      }
      if (vec.error) throw vec.error;
      if (!vec.result || vec.result.kind !== 'numeric') throw ParseError.whole(file, `member ${vec.name} ended early`);
      const table = vec.result.table;
      const warnings = [`vectors read from ${vec.name}`];
      for (const m of members) if (m.role === 'skip' && m.why !== 'not a .npy member') warnings.push(`skipped ${m.name}: ${m.why}`);
      // Labels: the named array, else a text array of the right length (preferring label-like names).
      const texts = members.filter((m): m is Member & { result: { kind: 'strings'; values: string[] } } => m.result?.kind === 'strings');
      const fits = texts.filter((m) => m.result.values.length === table.n + table.droppedRows);
      const pick =
        opts.labelsArray !== undefined
          ? texts.find((m) => bare(m.name) === bare(opts.labelsArray as string))
          : (fits.find((m) => LABEL_HINT.test(m.name)) ?? fits[0]);
      if (opts.labelsArray !== undefined && !pick) throw ParseError.whole(file, `no text array named ${JSON.stringify(opts.labelsArray)}`);
      if (pick) {
        const values = pick.result.values;
        if (values.length !== table.n + table.droppedRows) {
          throw ParseError.whole(file, `${pick.name} has ${values.length} labels for ${table.n + table.droppedRows} vectors`);
        }
        const drop = new Set(table.droppedIndices);
        const labels = drop.size ? values.filter((_, i) => !drop.has(i)) : values;
        table.labels = labels;
        table.columns = [{ name: bare(pick.name), cells: labels.slice() }];
        warnings.push(`labels read from ${pick.name}`);
      }
      table.warnings = [...warnings, ...table.warnings];
      return table;
    },
  };
}
