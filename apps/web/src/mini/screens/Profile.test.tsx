import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';

import { getAccessToken, setAccessToken } from '../../api/client';
import { I18nProvider } from '../../i18n/i18n';
import { fakeApi, type FakeApi } from '../../test/fake-api';
import { ProfileScreen } from './Profile';

let api: FakeApi;
beforeEach(() => {
  setAccessToken('old-token');
  sessionStorage.setItem('ts.session', JSON.stringify({ token: 'old-token', user: { id: 1 } }));
  api = fakeApi();
});

const wrap = (node: React.ReactNode) => render(<I18nProvider language="en">{node}</I18nProvider>);

function profile(twoFactor: () => boolean) {
  api.on('GET /api/user/profile', () => ({
    telegram_id: 5,
    username: 'dilshod',
    first_name: 'Dilshod',
    last_name: '',
    photo_url: '',
    role: 'user',
    language: 'en',
    auth_date: null,
    jwt_token: '',
    two_factor_enabled: twoFactor(),
    last_login_ip: '198.51.100.1',
    last_login_device: 'Telegram WebApp',
    subscription_version: 1,
  }));
  api.on('GET /api/user/login_history', {
    history: [
      {
        city: 'Tashkent',
        country: 'UZ',
        device: 'Telegram WebApp',
        ip: '198.51.100.1',
        time: '2026-12-04T10:00:00Z',
        active: true,
        current: true,
      },
    ],
  });
}

describe('profile and security', () => {
  it('renews the token and uses the new one from then on', async () => {
    profile(() => false);
    api.on('POST /api/user/token/renew', {
      message: 'Token successfully renewed',
      jwt_token: 'new-token',
      expires_in: 900,
    });
    wrap(<ProfileScreen onLoggedOut={() => undefined} />);
    expect((await screen.findByTestId('login-history')).textContent).toContain('Tashkent, UZ');
    fireEvent.click(screen.getByTestId('renew'));
    expect(await screen.findByText('Session renewed')).toBeTruthy();
    expect(getAccessToken()).toBe('new-token');
    expect(JSON.parse(sessionStorage.getItem('ts.session')!).token).toBe('new-token');
    expect(api.calls.find((c) => c.path === '/api/user/token/renew')!.auth).toBe(
      'Bearer old-token',
    );
  });

  it('enrols 2FA: shows the secret, verifies a code, then says 2FA is on', async () => {
    let enabled = false;
    profile(() => enabled);
    api.on('POST /api/user/security/2fa', {
      status: 'pending',
      secret: 'JBSWY3DPEHPK3PXP',
      otpauth_uri: 'otpauth://totp/TrafficShare:5?secret=JBSWY3DPEHPK3PXP&issuer=TrafficShare',
    });
    api.on('POST /api/user/security/2fa/verify', () => {
      enabled = true;
      return { status: 'success', two_factor_enabled: true };
    });
    wrap(<ProfileScreen onLoggedOut={() => undefined} />);
    fireEvent.click(await screen.findByTestId('twofa-enable'));
    const secret = await screen.findByTestId('twofa-secret');
    expect(secret.getAttribute('data-secret')).toBe('JBSWY3DPEHPK3PXP');
    fireEvent.change(screen.getByTestId('twofa-code'), { target: { value: '12 34 56' } });
    fireEvent.click(screen.getByTestId('twofa-submit'));
    await waitFor(() =>
      expect(screen.getByTestId('twofa-state').getAttribute('data-enabled')).toBe('true'),
    );
    expect(api.calls.find((c) => c.path === '/api/user/security/2fa/verify')!.body).toEqual({
      code: '123456',
    });
  });
});
