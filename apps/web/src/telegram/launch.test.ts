import { describe, expect, it } from 'vitest';

import { isDark, parseLaunchParams, themeVariables } from './launch';

const initData = new URLSearchParams({
  query_id: 'AAH',
  user: JSON.stringify({ id: 42, first_name: 'Dilshod', language_code: 'ru' }),
  auth_date: '1700000000',
  hash: 'ab'.repeat(32),
}).toString();

describe('Mini App launch parameters', () => {
  it('reads tgWebAppData exactly as signed, with version, platform and theme', () => {
    const hash =
      '#' +
      new URLSearchParams({
        tgWebAppData: initData,
        tgWebAppVersion: '8.0',
        tgWebAppPlatform: 'android',
        tgWebAppThemeParams: JSON.stringify({
          bg_color: '#17212b',
          text_color: '#ffffff',
          evil: 'red;}',
        }),
      }).toString();
    const params = parseLaunchParams(hash)!;
    expect(params.initData).toBe(initData);
    expect(params.version).toBe('8.0');
    expect(params.platform).toBe('android');
    expect(params.languageCode).toBe('ru');
    expect(params.firstName).toBe('Dilshod');
    // Only colours reach CSS.
    expect(params.themeParams).toEqual({ bg_color: '#17212b', text_color: '#ffffff' });
    expect(themeVariables(params.themeParams)).toEqual({
      '--tg-theme-bg-color': '#17212b',
      '--tg-theme-text-color': '#ffffff',
    });
    expect(isDark(params.themeParams.bg_color)).toBe(true);
    expect(isDark('#ffffff')).toBe(false);
  });

  it('is undefined without tgWebAppData (a plain browser: Login Widget)', () => {
    expect(parseLaunchParams('')).toBeUndefined();
    expect(parseLaunchParams('#tgWebAppVersion=8.0')).toBeUndefined();
  });

  it('survives a malformed theme and user', () => {
    const params = parseLaunchParams(
      `#tgWebAppData=${encodeURIComponent('user=%7Bbad&hash=1')}&tgWebAppThemeParams=%7Bnot-json`,
    )!;
    expect(params.themeParams).toEqual({});
    expect(params.languageCode).toBeUndefined();
  });
});
