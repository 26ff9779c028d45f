/**
 * Every keyboard shortcut and pointer gesture of every view, as data: the help overlay
 * lists them, and this is the one place to add a new one. Keys are either literal key
 * caps ("?", "Esc") or a message for a gesture ("Shift + drag").
 */
import type { MessageKey } from '../i18n/translate';

export type KeyCap = { readonly cap: string } | { readonly words: MessageKey };

export interface Shortcut {
  readonly keys: readonly KeyCap[];
  readonly what: MessageKey;
}

export interface ShortcutGroup {
  readonly title: MessageKey;
  readonly items: readonly Shortcut[];
}

const cap = (c: string): KeyCap => ({ cap: c });
const words = (w: MessageKey): KeyCap => ({ words: w });

export const SHORTCUTS: readonly ShortcutGroup[] = [
  {
    title: 'help.group.everywhere',
    items: [
      { keys: [cap('?')], what: 'help.key.help' },
      { keys: [cap('Esc')], what: 'help.key.escape' },
      { keys: [cap('/')], what: 'help.key.slash' },
    ],
  },
  {
    title: 'help.group.map',
    items: [
      { keys: [words('help.keys.drag')], what: 'help.key.drag' },
      { keys: [words('help.keys.wheel')], what: 'help.key.wheel' },
      { keys: [words('help.keys.click')], what: 'help.key.click' },
      { keys: [words('help.keys.shiftDrag')], what: 'help.key.lasso' },
      { keys: [cap('+'), cap('−')], what: 'help.key.zoom' },
      { keys: [words('help.keys.arrows')], what: 'help.key.pan' },
      { keys: [cap('0'), cap('F')], what: 'help.key.fit' },
      { keys: [words('help.keys.legend')], what: 'help.key.legend' },
    ],
  },
  {
    title: 'help.group.search',
    items: [
      { keys: [cap('Enter')], what: 'help.key.enter' },
      { keys: [cap('#945')], what: 'help.key.row' },
      { keys: [cap('Esc')], what: 'help.key.clearText' },
    ],
  },
  {
    title: 'help.group.lab',
    items: [
      { keys: [words('help.keys.space')], what: 'help.key.play' },
      { keys: [cap('.')], what: 'help.key.step' },
      { keys: [words('help.keys.arrows'), cap('PgUp'), cap('PgDn'), cap('Home'), cap('End')], what: 'help.key.heatmap' },
    ],
  },
];

/** Whether a key event's target is a place where keys are text (so shortcuts stay out of the way). */
export function isTyping(el: EventTarget | null): boolean {
  if (!el || typeof (el as Element).tagName !== 'string') return false;
  const e = el as HTMLElement;
  if (e.isContentEditable) return true;
  if (e.tagName === 'TEXTAREA' || e.tagName === 'SELECT') return true;
  if (e.tagName !== 'INPUT') return false;
  const type = (e as HTMLInputElement).type;
  return !['button', 'checkbox', 'radio', 'range', 'submit', 'reset', 'color', 'file'].includes(type);
}
