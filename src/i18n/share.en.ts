/**
 * English messages of links, saved sessions and restoring (src/share/, the Sessions
 * dialog): merged into en.ts. Keys start with `share.`.
 */
import type { Format } from './format';

export const shareEn = {
  'share.link.problems': ({ list }: { list: string }) => `This link could not be used in full — ${list}. Everything else in it applies.`,
  'share.session.problems': ({ list }: { list: string }) => `Part of the saved session could not be used — ${list}. Everything else was restored.`,
  'share.problem.unknownField': ({ field }: { field: string }) => `“${field}” is not something Sprout links hold (ignored)`,
  'share.problem.unknownValue': ({ field, value, known }: { field: string; value: string; known: string }) => `${field}: “${value}” is not one of ${known} (the default is used)`,
  'share.problem.range': ({ field, value, min, max }: { field: string; value: string; min: number; max: number }, f: Format) =>
    `${field}: “${value}” is not a number from ${f.num(min, 6)} to ${f.num(max, 6)} (the default is used)`,
  'share.problem.rangeInt': ({ field, value, min, max }: { field: string; value: string; min: number; max: number }, f: Format) =>
    `${field}: “${value}” is not a whole number from ${f.num(min, 6)} to ${f.num(max, 6)} (the default is used)`,
  'share.problem.tooLong': ({ field, max }: { field: string; max: number }, f: Format) => `${field} is longer than ${f.int(max)} characters (ignored)`,
  'share.problem.newer': ({ version }: { version: number }) => `it was made by a newer Sprout (link version ${version}); what this version understands is applied`,
  'share.problem.notInData': ({ field, value }: { field: string; value: string }) => `${field}: “${value}” is not in this data (ignored)`,
  'share.problem.malformed': ({ field, value, expected }: { field: string; value: string; expected: string }) => `${field}: “${value}” is not ${expected} (ignored)`,
  'share.expected.file': 'a file as <bytes>:<name>',
  'share.expected.url': 'an http(s) address',
  'share.expected.sample': 'random:<size>:<seed> or stratified:<size>:<seed>:<column>',
  'share.expected.camera': '<x>,<y>,<zoom>',
  'share.expected.polygon': 'a polygon of at least 3 points',
  'share.expected.metadata-alone': 'usable without data=<address of the vectors> beside it',
  'share.expected.corpus': 'teaching, sotu or file:<bytes>:<name>',
  'share.listSeparator': '; ',

  'share.recomputing': ({ method, seed }: { method: string; seed: number }) =>
    `Recomputing ${method} with seed ${seed}… (a link holds the recipe, not the coordinates; the same seed gives the same layout)`,
  'share.restarting': ({ method, seed }: { method: string; seed: number }) => `${method} had not finished when the page closed: running it again with seed ${seed}…`,
  'share.fromLab': 'This view was made from a table trained in the lab, which a link cannot carry: the default data is shown. Open the table from the lab again.',

  'share.storage.unavailable': 'This browser does not let Sprout store anything here (a private window?): your work will not survive a reload. Links still work.',
  'share.storage.quota': ({ what }: { what: string }) => `The browser refused the space to save ${what}: it will not survive a reload. Delete old sessions to make room.`,
  'share.storage.failed': ({ reason }: { reason: string }) => `Saving the session failed: ${reason}`,
  'share.what.file': ({ name }: { name: string }) => `“${name}”`,
  'share.what.layout': ({ method }: { method: string }) => `the ${method} layout`,
  'share.what.lab': 'the training run',
  'share.what.view': 'the view',
  'share.and': ' and ',

  'share.files.title': 'This view needs a file from your computer',
  'share.files.body': 'It was made from a file that a link cannot carry. Choose the same file to see the same picture:',
  'share.files.item': ({ name, bytes }: { name: string; bytes: number }, f: Format) => `${name} — ${f.int(bytes)} bytes`,
  'share.files.choose': 'Choose the file',
  'share.files.cancel': 'Not now (show the default data)',
  'share.files.mismatch': ({ expected, got }: { expected: string; got: string }) => `Expected ${expected}, got ${got}: loading it anyway, so the picture may differ.`,

  'share.lab.resumed': ({ step }: { step: number }, f: Format) => `Resumed where you left off: batch ${f.int(step)} (trained again from the seed, which gives the same table).`,
  'share.lab.resumedDiffers': ({ step, diff }: { step: number; diff: number }, f: Format) =>
    `Resumed at batch ${f.int(step)} by training again from the seed; this browser's kernel gives slightly different numbers than the saved table (largest difference ${f.num(diff, 6)}).`,

  'share.copyLink': 'Copy link',
  'share.copyLink.hint': 'Copy a link to exactly this view (data, layout, selection, lasso, colour, camera)',
  'share.copied': 'Link copied',
  'share.sessions.button': 'Sessions',
  'share.sessions.hint': 'Sessions saved in this browser',
  'share.sessions.title': 'Saved sessions',
  'share.sessions.about': 'Sprout keeps your work in this browser as you go — the data you loaded, finished layouts, selection, lasso, colour and the lab’s training run — so a reload puts you back where you were.',
  'share.sessions.empty': 'Nothing saved yet.',
  'share.sessions.thisTab': 'this tab',
  'share.sessions.open': 'Open',
  'share.sessions.rename': 'Rename',
  'share.sessions.delete': 'Delete',
  'share.sessions.save': 'Save',
  'share.sessions.cancel': 'Cancel',
  'share.sessions.new': 'Start a new session',
  'share.sessions.close': 'Close',
  'share.sessions.name': 'Session name',
  'share.sessions.size': ({ bytes }: { bytes: number }, f: Format) => f.bytes(bytes),
  'share.sessions.usage': ({ ours, used, quota }: { ours: number; used: number; quota: number }, f: Format) =>
    `Sessions use ${f.bytes(ours)}; this site uses ${f.bytes(used)} of the ${f.bytes(quota)} the browser allows it.`,
  'share.sessions.usageOurs': ({ ours }: { ours: number }, f: Format) => `Sessions use ${f.bytes(ours)}.`,
  'share.sessions.unsaved': ({ what }: { what: string }) => `Not saved (no space): ${what}.`,
  'share.sessions.unavailable': 'Sessions are off: this browser does not let Sprout store anything here (a private window?).',
  'share.sessions.defaultName': ({ dataset, method }: { dataset: string; method: string }) => `${dataset} · ${method}`,
  'share.sessions.noData': 'no data',
} satisfies Record<string, string | ((params: never, f: Format) => string)>;
