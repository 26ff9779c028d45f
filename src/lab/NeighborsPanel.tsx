import { useState } from 'react';
import { useT } from '../i18n/useT';
import { useAppStore } from '../state/hooks';
import type { AppState } from '../state/appState';

const selectSession = (s: AppState) => s.lab.session;
const selectFocus = (s: AppState) => s.lab.focus;
const selectNeighbors = (s: AppState) => s.lab.neighbors;
const selectFocusWord = (s: AppState) => s.actions.lab.focusWord;
const selectSetFocus = (s: AppState) => s.actions.lab.focus;
const selectRareMax = (s: AppState) => s.lab.frame?.movement.rareMaxCount ?? 0;

/** The nearest rows (cosine) of a chosen word in the table on screen, with how often the corpus uses each: a rare word's neighbours are its one context. */
export function NeighborsPanel() {
  const { t, f } = useT();
  const session = useAppStore(selectSession);
  const focus = useAppStore(selectFocus);
  const neighbors = useAppStore(selectNeighbors);
  const focusWord = useAppStore(selectFocusWord);
  const setFocus = useAppStore(selectSetFocus);
  const rareMax = useAppStore(selectRareMax);
  const [query, setQuery] = useState('');
  const [missing, setMissing] = useState<string | null>(null);
  const word = session && focus > 0 ? session.words[focus] : null;
  const uses = (id: number): number => session?.counts[id] ?? 0;
  const submit = (): void => {
    const q = query.trim();
    if (!q) return;
    setMissing(focusWord(q) ? null : q);
  };
  return (
    <section className="lab-panel" aria-label={t('lab.neighbors.title')}>
      <div className="lab-panel-head">
        <h2>{t('lab.neighbors.title')}</h2>
        <span className="hint">{t('lab.neighbors.hint')}</span>
      </div>
      <form
        className="lab-neighbor-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <input type="text" value={query} placeholder={t('lab.neighbors.placeholder')} aria-label={t('lab.neighbors.label')} data-testid="lab-neighbor-input" onChange={(e) => setQuery(e.target.value)} />
        <button type="submit" disabled={!session}>
          {t('lab.neighbors.show')}
        </button>
      </form>
      {missing !== null && (
        <p className="lab-error-text" role="alert">
          {t('lab.neighbors.missing', { word: missing })}
        </p>
      )}
      {word !== null && (
        <p className="lab-focus-word">
          <span data-testid="lab-neighbor-focus" data-words="">
            {word}
          </span> <span className="hint">#{f.int(focus)} · {t('lab.uses', { n: uses(focus) })}</span>
          {uses(focus) <= rareMax && <span className="lab-rare-tag"> {t('lab.neighbors.rare')}</span>}
        </p>
      )}
      {neighbors && (
        <ol className="neighbors" aria-label={t('lab.neighbors.list', { word: word ?? '' })}>
          {neighbors.map((n) => (
            <li key={n.id}>
              <button type="button" className="neighbor" data-testid="lab-neighbor" data-count={uses(n.id)} onClick={() => setFocus(n.id)}>
                <span className="neighbor-label lab-neighbor-word" data-words="">
                  {session?.words[n.id]}
                </span>
                <span className="neighbor-value">
                  <span className="lab-neighbor-count">{t('lab.uses', { n: uses(n.id) })}</span> {f.fixed(n.sim, 2)}
                </span>
                <span className="neighbor-bar" aria-hidden="true">
                  <span style={{ width: `${Math.max(0, n.sim) * 100}%` }} />
                </span>
              </button>
            </li>
          ))}
        </ol>
      )}
      {!word && session && <p className="hint">{t('lab.neighbors.empty')}</p>}
    </section>
  );
}
