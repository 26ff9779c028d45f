import { useT } from '../i18n/useT';
import { useAppStore } from '../state/hooks';
import type { AppState } from '../state/appState';
import { DEFAULT_SPEED, TEACHING_SPEEDS } from '../state/labLessons';

const selectHasSession = (s: AppState) => s.lab.session !== null;
const selectPhase = (s: AppState) => s.lab.phase;
const selectPlay = (s: AppState) => s.actions.lab.play;
const selectPause = (s: AppState) => s.actions.lab.pause;
const selectStep = (s: AppState) => s.actions.lab.step;
const selectReset = (s: AppState) => s.actions.lab.reset;
const selectSpeed = (s: AppState) => s.lab.speed;
const selectSetSpeed = (s: AppState) => s.actions.lab.setSpeed;
const selectFinished = (s: AppState) => s.lab.frame?.finished ?? false;
/** Batches a whole run takes (about), for the time a speed gives it. */
const selectRunBatches = (s: AppState) => (s.lab.session ? s.lab.session.batchesPerEpoch * s.lab.session.config.epochs : 0);
const selectRunFrames = (s: AppState) => s.lab.runFrames;

/** The teaching stop nearest a speed (a link may ask for any number). */
function stopOf(speed: number): number {
  let best = 0;
  TEACHING_SPEEDS.forEach((v, i) => {
    if (Math.abs(v - speed) < Math.abs(TEACHING_SPEEDS[best] - speed)) best = i;
  });
  return best;
}

/** Play / Pause, Step, Reset, and the speed: teaching speeds on a slider, "as fast as possible" apart. */
export function Transport() {
  const { t } = useT();
  const hasSession = useAppStore(selectHasSession);
  const phase = useAppStore(selectPhase);
  const play = useAppStore(selectPlay);
  const pause = useAppStore(selectPause);
  const step = useAppStore(selectStep);
  const reset = useAppStore(selectReset);
  const speed = useAppStore(selectSpeed);
  const setSpeed = useAppStore(selectSetSpeed);
  const finished = useAppStore(selectFinished);
  const runBatches = useAppStore(selectRunBatches);
  const runFrames = useAppStore(selectRunFrames);
  const running = phase === 'running';
  const ready = hasSession && phase !== 'opening';
  const fastest = speed === 0;
  const index = stopOf(fastest ? DEFAULT_SPEED : speed);
  return (
    <section className="lab-panel lab-transport" aria-label={t('lab.transport.title')}>
      <div className="lab-buttons">
        {running ? (
          <button type="button" className="primary" data-testid="lab-pause" onClick={() => void pause()} aria-keyshortcuts="Space">
            {t('lab.transport.pause')}
          </button>
        ) : (
          <button type="button" className="primary" data-testid="lab-play" onClick={play} disabled={!ready || finished} aria-keyshortcuts="Space">
            {t('lab.transport.play')}
          </button>
        )}
        <button type="button" data-testid="lab-step" onClick={() => void step()} disabled={!ready || finished} title={t('lab.transport.step.title')} aria-keyshortcuts=".">
          {t('lab.transport.step')}
        </button>
        <button type="button" data-testid="lab-reset" onClick={() => void reset()} disabled={!ready} title={t('lab.transport.reset.title')} aria-keyshortcuts="R">
          {t('lab.transport.reset')}
        </button>
      </div>
      <label className="lab-field lab-speed">
        <span className="field-label">{t('lab.transport.speed')}</span>
        <input
          type="range"
          min={0}
          max={TEACHING_SPEEDS.length - 1}
          step={1}
          value={index}
          disabled={fastest}
          data-testid="lab-speed"
          aria-label={t('lab.transport.speed.label')}
          aria-valuetext={t('lab.transport.speed.value', { n: TEACHING_SPEEDS[index] })}
          onChange={(e) => setSpeed(TEACHING_SPEEDS[Number(e.target.value)])}
        />
        <output data-testid="lab-speed-value">{fastest ? t('lab.transport.maxShort') : t('lab.transport.speed.short', { n: speed })}</output>
      </label>
      <label className="lab-check">
        <input type="checkbox" checked={fastest} data-testid="lab-fastest" onChange={(e) => setSpeed(e.target.checked ? 0 : DEFAULT_SPEED)} />
        <span>{t('lab.transport.fastest')}</span>
      </label>
      <p className="hint" data-testid="lab-run-estimate">
        {runBatches > 0 && !fastest ? t('lab.transport.estimate', { steps: runBatches, seconds: runBatches / speed }) : t('lab.transport.fastest.hint')}
        {' '}
        {runFrames > 0 && <span data-testid="lab-run-frames" data-frames={runFrames}>{t('lab.transport.frames', { n: runFrames })}</span>}
      </p>
      <p className="hint lab-keys">{t('lab.transport.keys')}</p>
    </section>
  );
}
