import { useT } from '../i18n/useT';

/**
 * The article's §5 in one picture: the tied model's single table E feeds both ends — the
 * context words' rows are looked up from it, and the same rows score every word at the
 * output (logits = E·h + b, then softmax). SVG, so its words come from the catalogue.
 */
export function TiedDiagram() {
  const { t } = useT();
  return (
    <figure className="lab-tied" data-testid="lab-tied-diagram">
      <svg viewBox="0 0 360 92" role="img" aria-label={t('lab.tied.label')}>
        <defs>
          <marker id="lab-tied-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
            <path d="M0,0L10,5L0,10z" fill="#5d6b64" />
          </marker>
        </defs>
        <text x="6" y="18" className="lab-tied-text">{t('lab.tied.context')}</text>
        <text x="6" y="34" className="lab-tied-word">他 很</text>
        <line x1="58" y1="30" x2="128" y2="30" className="lab-tied-line" markerEnd="url(#lab-tied-arrow)" />
        <text x="64" y="24" className="lab-tied-small">{t('lab.tied.lookup')}</text>
        <rect x="132" y="8" width="96" height="64" rx="3" className="lab-tied-table" />
        {[0, 1, 2, 3, 4, 5].map((r) => (
          <rect key={r} x="136" y={12 + r * 10} width="88" height="7" className={r === 1 || r === 3 ? 'lab-tied-row used' : 'lab-tied-row'} />
        ))}
        <text x="180" y="86" textAnchor="middle" className="lab-tied-text">{t('lab.tied.table')}</text>
        <line x1="232" y1="30" x2="300" y2="30" className="lab-tied-line" markerEnd="url(#lab-tied-arrow)" />
        <text x="236" y="24" className="lab-tied-small">{t('lab.tied.score')}</text>
        <text x="304" y="18" className="lab-tied-text">{t('lab.tied.next')}</text>
        <text x="304" y="34" className="lab-tied-word">高兴</text>
        <text x="236" y="52" className="lab-tied-small">{t('lab.tied.softmax')}</text>
      </svg>
      <figcaption className="hint">{t('lab.tied.sentence')}</figcaption>
    </figure>
  );
}
