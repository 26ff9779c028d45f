/**
 * English messages: the source of truth for every visible string (see translate.ts).
 * Keys are grouped by where the text appears: `app.` the shell, `explore.`, `compare.`,
 * `lab.`, `load.`, `project.`, `plot.`, `status.`.
 */
import { actEn } from './act.en';
import type { Format } from './format';

type Message = string | ((params: never, f: Format) => string);

export const en = {
  'app.name': 'Sprout',
  'app.language': 'Language',
  'app.views': 'Views',
  'app.view.explore': 'Explore',
  'app.view.explore.hint': 'Explore a finished embedding table',
  'app.view.compare': 'Compare',
  'app.view.compare.hint': 'Two layouts of the same data side by side, linked',
  'app.view.lab': 'Training lab',
  'app.view.lab.hint': 'Watch an embedding table grow',
  'app.loading.compare': 'Loading the comparison…',
  'app.loading.lab': 'Loading the lab…',

  'status.loading': 'Loading…',
  'status.noData': 'No data',
  'status.points': ({ n }: { n: number }, f: Format) => `${f.int(n)} points`,
  'status.dimensions': ({ n }: { n: number }, f: Format) => `${f.int(n)} dimensions`,
  'status.projecting': 'projecting…',

  'project.threads': 'Threads',
  'project.threadCount': ({ n }: { n: number }, f: Format) => (n === 1 ? '1 thread' : `${f.int(n)} threads`),
  'project.threadsHint.single': 'One thread: the page is not cross-origin isolated, or this machine has two cores or fewer',
  'project.threadsHint.hogwild': 'UMAP on several threads updates the layout Hogwild-style: the same settings give a layout of the same quality, not bit for bit the same',
  ...actEn,
} satisfies Record<string, Message>;

export type Catalogue = typeof en;
