import { useState } from 'react';
import { useAppStore } from '../state/hooks';
import type { AppState } from '../state/appState';
import type { Probe, ProbeEntry } from '../compute/train/probe';

const selectSession = (s: AppState) => s.lab.session;
const selectProbe = (s: AppState) => s.lab.probe;
const selectBefore = (s: AppState) => s.lab.probeBefore;
const selectTexts = (s: AppState) => s.lab.probeText;
const selectTarget = (s: AppState) => s.lab.probeTarget;
const selectWrong = (s: AppState) => s.lab.probeWrong;
const selectSetProbe = (s: AppState) => s.actions.lab.setProbe;
const selectTrain = (s: AppState) => s.actions.lab.trainExample;
const selectPhase = (s: AppState) => s.lab.phase;
const selectArrows = (s: AppState) => s.lab.arrows;

function fmt(p: number | undefined): string {
  if (p === undefined) return '–';
  return p >= 0.001 ? p.toFixed(3) : p.toExponential(1);
}

function delta(now: ProbeEntry | null, before: ProbeEntry | null | undefined): string {
  if (!now || !before) return '';
  const d = now.p - before.p;
  if (d === 0) return ' (unchanged)';
  return ` (${d > 0 ? '+' : '−'}${fmt(Math.abs(d))})`;
}

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

/** One example, up close: the model's guesses for "他很[ ]", before and after one update. */
export function ProbePanel() {
  const session = useAppStore(selectSession);
  const probe = useAppStore(selectProbe);
  const before = useAppStore(selectBefore);
  const text = useAppStore(selectTexts);
  const target = useAppStore(selectTarget);
  const wrong = useAppStore(selectWrong);
  const setProbe = useAppStore(selectSetProbe);
  const train = useAppStore(selectTrain);
  const phase = useAppStore(selectPhase);
  const arrows = useAppStore(selectArrows);
  const words = session?.words ?? [];
  const kindNote = (p: Probe | null): string =>
    p?.kind === 'next-token'
      ? 'Tied model: its next-token probabilities p(w | context).'
      : 'Skip-gram predicts no blank; shown: softmax over candidates w of Σ W[w]·C[c] (how strongly w’s row predicts the context words). Uniform while C is still zero.';
  return (
    <section className="lab-panel" aria-label="One example up close">
      <div className="lab-panel-head">
        <h2>One example, up close</h2>
      </div>
      <div className="lab-probe-fields">
        <CommitField label="context" value={text} testId="lab-probe-text" onCommit={(v) => setProbe({ text: v })} />
        <CommitField label="right" value={target} testId="lab-probe-target" onCommit={(v) => setProbe({ target: v })} />
        <CommitField label="wrong" value={wrong} testId="lab-probe-wrong" onCommit={(v) => setProbe({ wrong: v })} />
      </div>
      <p className="lab-probe-sentence">
        {text}
        <span className="lab-blank">[ ]</span>
      </p>
      <p className="hint">{kindNote(probe)}</p>
      {probe && (
        <>
          <div className="lab-probe-compare" data-testid="lab-probe-result">
            <p>
              P({target}) = <strong data-testid="lab-probe-p-target">{fmt(probe.target?.p)}</strong>
              {probe.target ? ` rank ${probe.target.rank}` : ' (not in the vocabulary)'}
              <span className="hint">{delta(probe.target, before?.target)}</span>
            </p>
            <p>
              P({wrong}) = <strong data-testid="lab-probe-p-wrong">{fmt(probe.wrong?.p)}</strong>
              {probe.wrong ? ` rank ${probe.wrong.rank}` : ' (not in the vocabulary)'}
              <span className="hint">{delta(probe.wrong, before?.wrong)}</span>
            </p>
            {before && <p className="hint">Changes since before the last {arrows?.source === 'example' ? 'example update' : 'Step'}.</p>}
          </div>
          <ol className="lab-probe-top" data-testid="lab-probe-top" aria-label="Top predictions for the blank">
            {probe.top.map((e) => (
              <li key={e.id} className={e.id === probe.target?.id ? 'right' : e.id === probe.wrong?.id ? 'wrong' : ''}>
                <span className="lab-probe-word">{words[e.id]}</span>
                <span className="lab-probe-bar" aria-hidden="true">
                  <span style={{ width: `${Math.min(100, (e.p / (probe.top[0]?.p || 1)) * 100)}%` }} />
                </span>
                <span className="lab-probe-p">{fmt(e.p)}</span>
              </li>
            ))}
          </ol>
        </>
      )}
      <button type="button" data-testid="lab-probe-train" disabled={!session || phase === 'opening'} onClick={() => void train()} title="One gradient step on this example only">
        Train on “{text}{target}” once
      </button>
    </section>
  );
}
