import { useAppStore } from '../state/hooks';
import type { AppState } from '../state/appState';
import type { LabToken } from '../state/labTypes';

const selectText = (s: AppState) => s.lab.text;
const selectTokens = (s: AppState) => s.lab.tokens;
const selectSetText = (s: AppState) => s.actions.lab.setText;
const selectFocus = (s: AppState) => s.actions.lab.focus;
const selectFocused = (s: AppState) => s.lab.focus;
const selectHasSession = (s: AppState) => s.lab.session !== null;

/** Step 1 of the story: text → tokens → IDs, with the same tokenizer and dictionary as the training corpus. */
export function TokenPanel() {
  const text = useAppStore(selectText);
  const tokens = useAppStore(selectTokens);
  const setText = useAppStore(selectSetText);
  const focus = useAppStore(selectFocus);
  const focused = useAppStore(selectFocused);
  const hasSession = useAppStore(selectHasSession);
  return (
    <section className="lab-panel" aria-label="Token to ID">
      <div className="lab-panel-head">
        <h2>Token → ID</h2>
        <span className="hint">English or 中文; unknown words become &lt;unk&gt; (ID 0).</span>
      </div>
      <label className="lab-field lab-text-field">
        <span className="field-label">Text</span>
        <input
          type="text"
          value={text}
          data-testid="lab-text"
          aria-label="Text to tokenize"
          onChange={(e) => setText(e.target.value)}
          placeholder="他很高兴 / he is very happy"
        />
      </label>
      <ol className="lab-tokens" aria-label="Tokens and their IDs" data-testid="lab-tokens">
        {tokens.map((t: LabToken, i) => (
          <li key={`${i}-${t.start}`}>
            <button
              type="button"
              className={`lab-token${t.id === 0 ? ' unk' : ''}${t.id === focused && t.id > 0 ? ' focused' : ''}`}
              data-testid="lab-token"
              data-id={t.id}
              disabled={!hasSession || t.id === 0}
              aria-label={`Token ${t.text}, ID ${t.id}${t.id === 0 ? ' (unknown)' : ''}`}
              title={t.id === 0 ? 'Not in the vocabulary: maps to <unk>' : 'Show this row and its nearest neighbours'}
              onClick={() => focus(t.id)}
            >
              <span className="lab-token-text">{t.text}</span>
              <span className="lab-token-id">{t.id === 0 ? '0 <unk>' : t.id}</span>
            </button>
          </li>
        ))}
        {tokens.length === 0 && <li className="hint">No tokens.</li>}
      </ol>
    </section>
  );
}
