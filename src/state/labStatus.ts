/**
 * The status line's text while the lab is shown: the lab's own table (corpus, words ×
 * dims, batches trained), not the dataset Explore has loaded.
 */
import type { Translator } from '../i18n/translate';
import type { AppState } from './appState';

export function labStatusText(s: AppState, { t }: Translator): string {
  const { session, frame } = s.lab;
  if (!session) return t('status.lab.opening');
  const c = session.corpusChoice;
  const corpus = c.kind === 'teaching' ? t('lab.corpus.teaching') : c.kind === 'sotu' ? t('lab.corpus.sotu') : c.name;
  return t('status.lab', { corpus, words: session.words.length, dim: frame?.dim ?? session.config.dim, step: frame?.step ?? 0 });
}
