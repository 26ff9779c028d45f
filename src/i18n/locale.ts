/**
 * The languages Sprout speaks and how the first one is chosen: the user's last choice
 * (remembered by the app shell), else the browser's preferred languages, else English.
 * Pure: callers pass in what they read from `navigator` and storage.
 */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

/** Each language's name in itself, for the switch. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' };

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

/** The locale for a stored choice and the browser's language list (most preferred first). */
export function pickLocale(stored: string | null | undefined, preferred: readonly string[]): Locale {
  if (isLocale(stored)) return stored;
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    // Any Chinese gets Simplified Chinese (the only Chinese we have); the first match wins.
    if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
    if (lower === 'en' || lower.startsWith('en-')) return 'en';
  }
  return 'en';
}
