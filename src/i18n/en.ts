/**
 * English messages: the source of truth for every visible string (see translate.ts).
 * Keys are grouped by where the text appears: `app.` the shell, `explore.`, `compare.`,
 * `lab.`, `load.`, `project.`, `plot.`, `status.`.
 */
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

  'search.regexInvalid': ({ detail }: { detail: string }) => `Invalid regular expression: ${detail}`,
  'search.regexUnsupported': ({ detail }: { detail: string }) =>
    `This regular expression is not supported: ${detail}. Search runs on a linear-time engine (RE2), which has no backreferences or lookaround.`,
} satisfies Record<string, Message>;

export type Catalogue = typeof en;
