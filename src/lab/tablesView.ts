/**
 * The tables panel's drawing, outside React's render loop: it subscribes to the lab
 * slice and repaints the visible rows of W and C (virtualised: only the rows in view
 * are drawn, so 30,000 rows scroll as fast as 300), the pinned rows (typed tokens and
 * the last single update's rows) above them, the row labels as HTML, and the fading
 * flashes of rows a running batch touched. It writes what it draws into data-*
 * attributes (rows outlined per table, the colour scale), which the tests read.
 */
import type { LabData } from '../state/labTypes';
import type { AppStore } from '../state/appState';
import { FIXED_SCALE, observeSize, prepareCanvas, robustScale } from './canvas';
import { drawRow, FLASH_MS, flashLevel, tableLayout } from './tableDraw';

export const ROW_H = 14;
export const PINNED_ROW_H = 18;
/** Pinned rows at most (typed tokens first, then the last update's rows). */
const MAX_PINNED = 14;

export interface TablesElements {
  readonly root: HTMLElement;
  readonly scroller: HTMLElement;
  readonly spacer: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  readonly labels: HTMLElement;
  readonly pinned: HTMLCanvasElement;
  readonly pinnedLabels: HTMLElement;
}

/** The tables on screen: the replayed snapshot's W when the worker kept one (C is not kept), else the live frame's. */
export function shownTables(lab: LabData): { tables: (Float32Array | null)[]; dim: number; two: boolean } | null {
  const f = lab.frame;
  if (!f) return null;
  const two = f.output !== null;
  if (lab.scrub !== null) return { tables: two ? [lab.scrubTable ?? f.vectors, null] : [lab.scrubTable ?? f.vectors], dim: f.dim, two };
  return { tables: two ? [f.vectors, f.output] : [f.vectors], dim: f.dim, two };
}

export function pinnedRows(lab: LabData): number[] {
  const rows = new Set<number>();
  for (const t of lab.tokens) rows.add(t.id);
  if (lab.outline && lab.scrub === null) {
    for (const id of lab.outline.rowsIn) rows.add(id);
    for (const id of lab.outline.rowsOut) rows.add(id);
  }
  return [...rows].slice(0, MAX_PINNED);
}

export interface TablesView {
  destroy(): void;
}

export function createTablesView(el: TablesElements, store: AppStore): TablesView {
  const flashIn = new Map<number, number>();
  const flashOut = new Map<number, number>();
  let width = 0, height = 0;
  let raf = 0;
  let fadeTimer: ReturnType<typeof setTimeout> | 0 = 0;
  let scale = FIXED_SCALE;

  const labelSpans = (box: HTMLElement, rows: readonly number[], y0: number, rowH: number, words: readonly string[]): void => {
    box.replaceChildren(
      ...rows.map((id, r) => {
        const s = document.createElement('span');
        s.textContent = `${id} ${words[id] ?? ''}`;
        s.style.top = `${y0 + r * rowH}px`;
        s.style.height = `${rowH}px`;
        return s;
      }),
    );
  };

  const paint = (canvas: HTMLCanvasElement, h: number, lab: LabData, rows: readonly number[], y0: number, rowH: number): void => {
    const shown = shownTables(lab);
    const ctx = prepareCanvas(canvas, width, h);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${h}px`;
    if (!ctx || !shown) return;
    ctx.clearRect(0, 0, width, h);
    const layout = tableLayout(width, shown.dim, shown.tables.length);
    const now = performance.now();
    const counts = lab.session?.counts;
    const rareMax = lab.frame?.movement.rareMaxCount ?? 0;
    const tokens = new Set(lab.tokens.map((t) => t.id));
    const outline = lab.scrub === null ? lab.outline : null;
    const oIn = new Set(outline?.rowsIn ?? []);
    const oOut = new Set(outline?.rowsOut ?? []);
    const hover = lab.hovered;
    rows.forEach((id, r) => {
      const mark = id === hover ? 'hover' : id === lab.focus ? 'focus' : tokens.has(id) ? 'token' : null;
      const rare = id > 0 && counts !== undefined && counts[id] <= rareMax;
      drawRow(ctx, layout, shown.tables, id, y0 + r * rowH, rowH, scale, {
        mark,
        rare,
        outline: [oIn.has(id), oOut.has(id)],
        flash: [flashLevel(flashIn.get(id), now), flashLevel(flashOut.get(id), now)],
      });
    });
  };

  const draw = (): void => {
    raf = 0;
    const lab = store.getState().lab;
    const words = lab.session?.words ?? [];
    const V = words.length;
    el.spacer.style.height = `${V * ROW_H}px`;
    const h = Math.max(1, Math.min(height, V * ROW_H));
    const first = Math.floor(el.scroller.scrollTop / ROW_H);
    const offset = -(el.scroller.scrollTop - first * ROW_H);
    const rows: number[] = [];
    for (let id = first; id < V && rows.length * ROW_H + offset < h; id++) rows.push(id);
    paint(el.canvas, h, lab, rows, offset, ROW_H);
    labelSpans(el.labels, rows, offset, ROW_H, words);
    const pins = pinnedRows(lab);
    paint(el.pinned, Math.max(1, pins.length * PINNED_ROW_H), lab, pins, 0, PINNED_ROW_H);
    labelSpans(el.pinnedLabels, pins, 0, PINNED_ROW_H, words);
    el.pinnedLabels.style.height = el.pinned.style.height;
    // What is drawn, for the tests: the typed rows, the hovered row, the outlined rows per table, the scale.
    const outline = lab.scrub === null ? lab.outline : null;
    el.root.dataset.highlightedRows = [...new Set(lab.tokens.map((t) => t.id))].join(' ');
    el.root.dataset.outlinedIn = outline ? Array.from(outline.rowsIn).join(' ') : '';
    el.root.dataset.outlinedOut = outline ? Array.from(outline.rowsOut).join(' ') : '';
    el.root.dataset.scale = String(scale);
    el.root.dataset.hovered = String(lab.hovered);
    let active = false;
    const now = performance.now();
    for (const m of [flashIn, flashOut])
      for (const [id, until] of m) {
        if (until <= now) m.delete(id);
        else active = true;
      }
    // Fades advance a few times a second, not every animation frame: a software-rendered
    // browser would spend its time repainting the table.
    if (active && !fadeTimer)
      fadeTimer = setTimeout(() => {
        fadeTimer = 0;
        schedule();
      }, 120);
  };
  const schedule = (): void => {
    if (!raf) raf = requestAnimationFrame(draw);
  };

  const onFrame = (lab: LabData): void => {
    const shown = shownTables(lab);
    if (lab.heatScale === 'fixed' || !shown) scale = FIXED_SCALE;
    else scale = Math.max(...shown.tables.map((t) => (t ? robustScale(t) : 0)), 1e-6);
    const until = performance.now() + FLASH_MS;
    // During a run, rows a batch touched flash; a single update is outlined instead.
    if (lab.scrub === null && lab.frame && lab.phase === 'running') {
      for (const id of lab.frame.touched) flashIn.set(id, until);
      for (const id of lab.frame.touchedOut) flashOut.set(id, until);
    }
    schedule();
  };

  const unsubscribe = store.subscribe((s, prev) => {
    const a = s.lab, b = prev.lab;
    if (a.frame !== b.frame || a.scrub !== b.scrub || a.scrubTable !== b.scrubTable || a.heatScale !== b.heatScale) onFrame(a);
    else if (a.tokens !== b.tokens || a.session !== b.session || a.outline !== b.outline || a.focus !== b.focus || a.hovered !== b.hovered) schedule();
    if (a.focus !== b.focus && a.focus > 0) {
      // Bring the focused row into view.
      const top = a.focus * ROW_H;
      const sc = el.scroller;
      if (top < sc.scrollTop || top + ROW_H > sc.scrollTop + sc.clientHeight) sc.scrollTop = Math.max(0, top - sc.clientHeight / 2);
    }
  });
  const onScroll = (): void => schedule();
  el.scroller.addEventListener('scroll', onScroll, { passive: true });
  const stop = observeSize(el.scroller, (w) => {
    width = w;
    height = el.scroller.clientHeight;
    schedule();
  });
  onFrame(store.getState().lab);
  return {
    destroy() {
      unsubscribe();
      stop();
      el.scroller.removeEventListener('scroll', onScroll);
      if (raf) cancelAnimationFrame(raf);
      if (fadeTimer) clearTimeout(fadeTimer);
    },
  };
}
