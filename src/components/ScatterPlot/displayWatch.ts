/**
 * Tells the plot when its size, the device pixel ratio or the colour scheme changed.
 * A new ratio (window moved to another screen, browser zoom) or scheme changes the
 * canvas's backing store or background but fires no ResizeObserver, so it is watched
 * through media queries.
 */

export interface DisplayWatchOptions {
  onResize(width: number, height: number): void;
  /** Ratio or colour scheme changed: the renderer re-reads both. */
  onDisplayChange(): void;
}

export function watchDisplay(el: HTMLElement, opts: DisplayWatchOptions): () => void {
  let width = -1;
  let height = -1;
  const observer = new ResizeObserver((entries) => {
    const r = entries[entries.length - 1].contentRect;
    if (r.width === width && r.height === height) return;
    width = r.width;
    height = r.height;
    opts.onResize(r.width, r.height);
  });
  observer.observe(el);

  let dprQuery: MediaQueryList | null = null;
  const onChange = (): void => {
    dprQuery?.removeEventListener('change', onChange);
    dprQuery = window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
    dprQuery.addEventListener('change', onChange);
    opts.onDisplayChange();
  };
  const schemeQuery = window.matchMedia('(prefers-color-scheme: dark)');
  schemeQuery.addEventListener('change', onChange);
  dprQuery = window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
  dprQuery.addEventListener('change', onChange);

  return () => {
    observer.disconnect();
    schemeQuery.removeEventListener('change', onChange);
    dprQuery?.removeEventListener('change', onChange);
  };
}
