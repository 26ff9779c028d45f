import { useT } from '../i18n/useT';
import { isChinese } from '../compute/train/tokenize';
import { useAppStore } from '../state/hooks';
import type { AppState } from '../state/appState';
import type { LabSessionInfo } from '../state/labTypes';

const selectFrame = (s: AppState) => s.lab.frame;
const selectSession = (s: AppState) => s.lab.session;
const selectTimeline = (s: AppState) => s.lab.timeline;
const selectScrub = (s: AppState) => s.lab.scrub;
const selectSetScrub = (s: AppState) => s.actions.lab.scrub;
const selectApply = (s: AppState) => s.actions.lab.applyConfig;

/** Fewer batches than this in a whole run is too few to watch training happen. */
export const FEW_STEPS = 100;
/** Words of a list named in a sentence. */
const LISTED = 8;

/** Which words GloVe covers, said plainly (it is English only). */
function GloveCoverage({ session }: { session: LabSessionInfo }) {
  const { t } = useT();
  const covered = Array.from(session.copiedIds.slice(0, LISTED), (id) => session.words[id]);
  let chinese = 0;
  for (let id = 1; id < session.words.length; id++) if (isChinese(session.words[id])) chinese++;
  return (
    <p className="hint" data-testid="lab-glove-coverage">
      {t('lab.stats.glove', { copied: session.initCopied, words: session.words.length - 1, chinese })}{' '}
      <span data-words="">
        {covered.join(', ')}
        {session.initCopied > LISTED ? ' …' : ''}
      </span>
    </p>
  );
}

/** A run of this corpus gives too few batches to watch: say so, and offer more epochs. */
function FewStepsWarning({ session }: { session: LabSessionInfo }) {
  const { t } = useT();
  const apply = useAppStore(selectApply);
  const steps = session.batchesPerEpoch * session.config.epochs;
  if (steps >= FEW_STEPS) return null;
  const epochs = Math.min(1000, Math.ceil((2 * FEW_STEPS) / session.batchesPerEpoch));
  return (
    <p className="lab-message" data-testid="lab-few-steps">
      <span>{t('lab.stats.fewSteps', { steps, epochs: session.config.epochs, perEpoch: session.batchesPerEpoch })}</span>
      <button type="button" className="link-button" data-testid="lab-few-steps-fix" onClick={() => void apply({ ...session.config, epochs })}>
        {t('lab.stats.fewSteps.fix', { epochs })}
      </button>
    </p>
  );
}

/** Step, epoch, loss, learning rate and the meaning metrics, live; what the rare rows are made of; GloVe's coverage. */
export function Stats() {
  const { t, f } = useT();
  const frame = useAppStore(selectFrame);
  const session = useAppStore(selectSession);
  const bilingual = session?.corpus.bilingual ?? false;
  const model = session?.config.model ?? 'skipgram';
  const kernel = session?.kernel ?? null;
  const m = frame?.movement;
  const pct = (v: number | null | undefined): string => (v === null || v === undefined || Number.isNaN(v) ? '–' : f.pct(v, 0));
  return (
    <section className="lab-panel" aria-label={t('lab.stats.title')}>
      <dl className="lab-stats">
        <div>
          <dt>{t('lab.stats.step')}</dt>
          <dd data-testid="lab-step-count" data-value={frame?.step ?? 0}>
            {frame ? f.int(frame.step) : '–'}
          </dd>
        </div>
        <div>
          <dt>{t('lab.stats.epoch')}</dt>
          <dd data-testid="lab-epoch">{frame ? `${f.int(Math.min(frame.epoch + (frame.finished ? 0 : 1), frame.epochs))} / ${f.int(frame.epochs)}` : '–'}</dd>
        </div>
        <div>
          <dt title={t(model === 'tied' ? 'lab.stats.loss.tied' : 'lab.stats.loss.sgns')}>{t('lab.stats.loss')}</dt>
          <dd data-testid="lab-loss">{frame && Number.isFinite(frame.loss) ? f.fixed(frame.loss, 3) : '–'}</dd>
        </div>
        <div>
          <dt title={t('lab.stats.lr.title')}>{t('lab.stats.lr')}</dt>
          <dd>{frame ? f.num(frame.lr, 4) : '–'}</dd>
        </div>
        <div>
          <dt title={t('lab.stats.purity.title')}>{t('lab.stats.purity')}</dt>
          <dd data-testid="lab-purity" data-value={frame?.purity ?? ''}>
            {pct(frame?.purity)}
          </dd>
        </div>
        <div>
          <dt title={t('lab.stats.kernel.title')}>{t('lab.stats.kernel')}</dt>
          <dd data-testid="lab-kernel" data-kernel={kernel ?? ''} title={kernel === 'wasm' ? t('lab.stats.kernel.wasm.title') : t('lab.stats.kernel.js.title')}>
            {kernel === null ? '–' : kernel === 'wasm' ? 'WASM SIMD' : 'JavaScript'}
          </dd>
        </div>
        {bilingual && (
          <div>
            <dt title={t('lab.stats.hits.title')}>{t('lab.stats.hits')}</dt>
            <dd data-testid="lab-hitrate">{pct(frame?.hitRate)}</dd>
          </div>
        )}
        {m && (
          <div className="lab-stat-wide">
            <dt title={t('lab.stats.rows.title')}>{t('lab.stats.rows')}</dt>
            <dd data-testid="lab-row-length" data-frequent={m.frequent} data-rare={m.rare} data-start={m.start}>
              {t('lab.stats.rows.value', { frequent: m.frequent, rare: m.rare, frequentMin: m.frequentMinCount, rareMax: m.rareMaxCount, start: m.start })}
            </dd>
          </div>
        )}
        {m && m.rareWords > 0 && (
          <div className="lab-stat-wide">
            <dt>{t('lab.stats.rare')}</dt>
            <dd className="lab-stat-text" data-testid="lab-rare-statement" data-share={m.rareNeighborShare ?? ''} data-chance={m.rareChance ?? ''}>
              {t('lab.stats.rare.value', { words: m.rareWords, maxCount: m.rareWordsMaxCount, share: m.rareNeighborShare ?? Number.NaN, chance: m.rareChance ?? Number.NaN })}
            </dd>
          </div>
        )}
        {m && m.pretrained !== null && (
          <div>
            <dt title={t('lab.stats.glovelike.title')}>{t('lab.stats.glovelike')}</dt>
            <dd data-testid="lab-pretrained-drift" data-value={m.pretrained}>
              {f.fixed(m.pretrained, 3)}
            </dd>
          </div>
        )}
      </dl>
      {session?.config.pretrained && <GloveCoverage session={session} />}
      {session?.config.freeze && <p className="hint">{t('lab.stats.frozen')}</p>}
      {session && <FewStepsWarning session={session} />}
      <progress className="lab-progress" max={1} value={frame?.progress ?? 0} aria-label={t('lab.stats.progress')} />
    </section>
  );
}

/** Replays saved snapshots (bounded: evenly spaced over the run). */
export function TimelinePanel() {
  const { t, f } = useT();
  const timeline = useAppStore(selectTimeline);
  const scrub = useAppStore(selectScrub);
  const setScrub = useAppStore(selectSetScrub);
  const n = timeline.entries.length;
  const index = scrub ?? Math.max(0, n - 1);
  const entry = timeline.entries[index];
  const info =
    scrub === null
      ? t('lab.timeline.live')
      : entry
        ? [
            t('lab.timeline.at', { step: entry.step }),
            `${t('lab.stats.loss')} ${Number.isFinite(entry.loss) ? f.fixed(entry.loss, 3) : '–'}`,
            ...(entry.purity !== null ? [`${t('lab.stats.purity')} ${f.pct(entry.purity, 0)}`] : []),
            ...(timeline.keepsTables ? [] : [t('lab.timeline.noTables')]),
          ].join(' · ')
        : '';
  return (
    <section className="lab-panel" aria-label={t('lab.timeline.title')}>
      <div className="lab-panel-head">
        <h2>{t('lab.timeline.title')}</h2>
        <span className="hint">{t('lab.timeline.saved', { n })}</span>
      </div>
      <div className="lab-timeline">
        <input
          type="range"
          min={0}
          max={Math.max(0, n - 1)}
          value={index}
          disabled={n < 2}
          data-testid="lab-timeline"
          aria-label={t('lab.timeline.label')}
          aria-valuetext={entry ? t('lab.timeline.at', { step: entry.step }) : t('lab.timeline.none')}
          onChange={(e) => setScrub(Number(e.target.value))}
        />
        <button type="button" data-testid="lab-live" disabled={scrub === null} onClick={() => setScrub(null)}>
          {t('lab.timeline.liveButton')}
        </button>
      </div>
      <p className="hint" data-testid="lab-timeline-info" data-step={scrub === null ? '' : (entry?.step ?? '')}>
        {info}
      </p>
    </section>
  );
}
