import { useEffect, useRef, useState } from 'react';
import { useAppStoreApi } from '../state/hooks';
import type { LabData } from '../state/labTypes';
import { divergingColor, DIVERGING, observeSize, prepareCanvas, robustScale } from './canvas';

const ROW_H = 14;
const PINNED_ROW_H = 18;
const LABEL_W = 96;
const FLASH_MS = 600;

interface Readout {
  readonly id: number;
  readonly word: string;
  readonly values: readonly number[];
  readonly dim: number;
}

/** The table on screen: the scrubbed snapshot's when the worker kept one, else the live frame's. */
function shownTable(lab: LabData): { vectors: Float32Array; dim: number } | null {
  if (!lab.frame) return null;
  return { vectors: (lab.scrub !== null ? lab.scrubTable : null) ?? lab.frame.vectors, dim: lab.frame.dim };
}

interface DrawRowsArgs {
  ctx: CanvasRenderingContext2D;
  lab: LabData;
  rows: readonly number[];
  y0: number;
  rowH: number;
  width: number;
  scale: number;
  flashes: Map<number, number>;
  now: number;
  highlighted: ReadonlySet<number>;
}

function drawRows({ ctx, lab, rows, y0, rowH, width, scale, flashes, now, highlighted }: DrawRowsArgs): void {
  const table = shownTable(lab);
  const session = lab.session;
  if (!table || !session) return;
  const { vectors, dim } = table;
  const cw = Math.max(1, (width - LABEL_W) / dim);
  ctx.font = `${rowH >= 16 ? 12 : 11}px system-ui, sans-serif`;
  ctx.textBaseline = 'middle';
  rows.forEach((id, r) => {
    const y = y0 + r * rowH;
    const hi = highlighted.has(id);
    const focus = id === lab.focus;
    ctx.fillStyle = hi ? '#fff1b8' : focus ? '#e3efe7' : '#ffffff';
    ctx.fillRect(0, y, LABEL_W, rowH);
    const o = id * dim;
    for (let k = 0; k < dim; k++) {
      ctx.fillStyle = divergingColor(vectors[o + k], scale);
      ctx.fillRect(LABEL_W + k * cw, y, Math.ceil(cw), rowH - 1);
    }
    const until = flashes.get(id);
    if (until !== undefined && until > now) {
      const a = (until - now) / FLASH_MS;
      ctx.fillStyle = `rgba(255, 170, 0, ${0.85 * a})`;
      ctx.fillRect(0, y, 5, rowH - 1);
      ctx.fillStyle = `rgba(255, 200, 0, ${0.35 * a})`;
      ctx.fillRect(LABEL_W, y, width - LABEL_W, rowH - 1);
    }
    if (hi || focus) {
      ctx.strokeStyle = hi ? '#b58900' : '#2f7d4f';
      ctx.lineWidth = 1.5;
      ctx.strokeRect(0.75, y + 0.75, width - 1.5, rowH - 2);
    }
    ctx.fillStyle = '#1d2521';
    ctx.font = `${hi || focus ? '600 ' : ''}${rowH >= 16 ? 12 : 11}px system-ui, sans-serif`;
    const label = `${id} ${session.words[id] ?? ''}`;
    ctx.fillText(label.length > 14 ? `${label.slice(0, 13)}…` : label, 7, y + rowH / 2, LABEL_W - 10);
  });
}

/**
 * The embedding table itself: one row per vocabulary ID, one column per dimension,
 * blue negative / red positive. The typed tokens' rows are pinned on top and outlined
 * in the full table; rows changed by the last batches flash orange. The full table is
 * virtualised: only the rows in view are drawn, so 30,000 rows scroll as fast as 300.
 */
export function Heatmap() {
  const store = useAppStoreApi();
  const scrollRef = useRef<HTMLDivElement>(null);
  const spacerRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const pinnedRef = useRef<HTMLCanvasElement>(null);
  const scaleRef = useRef<HTMLSpanElement>(null);
  const [readout, setReadout] = useState<Readout | null>(null);

  useEffect(() => {
    const scroller = scrollRef.current, spacer = spacerRef.current, canvas = canvasRef.current, pinned = pinnedRef.current;
    if (!scroller || !spacer || !canvas || !pinned) return;
    const flashes = new Map<number, number>();
    let width = 0, height = 0;
    let raf = 0;
    let fadeTimer: ReturnType<typeof setTimeout> | 0 = 0;
    let scale = 1;

    const pinnedRows = (lab: LabData): number[] => [...new Set(lab.tokens.map((t) => t.id))];

    const draw = (): void => {
      raf = 0;
      const lab = store.getState().lab;
      const V = lab.session?.words.length ?? 0;
      spacer.style.height = `${V * ROW_H}px`;
      const now = performance.now();
      const highlighted = new Set(lab.tokens.map((t) => t.id));
      scroller.dataset.highlightedRows = [...highlighted].join(' ');
      const h = Math.max(1, Math.min(height, V * ROW_H));
      canvas.style.width = `${width}px`;
      canvas.style.height = `${h}px`;
      const ctx = prepareCanvas(canvas, width, h);
      if (ctx) {
        ctx.clearRect(0, 0, width, h);
        const first = Math.floor(scroller.scrollTop / ROW_H);
        const offset = -(scroller.scrollTop - first * ROW_H);
        const rows: number[] = [];
        for (let id = first; id < V && rows.length * ROW_H + offset < h; id++) rows.push(id);
        drawRows({ ctx, lab, rows, y0: offset, rowH: ROW_H, width, scale, flashes, now, highlighted });
      }
      const pins = pinnedRows(lab);
      const pctx = prepareCanvas(pinned, width, Math.max(1, pins.length * PINNED_ROW_H));
      pinned.style.height = `${pins.length * PINNED_ROW_H}px`;
      pinned.style.width = `${width}px`;
      if (pctx) {
        pctx.clearRect(0, 0, width, pins.length * PINNED_ROW_H);
        drawRows({ ctx: pctx, lab, rows: pins, y0: 0, rowH: PINNED_ROW_H, width, scale, flashes, now, highlighted: new Set() });
      }
      let active = false;
      for (const [id, until] of flashes) {
        if (until <= now) flashes.delete(id);
        else active = true;
      }
      // Fades advance a few times a second, not every animation frame: a software-rendered
      // browser would spend its time repainting the table.
      if (active && !fadeTimer) fadeTimer = setTimeout(() => {
        fadeTimer = 0;
        schedule();
      }, 120);
    };
    const schedule = (): void => {
      if (!raf) raf = requestAnimationFrame(draw);
    };

    const onFrame = (lab: LabData): void => {
      const table = shownTable(lab);
      scale = table ? robustScale(table.vectors) : 1;
      if (scaleRef.current) scaleRef.current.textContent = `±${scale.toPrecision(2)}`;
      const until = performance.now() + FLASH_MS;
      if (lab.scrub === null && lab.frame) for (const id of lab.frame.touched) flashes.set(id, until);
      schedule();
    };

    const unsubscribe = store.subscribe((s, prev) => {
      const a = s.lab, b = prev.lab;
      if (a.frame !== b.frame || a.scrub !== b.scrub || a.scrubTable !== b.scrubTable) onFrame(a);
      else if (a.tokens !== b.tokens || a.session !== b.session) schedule();
      if (a.focus !== b.focus && a.focus > 0) {
        // Bring the focused row into view.
        const top = a.focus * ROW_H;
        if (top < scroller.scrollTop || top + ROW_H > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = Math.max(0, top - scroller.clientHeight / 2);
        schedule();
      }
    });
    const onScroll = (): void => schedule();
    scroller.addEventListener('scroll', onScroll, { passive: true });
    const stop = observeSize(scroller, (w) => {
      width = w;
      height = scroller.clientHeight;
      schedule();
    });
    onFrame(store.getState().lab);
    return () => {
      unsubscribe();
      stop();
      scroller.removeEventListener('scroll', onScroll);
      if (raf) cancelAnimationFrame(raf);
      if (fadeTimer) clearTimeout(fadeTimer);
    };
  }, [store]);

  const readRow = (id: number): void => {
    const lab = store.getState().lab;
    const table = shownTable(lab);
    const word = lab.session?.words[id];
    if (!table || word === undefined) return setReadout(null);
    setReadout({ id, word, values: Array.from(table.vectors.subarray(id * table.dim, (id + 1) * table.dim)), dim: table.dim });
  };

  const onTableMove = (e: React.MouseEvent): void => {
    const scroller = scrollRef.current;
    if (!scroller) return;
    const r = scroller.getBoundingClientRect();
    const id = Math.floor((e.clientY - r.top + scroller.scrollTop) / ROW_H);
    if (id !== readout?.id) readRow(id);
  };

  /** Arrow keys move a reading cursor through the rows (Home/End jump), scrolling it into view. */
  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>): void => {
    const scroller = scrollRef.current;
    const V = store.getState().lab.session?.words.length ?? 0;
    if (!scroller || V === 0) return;
    const page = Math.max(1, Math.floor(scroller.clientHeight / ROW_H) - 1);
    const cur = readout?.id ?? Math.floor(scroller.scrollTop / ROW_H) - 1;
    const next = { ArrowDown: cur + 1, ArrowUp: cur - 1, PageDown: cur + page, PageUp: cur - page, Home: 0, End: V - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const id = Math.max(0, Math.min(V - 1, next));
    const top = id * ROW_H;
    if (top < scroller.scrollTop) scroller.scrollTop = top;
    else if (top + ROW_H > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = top + ROW_H - scroller.clientHeight;
    readRow(id);
  };

  const onPinnedMove = (e: React.MouseEvent<HTMLCanvasElement>): void => {
    const lab = store.getState().lab;
    const pins = [...new Set(lab.tokens.map((t) => t.id))];
    const r = e.currentTarget.getBoundingClientRect();
    const id = pins[Math.floor((e.clientY - r.top) / PINNED_ROW_H)];
    if (id !== undefined && id !== readout?.id) readRow(id);
  };

  return (
    <section className="lab-panel" aria-label="The embedding table">
      <div className="lab-panel-head">
        <h2>ID → vector</h2>
        <span className="hint">
          The table: row = ID, column = dimension. <span className="lab-scale-neg">−</span>
          <span className="lab-scale-bar" aria-hidden="true" style={{ background: `linear-gradient(to right, ${DIVERGING[0]}, ${DIVERGING[128]}, ${DIVERGING[255]})` }} />
          <span className="lab-scale-pos">+</span> <span ref={scaleRef} data-testid="lab-heatmap-scale" />
        </span>
      </div>
      <canvas ref={pinnedRef} className="lab-heatmap-pinned" data-testid="lab-heatmap-pinned" aria-label="Rows of the typed tokens" role="img" onMouseMove={onPinnedMove} />
      <div
        ref={scrollRef}
        className="lab-heatmap"
        data-testid="lab-heatmap"
        tabIndex={0}
        role="region"
        aria-label="Embedding table heatmap: arrow keys read one row at a time"
        onKeyDown={onKeyDown}
        onMouseMove={onTableMove}
        onMouseLeave={() => setReadout(null)}
      >
        <div ref={spacerRef} className="lab-heatmap-spacer">
          <canvas ref={canvasRef} className="lab-heatmap-canvas" data-testid="lab-heatmap-canvas" aria-hidden="true" />
        </div>
      </div>
      <p className="lab-readout" data-testid="lab-row-readout" aria-live="polite">
        {readout ? (
          <>
            <strong>
              #{readout.id} {readout.word}
            </strong>{' '}
            [{readout.values.slice(0, 8).map((v) => v.toFixed(3)).join(', ')}
            {readout.dim > 8 ? `, … ${readout.dim - 8} more` : ''}]
          </>
        ) : (
          <span className="hint">Hover a row to read its numbers. Orange flashes: rows changed by the latest batches.</span>
        )}
      </p>
    </section>
  );
}
