import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import { ApiError } from '../api/client';
import { CATALOGUE, LANGUAGES } from './catalog';
import { errorText, makeI18n, pickLanguage, translate } from './i18n';

describe('the catalogue', () => {
  it('has every text in uz, ru and en, none empty, with the same placeholders', () => {
    const keys = Object.keys(CATALOGUE.en).sort();
    for (const lang of LANGUAGES) {
      expect(Object.keys(CATALOGUE[lang]).sort()).toEqual(keys);
      for (const key of keys) {
        const text = CATALOGUE[lang][key as keyof typeof CATALOGUE.en];
        expect(text.trim()).not.toBe('');
        const vars = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
        expect([lang, key, vars(text)]).toEqual([
          lang,
          key,
          vars(CATALOGUE.en[key as keyof typeof CATALOGUE.en]),
        ]);
      }
    }
  });

  it('fills placeholders', () => {
    expect(translate('en', 'dash.hello', { name: 'Ali' })).toBe('Hello, Ali');
    expect(translate('uz', 'dash.hello', { name: 'Ali' })).toBe('Salom, Ali');
    expect(translate('ru', 'dash.hello', { name: 'Ali' })).toBe('Здравствуйте, Ali');
  });
});

describe('errors in words', () => {
  it('says a known API error code in the chosen language', () => {
    const err = new ApiError(409, 'promo_already_activated', 'x');
    expect(errorText('en', err)).toBe('You already used this code');
    expect(errorText('ru', err)).toBe('Вы уже использовали этот код');
    expect(errorText('uz', err)).toBe('Siz bu koddan allaqachon foydalangansiz');
  });

  it('names an unknown code, and a failed fetch as no connection', () => {
    expect(errorText('en', new ApiError(500, 'weird_thing', 'x'))).toBe(
      'Something went wrong (weird_thing)',
    );
    expect(errorText('en', new TypeError('fetch failed'))).toBe('No connection to the server');
  });
});

/** Every error code the committed OpenAPI document declares (the `code` enums of its answers). */
function declaredErrorCodes(): string[] {
  const document = JSON.parse(
    readFileSync(resolve(__dirname, '../../../../libs/api-client/openapi.json'), 'utf8'),
  ) as unknown;
  const codes = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const code = (node as { properties?: { code?: { enum?: unknown } } }).properties?.code;
    if (Array.isArray(code?.enum)) code.enum.forEach((c) => codes.add(String(c)));
    Object.values(node).forEach(walk);
  };
  walk(document);
  return [...codes].sort();
}

describe('every API error code in words', () => {
  it('has words in uz, ru and en for each code the gateway declares', () => {
    const codes = declaredErrorCodes();
    expect(codes.length).toBeGreaterThan(100);
    expect(codes).toContain('export_too_large');
    const missing = codes.filter((c) => !(`errors.${c}` in CATALOGUE.en));
    expect(missing).toEqual([]);
  });

  it('fills the numbers of the error body into the words', () => {
    const err = new ApiError(400, 'export_too_large', 'x', undefined, { limit: 100000 });
    expect(errorText('en', err)).toBe(
      'Too many rows for this format (at most 100000): choose a shorter period or CSV',
    );
    expect(errorText('uz', err)).toContain('100000');
    expect(errorText('ru', err)).toContain('100000');
  });
});

describe('language and formats', () => {
  it('picks the first supported language, else Uzbek', () => {
    expect(pickLanguage('ru-RU')).toBe('ru');
    expect(pickLanguage(undefined, 'en_US')).toBe('en');
    expect(pickLanguage('de', 'fr')).toBe('uz');
  });

  it('formats money and traffic', () => {
    const i = makeI18n('en');
    expect(i.usd(5.7)).toBe('$5.70');
    expect(i.usd(undefined)).toBe('—');
    expect(i.usd(0.0123456, 4)).toBe('$0.0123');
    expect(i.usd(0.5, 4)).toBe('$0.50');
    expect(i.uzs(71820)).toBe('71,820 UZS');
    expect(i.mb(300)).toBe('300.0 MB');
    expect(i.mb(2048)).toBe('2.00 GB');
  });
});
