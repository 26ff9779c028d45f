import { useT } from '../i18n/useT';
import type { LossHistory } from '../compute/train/timeline';
import { useAppStore } from '../state/hooks';
import type { AppState } from '../state/appState';

const selectLosses = (s: AppState) => s.lab.losses;
const selectTwin = (s: AppState) => s.lab.twinLosses;
const selectScrubStep = (s: AppState) => (s.lab.scrub !== null ? (s.lab.timeline.entries[s.lab.scrub]?.step ?? null) : null);
const selectFrozen = (s: AppState) => s.lab.session?.config.freeze ?? false;

const W = 260;
const H = 110;
const PAD = { l: 34, r: 8, t: 8, b: 18 };

function path(h: LossHistory, sx: (x: number) => number, sy: (y: number) => number): string {
  return h.steps.map((x, i) => `${i === 0 ? 'M' : 'L'}${sx(x).toFixed(1)},${sy(h.losses[i]).toFixed(1)}`).join('');
}

/**
 * The loss curve (SVG: its words come from the catalogue), with the replayed snapshot
 * marked. Beside a frozen table, a second curve: the same model unfrozen, trained on the
 * same batches — what freezing costs.
 */
export function LossChart() {
  const { t, f } = useT();
  const losses = useAppStore(selectLosses);
  const twin = useAppStore(selectTwin);
  const scrubStep = useAppStore(selectScrubStep);
  const frozen = useAppStore(selectFrozen);
  const curves = [losses, ...(twin.steps.length ? [twin] : [])];
  const maxX = Math.max(1, ...curves.map((c) => c.steps[c.steps.length - 1] ?? 1));
  let maxY = 0;
  for (const c of curves) for (const y of c.losses) maxY = Math.max(maxY, y);
  maxY = maxY > 0 ? maxY * 1.05 : 1;
  const sx = (x: number): number => PAD.l + (x / maxX) * (W - PAD.l - PAD.r);
  const sy = (y: number): number => PAD.t + (1 - y / maxY) * (H - PAD.t - PAD.b);
  const ys = losses.losses;
  return (
    <section className="lab-panel" aria-label={t('lab.loss.title')}>
      <div className="lab-panel-head">
        <h2>{t('lab.loss.title')}</h2>
        {frozen && (
          <span className="hint lab-loss-key">
            <span className="lab-key-main">━ {t('lab.loss.frozen')}</span> <span className="lab-key-twin">╍ {t('lab.loss.unfrozen')}</span>
          </span>
        )}
      </div>
      <div
        className="lab-loss"
        data-testid="lab-loss-chart"
        data-points={losses.steps.length}
        data-first-loss={ys.length ? ys[0] : ''}
        data-last-loss={ys.length ? ys[ys.length - 1] : ''}
        data-curves={curves.filter((c) => c.steps.length > 0).length}
        data-twin-last={twin.losses.length ? twin.losses[twin.losses.length - 1] : ''}
      >
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('lab.loss.label')}>
          <path className="lab-loss-axis" d={`M${PAD.l},${PAD.t}V${H - PAD.b}H${W - PAD.r}`} />
          <text x={2} y={PAD.t + 4} className="lab-loss-tick">
            {f.num(maxY, 2)}
          </text>
          <text x={2} y={H - PAD.b} className="lab-loss-tick">
            {f.int(0)}
          </text>
          <text x={W - PAD.r} y={H - 4} className="lab-loss-tick" textAnchor="end">
            {t('lab.loss.steps', { n: maxX })}
          </text>
          {twin.steps.length > 0 && <path className="lab-loss-twin" data-testid="lab-loss-curve-twin" d={path(twin, sx, sy)} />}
          {ys.length > 0 && <path className="lab-loss-line" data-testid="lab-loss-curve" d={path(losses, sx, sy)} />}
          {scrubStep !== null && <path className="lab-loss-scrub" d={`M${sx(scrubStep)},${PAD.t}V${H - PAD.b}`} />}
        </svg>
      </div>
    </section>
  );
}
