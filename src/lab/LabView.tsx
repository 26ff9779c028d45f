import { useEffect, type KeyboardEvent } from 'react';
import { useAppStore, useAppStoreApi } from '../state/hooks';
import type { AppState } from '../state/appState';
import { CorpusPanel, ParamsPanel, Transport } from './Controls';
import { ExportPanel } from './ExportPanel';
import { Heatmap } from './Heatmap';
import { LabPlot } from './LabPlot';
import { NeighborsPanel } from './NeighborsPanel';
import { ProbePanel } from './ProbePanel';
import { LossChart, Stats, TimelinePanel } from './Progress';
import { TokenPanel } from './TokenPanel';
import './lab.css';

const selectInit = (s: AppState) => s.actions.lab.init;
const selectPhase = (s: AppState) => s.lab.phase;
const selectProgress = (s: AppState) => s.lab.progress;
const selectError = (s: AppState) => s.lab.error;
const selectInfo = (s: AppState) => s.lab.info;
const selectDismiss = (s: AppState) => s.actions.lab.dismissMessage;
const selectConfig = (s: AppState) => s.lab.session?.config ?? null;
const selectSessionId = (s: AppState) => s.lab.session?.id ?? '';

function Messages() {
  const phase = useAppStore(selectPhase);
  const progress = useAppStore(selectProgress);
  const error = useAppStore(selectError);
  const info = useAppStore(selectInfo);
  const dismiss = useAppStore(selectDismiss);
  return (
    <div className="lab-messages">
      <p className="lab-status" data-testid="lab-status" role="status" aria-live="polite">
        {phase === 'opening' ? (progress ?? 'Preparing…') : phase === 'running' ? 'Training…' : phase === 'busy' ? 'Working…' : phase === 'ready' ? 'Paused' : ''}
      </p>
      {error && (
        <p className="lab-message error" role="alert" data-testid="lab-error">
          <span>{error}</span>
          <button type="button" aria-label="Dismiss" onClick={dismiss}>
            ×
          </button>
        </p>
      )}
      {info && (
        <p className="lab-message" data-testid="lab-info">
          <span>{info}</span>
          <button type="button" aria-label="Dismiss" onClick={dismiss}>
            ×
          </button>
        </p>
      )}
    </div>
  );
}

function isTyping(el: EventTarget | null): boolean {
  return el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON'].includes(el.tagName));
}

/**
 * The training lab: watch an embedding table grow from random numbers into a map of
 * meaning. Left: corpus, model, transport, progress. Middle: the table in 2D and one
 * example up close. Right: token → ID → vector and the neighbours.
 */
export default function LabView() {
  const store = useAppStoreApi();
  const init = useAppStore(selectInit);
  const config = useAppStore(selectConfig);
  const sessionId = useAppStore(selectSessionId);
  useEffect(() => {
    void init();
  }, [init]);
  // Leaving the lab (another view, or Open in Explore) pauses training: it would
  // otherwise keep a core busy for a picture nobody is watching.
  useEffect(
    () => () => {
      const s = store.getState();
      if (s.lab.phase === 'running') void s.actions.lab.pause();
    },
    [store],
  );
  const onKeyDown = (e: KeyboardEvent<HTMLElement>): void => {
    if (isTyping(e.target) || e.altKey || e.ctrlKey || e.metaKey) return;
    const s = store.getState();
    if (e.key === ' ') {
      e.preventDefault();
      if (s.lab.phase === 'running') void s.actions.lab.pause();
      else s.actions.lab.play();
    } else if (e.key === '.') {
      void s.actions.lab.step();
    }
  };
  return (
    <main className="lab" data-testid="lab-view" aria-label="Training lab" onKeyDown={onKeyDown}>
      <div className="lab-col lab-left">
        <Messages />
        <Transport />
        <Stats />
        <LossChart />
        <TimelinePanel />
        <CorpusPanel />
        {config && <ParamsPanel key={sessionId} config={config} />}
        <ExportPanel />
      </div>
      <div className="lab-col lab-center">
        <LabPlot />
        <ProbePanel />
      </div>
      <div className="lab-col lab-right">
        <TokenPanel />
        <Heatmap />
        <NeighborsPanel />
      </div>
    </main>
  );
}
