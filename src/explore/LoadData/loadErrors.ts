/**
 * Words a load failure in the user's language. Whole-file errors come from the parse
 * worker as English text plus a code and its parameters (compute/formats/errors.ts
 * LoadErrorCode); this picks the catalogue message by code. Line-by-line parse problems
 * have no code and stay as the worker wrote them.
 */
import type { ErrorParams, LoadErrorCode } from '../../compute/formats/errors';
import type { Translate } from '../../i18n/translate';

const num = (params: ErrorParams, key: string): number => Number(params[key] ?? Number.NaN);
const str = (params: ErrorParams, key: string): string => String(params[key] ?? '');

export function loadErrorText(t: Translate, code: LoadErrorCode, params: ErrorParams): string {
  switch (code) {
    case 'inflatesPastBudget':
      return t('loadError.inflatesPastBudget', { budget: num(params, 'budget'), layer: str(params, 'layer') });
    case 'tableOverBudget':
      return t('loadError.tableOverBudget', { budget: num(params, 'budget') });
    case 'htmlResponse':
      return t('loadError.htmlResponse', { status: num(params, 'status'), contentType: str(params, 'contentType') });
    case 'httpStatus':
      return t('loadError.httpStatus', { status: num(params, 'status'), statusText: str(params, 'statusText') });
    case 'network':
      return t('loadError.network', { local: num(params, 'local') });
    case 'allRowsEqual':
      return t('loadError.allRowsEqual', { n: num(params, 'n') });
    case 'cspBlocked':
    case 'relativePath':
    case 'fastTextModel':
    case 'pythonPickle':
    case 'webPage':
    case 'metadataOnly':
    case 'metadataNeedsData':
    case 'noRows':
    case 'oneRow':
    case 'oneDimension':
      return t(`loadError.${code}`);
  }
}
