/**
 * The typed message catalogue. English (en.ts) is the source of truth: a message is a
 * string, or a function of typed parameters and the locale's number format. Every other
 * language must provide exactly the same keys with the same parameter types, which the
 * compiler checks (zh-CN.ts). `t(key, params)` is type-checked too: a missing key or a
 * wrong parameter is a build error, never a blank on screen.
 */
import { en, type Catalogue } from './en';
import { formatFor, type Format } from './format';
import type { Locale } from './locale';
import { zhCN } from './zh-CN';

export type MessageKey = keyof Catalogue;
type ParamsOf<K extends MessageKey> = Catalogue[K] extends (params: infer P, f: Format) => string ? P : never;
/** `t('key')` for plain messages, `t('key', { n: 3 })` for messages with parameters. */
export type Translate = <K extends MessageKey>(key: K, ...params: ParamsOf<K> extends never ? [] : [ParamsOf<K>]) => string;

export interface Translator {
  readonly locale: Locale;
  readonly t: Translate;
  readonly f: Format;
}

const CATALOGUES: Record<Locale, Catalogue> = { en, 'zh-CN': zhCN };
const cache = new Map<Locale, Translator>();

export function translatorFor(locale: Locale): Translator {
  const hit = cache.get(locale);
  if (hit) return hit;
  const catalogue = CATALOGUES[locale];
  const f = formatFor(locale);
  const t = ((key: MessageKey, params?: unknown) => {
    const message = catalogue[key] as string | ((p: unknown, f: Format) => string);
    return typeof message === 'function' ? message(params, f) : message;
  }) as Translate;
  const translator: Translator = { locale, t, f };
  cache.set(locale, translator);
  return translator;
}
