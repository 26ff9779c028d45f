/** A list of Problems as one sentence in the user's language (one notice names every field). */
import type { Translate } from '../i18n/translate';
import type { Problem } from './fields';

export function problemText(p: Problem, t: Translate): string {
  const { field, value, issue } = p;
  switch (issue.kind) {
    case 'unknown-field':
      return t('share.problem.unknownField', { field });
    case 'unknown-value':
      return t('share.problem.unknownValue', { field, value, known: issue.known.join(', ') });
    case 'range':
      return t(issue.integer ? 'share.problem.rangeInt' : 'share.problem.range', { field, value, min: issue.min, max: issue.max });
    case 'malformed':
      return t('share.problem.malformed', { field, value, expected: t(`share.expected.${issue.expected}`) });
    case 'too-long':
      return t('share.problem.tooLong', { field, max: issue.max });
    case 'newer-version':
      return t('share.problem.newer', { version: issue.version });
    case 'not-in-data':
      return t('share.problem.notInData', { field, value });
  }
}

/** The notice for a link's (or a saved session's) problems; null when there are none. */
export function problemsNotice(problems: readonly Problem[], origin: 'link' | 'session', t: Translate): string | null {
  if (problems.length === 0) return null;
  const list = problems.map((p) => problemText(p, t)).join(t('share.listSeparator'));
  return origin === 'link' ? t('share.link.problems', { list }) : t('share.session.problems', { list });
}
