import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';

import { setAccessToken } from '../../api/client';
import { I18nProvider } from '../../i18n/i18n';
import { errorResponse, fakeApi, type FakeApi } from '../../test/fake-api';
import { UsersPage } from './Users';

let api: FakeApi;
beforeEach(() => {
  setAccessToken('tok');
  api = fakeApi();
});

const wrap = (node: React.ReactNode) => render(<I18nProvider language="en">{node}</I18nProvider>);

function users(status: 'active' | 'banned') {
  api.on('GET /api/admin/users', {
    status: 'success',
    users: [
      {
        telegram_id: 900,
        username: 'aziz',
        first_name: 'Aziz',
        role: 'user',
        status,
        ban_reason: status === 'banned' ? 'spam' : null,
        last_login: '2026-12-04T10:00:00Z',
        last_login_device: 'Android',
        created_at: '2026-11-01T10:00:00Z',
      },
    ],
    total: 1,
    limit: 50,
    offset: 0,
  });
}

function detail(balance: number) {
  api.on('GET /api/user/balance/900', {
    status: 'success',
    telegram_id: 900,
    balance: {
      usd: balance,
      usdt_equivalent: balance,
      held_usd: 0,
      pending_usd: 0,
      sent_mb: 0,
      used_mb: 0,
      last_refreshed: null,
    },
    today_earn: 0,
    month_earn: 0,
    transactions: [],
  });
  api.on('GET /api/admin/users/900/sessions', {
    status: 'success',
    sessions: [
      {
        city: 'Tashkent',
        country: 'UZ',
        device: 'Telegram WebApp',
        ip: '198.51.100.7',
        time: '2026-12-04T10:00:00Z',
        active: true,
        current: false,
        session_id: 's1',
      },
    ],
  });
}

describe('admin users', () => {
  it('adds balance with a note; a retry after a lost answer reuses the idempotency key', async () => {
    users('active');
    detail(1);
    let attempts = 0;
    api.on('PATCH /api/admin/users/900/adjust_balance', () => {
      attempts += 1;
      if (attempts === 1) return errorResponse(503, 'service_unavailable');
      return {
        status: 'success',
        duplicate: false,
        transaction: {
          id: 't1',
          type: 'adjustment',
          amount_usd: 2.5,
          status: 'completed',
          mb: null,
          reference: null,
          note: 'bonus',
          created_at: '2026-12-05T10:00:00Z',
        },
      };
    });
    wrap(<UsersPage superadmin />);
    fireEvent.click(await screen.findByRole('button', { name: 'Open' }));
    expect((await screen.findByTestId('user-sessions')).textContent).toContain('198.51.100.7');
    await waitFor(() => expect(screen.getByTestId('user-balance').textContent).toContain('$1.00'));
    fireEvent.change(screen.getByTestId('adjust-amount'), { target: { value: '2.5' } });
    fireEvent.change(screen.getByTestId('adjust-note'), { target: { value: 'bonus' } });
    fireEvent.click(screen.getByRole('button', { name: 'Adjust balance' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The service is temporarily unavailable',
    );
    detail(3.5);
    fireEvent.click(screen.getByRole('button', { name: 'Adjust balance' }));
    expect(await screen.findByText('Balance changed by $2.50')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('user-balance').textContent).toContain('$3.50'));
    const [first, second] = api.calls.filter((c) => c.method === 'PATCH');
    const key = (c: typeof first) => (c.body as { idempotency_key: string }).idempotency_key;
    expect(key(first)).toMatch(/^[0-9a-f]{24}$/);
    expect(key(second)).toBe(key(first));
    expect(second.body).toMatchObject({ amount_usd: 2.5, note: 'bonus' });
  });

  it('bans with the reason typed, ends every session, and moderators cannot adjust', async () => {
    users('active');
    detail(1);
    api.on('PATCH /api/admin/users/900/ban', { status: 'success', user: {} });
    api.on('POST /api/admin/users/900/reset_token', { status: 'success', revoked: 2 });
    wrap(<UsersPage superadmin={false} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Open' }));
    await screen.findByTestId('user-facts');
    expect(screen.queryByTestId('adjust-form')).toBeNull();
    fireEvent.change(screen.getByTestId('ban-reason'), { target: { value: 'multi-accounting' } });
    users('banned');
    fireEvent.click(screen.getByTestId('ban'));
    await waitFor(() => expect(screen.getByTestId('ban').textContent).toBe('Unban'));
    expect(api.calls.find((c) => c.path === '/api/admin/users/900/ban')!.body).toEqual({
      reason: 'multi-accounting',
    });
    fireEvent.click(screen.getByTestId('reset-token'));
    expect(await screen.findByText('Sessions ended: 2')).toBeTruthy();
  });
});
