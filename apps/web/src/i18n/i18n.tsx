import { createContext, useContext, useMemo, type ReactNode } from 'react';

import { ApiError } from '../api/client';
import { CATALOGUE, LANGUAGES, type Language, type MessageKey } from './catalog';

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translate(
  language: Language,
  key: MessageKey,
  vars: Record<string, string | number> = {},
): string {
  const text = CATALOGUE[language][key] ?? CATALOGUE.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** The words for an error: the API's error code when the catalogue knows it. */
export function errorText(language: Language, err: unknown): string {
  const code = err instanceof ApiError ? err.code : 'network_error';
  const key = `errors.${code}` as MessageKey;
  if (key in CATALOGUE.en) {
    return translate(language, key, {
      ...(err instanceof ApiError ? err.extra : {}),
      details: err instanceof Error ? err.message : '',
      seconds: err instanceof ApiError && err.retryAfterS !== undefined ? err.retryAfterS : '…',
    });
  }
  return translate(language, 'errors.generic', { code });
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The first supported language of a Telegram `language_code` or the browser, else uz. */
export function pickLanguage(...candidates: Array<string | undefined>): Language {
  for (const c of candidates) {
    const base = c?.toLowerCase().split(/[-_]/)[0];
    if (isLanguage(base)) return base;
  }
  return 'uz';
}

const LOCALES: Record<Language, string> = { uz: 'uz-UZ', ru: 'ru-RU', en: 'en-US' };

export interface I18n {
  readonly language: Language;
  // Formatters take what the contract says a field may be: null or absent shows '—'.
  readonly t: Translate;
  readonly error: (err: unknown) => string;
  readonly usd: (value: number | null | undefined, digits?: number) => string;
  readonly uzs: (value: number | null | undefined) => string;
  readonly mb: (value: number | null | undefined) => string;
  readonly number: (value: number | null | undefined, digits?: number) => string;
  readonly dateTime: (iso: string | null | undefined) => string;
  readonly date: (iso: string | null | undefined) => string;
}

export function makeI18n(language: Language): I18n {
  const locale = LOCALES[language];
  const fmt = (value: number | null | undefined, min: number, max: number) =>
    value == null
      ? '—'
      : new Intl.NumberFormat(locale, {
          minimumFractionDigits: min,
          maximumFractionDigits: max,
        }).format(value);
  const dt = (iso: string | null | undefined, options: Intl.DateTimeFormatOptions) => {
    if (!iso) return '—';
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : new Intl.DateTimeFormat(locale, options).format(d);
  };
  return {
    language,
    t: (key, vars) => translate(language, key, vars),
    error: (err) => errorText(language, err),
    usd: (value, digits = 2) => (value == null ? '—' : `$${fmt(value, 2, Math.max(digits, 2))}`),
    uzs: (value) => (value == null ? '—' : `${fmt(value, 0, 0)} UZS`),
    mb: (value) => {
      if (value == null) return '—';
      return value >= 1024 ? `${fmt(value / 1024, 2, 2)} GB` : `${fmt(value, 1, 1)} MB`;
    },
    number: (value, digits = 0) => fmt(value, digits, digits),
    dateTime: (iso) => dt(iso, { dateStyle: 'short', timeStyle: 'short' }),
    date: (iso) => dt(iso, { dateStyle: 'medium' }),
  };
}

const I18nContext = createContext<I18n>(makeI18n('uz'));

export function I18nProvider({ language, children }: { language: Language; children: ReactNode }) {
  const value = useMemo(() => makeI18n(language), [language]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
