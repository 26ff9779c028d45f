/**
 * The plot's keyboard: + and - zoom, the arrows pan, 0 or F fits, Escape is reported.
 * Pure mapping from a key to an action, so it is tested without a DOM.
 */

export type KeyAction =
  | { readonly kind: 'zoom'; readonly factor: number }
  | { readonly kind: 'pan'; readonly dx: number; readonly dy: number }
  | { readonly kind: 'fit' }
  | { readonly kind: 'escape' };

export interface KeyLike {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
}

/** CSS px an arrow key moves the content. */
export const PAN_STEP = 60;
export const ZOOM_STEP = 1.5;

/** What a key does on the focused plot; null for keys it leaves alone (browser zoom with Ctrl included). */
export function keyAction(e: KeyLike): KeyAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  switch (e.key) {
    case '+':
    case '=':
      return { kind: 'zoom', factor: ZOOM_STEP };
    case '-':
    case '_':
      return { kind: 'zoom', factor: 1 / ZOOM_STEP };
    // An arrow moves the view that way, so the content moves the other way.
    case 'ArrowLeft':
      return { kind: 'pan', dx: PAN_STEP, dy: 0 };
    case 'ArrowRight':
      return { kind: 'pan', dx: -PAN_STEP, dy: 0 };
    case 'ArrowUp':
      return { kind: 'pan', dx: 0, dy: PAN_STEP };
    case 'ArrowDown':
      return { kind: 'pan', dx: 0, dy: -PAN_STEP };
    case '0':
    case 'f':
    case 'F':
      return { kind: 'fit' };
    case 'Escape':
      return { kind: 'escape' };
    default:
      return null;
  }
}
