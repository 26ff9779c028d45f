/**
 * English messages of the Load panel: reading progress, a failed file's problems, and
 * the questions before showing a large or NaN-holding file (merged into en.ts).
 */
import type { Format } from './format';

type Message = string | ((params: never, f: Format) => string);

export const loadPanelEn = {
  'loadPanel.button': 'Load data…',
  'loadPanel.button.title': 'Load your own vectors (you can also drop files anywhere on the page)',
  'loadPanel.dialogTitle': 'Load your own vectors',
  'loadPanel.dialogHint':
    'One vectors file — TensorBoard TSV, word2vec / GloVe / fastText (text or binary), NumPy .npy/.npz, CSV, JSON, JSON Lines or Parquet — optionally with its metadata TSV; or a projector_config.json together with the files it names. Your files stay in this browser. You can also drop files anywhere on the page.',
  'loadPanel.files': 'Files',
  'loadPanel.format': 'Format',
  'loadPanel.detect': 'Detect automatically',
  'loadPanel.nonFiniteRows': 'Rows with NaN/Infinity',
  'loadPanel.nonFinite.ask': 'Ask me (count them first)',
  'loadPanel.nonFinite.drop': 'Drop those rows',
  'loadPanel.nonFinite.error': 'Stop with an error',
  'loadPanel.paste': 'Or paste text',
  'loadPanel.loadPasted': 'Load pasted text',
  'loadPanel.dropToLoad': 'Drop to load',
  'loadPanel.dropHint': 'a vectors file, with its metadata TSV — or a projector_config.json with its files',
  'loadPanel.reading': 'Reading',
  'loadPanel.readingWhat': ({ what }: { what: string }) => `Reading ${what}`,
  'loadPanel.bytes': ({ read, total }: { read: string; total: string | null }) => (total === null ? `${read} MB` : `${read} of ${total} MB`),
  'loadPanel.rows': ({ n }: { n: number }, f: Format) => `${f.int(n)} rows`,
  'loadPanel.cancel': 'Cancel',
  'loadPanel.line': ({ unit, line, column, message }: { unit: string; line: number; column: number | null; message: string }) =>
    `${unit} ${line}${column !== null ? `, column ${column}` : ''}: ${message}`,
  'loadPanel.couldNotLoad': ({ what }: { what: string }) => `Could not load ${what}`,
  'loadPanel.problems': ({ n, more }: { n: number; more: boolean }, f: Format) => ` — ${f.int(n)}${more ? '+' : ''} problems`,
  'loadPanel.stoppedAfter': ({ n }: { n: number }, f: Format) => `Reading stopped after the first ${f.int(n)} problems.`,
  'loadPanel.andMore': ({ n }: { n: number }, f: Format) => `… and ${f.int(n)} more.`,
  'loadPanel.readAs': ({ format, why }: { format: string; why: string }) => `Read as ${format}${why ? ` (${why})` : ''}.`,
  'loadPanel.unchanged': 'The current map is unchanged.',
  'loadPanel.dropNonFinite': 'Drop rows with NaN/Infinity',
  'loadPanel.readAsLabel': 'Read as',
  'loadPanel.tryAgain': 'Try again',
  'loadPanel.close': 'Close',
  'loadPanel.dropAndShow': ({ n }: { n: number }, f: Format) => `Drop ${f.int(n)} row${n === 1 ? '' : 's'} and show`,
  'loadPanel.show': 'Show',
  'loadPanel.labelsFrom': 'Labels from',
  'loadPanel.labelsFromHint': 'The column that names each point (hover and search show it). Another choice reads the file again.',
  'loadPanel.shape': ({ what, n, dim }: { what: string; n: number; dim: number }, f: Format) => `${what}: ${f.int(n)} rows × ${f.int(dim)} dimensions`,
  'loadPanel.nonFinite': ({ dropped, where, rest }: { dropped: number; where: string; rest: number }, f: Format) =>
    `${f.int(dropped)} row${dropped === 1 ? ' holds' : 's hold'} NaN or Infinity${where ? ` (${where})` : ''} and cannot be placed. Drop ${dropped === 1 ? 'it' : 'them'} and show the other ${f.int(rest)} rows, or stop?`,
  'loadPanel.aLot': 'That is a lot of points to draw. Show:',
  'loadPanel.random': 'a random sample',
  'loadPanel.stratified': 'a sample stratified by',
  'loadPanel.stratifyBy': 'Stratify by column',
  'loadPanel.all': ({ n }: { n: number }, f: Format) => `all ${f.int(n)} rows (slower)`,
  'loadPanel.rowsLabel': 'Rows',
  'loadPanel.seed': 'Seed',
  'loadPanel.stop': 'Stop',
  'loadPanel.readAsStays': ({ format }: { format: string }) => `Read as ${format}. The current map stays until you choose.`,
  'loadBanner.loading': ({ what, loaded, total }: { what: string; loaded: number; total: number | null }, f: Format) =>
    `Loading ${what}… ${f.bytes(loaded)}${total ? ` of ${f.bytes(total)}` : ''}`,
  'loadBanner.loadingLabel': ({ what }: { what: string }) => `Loading ${what}`,
  'loadBanner.failed': ({ what, reason }: { what: string; reason: string }) => `Could not load ${what}: ${reason}`,
  'loadBanner.retry': 'Retry',
} satisfies Record<string, Message>;

export type LoadPanelCatalogue = typeof loadPanelEn;
