import type { LimitCheck } from '../compute/project/methods';
import type { Translator } from '../i18n/translate';

/** Why a method will not run on this many points, or why it asks first. */
export function limitText({ t }: Translator, check: Exclude<LimitCheck, { level: 'ok' }>): string {
  return check.level === 'refuse'
    ? t('project.refused', { method: check.method, max: check.limit, n: check.n })
    : t('project.slow', { method: check.method, slow: check.limit, n: check.n });
}
