import { LOCALE_NAMES, LOCALES, isLocale } from '../i18n/locale';
import { useT } from '../i18n/useT';
import { useAppStore } from '../state/hooks';
import type { AppState } from '../state/appState';

const selectSetLocale = (s: AppState) => s.actions.ui.setLocale;

/** 简体中文 / English. Each language is named in itself, so anyone can find their own. */
export function LanguageSwitch() {
  const { t, locale } = useT();
  const setLocale = useAppStore(selectSetLocale);
  return (
    <label className="language-switch">
      <span className="visually-hidden">{t('app.language')}</span>
      <select
        data-testid="language-switch"
        value={locale}
        aria-label={t('app.language')}
        onChange={(e) => {
          if (isLocale(e.target.value)) setLocale(e.target.value);
        }}
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
