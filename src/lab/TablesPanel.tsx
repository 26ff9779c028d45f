import { useEffect, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import { useT } from '../i18n/useT';
import { useAppStore, useAppStoreApi } from '../state/hooks';
import type { AppState } from '../state/appState';
import type { LabHeatScale } from '../state/labLessons';
import { DIVERGING } from './canvas';
import { sig } from './figures';
import { RARE_COLOR } from './tableDraw';
import { createTablesView, PINNED_ROW_H, pinnedRows, ROW_H, shownTables } from './tablesView';
import { TiedDiagram } from './TiedDiagram';

const selectSession = (s: AppState) => s.lab.session;
const selectTwo = (s: AppState) => (s.lab.frame ? s.lab.frame.output !== null : s.lab.session?.config.model !== 'tied');
const selectDim = (s: AppState) => s.lab.frame?.dim ?? 0;
const selectScaleMode = (s: AppState) => s.lab.heatScale;
const selectSetScale = (s: AppState) => s.actions.lab.setHeatScale;
const selectRareMax = (s: AppState) => s.lab.frame?.movement.rareMaxCount ?? 0;
const selectScrubbing = (s: AppState) => s.lab.scrub !== null;
const selectHover = (s: AppState) => s.actions.lab.hover;

const selectHovered = (s: AppState) => s.lab.hovered;
const selectLab = (s: AppState) => s.lab;

const SHOWN_VALUES = 6;

/** The hovered row — from the tables, a token or the map — read out: its word, its uses, its first values in each table. */
function RowReadout({ names }: { names: readonly string[] }) {
  const { t, f } = useT();
  const hovered = useAppStore(selectHovered);
  // The values follow the frames while a row is hovered (and only then is the whole lab state read).
  const lab = useAppStore((s) => (s.lab.hovered >= 0 ? selectLab(s) : null));
  const shown = lab ? shownTables(lab) : null;
  const word = lab?.session?.words[hovered];
  return (
    <p className="lab-readout" data-testid="lab-row-readout" aria-live="polite">
      {lab && shown && word !== undefined ? (
        <>
          <strong data-words="">
            #{f.int(hovered)} {word}
          </strong>{' '}
          <span data-testid="lab-row-uses">{t('lab.uses', { n: lab.session?.counts[hovered] ?? 0 })}</span>
          {shown.tables.map((tb, i) => (
            <span key={i} className="lab-readout-row">
              {' '}
              {names[i]}:{' '}
              {tb
                ? `[${Array.from(tb.subarray(hovered * shown.dim, hovered * shown.dim + SHOWN_VALUES), (v) => sig(f, v)).join(', ')}${shown.dim > SHOWN_VALUES ? ', …' : ''}]`
                : t('lab.tables.notKept')}
            </span>
          ))}
        </>
      ) : (
        <span className="hint">{t('lab.tables.readout')}</span>
      )}
    </p>
  );
}

/**
 * ID → row: the embedding table itself — and for skip-gram / CBOW its partner, the
 * output table C, beside it with the same rows, as wevi shows input and output weights
 * side by side. For the tied model, one table and the picture of why (§5). Rows of the
 * typed tokens and of the last single update are pinned on top; the last update's rows
 * are outlined in the table it changed; a running batch's rows flash. The colour scale
 * is fixed by default, so the random start is faint and trained rows visibly darken;
 * the rare band is marked; hovering a row lights it in both tables and reads its uses
 * and values.
 */
export function TablesPanel() {
  const { t } = useT();
  const store = useAppStoreApi();
  const session = useAppStore(selectSession);
  const two = useAppStore(selectTwo);
  const dim = useAppStore(selectDim);
  const scaleMode = useAppStore(selectScaleMode);
  const setScale = useAppStore(selectSetScale);
  const rareMax = useAppStore(selectRareMax);
  const scrubbing = useAppStore(selectScrubbing);
  const hover = useAppStore(selectHover);
  const rootRef = useRef<HTMLDivElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const spacerRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const labelsRef = useRef<HTMLDivElement>(null);
  const pinnedRef = useRef<HTMLCanvasElement>(null);
  const pinnedLabelsRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const [root, scroller, spacer, canvas, labels, pinned, pinnedLabels] = [rootRef.current, scrollRef.current, spacerRef.current, canvasRef.current, labelsRef.current, pinnedRef.current, pinnedLabelsRef.current];
    if (!root || !scroller || !spacer || !canvas || !labels || !pinned || !pinnedLabels) return;
    const view = createTablesView({ root, scroller, spacer, canvas, labels, pinned, pinnedLabels }, store);
    return () => view.destroy();
  }, [store]);

  const readRow = (id: number): void => {
    const words = store.getState().lab.session?.words;
    hover(words && id >= 0 && id < words.length ? id : -1);
  };
  const current = (): number => store.getState().lab.hovered;

  const onTableMove = (e: MouseEvent<HTMLDivElement>): void => {
    const scroller = scrollRef.current;
    if (!scroller) return;
    const r = scroller.getBoundingClientRect();
    const id = Math.floor((e.clientY - r.top + scroller.scrollTop) / ROW_H);
    if (id !== current()) readRow(id);
  };

  const onPinnedMove = (e: MouseEvent<HTMLDivElement>): void => {
    const r = e.currentTarget.getBoundingClientRect();
    const id = pinnedRows(store.getState().lab)[Math.floor((e.clientY - r.top) / PINNED_ROW_H)];
    if (id !== undefined && id !== current()) readRow(id);
  };

  /** Arrow keys move a reading cursor through the rows (Home/End jump), scrolling it into view. */
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const scroller = scrollRef.current;
    const V = store.getState().lab.session?.words.length ?? 0;
    if (!scroller || V === 0) return;
    const page = Math.max(1, Math.floor(scroller.clientHeight / ROW_H) - 1);
    const cur = current() >= 0 ? current() : Math.floor(scroller.scrollTop / ROW_H) - 1;
    const next = { ArrowDown: cur + 1, ArrowUp: cur - 1, PageDown: cur + page, PageUp: cur - page, Home: 0, End: V - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const id = Math.max(0, Math.min(V - 1, next));
    const top = id * ROW_H;
    if (top < scroller.scrollTop) scroller.scrollTop = top;
    else if (top + ROW_H > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = top + ROW_H - scroller.clientHeight;
    readRow(id);
  };

  const leave = (): void => hover(-1);
  const V = session ? session.words.length : 0;
  const names = two ? [t('lab.tables.w'), t('lab.tables.c')] : [t('lab.tables.e')];
  return (
    <section className="lab-panel lab-tables" aria-label={t('lab.tables.title')}>
      <div className="lab-panel-head">
        <h2>{t('lab.tables.title')}</h2>
        <label className="lab-inline-select">
          <span>{t('lab.tables.scale')}</span>
          <select value={scaleMode} data-testid="lab-heat-scale" onChange={(e) => setScale(e.target.value as LabHeatScale)}>
            <option value="fixed">{t('lab.tables.scale.fixed')}</option>
            <option value="auto">{t('lab.tables.scale.auto')}</option>
          </select>
        </label>
      </div>
      {session && (
        <p className="hint" data-testid="lab-tables-shape">
          {t(two ? 'lab.tables.shape.two' : 'lab.tables.shape.one', { rows: V, dim })} {t('lab.tables.article')}
        </p>
      )}
      {session && !two && <TiedDiagram />}
      {session && two && <p className="hint">{t(session.config.model === 'cbow' ? 'lab.tables.two.cbow' : 'lab.tables.two.skipgram')}</p>}
      <p className="hint lab-tables-key">
        <span className="lab-scale-neg">−</span>
        <span className="lab-scale-bar" aria-hidden="true" style={{ background: `linear-gradient(to right, ${DIVERGING[0]}, ${DIVERGING[128]}, ${DIVERGING[255]})` }} />
        <span className="lab-scale-pos">+</span> <span data-testid="lab-heatmap-scale">{scaleMode === 'fixed' ? t('lab.tables.scale.fixedValue') : t('lab.tables.scale.autoValue')}</span>
        {' · '}
        <span className="lab-rare-swatch" style={{ background: RARE_COLOR }} aria-hidden="true" /> {t('lab.tables.rare', { n: rareMax })}
        {' · '}
        <span className="lab-outline-swatch" aria-hidden="true" /> {t('lab.tables.outlined')}
      </p>
      <div className={`lab-table-heads${two ? ' two' : ''}`} aria-hidden="true">
        <span>{t('lab.tables.row')}</span>
        {names.map((n, i) => (
          <span key={n}>
            {n}
            {scrubbing && i === 1 ? ` ${t('lab.tables.cLive')}` : ''}
          </span>
        ))}
      </div>
      <div ref={rootRef} className="lab-heatmap-root" data-testid="lab-heatmap" data-tables={two ? 2 : 1} data-scale-mode={scaleMode}>
        <div className="lab-heatmap-pinned-wrap" onMouseMove={onPinnedMove} onMouseLeave={leave}>
          <canvas ref={pinnedRef} className="lab-heatmap-pinned" data-testid="lab-heatmap-pinned" aria-label={t('lab.tables.pinned')} role="img" />
          <div ref={pinnedLabelsRef} className="lab-heatmap-labels" aria-hidden="true" data-words="" />
        </div>
        <div
          ref={scrollRef}
          className="lab-heatmap"
          data-testid="lab-heatmap-scroll"
          tabIndex={0}
          role="region"
          aria-label={t('lab.tables.region')}
          onKeyDown={onKeyDown}
          onMouseMove={onTableMove}
          onMouseLeave={leave}
        >
          <div ref={spacerRef} className="lab-heatmap-spacer">
            {/* The labels come first with no height, so the sticky canvas below them stays at the top. */}
            <div ref={labelsRef} className="lab-heatmap-labels sticky" aria-hidden="true" data-words="" />
            <canvas ref={canvasRef} className="lab-heatmap-canvas" data-testid="lab-heatmap-canvas" aria-hidden="true" />
          </div>
        </div>
      </div>
      <RowReadout names={names} />
    </section>
  );
}
