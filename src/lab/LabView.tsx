import { useEffect } from 'react';
import { useT } from '../i18n/useT';
import { useAppStore, useAppStoreApi } from '../state/hooks';
import type { AppState } from '../state/appState';
import { CorpusPanel } from './CorpusPanel';
import { ExamplesPanel } from './ExamplesPanel';
import { ExportPanel } from './ExportPanel';
import { LabPlot } from './LabPlot';
import { LessonPanel } from './LessonPanel';
import { LossChart } from './LossChart';
import { Messages } from './Messages';
import { NeighborsPanel } from './NeighborsPanel';
import { ParamsPanel } from './ParamsPanel';
import { ProbePanel } from './ProbePanel';
import { Stats, TimelinePanel } from './Progress';
import { Shown } from './Shown';
import { TablesPanel } from './TablesPanel';
import { TokenPanel } from './TokenPanel';
import { Transport } from './Transport';
import './lab.css';

const selectInit = (s: AppState) => s.actions.lab.init;
const selectConfig = (s: AppState) => s.lab.session?.config ?? null;
const selectSessionId = (s: AppState) => s.lab.session?.id ?? '';

const TEXT_INPUTS = new Set(['text', 'search', 'number', 'email', 'url', 'password', 'tel']);

/** Focus is where typing goes: a text field, a list box, an editable region. */
function isTextField(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  if (el.isContentEditable || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  return el instanceof HTMLInputElement && TEXT_INPUTS.has(el.type);
}

/**
 * Space plays / pauses, "." trains one batch, R resets — wherever focus is, except in a
 * text field. A focused button would otherwise take Space as its own click (on key-up),
 * so the key-up of a Space we handled is swallowed too.
 */
function useLabKeys(): void {
  const store = useAppStoreApi();
  useEffect(() => {
    let spaceHandled = false;
    const onKeyDown = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || isTextField(e.target)) return;
      // An open dialog (the help overlay) keeps its keys.
      if (e.target instanceof Element && e.target.closest('[role="dialog"]')) return;
      const { lab, actions } = store.getState();
      if (e.key === ' ') {
        e.preventDefault();
        spaceHandled = true;
        if (e.repeat) return;
        if (lab.phase === 'running') void actions.lab.pause();
        else actions.lab.play();
      } else if (e.key === '.') {
        e.preventDefault();
        void actions.lab.step();
      } else if (e.key === 'r' || e.key === 'R') {
        e.preventDefault();
        void actions.lab.reset();
      }
    };
    const onKeyUp = (e: KeyboardEvent): void => {
      if (e.key === ' ' && spaceHandled) {
        e.preventDefault();
        spaceHandled = false;
      }
    };
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('keyup', onKeyUp);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('keyup', onKeyUp);
    };
  }, [store]);
}

/**
 * The training lab: watch an embedding table grow from random numbers into a map of
 * meaning. Left: transport, progress, corpus and model. Middle: the guided lesson, the
 * table in 2D, one example up close. Right: token → ID → the rows of both tables, and
 * the neighbours. A lesson step may hide the panels it does not need.
 */
export default function LabView() {
  const { t } = useT();
  const store = useAppStoreApi();
  const init = useAppStore(selectInit);
  const config = useAppStore(selectConfig);
  const sessionId = useAppStore(selectSessionId);
  useLabKeys();
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
  return (
    <main className="lab" data-testid="lab-view" aria-label={t('app.view.lab')}>
      <div className="lab-col lab-left">
        <Messages />
        <Shown panel="transport">
          <Transport />
        </Shown>
        <Shown panel="stats">
          <Stats />
        </Shown>
        <Shown panel="loss">
          <LossChart />
        </Shown>
        <Shown panel="timeline">
          <TimelinePanel />
        </Shown>
        <Shown panel="corpus">
          <CorpusPanel />
        </Shown>
        <Shown panel="params">{config && <ParamsPanel key={sessionId} config={config} />}</Shown>
        <Shown panel="export">
          <ExportPanel />
        </Shown>
      </div>
      <div className="lab-col lab-center">
        <LessonPanel />
        <Shown panel="plot">
          <LabPlot />
        </Shown>
        <Shown panel="examples">
          <ExamplesPanel />
        </Shown>
        <Shown panel="probe">
          <ProbePanel />
        </Shown>
      </div>
      <div className="lab-col lab-right">
        <Shown panel="tokens">
          <TokenPanel />
        </Shown>
        <Shown panel="tables">
          <TablesPanel />
        </Shown>
        <Shown panel="neighbors">
          <NeighborsPanel />
        </Shown>
      </div>
    </main>
  );
}
