/**
 * The one error type every parser throws. A person fixing a file needs the file
 * name, where it went wrong, and — for a file with several mistakes — more than the
 * first one, so problems are collected (up to a limit) before throwing.
 */

export interface Problem {
  /** 1-based line (text formats) or row (binary formats); 0 when it concerns the whole file. */
  readonly line: number;
  /** 1-based field/column within the line, when known. */
  readonly column?: number;
  /** What is wrong, without the location (the location is added when formatting). */
  readonly message: string;
}

/** How locations are worded: text files have lines, binary files have rows. */
export type LocationUnit = 'line' | 'row';

/**
 * Whole-file errors the UI words itself, in the user's language: the worker sends the
 * English message (logs, tests, older code) plus this code and its parameters, and the
 * Load panel translates by code (i18n key `loadError.<code>`). Parse problems with line
 * numbers stay English text.
 */
export type LoadErrorCode =
  | 'inflatesPastBudget'
  | 'tableOverBudget'
  | 'htmlResponse'
  | 'httpStatus'
  | 'network'
  | 'cspBlocked'
  | 'relativePath'
  | 'fastTextModel'
  | 'pythonPickle'
  | 'webPage'
  | 'metadataOnly'
  | 'metadataNeedsData'
  | 'noRows'
  | 'oneRow'
  | 'oneDimension'
  | 'allRowsEqual';

export type ErrorParams = Readonly<Record<string, string | number>>;

/** Maximum number of problems kept (and shown) before a parser gives up. */
export const MAX_PROBLEMS = 20;

export function formatProblem(p: Problem, unit: LocationUnit = 'line'): string {
  if (p.line <= 0) return p.message;
  return `${unit} ${p.line}${p.column !== undefined ? `, column ${p.column}` : ''}: ${p.message}`;
}

export class ParseError extends Error {
  readonly file: string;
  /** Location of the first problem (0 when it concerns the whole file). */
  readonly line: number;
  readonly column?: number;
  /** The first MAX_PROBLEMS problems, in file order. */
  readonly problems: readonly Problem[];
  /** How many problems were found (may exceed problems.length). */
  readonly totalProblems: number;
  /** True when parsing stopped early because there were too many problems. */
  readonly truncated: boolean;
  readonly unit: LocationUnit;
  /** Set for the whole-file errors the UI translates (see LoadErrorCode). */
  code: LoadErrorCode | null = null;
  params: ErrorParams = {};
  /**
   * The name of the engine or library error this one wraps (TypeError, RangeError…), when
   * it is not one of ours: the fuzz campaign counts these from our own parsers as bugs.
   */
  internal: string | null = null;

  constructor(
    file: string,
    problems: readonly Problem[],
    opts: { unit?: LocationUnit; totalProblems?: number; truncated?: boolean } = {},
  ) {
    const unit = opts.unit ?? 'line';
    const total = opts.totalProblems ?? problems.length;
    const truncated = opts.truncated ?? false;
    const lines = problems.map((p) => formatProblem(p, unit));
    let message: string;
    if (problems.length === 1 && !truncated) message = `${file}: ${lines[0]}`;
    else {
      const tail = truncated ? `\n  … stopped after ${problems.length} problems` : total > problems.length ? `\n  … and ${total - problems.length} more` : '';
      message = `${file}: ${total} problems\n  ${lines.join('\n  ')}${tail}`;
    }
    super(message);
    this.name = 'ParseError';
    this.file = file;
    this.line = problems[0]?.line ?? 0;
    if (problems[0]?.column !== undefined) this.column = problems[0].column;
    this.problems = problems;
    this.totalProblems = total;
    this.truncated = truncated;
    this.unit = unit;
  }

  /** An error about the whole file (empty, unknown format, too big…). */
  static whole(file: string, message: string): ParseError {
    return new ParseError(file, [{ line: 0, message }]);
  }

  /** A whole-file error the UI words by `code`; `message` is its English text. */
  static coded(file: string, code: LoadErrorCode, params: ErrorParams, message: string): ParseError {
    const e = ParseError.whole(file, message);
    e.code = code;
    e.params = params;
    return e;
  }

  static at(file: string, line: number, message: string, column?: number, unit: LocationUnit = 'line'): ParseError {
    return new ParseError(file, [column === undefined ? { line, message } : { line, column, message }], { unit });
  }
}

/**
 * Collects problems while a parser keeps going, so one run reports many mistakes.
 * Throws as soon as MAX_PROBLEMS are collected: a file that wrong is not worth
 * reading to the end (a 2 GB file of errors would otherwise take minutes to reject).
 */
export class ProblemLog {
  private readonly list: Problem[] = [];
  constructor(
    readonly file: string,
    readonly unit: LocationUnit = 'line',
    private readonly limit = MAX_PROBLEMS,
  ) {}

  get count(): number {
    return this.list.length;
  }

  add(line: number, message: string, column?: number): void {
    this.list.push(column === undefined ? { line, message } : { line, column, message });
    if (this.list.length >= this.limit) {
      throw new ParseError(this.file, this.list.slice(), { unit: this.unit, truncated: true });
    }
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw new ParseError(this.file, this.list.slice(), { unit: this.unit });
  }
}

/**
 * Runs `fn` and turns any exception that is not already a ParseError (a RangeError
 * from a hostile length, an error inside a third-party decoder…) into one, so callers
 * only ever see ParseError for bad input.
 */
export function asParseError(file: string, e: unknown, what = 'could not be read'): ParseError {
  if (e instanceof ParseError) return e;
  const detail = e instanceof Error ? e.message : String(e);
  const pe = ParseError.whole(file, `${what}: ${detail}`);
  pe.internal = e instanceof Error ? e.name : typeof e;
  return pe;
}

/** The error for a file with nothing in it. */
export function emptyError(file: string, bytes: number): ParseError {
  return ParseError.whole(file, bytes === 0 ? 'the file is empty' : 'the file holds no data (only blank lines)');
}
