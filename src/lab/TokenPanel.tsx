import { useT } from '../i18n/useT';
import { useAppStore } from '../state/hooks';
import type { AppState } from '../state/appState';
import type { LabToken } from '../state/labTypes';

const selectText = (s: AppState) => s.lab.text;
const selectTokens = (s: AppState) => s.lab.tokens;
const selectSetText = (s: AppState) => s.actions.lab.setText;
const selectFocus = (s: AppState) => s.actions.lab.focus;
const selectFocused = (s: AppState) => s.lab.focus;
const selectCounts = (s: AppState) => s.lab.session?.counts ?? null;
const selectHover = (s: AppState) => s.actions.lab.hover;

/** Step 1 of the story: text → tokens → IDs (with how often the corpus uses each), with the same tokenizer and dictionary as the training corpus. */
export function TokenPanel() {
  const { t, f } = useT();
  const text = useAppStore(selectText);
  const tokens = useAppStore(selectTokens);
  const setText = useAppStore(selectSetText);
  const focus = useAppStore(selectFocus);
  const focused = useAppStore(selectFocused);
  const counts = useAppStore(selectCounts);
  const hover = useAppStore(selectHover);
  return (
    <section className="lab-panel" aria-label={t('lab.tokens.title')}>
      <div className="lab-panel-head">
        <h2>{t('lab.tokens.title')}</h2>
        <span className="hint">{t('lab.tokens.hint')}</span>
      </div>
      <label className="lab-field lab-text-field">
        <span className="field-label">{t('lab.tokens.text')}</span>
        <input type="text" value={text} data-testid="lab-text" aria-label={t('lab.tokens.text.label')} onChange={(e) => setText(e.target.value)} placeholder={t('lab.tokens.placeholder')} />
      </label>
      <ol className="lab-tokens" aria-label={t('lab.tokens.list')} data-testid="lab-tokens">
        {tokens.map((tok: LabToken, i) => {
          const uses = counts && tok.id > 0 ? counts[tok.id] : 0;
          return (
            <li key={`${i}-${tok.start}`}>
              <button
                type="button"
                className={`lab-token${tok.id === 0 ? ' unk' : ''}${tok.id === focused && tok.id > 0 ? ' focused' : ''}`}
                data-testid="lab-token"
                data-id={tok.id}
                data-count={uses}
                disabled={counts === null || tok.id === 0}
                aria-label={tok.id === 0 ? t('lab.tokens.unk.label', { text: tok.text }) : t('lab.tokens.token.label', { text: tok.text, id: tok.id, uses })}
                title={tok.id === 0 ? t('lab.tokens.unk.title') : t('lab.tokens.token.title')}
                onClick={() => focus(tok.id)}
                onMouseEnter={() => hover(tok.id)}
                onMouseLeave={() => hover(-1)}
              >
                <span className="lab-token-text" data-words="">
                  {tok.text}
                </span>
                <span className="lab-token-id">{tok.id === 0 ? '0 <unk>' : `#${f.int(tok.id)}`}</span>
                {tok.id > 0 && <span className="lab-token-count" data-testid="lab-token-count">{t('lab.uses', { n: uses })}</span>}
              </button>
            </li>
          );
        })}
        {tokens.length === 0 && <li className="hint">{t('lab.tokens.none')}</li>}
      </ol>
    </section>
  );
}
