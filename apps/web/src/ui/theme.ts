import type { Language } from '../i18n/catalog';
import { isLanguage } from '../i18n/i18n';
import { isDark, themeVariables, type ThemeParams } from '../telegram/launch';

export type ThemeChoice = 'telegram' | 'light' | 'dark';

/** Applies a theme to <html>: Telegram's colours as CSS variables, and the palette. */
export function applyTheme(choice: ThemeChoice, params: ThemeParams): void {
  const root = document.documentElement;
  for (const [name, value] of Object.entries(themeVariables(params)))
    root.style.setProperty(name, value);
  const hasTelegram = Object.keys(params).length > 0;
  root.dataset.theme = choice === 'telegram' ? (hasTelegram ? 'telegram' : 'light') : choice;
  root.style.colorScheme =
    choice === 'dark' || (choice === 'telegram' && isDark(params.bg_color)) ? 'dark' : 'light';
}

export function storedTheme(): ThemeChoice | undefined {
  const v = safeGet('ts.theme');
  return v === 'telegram' || v === 'light' || v === 'dark' ? v : undefined;
}

export function storedLanguage(): Language | undefined {
  const v = safeGet('ts.lang');
  return isLanguage(v) ? v : undefined;
}

export function store(key: 'ts.theme' | 'ts.lang', value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // storage unavailable
  }
}

function safeGet(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
