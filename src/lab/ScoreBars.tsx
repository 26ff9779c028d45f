import { useT } from '../i18n/useT';
import { signed, sig } from './figures';

export interface ScoreRow {
  readonly id: number;
  readonly word: string;
  /** The right word (pulled) or a pushed one. */
  readonly role: 'pull' | 'push';
  readonly before: number;
  readonly after: number;
}

/**
 * One update, drawn where its direction is true: the figure it moves (a dot product, or
 * a probability) per word, before and after, and the change as a bar from zero — right
 * and green when it rose, left and red when it fell. The bars share one scale, the
 * largest change, so even a change of 0.00006 shows which way it went.
 */
export function ScoreBars({ rows, testId }: { rows: readonly ScoreRow[]; testId: string }) {
  const { t, f } = useT();
  const largest = rows.reduce((m, r) => Math.max(m, Math.abs(r.after - r.before)), 0) || 1;
  return (
    <table className="lab-bars" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{t('lab.bars.word')}</th>
          <th scope="col">{t('lab.bars.before')}</th>
          <th scope="col">{t('lab.bars.after')}</th>
          <th scope="col">{t('lab.bars.change')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => {
          const d = r.after - r.before;
          const share = Math.min(1, Math.abs(d) / largest);
          return (
            <tr key={`${r.id}-${i}`} className={r.role} data-id={r.id} data-before={r.before} data-after={r.after}>
              <th scope="row" className="lab-bars-word">
                <span data-words="">{r.word}</span>
                <span className="hint"> {t(r.role === 'pull' ? 'lab.bars.pull' : 'lab.bars.push')}</span>
              </th>
              <td className="num">{sig(f, r.before)}</td>
              <td className="num">{sig(f, r.after)}</td>
              <td className="lab-bars-change">
                <span className="lab-bars-track" aria-hidden="true">
                  <span className={d >= 0 ? 'up' : 'down'} style={{ width: `${share * 50}%` }} />
                </span>
                <span className="num">{signed(f, d)}</span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
