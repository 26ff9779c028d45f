import { describe, expect, it } from 'vitest';
import { keyAction, PAN_STEP, ZOOM_STEP } from './keys';

const press = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) =>
  keyAction({ key, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('keyAction', () => {
  it('plus and minus zoom in and out by the same step', () => {
    expect(press('+')).toEqual({ kind: 'zoom', factor: ZOOM_STEP });
    expect(press('=')).toEqual({ kind: 'zoom', factor: ZOOM_STEP });
    expect(press('-')).toEqual({ kind: 'zoom', factor: 1 / ZOOM_STEP });
  });

  it('an arrow moves the view that way, i.e. the content the opposite way', () => {
    expect(press('ArrowLeft')).toEqual({ kind: 'pan', dx: PAN_STEP, dy: 0 });
    expect(press('ArrowDown')).toEqual({ kind: 'pan', dx: 0, dy: -PAN_STEP });
  });

  it('0 and F fit, Escape is reported, other keys are left alone', () => {
    expect(press('0')).toEqual({ kind: 'fit' });
    expect(press('F')).toEqual({ kind: 'fit' });
    expect(press('Escape')).toEqual({ kind: 'escape' });
    expect(press('a')).toBeNull();
    expect(press(' ')).toBeNull();
  });

  it('leaves browser zoom (Ctrl/Cmd with + - 0) to the browser', () => {
    expect(press('+', { ctrlKey: true })).toBeNull();
    expect(press('0', { metaKey: true })).toBeNull();
    expect(press('-', { altKey: true })).toBeNull();
  });
});
