/**
 * The corpora the training lab offers, and the pure parser for the prepared State of
 * the Union file (scripts/prepare-corpora.ts writes it into public/data/; the app
 * fetches it and hands the text here, so this module never touches the network).
 *
 * File format (UTF-8, one speech per line, tab-separated, text without tabs/newlines):
 *   #sprout-sotu v1\tyear\tpresident\tparty\ttext
 *   1790\tGeorge Washington\tnone\tFellow-Citizens of the Senate …
 * Plain text on purpose: it compresses well on the wire and needs no decoder.
 */

export interface Speech {
  readonly year: number;
  readonly president: string;
  readonly party: string;
  readonly text: string;
}

export const SOTU_HEADER = '#sprout-sotu v1\tyear\tpresident\tparty\ttext';
/** Path of the prepared file below the site root (public/). */
export const SOTU_PATH = 'data/sotu.tsv';

export interface CorpusInfo {
  readonly id: 'teaching' | 'sotu';
  readonly name: string;
  readonly description: string;
  /** Where the app gets it: generated in the page, or fetched from this path. */
  readonly source: { readonly kind: 'generated' } | { readonly kind: 'fetch'; readonly path: string };
}

export const CORPORA: readonly CorpusInfo[] = [
  {
    id: 'teaching',
    name: 'Teaching corpus (中文 + English)',
    description: 'Template sentences with known word groups (emotions, universities, colours, animals, numbers, cities, weekdays) in Chinese and English.',
    source: { kind: 'generated' },
  },
  {
    id: 'sotu',
    name: 'State of the Union, 1790–2021',
    description: 'Every State of the Union address (about 1.8M words of real English), with year, president and party.',
    source: { kind: 'fetch', path: SOTU_PATH },
  },
];

function clean(field: string): string {
  return field.replace(/[\t\r\n]+/g, ' ').trim();
}

/** Writes speeches in the prepared format (used by the prep script; pure so it is testable). */
export function formatSotu(speeches: readonly Speech[]): string {
  const lines = [SOTU_HEADER];
  for (const s of speeches) {
    if (!Number.isInteger(s.year)) throw new Error(`speech year must be an integer, got ${s.year}`);
    lines.push([String(s.year), clean(s.president), clean(s.party), clean(s.text)].join('\t'));
  }
  return lines.join('\n') + '\n';
}

/** Parses the prepared file; throws with the line number when a line is malformed. */
export function parseSotu(file: string): Speech[] {
  const lines = file.split('\n');
  if (lines[0].replace(/\r$/, '') !== SOTU_HEADER) {
    throw new Error(`not a prepared State of the Union file (expected the header "${SOTU_HEADER.split('\t')[0]}")`);
  }
  const out: Speech[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (line === '') continue;
    const parts = line.split('\t');
    if (parts.length !== 4) throw new Error(`line ${i + 1}: expected 4 tab-separated fields, got ${parts.length}`);
    const year = Number(parts[0]);
    if (!Number.isInteger(year)) throw new Error(`line ${i + 1}: year "${parts[0]}" is not an integer`);
    out.push({ year, president: parts[1], party: parts[2], text: parts[3] });
  }
  return out;
}

// Words after which a period does not end a sentence.
const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'st', 'jr', 'sr', 'gen', 'gov', 'hon', 'rev', 'vs', 'no', 'co', 'sen', 'rep', 'messrs', 'ft', 'mt']);

/**
 * Splits running text into sentences: after . ! ? followed by space (unless the period
 * ends an abbreviation or an initial such as "U.S."), after 。！？, and at line breaks.
 * Sentences bound the trainers' context windows, as word2vec's lines do.
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  const push = (end: number): void => {
    const s = text.slice(start, end).trim();
    if (s) out.push(s);
    start = end;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') {
      push(i + 1);
    } else if (ch === '。' || ch === '！' || ch === '？') {
      push(i + 1);
    } else if ((ch === '.' || ch === '!' || ch === '?') && (i + 1 === text.length || /\s/.test(text[i + 1]))) {
      if (ch === '.') {
        const m = /([A-Za-z]+)$/.exec(text.slice(Math.max(start, i - 12), i));
        const word = m ? m[1] : '';
        // "U.S." / "J." (single letters) and titles do not end sentences.
        if (word.length === 1 || ABBREVIATIONS.has(word.toLowerCase())) continue;
      }
      push(i + 1);
    }
  }
  push(text.length);
  return out;
}
