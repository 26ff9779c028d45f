import { useT } from '../i18n/useT';
import { joinWords } from '../state/labModel';
import { useAppStore } from '../state/hooks';
import type { AppState } from '../state/appState';
import { EXAMPLE_STEPS, type LabExampleInfo, type LabSessionInfo } from '../state/labTypes';
import { ScoreBars, type ScoreRow } from './ScoreBars';

const selectSession = (s: AppState) => s.lab.session;
const selectExamples = (s: AppState) => s.lab.examples;
const selectPhase = (s: AppState) => s.lab.phase;
const selectTrain = (s: AppState) => s.actions.lab.trainExamples;
const selectStep = (s: AppState) => s.actions.lab.step;
const selectFinished = (s: AppState) => s.lab.frame?.finished ?? false;

const ids = (a: ArrayLike<number>): string => Array.from(a).join(' ');

/** The first example's sentence, its word and its context words marked. */
function Sentence({ report, words }: { report: LabExampleInfo; words: readonly string[] }) {
  const ex = report.examples[0];
  if (!ex) return null;
  const context = new Set(ex.contextAt);
  return (
    <p className="lab-example-sentence" data-testid="lab-example-sentence" data-words="">
      {Array.from(report.sentenceIds, (id, i) => (
        <span key={i} className={i === ex.at ? 'centre' : context.has(i) ? 'context' : ''}>
          {words[id] ?? ''}
        </span>
      ))}
    </p>
  );
}

/** What one Next-pair step trained, named: the pair (or window, or next token), its sentence, its rows and their scores. */
function Caption({ report, session }: { report: LabExampleInfo; session: LabSessionInfo }) {
  const { t } = useT();
  const w = (id: number): string => session.words[id] ?? '';
  const ex = report.examples[0];
  if (!ex) return <p className="hint">{t('lab.examples.none')}</p>;
  const tied = report.kind === 'next';
  const rows: ScoreRow[] = [
    { id: ex.positive, word: w(ex.positive), role: 'pull', before: ex.before[0], after: ex.after[0] },
    ...ex.negatives.map((id, i) => ({ id, word: w(id), role: 'push' as const, before: ex.before[i + 1], after: ex.after[i + 1] })),
  ];
  const named = {
    input: joinWords(ex.inputs.map(w)),
    positive: w(ex.positive),
    negatives: ex.negatives.map(w).join(', '),
    sentence: report.firstSentence + 1,
  };
  const list = report.examples.map((e) => `${joinWords(e.inputs.map(w))} → ${w(e.positive)}`).join(' · ');
  return (
    <div
      className="lab-example-caption"
      data-testid="lab-examples-caption"
      data-count={report.count}
      data-kind={report.kind}
      data-inputs={ids(ex.inputs)}
      data-positive={ex.positive}
      data-negatives={ids(ex.negatives)}
      data-touched-in={ids(report.touchedIn)}
      data-touched-out={ids(report.touchedOut)}
    >
      {report.count === 1 ? (
        <p>{t(`lab.examples.one.${report.kind}`, named)}</p>
      ) : (
        <>
          <p>{t('lab.examples.many', { n: report.count, from: report.firstSentence + 1, to: report.lastSentence + 1 })}</p>
          <p className="hint lab-example-list" data-words="">
            {list}
            {report.count > report.examples.length ? ' …' : ''}
          </p>
        </>
      )}
      <Sentence report={report} words={session.words} />
      {report.count === 1 ? (
        <ScoreBars rows={rows} testId="lab-example-bars" />
      ) : (
        <ScoreBars
          testId="lab-example-bars"
          rows={[
            { id: -1, word: t('lab.examples.meanPull'), role: 'pull', before: report.summary.positiveBefore, after: report.summary.positiveAfter },
            ...(Number.isFinite(report.summary.negativeBefore)
              ? [{ id: -2, word: t(tied ? 'lab.examples.meanRivals' : 'lab.examples.meanPush'), role: 'push' as const, before: report.summary.negativeBefore, after: report.summary.negativeAfter }]
              : []),
          ]}
        />
      )}
      <p className="hint">
        {t(tied ? 'lab.examples.figure.tied' : 'lab.examples.figure.score')} {t('lab.examples.lr', { lr: report.lr })}{' '}
        {t(tied ? 'lab.examples.outlined.tied' : 'lab.examples.outlined', { inRows: report.touchedIn.length, outRows: report.touchedOut.length })}
      </p>
      {report.count === 1 && !tied && <p className="hint">{t('lab.examples.noise', { negatives: named.negatives || '–' })}</p>}
    </div>
  );
}

/**
 * Watch one example: train the corpus's next (centre, context) pair — or CBOW window,
 * or next token — alone, and see it named, its rows outlined in both tables, and its
 * scores move. Then 20, 100, 500 at a time, then whole batches.
 */
export function ExamplesPanel() {
  const { t } = useT();
  const session = useAppStore(selectSession);
  const report = useAppStore(selectExamples);
  const phase = useAppStore(selectPhase);
  const train = useAppStore(selectTrain);
  const step = useAppStore(selectStep);
  const finished = useAppStore(selectFinished);
  const busy = !session || phase === 'opening' || phase === 'busy';
  const model = session?.config.model ?? 'skipgram';
  return (
    <section className="lab-panel" aria-label={t('lab.examples.title')} data-testid="lab-examples">
      <div className="lab-panel-head">
        <h2>{t('lab.examples.title')}</h2>
        <span className="hint">{t(`lab.examples.what.${model}`)}</span>
      </div>
      <div className="lab-buttons">
        {EXAMPLE_STEPS.map((n) => (
          <button key={n} type="button" className={n === 1 ? 'primary' : ''} data-testid={`lab-examples-${n}`} disabled={busy} onClick={() => void train(n)}>
            {n === 1 ? t(`lab.examples.next.${model}`) : t('lab.examples.times', { n })}
          </button>
        ))}
        <button type="button" data-testid="lab-examples-batch" disabled={busy || finished} onClick={() => void step()} title={t('lab.transport.step.title')}>
          {t('lab.examples.batch', { n: session?.config.batchWords ?? 0 })}
        </button>
      </div>
      {report && session ? <Caption report={report} session={session} /> : <p className="hint">{t(`lab.examples.intro.${model}`)}</p>}
    </section>
  );
}
