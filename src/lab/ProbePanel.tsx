import { useState } from 'react';
import { useT } from '../i18n/useT';
import type { Probe, ProbeEntry } from '../compute/train/probe';
import { joinWords } from '../state/labModel';
import { useAppStore } from '../state/hooks';
import type { AppState } from '../state/appState';
import { FIXED_SCALE } from './canvas';
import { sig, signed } from './figures';
import { RowStrip } from './RowStrip';

const selectSession = (s: AppState) => s.lab.session;
const selectProbe = (s: AppState) => s.lab.probe;
const selectBefore = (s: AppState) => s.lab.probeBefore;
const selectText = (s: AppState) => s.lab.probeText;
const selectTarget = (s: AppState) => s.lab.probeTarget;
const selectWrong = (s: AppState) => s.lab.probeWrong;
const selectSetProbe = (s: AppState) => s.actions.lab.setProbe;
const selectTrain = (s: AppState) => s.actions.lab.trainExample;
const selectPhase = (s: AppState) => s.lab.phase;
const selectFrame = (s: AppState) => s.lab.frame;
const selectOutlineSource = (s: AppState) => s.lab.outline?.source ?? null;

/** A text field that commits on Enter or when it loses focus (so typing does not restart training per key). */
function CommitField({ label, value, testId, onCommit }: { label: string; value: string; testId: string; onCommit: (v: string) => void }) {
  const [draft, setDraft] = useState(value);
  const [last, setLast] = useState(value);
  if (value !== last) {
    setLast(value);
    setDraft(value);
  }
  return (
    <label className="lab-param">
      <span>{label}</span>
      <input
        type="text"
        value={draft}
        data-testid={testId}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => draft !== value && onCommit(draft)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && draft !== value) onCommit(draft);
        }}
      />
    </label>
  );
}

/** The figure the probe shows: the tied model's probability, or skip-gram / CBOW's score h·C[w]. */
const figure = (p: Probe, e: { p: number; score: number }): number => (p.kind === 'next-token' ? e.p : e.score);

/** A top entry's bar: its probability against the best (tied), or its score's place between the list's lowest and highest. */
function barShare(probe: Probe, e: ProbeEntry, top: readonly ProbeEntry[]): number {
  if (probe.kind === 'next-token') return Math.min(1, e.p / (top[0]?.p || 1));
  const hi = top[0]?.score ?? 0;
  const lo = Math.min(0, top[top.length - 1]?.score ?? 0);
  return hi > lo ? Math.max(0.02, (e.score - lo) / (hi - lo)) : 0.02;
}

/** The rows a skip-gram / CBOW score is made of: the context's input rows (W) and the two candidates' output rows (C). */
function ProbeRows({ probe }: { probe: Probe }) {
  const { t } = useT();
  const session = useAppStore(selectSession);
  const frame = useAppStore(selectFrame);
  if (!session || !frame?.output) return null;
  const D = frame.dim;
  const row = (table: Float32Array, id: number) => table.subarray(id * D, (id + 1) * D);
  const items: { table: 'W' | 'C'; id: number }[] = [
    ...probe.context.map((id) => ({ table: 'W' as const, id })),
    ...[probe.target, probe.wrong].filter((e) => e !== null).map((e) => ({ table: 'C' as const, id: e.id })),
  ];
  return (
    <ul className="lab-probe-rows" data-testid="lab-probe-rows">
      {items.map(({ table, id }) => {
        const name = `${table}[${session.words[id]}]`;
        return (
          <li key={`${table}${id}`}>
            <span className="lab-probe-row-name" data-words="">
              {name}
            </span>
            <RowStrip values={row(table === 'W' ? frame.vectors : (frame.output as Float32Array), id)} scale={FIXED_SCALE} label={t('lab.probe.rowLabel', { name })} />
          </li>
        );
      })}
    </ul>
  );
}

/**
 * One example, up close, honestly: "他很[ ]" answered by the model that predicts (the tied
 * model's softmax), or — for skip-gram and CBOW, which predict no blank — the score
 * h·C[w] of the context's input rows with each candidate's output row, the rows shown.
 * "Train once" is one SGD step on this example; the figure shown is the one it moved.
 */
export function ProbePanel() {
  const { t, f } = useT();
  const session = useAppStore(selectSession);
  const probe = useAppStore(selectProbe);
  const before = useAppStore(selectBefore);
  const text = useAppStore(selectText);
  const target = useAppStore(selectTarget);
  const wrong = useAppStore(selectWrong);
  const setProbe = useAppStore(selectSetProbe);
  const train = useAppStore(selectTrain);
  const phase = useAppStore(selectPhase);
  const source = useAppStore(selectOutlineSource);
  const words = session?.words ?? [];
  const tied = probe?.kind === 'next-token';
  const line = (which: 'target' | 'wrong', word: string) => {
    const e = probe?.[which] ?? null;
    const b = before?.[which] ?? null;
    const v = probe && e ? figure(probe, e) : Number.NaN;
    return (
      <p>
        {t(tied ? 'lab.probe.p' : 'lab.probe.score', { word, context: text })} ={' '}
        <strong data-testid={which === 'target' ? 'lab-probe-p-target' : 'lab-probe-p-wrong'} data-value={Number.isFinite(v) ? v : ''}>
          {e ? sig(f, v) : '–'}
        </strong>
        {e ? ` ${t('lab.probe.rank', { rank: e.rank, of: words.length - 1 })}` : ` ${t('lab.probe.notInVocab')}`}
        {e && b && probe && before && <span className="hint"> ({signed(f, v - figure(before, b))})</span>}
      </p>
    );
  };
  return (
    <section className="lab-panel" aria-label={t('lab.probe.title')} data-testid="lab-probe">
      <div className="lab-panel-head">
        <h2>{t('lab.probe.title')}</h2>
      </div>
      <div className="lab-probe-fields">
        <CommitField label={t('lab.probe.context')} value={text} testId="lab-probe-text" onCommit={(v) => setProbe({ text: v })} />
        <CommitField label={t('lab.probe.right')} value={target} testId="lab-probe-target" onCommit={(v) => setProbe({ target: v })} />
        <CommitField label={t('lab.probe.wrong')} value={wrong} testId="lab-probe-wrong" onCommit={(v) => setProbe({ wrong: v })} />
      </div>
      <p className="lab-probe-sentence">
        {text}
        <span className="lab-blank">[ ]</span>
      </p>
      <p className="hint">{t(tied ? 'lab.probe.kind.tied' : 'lab.probe.kind.score')}</p>
      {probe && (
        <>
          <div className="lab-probe-compare" data-testid="lab-probe-result" data-kind={probe.kind}>
            {line('target', target)}
            {line('wrong', wrong)}
            {before && <p className="hint">{t(source === 'probe' ? 'lab.probe.since.example' : source === 'examples' ? 'lab.probe.since.examples' : 'lab.probe.since.step')}</p>}
          </div>
          {!tied && <ProbeRows probe={probe} />}
          <ol className="lab-probe-top" data-testid="lab-probe-top" aria-label={t('lab.probe.top')}>
            {probe.top.map((e, _i, top) => (
              <li key={e.id} className={e.id === probe.target?.id ? 'right' : e.id === probe.wrong?.id ? 'wrong' : ''}>
                <span className="lab-probe-word" data-words="">
                  {words[e.id]}
                </span>
                <span className="lab-probe-bar" aria-hidden="true">
                  <span style={{ width: `${barShare(probe, e, top) * 100}%` }} />
                </span>
                <span className="lab-probe-p">{sig(f, figure(probe, e))}</span>
              </li>
            ))}
          </ol>
        </>
      )}
      <button type="button" data-testid="lab-probe-train" disabled={!session || phase === 'opening'} onClick={() => void train()} title={t('lab.probe.train.title')}>
        {t('lab.probe.train', { sentence: joinWords([text, target]) })}
      </button>
    </section>
  );
}
