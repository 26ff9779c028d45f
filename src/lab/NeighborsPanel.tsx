import { useState } from 'react';
import { useAppStore } from '../state/hooks';
import type { AppState } from '../state/appState';

const selectSession = (s: AppState) => s.lab.session;
const selectFocus = (s: AppState) => s.lab.focus;
const selectNeighbors = (s: AppState) => s.lab.neighbors;
const selectFocusWord = (s: AppState) => s.actions.lab.focusWord;
const selectSetFocus = (s: AppState) => s.actions.lab.focus;

/** The nearest rows (cosine) of a chosen word in the table on screen. */
export function NeighborsPanel() {
  const session = useAppStore(selectSession);
  const focus = useAppStore(selectFocus);
  const neighbors = useAppStore(selectNeighbors);
  const focusWord = useAppStore(selectFocusWord);
  const setFocus = useAppStore(selectSetFocus);
  const [query, setQuery] = useState('');
  const [missing, setMissing] = useState<string | null>(null);
  const word = session && focus > 0 ? session.words[focus] : null;
  const submit = (): void => {
    const q = query.trim();
    if (!q) return;
    setMissing(focusWord(q) ? null : q);
  };
  return (
    <section className="lab-panel" aria-label="Nearest neighbours">
      <div className="lab-panel-head">
        <h2>Nearest neighbours</h2>
        <span className="hint">cosine, in the table</span>
      </div>
      <form
        className="lab-neighbor-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <input
          type="text"
          value={query}
          placeholder="type a word, e.g. 高兴"
          aria-label="Word whose neighbours to show"
          data-testid="lab-neighbor-input"
          onChange={(e) => setQuery(e.target.value)}
        />
        <button type="submit" disabled={!session}>
          Show
        </button>
      </form>
      {missing !== null && (
        <p className="lab-error-text" role="alert">
          “{missing}” is not in the vocabulary.
        </p>
      )}
      {word !== null && (
        <p className="lab-focus-word">
          <span data-testid="lab-neighbor-focus">{word}</span> <span className="hint">#{focus}</span>
        </p>
      )}
      {neighbors && (
        <ol className="neighbors" aria-label={`Nearest neighbours of ${word ?? ''}`}>
          {neighbors.map((n) => (
            <li key={n.id}>
              <button type="button" className="neighbor" data-testid="lab-neighbor" onClick={() => setFocus(n.id)}>
                <span className="neighbor-label lab-neighbor-word">{session?.words[n.id]}</span>
                <span className="neighbor-value">{n.sim.toFixed(2)}</span>
                <span className="neighbor-bar" aria-hidden="true">
                  <span style={{ width: `${Math.max(0, n.sim) * 100}%` }} />
                </span>
              </button>
            </li>
          ))}
        </ol>
      )}
      {!word && session && <p className="hint">Click a token, a point in the plot, or type a word.</p>}
    </section>
  );
}
