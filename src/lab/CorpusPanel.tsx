import { useRef, useState, type ChangeEvent } from 'react';
import { useT } from '../i18n/useT';
import { useAppStore } from '../state/hooks';
import type { AppState } from '../state/appState';
import { corpusNameText } from './notes';

const selectSession = (s: AppState) => s.lab.session;
const selectPhase = (s: AppState) => s.lab.phase;
const selectSetCorpus = (s: AppState) => s.actions.lab.setCorpus;

/** A pasted text's name in messages and the corpus line. */
const PASTED = 'pasted.txt';

/** Which text to train on: the teaching corpus, State of the Union, the user's own .txt, or pasted text. */
export function CorpusPanel() {
  const tr = useT();
  const { t } = tr;
  const session = useAppStore(selectSession);
  const phase = useAppStore(selectPhase);
  const setCorpus = useAppStore(selectSetCorpus);
  const fileRef = useRef<HTMLInputElement>(null);
  const [pasting, setPasting] = useState(false);
  const [pasted, setPasted] = useState('');
  const choice = session?.corpusChoice;
  const kind = choice?.kind ?? 'teaching';
  const onSelect = (e: ChangeEvent<HTMLSelectElement>): void => {
    const v = e.target.value;
    if (v === 'file') fileRef.current?.click();
    else if (v === 'text') setPasting(true);
    else if (v === 'teaching' || v === 'sotu') void setCorpus({ kind: v });
  };
  const onFile = (e: ChangeEvent<HTMLInputElement>): void => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (file) void setCorpus({ kind: 'file', file, name: file.name });
  };
  const info = session?.corpus;
  const name = choice ? corpusNameText(tr, choice.kind === 'teaching' || choice.kind === 'sotu' ? { kind: choice.kind } : { kind: 'named', name: choice.name }) : '';
  return (
    <section className="lab-panel" aria-label={t('lab.corpus.title')}>
      <div className="lab-panel-head">
        <h2>{t('lab.corpus.title')}</h2>
      </div>
      <label className="lab-field">
        <span className="field-label">{t('lab.corpus.trainOn')}</span>
        <select value={kind} onChange={onSelect} disabled={phase === 'opening'} data-testid="lab-corpus" aria-label={t('lab.corpus.label')}>
          <option value="teaching" title={t('lab.corpus.teaching.title')}>
            {t('lab.corpus.teaching')}
          </option>
          <option value="sotu" title={t('lab.corpus.sotu.title')}>
            {t('lab.corpus.sotu')}
          </option>
          <option value="file">{kind === 'file' && choice?.kind === 'file' ? t('lab.corpus.yourFile', { name: choice.name }) : t('lab.corpus.chooseFile')}</option>
          <option value="text">{t('lab.corpus.pasted')}</option>
        </select>
      </label>
      <input ref={fileRef} type="file" accept=".txt,text/plain" hidden data-testid="lab-file" aria-label={t('lab.corpus.fileLabel')} onChange={onFile} />
      <div className="lab-buttons">
        <button type="button" className="link-button" onClick={() => fileRef.current?.click()} disabled={phase === 'opening'}>
          {t('lab.corpus.upload')}
        </button>
        <button type="button" className="link-button" data-testid="lab-paste-open" aria-expanded={pasting} onClick={() => setPasting((p) => !p)}>
          {t('lab.corpus.paste')}
        </button>
      </div>
      {pasting && (
        <form
          className="lab-paste"
          onSubmit={(e) => {
            e.preventDefault();
            if (pasted.trim()) void setCorpus({ kind: 'text', text: pasted, name: PASTED });
          }}
        >
          <textarea
            value={pasted}
            rows={5}
            data-testid="lab-paste-text"
            aria-label={t('lab.corpus.paste.label')}
            placeholder={t('lab.corpus.paste.placeholder')}
            onChange={(e) => setPasted(e.target.value)}
          />
          <button type="submit" data-testid="lab-paste-train" disabled={!pasted.trim() || phase === 'opening'}>
            {t('lab.corpus.paste.train')}
          </button>
        </form>
      )}
      {info && session && (
        <p className="hint" data-testid="lab-corpus-info">
          {t('lab.corpus.info', { name, sentences: info.sentences, tokens: info.tokens, words: session.words.length - 1 })}
          {info.unkTokens > 0 ? ` ${t('lab.corpus.unk', { n: info.unkTokens })}` : ''}
        </p>
      )}
    </section>
  );
}
