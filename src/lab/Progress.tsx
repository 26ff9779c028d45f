import { useEffect, useRef } from 'react';
import { useAppStore, useAppStoreApi } from '../state/hooks';
import type { AppState } from '../state/appState';
import { observeSize, prepareCanvas } from './canvas';

const selectFrame = (s: AppState) => s.lab.frame;
const selectBilingual = (s: AppState) => s.lab.session?.corpus.bilingual ?? false;
const selectFrozen = (s: AppState) => s.lab.session?.config.freeze ?? false;
const selectModel = (s: AppState) => s.lab.session?.config.model ?? 'skipgram';
const selectTimeline = (s: AppState) => s.lab.timeline;
const selectScrub = (s: AppState) => s.lab.scrub;
const selectSetScrub = (s: AppState) => s.actions.lab.scrub;

const pct = (v: number | null): string => (v === null || Number.isNaN(v) ? '–' : `${Math.round(v * 100)}%`);

const selectKernel = (s: AppState) => s.lab.session?.kernel ?? null;

/** Step, epoch, loss, learning rate and the meaning metrics, live. */
export function Stats() {
  const f = useAppStore(selectFrame);
  const bilingual = useAppStore(selectBilingual);
  const frozen = useAppStore(selectFrozen);
  const model = useAppStore(selectModel);
  const kernel = useAppStore(selectKernel);
  return (
    <section className="lab-panel" aria-label="Training progress">
      <dl className="lab-stats">
        <div>
          <dt>Step</dt>
          <dd data-testid="lab-step-count">{f ? f.step.toLocaleString('en') : '–'}</dd>
        </div>
        <div>
          <dt>Epoch</dt>
          <dd data-testid="lab-epoch">{f ? `${Math.min(f.epoch + (f.finished ? 0 : 1), f.epochs)} / ${f.epochs}` : '–'}</dd>
        </div>
        <div>
          <dt>Loss</dt>
          <dd data-testid="lab-loss" title={model === 'tied' ? 'Cross-entropy of the next token (moving average)' : 'Negative-sampling loss per pair (moving average)'}>
            {f && Number.isFinite(f.loss) ? f.loss.toFixed(3) : '–'}
          </dd>
        </div>
        <div>
          <dt>lr</dt>
          <dd>{f ? f.lr.toPrecision(2) : '–'}</dd>
        </div>
        <div>
          <dt title="Share of each group word's 5 nearest neighbours that are in its own group">Group purity</dt>
          <dd data-testid="lab-purity">{pct(f?.purity ?? null)}</dd>
        </div>
        <div>
          <dt title="What runs the training batches in the worker">Kernel</dt>
          <dd data-testid="lab-kernel" title={kernel === 'wasm' ? 'A hand-written WebAssembly SIMD kernel: one call per batch' : 'Plain JavaScript'}>
            {kernel === null ? '–' : kernel === 'wasm' ? 'WASM SIMD' : 'JavaScript'}
          </dd>
        </div>
        {bilingual && (
          <div>
            <dt title="Share of words whose nearest word in the other language is their translation">Translation hits</dt>
            <dd data-testid="lab-hitrate">{pct(f?.hitRate ?? null)}</dd>
          </div>
        )}
        {f && (
          <div className="lab-stat-wide">
            <dt title="Mean length of the rows of the most frequent 10% of words and of the rarest 10%. Every row starts as tiny random noise; frequent words get many consistent updates and grow long, rare words get a few chance ones and stay short and noisy.">
              Row length
            </dt>
            <dd data-testid="lab-row-length">
              frequent {f.movement.frequent.toFixed(2)} · rare {f.movement.rare.toFixed(2)}{' '}
              <span className="hint">
                (≥ {f.movement.frequentMinCount.toLocaleString('en')} / ≤ {f.movement.rareMaxCount.toLocaleString('en')} uses; start {f.movement.start.toFixed(2)})
              </span>
            </dd>
          </div>
        )}
        {f && f.movement.pretrained !== null && (
          <div>
            <dt title="Mean cosine similarity of the rows copied from GloVe to their GloVe vectors: 1 at the start, falling as fine-tuning moves them">Like GloVe</dt>
            <dd data-testid="lab-pretrained-drift">{f.movement.pretrained.toFixed(3)}</dd>
          </div>
        )}
      </dl>
      {frozen && <p className="hint">The embedding table is frozen: its rows do not move (no flashes), only the output table learns — the loss still falls.</p>}
      <progress className="lab-progress" max={1} value={f?.progress ?? 0} aria-label="Share of training done" />
    </section>
  );
}

/** The loss curve (canvas, fed by store.subscribe), with the replayed snapshot marked. */
export function LossChart() {
  const store = useAppStoreApi();
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const wrap = wrapRef.current, canvas = canvasRef.current;
    if (!wrap || !canvas) return;
    let width = 0;
    const height = 110;
    const draw = (): void => {
      const { losses, scrub, timeline } = store.getState().lab;
      const ctx = prepareCanvas(canvas, width, height);
      if (!ctx) return;
      ctx.clearRect(0, 0, width, height);
      const { steps, losses: ys } = losses;
      wrap.dataset.points = String(steps.length);
      wrap.dataset.firstLoss = ys.length ? String(ys[0]) : '';
      wrap.dataset.lastLoss = ys.length ? String(ys[ys.length - 1]) : '';
      const pad = { l: 34, r: 8, t: 8, b: 18 };
      const maxX = Math.max(1, steps[steps.length - 1] ?? 1);
      let maxY = 0;
      for (const y of ys) maxY = Math.max(maxY, y);
      maxY = maxY > 0 ? maxY * 1.05 : 1;
      const sx = (x: number): number => pad.l + (x / maxX) * (width - pad.l - pad.r);
      const sy = (y: number): number => pad.t + (1 - y / maxY) * (height - pad.t - pad.b);
      ctx.strokeStyle = '#d9ded9';
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(pad.l, pad.t);
      ctx.lineTo(pad.l, height - pad.b);
      ctx.lineTo(width - pad.r, height - pad.b);
      ctx.stroke();
      ctx.fillStyle = '#5d6b64';
      ctx.font = '10px system-ui, sans-serif';
      ctx.textBaseline = 'middle';
      ctx.fillText(maxY.toPrecision(2), 2, pad.t + 4);
      ctx.fillText('0', 2, height - pad.b);
      ctx.textBaseline = 'alphabetic';
      ctx.fillText(`step ${maxX.toLocaleString('en')}`, width - pad.r - 60, height - 4);
      if (ys.length) {
        ctx.strokeStyle = '#2f7d4f';
        ctx.lineWidth = 1.5;
        ctx.beginPath();
        steps.forEach((x, i) => (i === 0 ? ctx.moveTo(sx(x), sy(ys[i])) : ctx.lineTo(sx(x), sy(ys[i]))));
        ctx.stroke();
      }
      const entry = scrub !== null ? timeline.entries[scrub] : null;
      if (entry) {
        ctx.strokeStyle = '#b58900';
        ctx.setLineDash([3, 3]);
        ctx.beginPath();
        ctx.moveTo(sx(entry.step), pad.t);
        ctx.lineTo(sx(entry.step), height - pad.b);
        ctx.stroke();
        ctx.setLineDash([]);
      }
    };
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.lab.losses !== prev.lab.losses || s.lab.scrub !== prev.lab.scrub) draw();
    });
    const stop = observeSize(wrap, (w) => {
      width = w;
      canvas.style.width = `${w}px`;
      canvas.style.height = `${height}px`;
      draw();
    });
    return () => {
      unsubscribe();
      stop();
    };
  }, [store]);
  return (
    <section className="lab-panel" aria-label="Loss curve">
      <div className="lab-panel-head">
        <h2>Loss</h2>
      </div>
      <div ref={wrapRef} className="lab-loss" data-testid="lab-loss-chart">
        <canvas ref={canvasRef} role="img" aria-label="Training loss against steps" />
      </div>
    </section>
  );
}

/** Replays saved snapshots (bounded: evenly spaced over the run). */
export function TimelinePanel() {
  const timeline = useAppStore(selectTimeline);
  const scrub = useAppStore(selectScrub);
  const setScrub = useAppStore(selectSetScrub);
  const n = timeline.entries.length;
  const index = scrub ?? Math.max(0, n - 1);
  const entry = timeline.entries[index];
  return (
    <section className="lab-panel" aria-label="Timeline">
      <div className="lab-panel-head">
        <h2>Timeline</h2>
        <span className="hint">{n} saved snapshot{n === 1 ? '' : 's'}</span>
      </div>
      <div className="lab-timeline">
        <input
          type="range"
          min={0}
          max={Math.max(0, n - 1)}
          value={index}
          disabled={n < 2}
          data-testid="lab-timeline"
          aria-label="Replay a saved snapshot"
          aria-valuetext={entry ? `step ${entry.step}` : 'no snapshots'}
          onChange={(e) => setScrub(Number(e.target.value))}
        />
        <button type="button" data-testid="lab-live" disabled={scrub === null} onClick={() => setScrub(null)}>
          Live
        </button>
      </div>
      <p className="hint" data-testid="lab-timeline-info">
        {scrub === null ? 'Showing the live table.' : entry ? `Step ${entry.step.toLocaleString('en')} · loss ${Number.isFinite(entry.loss) ? entry.loss.toFixed(3) : '–'}${entry.purity !== null ? ` · purity ${pct(entry.purity)}` : ''}${timeline.keepsTables ? '' : ' (table not kept for a table this large; the plot replays)'}` : ''}
      </p>
    </section>
  );
}
