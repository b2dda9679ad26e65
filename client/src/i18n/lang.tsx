import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Lang } from '@tsunagu/shared';

/**
 * Language of the user interface: Japanese by default, English by switch, persisted in
 * localStorage. Each feature keeps its own dictionary (see `defineStrings`), so engineers
 * never edit one shared file.
 */
const STORAGE_KEY = 'tsunagu.lang';

interface LangContextValue {
  lang: Lang;
  setLang(lang: Lang): void;
}

const LangContext = createContext<LangContextValue>({ lang: 'ja', setLang: () => {} });

function initialLang(): Lang {
  // `?lang=en|ja` in the page's address wins for this page (the server renders print.pdf and
  // report.pdf from such an address); it is not kept, the switch in the header is
  try {
    const asked = new URLSearchParams(window.location.search).get('lang');
    if (asked === 'en' || asked === 'ja') return asked;
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'ja';
  } catch {
    return 'ja';
  }
}

export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      /* private mode: keep the choice for this page only */
    }
    document.documentElement.lang = l;
  }, []);
  const value = useMemo(() => ({ lang, setLang }), [lang, setLang]);
  return <LangContext.Provider value={value}>{children}</LangContext.Provider>;
}

export function useLang(): LangContextValue {
  return useContext(LangContext);
}

/** One UI string in both languages. `{name}` placeholders are filled by `t(s, {name})`. */
export interface Str {
  ja: string;
  en: string;
}

/** Declare a feature's dictionary: `export const S = defineStrings({ add: { ja: '追加', en: 'Add' } })`. */
export function defineStrings<K extends string>(dict: Record<K, Str>): Record<K, Str> {
  return dict;
}

export type Translate = (s: Str, params?: Record<string, string | number>) => string;

export function translate(lang: Lang, s: Str, params?: Record<string, string | number>): string {
  let out = s[lang] ?? s.ja;
  if (params) for (const [k, v] of Object.entries(params)) out = out.split(`{${k}}`).join(String(v));
  return out;
}

/** `const t = useT(); t(S.add)` — re-renders when the language changes. */
export function useT(): Translate {
  const { lang } = useLang();
  return useCallback<Translate>((s, params) => translate(lang, s, params), [lang]);
}
