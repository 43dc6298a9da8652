import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { act } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { parseLaunchParams } from '../telegram/launch';
import { errorResponse, fakeApi, FakeSocket, type FakeApi } from '../test/fake-api';
import { MiniApp } from './MiniApp';
import { applyLive, type Dashboard } from './screens/Dashboard';

const initData = new URLSearchParams({
  user: JSON.stringify({ id: 777, first_name: 'Dilshod', language_code: 'en' }),
  auth_date: '1700000000',
  hash: 'ab'.repeat(32),
}).toString();
const launch = parseLaunchParams(
  `#tgWebAppData=${encodeURIComponent(initData)}&tgWebAppPlatform=tdesktop`,
);

// Typed by the contract: a fixture the gateway could not answer does not compile.
const dashboard: Dashboard = {
  status: 'success',
  user: {
    telegram_id: '777',
    first_name: 'Dilshod',
    username: 'dilshod',
    photo_url: '',
    auth_date: '',
  },
  balance: { usd: 5.7, converted_usdt: 5.13, converted_uzs: 71820, held_usd: 0 },
  traffic: {
    period: 'today',
    sent_mb: 4000,
    used_mb: 3300,
    remaining_mb: 700,
    progress_percent: 82.5,
  },
  pricing: { date: '2025-11-02', price_per_gb: 1.65, change: '+0.15', message: 'Bugungi narx' },
  mini_stats: {
    today_usd: 0.48,
    week_usd: 3.1,
    avg7_usd: 0.44,
    today_mb: 300,
    week_mb: 1900,
    sessions_today: 2,
    sessions_week: 9,
  },
  active_session: null,
  referrals: null,
  degraded: [],
};

let api: FakeApi;
beforeEach(() => {
  api = fakeApi();
  vi.stubGlobal('WebSocket', FakeSocket);
  api.on('POST /api/auth/webapp', {
    status: 'success',
    user: {
      telegram_id: 777,
      username: 'dilshod',
      first_name: 'Dilshod',
      photo_url: '',
      role: 'user',
      balance_usd: 0,
    },
    token: 'tok-777',
    refresh_token: 'r',
    expires_in: 900,
  });
  api.on('GET /api/user/settings', { language: 'en', theme: 'light' });
  api.on('GET /api/dashboard', dashboard);
});

describe('the Mini App', () => {
  it('logs in with the launch initData and shows the dashboard with live updates', async () => {
    render(<MiniApp launch={launch} />);
    expect(await screen.findByText('Hello, Dilshod')).toBeTruthy();
    const login = api.calls.find((c) => c.path === '/api/auth/webapp')!;
    expect(login.body).toEqual({ init_data: initData });
    expect(api.calls.find((c) => c.path === '/api/dashboard')!.auth).toBe('Bearer tok-777');
    expect(screen.getByTestId('balance-usd').textContent).toBe('$5.70');
    expect(screen.getByText('71,820 UZS')).toBeTruthy();
    expect(screen.getByTestId('price').textContent).toBe('$1.65 / GB');
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('83');
    // Live: the socket authenticates with the token; a balance update shows at once.
    await waitFor(() => expect(FakeSocket.last?.protocols).toEqual(['bearer', 'tok-777']));
    act(() =>
      FakeSocket.last!.emit({
        type: 'balance_update',
        data: { balance_usd: 6.25, delta_usd: 0.55, reason: 'income' },
      }),
    );
    expect(screen.getByTestId('balance-usd').textContent).toBe('$6.25');
  });

  it('switches language from Settings and saves it', async () => {
    api.on('PATCH /api/user/settings', (req: Request) => req.clone().json());
    render(<MiniApp launch={launch} />);
    await screen.findByText('Hello, Dilshod');
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    const select = await screen.findByLabelText('Language');
    fireEvent.change(select, { target: { value: 'uz' } });
    expect(await screen.findByRole('heading', { name: 'Sozlamalar' })).toBeTruthy();
    await waitFor(() =>
      expect(api.calls.find((c) => c.method === 'PATCH')?.body).toEqual({ language: 'uz' }),
    );
    expect(document.documentElement.lang).toBe('uz');
  });

  it('shows a refused login in words, from the API error code', async () => {
    api.on('POST /api/auth/webapp', () => errorResponse(401, 'auth_expired'));
    render(<MiniApp launch={launch} />);
    expect(await screen.findByRole('alert')).toHaveProperty(
      'textContent',
      'The Telegram sign-in is too old; reopen the app',
    );
  });

  it('offers the Login Widget in a plain browser (no launch parameters)', () => {
    render(<MiniApp launch={undefined} />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toMatch(/Kirish|Sign in|Вход/);
  });

  it('activates a promo code and says an API refusal in words', async () => {
    api.on('GET /api/promo/list', { status: 'success', promo: [] });
    api.on('GET /api/news_promo', {
      status: 'success',
      telegram_links: { channel: 'https://t.me/c', chat: 'https://t.me/g' },
      announcements: [],
      promo: [],
    });
    api.on('POST /api/promo/activate', (req: Request) =>
      req
        .clone()
        .json()
        .then((b: { code: string }) =>
          b.code === 'USED'
            ? errorResponse(409, 'promo_already_activated')
            : { status: 'success', code: b.code, bonus_usd: 0.57 },
        ),
    );
    render(<MiniApp launch={launch} />);
    await screen.findByText('Hello, Dilshod');
    fireEvent.click(screen.getByRole('button', { name: 'Promo' }));
    const input = await screen.findByLabelText('Promo code');
    fireEvent.change(input, { target: { value: 'USED' } });
    fireEvent.click(screen.getByRole('button', { name: 'Activate' }));
    expect((await screen.findByRole('alert')).textContent).toBe('You already used this code');
    fireEvent.change(input, { target: { value: 'TRAFIC10' } });
    fireEvent.click(screen.getByRole('button', { name: 'Activate' }));
    expect(await screen.findByText('Code TRAFIC10 activated: +$0.57')).toBeTruthy();
  });
});

describe('live messages on the dashboard', () => {
  it('keeps the USDT and UZS conversions in proportion and tracks the running session', () => {
    const next = applyLive(dashboard, { type: 'balance_update', data: { balance_usd: 11.4 } });
    expect(next.balance).toMatchObject({ usd: 11.4, converted_usdt: 10.26, converted_uzs: 143640 });
    const traffic = applyLive(dashboard, {
      type: 'traffic_update',
      data: { session_id: 's1', used_mb: 12, current_speed: 0.5, duration_s: 60 },
    });
    expect(traffic.active_session).toMatchObject({
      session_id: 's1',
      used_mb: 12,
      current_speed_mb_s: 0.5,
    });
    expect(applyLive(dashboard, { type: 'unknown', data: {} })).toBe(dashboard);
  });
});
