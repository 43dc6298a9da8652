import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';

import { fakeApi, type FakeApi } from '../test/fake-api';
import { AdminApp, PAGES, visiblePages } from './AdminApp';

let api: FakeApi;
function loginAs(role: string) {
  window.location.hash = `#tgWebAppData=${encodeURIComponent('user=%7B%22id%22%3A1%7D&hash=ab')}`;
  api.on('POST /api/auth/webapp', {
    status: 'success',
    user: {
      telegram_id: 1,
      username: 'boss',
      first_name: 'Boss',
      photo_url: '',
      role,
      balance_usd: 0,
    },
    token: 't',
    refresh_token: 'r',
    expires_in: 900,
  });
}

beforeEach(() => {
  api = fakeApi();
  localStorage.setItem('ts.lang', 'en');
  api.on('GET /api/admin/ledger/check', { balanced: true, transfers: 3, user_available_usd: 10 });
  api.on('GET /api/pricing/today', {
    status: 'success',
    date: '2025-11-02',
    price_per_gb: 1.2,
    message: '',
    change: '+0.00',
    set_for_date: true,
    price_per_mb: 0.001,
    previous_price_per_gb: 1.2,
    currency: 'USD',
  });
  api.on('GET /api/daily_price/history', {
    status: 'success',
    days: 30,
    prices: [
      { date: '2025-11-01', price_per_gb: 1.1, message: '', change: '', set_for_date: true },
    ],
  });
});

describe('the admin panel menu', () => {
  it('follows the role: a moderator never sees superadmin sections', () => {
    const moderator = visiblePages('moderator').map((p) => p.id);
    expect(moderator).toContain('users');
    for (const hidden of ['admins', 'prices', 'filter', 'settings'])
      expect(moderator).not.toContain(hidden);
    expect(visiblePages('superadmin')).toBe(PAGES);
    expect(visiblePages('user')).toEqual([]);
  });

  it('renders the moderator sidebar without superadmin entries', async () => {
    loginAs('moderator');
    render(<AdminApp />);
    expect(await screen.findByRole('button', { name: 'Users' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Admins' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Daily price' })).toBeNull();
    // Withdrawals and the address blacklist are a moderator's work; referrals and reports are
    // not (the gateway refuses them to moderators).
    expect(screen.getByRole('button', { name: 'Withdrawals' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Address blacklist' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Referrals' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Reports' })).toBeNull();
    // The moderator's dashboard asks for nothing only superadmins may read.
    await screen.findByRole('heading', { name: 'Dashboard' });
    await waitFor(() =>
      expect(api.calls.some((c) => c.path.startsWith('/api/pricing/today'))).toBe(true),
    );
    for (const path of ['/api/admin/ledger/check', '/api/admin/dashboard/summary']) {
      expect([path, api.calls.some((c) => c.path.startsWith(path))]).toEqual([path, false]);
    }
  });

  it('lets a superadmin set the daily price', async () => {
    loginAs('superadmin');
    api.on('POST /api/admin/daily_price', (req: Request) =>
      req
        .clone()
        .json()
        .then((b: { price_per_gb: number }) => ({
          status: 'success',
          date: '2025-11-02',
          price_per_gb: b.price_per_gb,
          message: '',
          change: '+0.30',
          push: false,
          updated_at: '',
        })),
    );
    render(<AdminApp />);
    fireEvent.click(await screen.findByRole('button', { name: 'Daily price' }));
    fireEvent.change(screen.getByLabelText('Price per GB (USD)'), { target: { value: '1.5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Price set: $1.50 / GB (+0.30)')).toBeTruthy();
    await waitFor(() =>
      expect(api.calls.find((c) => c.path === '/api/admin/daily_price')?.body).toMatchObject({
        price_per_gb: 1.5,
      }),
    );
  });

  it('tells a plain user this is not an admin account', async () => {
    loginAs('user');
    render(<AdminApp />);
    expect((await screen.findByRole('alert')).textContent).toBe('This account is not an admin.');
  });
});
