/** What the lab says about a run resumed after a reload, and when two corpus choices are the same text. */
import type { LabResumed } from '../compute/train/labResume';
import type { Locale } from '../i18n/locale';
import { translatorFor } from '../i18n/translate';
import type { LabCorpusChoice } from './labTypes';

export function resumedNote(locale: Locale, r: LabResumed): string {
  const { t } = translatorFor(locale);
  if (r.maxDiff === null || r.maxDiff === 0) return t('share.lab.resumed', { step: r.step });
  return t('share.lab.resumedDiffers', { step: r.step, diff: r.maxDiff });
}

export function sameCorpus(a: LabCorpusChoice, b: LabCorpusChoice): boolean {
  if (a.kind !== b.kind) return false;
  return a.kind !== 'file' || (b.kind === 'file' && a.file === b.file);
}
