import { useLang } from '../i18n/lang.js';

/** 日本語 / English toggle; the choice is remembered on this device. */
export function LangSwitch() {
  const { lang, setLang } = useLang();
  return (
    <button
      type="button"
      className="lang-switch"
      onClick={() => setLang(lang === 'ja' ? 'en' : 'ja')}
      aria-label={lang === 'ja' ? 'Switch to English' : '日本語に切り替え'}
      data-testid="lang-switch"
    >
      {lang === 'ja' ? 'English' : '日本語'}
    </button>
  );
}
