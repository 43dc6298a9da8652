import { pollUntil } from '@trafficshare/testing';

import { newUser, report } from '../../apps/ledger-svc/src/test/ledger-harness';
import { startLedgerE2e, type LedgerE2e } from './harness';

// The ledger's routes through the gateway: balance, transactions, history, refresh (rate
// limited), daily price, promo codes, admin adjust and check, the dashboard.
describe('ledger routes (e2e)', () => {
  let e: LedgerE2e;
  const admin = 900_000_042;

  beforeAll(async () => {
    e = await startLedgerE2e('ledger_e2e');
  }, 90_000);
  afterAll(async () => {
    await e?.stop();
  }, 30_000);

  it('income shows in the balance, transactions and history with exact decimal money', async () => {
    const user = newUser();
    await e.ledger.publishReport(report({ telegramId: user, deltaMilliMb: 12_500 }));
    const res = await pollUntil(
      async () => {
        const r = await e.call('GET', '/api/user/balance', { sub: user });
        return r.body.balance?.usd > 0 ? r : undefined;
      },
      { timeoutMs: 15_000, description: 'the income in GET /api/user/balance' },
    );
    // 12.5 MB at $1.50/GB = 0.018310546875 → 0.018310 (rounded down), remainder carried.
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'success',
      telegram_id: user,
      balance: { usd: 0.01831, usdt_equivalent: 0.016479, held_usd: 0, used_mb: 12.5 },
      today_earn: 0.01831,
    });
    expect(res.body.transactions[0]).toMatchObject({
      type: 'income',
      amount_usd: 0.01831,
      status: 'completed',
      mb: 12.5,
    });

    const tx = await e.call('GET', '/api/transactions?limit=5&offset=0', { sub: user });
    expect(tx.body).toMatchObject({ status: 'success', total: 1, limit: 5, offset: 0 });
    const hist = await e.call('GET', '/api/user/balance_history', { sub: user });
    expect(hist.body.history[0]).toMatchObject({
      type: 'income',
      delta_usd: 0.01831,
      previous_balance: 0,
      new_balance: 0.01831,
    });
    expect(hist.body.history[0].reason).toContain('Traffic income: 12.500 MB');

    expect((await e.call('GET', `/api/user/balance/${user}`, { sub: user + 1 })).status).toBe(403);
    expect(
      (await e.call('GET', `/api/user/balance/${user}`, { sub: admin, role: 'moderator' })).body
        .balance.usd,
    ).toBe(0.01831);
    expect((await e.call('GET', '/api/transactions?limit=500', { sub: user })).status).toBe(400);
  }, 30_000);

  it('refresh_balance reports the delta and is limited to 1 per 10 s', async () => {
    const user = newUser();
    const first = await e.call('POST', '/api/user/refresh_balance', {
      sub: user,
      body: { telegram_id: user },
    });
    expect(first).toMatchObject({
      status: 200,
      body: { status: 'success', new_balance_usd: 0, delta: 0 },
    });
    const second = await e.call('POST', '/api/user/refresh_balance', { sub: user, body: {} });
    expect(second).toMatchObject({ status: 429, body: { status: 'error', code: 'rate_limited' } });
    const other = await e.call('POST', '/api/user/refresh_balance', {
      sub: newUser(),
      body: { telegram_id: user },
    });
    expect(other.status).toBe(403);
  });

  it('daily price: admin sets it (push), users read today, pricing/today and the 7/30-day history', async () => {
    expect(
      (await e.call('POST', '/api/admin/daily_price', { sub: 5, body: { price_per_gb: 2 } }))
        .status,
    ).toBe(403);
    const set = await e.call('POST', '/api/admin/daily_price', {
      sub: admin,
      role: 'superadmin',
      body: { price_per_gb: 1.65, message: 'Bugungi narx: $1.65/GB', push: true },
    });
    expect(set).toMatchObject({
      status: 200,
      body: { status: 'success', price_per_gb: 1.65, change: '+0.15', push: true },
    });
    expect((await e.call('GET', '/api/daily_price')).body).toEqual({
      date: set.body.date,
      price_per_gb: 1.65,
      message: 'Bugungi narx: $1.65/GB',
      change: '+0.15',
    });
    expect((await e.call('GET', '/api/pricing/today')).body).toMatchObject({
      price_per_gb: 1.65,
      price_per_mb: 0.001611,
      currency: 'USD',
    });
    const week = await e.call('GET', '/api/daily_price/history?days=7');
    expect(week.body.prices).toHaveLength(7);
    expect((await e.call('GET', '/api/daily_price/history?days=30')).body.prices).toHaveLength(30);
    expect((await e.call('GET', '/api/daily_price/history?days=9')).status).toBe(400);
    expect(
      (
        await e.call('POST', '/api/admin/daily_price', {
          sub: admin,
          role: 'superadmin',
          body: { price_per_gb: 1.0000001 },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await e.call('POST', '/api/admin/daily_price', {
          sub: admin,
          role: 'superadmin',
          body: { price_per_gb: 1, date: '2025-02-30' },
        })
      ).status,
    ).toBe(400);
    const events = await e.ledger.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM $schema.outbox WHERE event_type = 'PriceUpdated'`,
    );
    expect(events).toEqual([{ n: 1 }]);
  });

  it('promo: admin creates, users list and activate once; twice, expired, inactive and unknown are refused', async () => {
    const code = `TRAFIC${newUser()}`;
    const created = await e.call('POST', '/api/admin/promo', {
      sub: admin,
      role: 'superadmin',
      body: { code, bonus_percent: 10, expires_at: '2099-11-15' },
    });
    expect(created).toMatchObject({
      status: 201,
      body: { status: 'success', promo: { code, bonus_percent: 10, is_active: true } },
    });
    const user = newUser();
    await e.call('PATCH', `/api/admin/users/${user}/adjust_balance`, {
      sub: admin,
      role: 'superadmin',
      body: { amount_usd: 5.7, note: 'welcome credit' },
    });
    expect((await e.call('GET', '/api/promo/list', { sub: user })).body.promo).toEqual(
      expect.arrayContaining([expect.objectContaining({ code, bonus_percent: 10 })]),
    );
    const ok = await e.call('POST', '/api/promo/activate', { sub: user, body: { code } });
    expect(ok).toMatchObject({
      status: 200,
      body: { status: 'success', bonus_usd: 0.57, base_usd: 5.7, new_balance_usd: 6.27 },
    });
    expect(
      await e.call('POST', '/api/promo/activate', { sub: user, body: { code } }),
    ).toMatchObject({ status: 409, body: { code: 'promo_already_activated' } });
    expect(
      await e.call('POST', '/api/promo/activate', { sub: user, body: { code: 'NOPE_NOPE' } }),
    ).toMatchObject({ status: 404, body: { code: 'promo_not_found' } });
    const old = `OLD${newUser()}`;
    await e.call('POST', '/api/admin/promo', {
      sub: admin,
      role: 'superadmin',
      body: { code: old, bonus_percent: 5, expires_at: '2020-01-01T00:00:00Z' },
    });
    expect(
      await e.call('POST', '/api/promo/activate', { sub: user, body: { code: old } }),
    ).toMatchObject({ status: 422, body: { code: 'promo_expired' } });
    // The fifth attempt in a minute still answers; the sixth is rate limited.
    const off = `OFF${newUser()}`;
    await e.call('POST', '/api/admin/promo', {
      sub: admin,
      role: 'superadmin',
      body: { code: off, bonus_percent: 5 },
    });
    expect(
      (
        await e.call('PATCH', `/api/admin/promo/${off}/deactivate`, {
          sub: admin,
          role: 'superadmin',
        })
      ).body.promo.is_active,
    ).toBe(false);
    expect(
      await e.call('POST', '/api/promo/activate', { sub: user, body: { code: off } }),
    ).toMatchObject({ status: 422, body: { code: 'promo_inactive' } });
    expect(
      await e.call('POST', '/api/promo/activate', { sub: user, body: { code: off } }),
    ).toMatchObject({ status: 429, body: { code: 'rate_limited' } });
    const all = await e.call('GET', '/api/admin/promo', { sub: admin, role: 'superadmin' });
    expect((all.body.promo as Array<{ code: string }>).find((p) => p.code === code)).toMatchObject({
      activations: 1,
    });
  });

  it('admin adjust needs a note, is idempotent by key, never overdraws; the ledger check is balanced', async () => {
    const user = newUser();
    const path = `/api/admin/users/${user}/adjust_balance`;
    expect(
      (await e.call('PATCH', path, { sub: admin, role: 'superadmin', body: { amount_usd: 1 } }))
        .status,
    ).toBe(400);
    expect(
      (
        await e.call('PATCH', path, {
          sub: admin,
          role: 'moderator',
          body: { amount_usd: 1, note: 'nope' },
        })
      ).status,
    ).toBe(403);
    const body = { amount_usd: 2.5, note: 'ticket 77', idempotency_key: `key-${user}` };
    const first = await e.call('PATCH', path, { sub: admin, role: 'superadmin', body });
    const again = await e.call('PATCH', path, { sub: admin, role: 'superadmin', body });
    expect(first.body).toMatchObject({ status: 'success', duplicate: false, new_balance_usd: 2.5 });
    expect(again.body).toMatchObject({ duplicate: true, new_balance_usd: 2.5 });
    expect(
      await e.call('PATCH', path, {
        sub: admin,
        role: 'superadmin',
        body: { amount_usd: -3, note: 'too much' },
      }),
    ).toMatchObject({
      status: 400,
      body: { code: 'insufficient_balance' },
    });
    const check = await e.call('GET', '/api/admin/ledger/check', {
      sub: admin,
      role: 'superadmin',
    });
    expect(check).toMatchObject({
      status: 200,
      body: { balanced: true, negative_balances: 0, total_usd: 0 },
    });
    expect((await e.call('GET', '/api/admin/ledger/check', { sub: user })).status).toBe(403);
    const byModerator = await e.call('GET', '/api/admin/ledger/check', {
      sub: admin,
      role: 'moderator',
    });
    expect(byModerator.status).toBe(403);
  });

  it('dashboard: balance with conversions, price and mini stats in one response; missing services degrade', async () => {
    const user = newUser();
    await e.call('PATCH', `/api/admin/users/${user}/adjust_balance`, {
      sub: admin,
      role: 'superadmin',
      body: { amount_usd: 5.7, note: 'seed' },
    });
    const d = await e.call('GET', '/api/dashboard', { sub: user });
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({
      status: 'success',
      user: { telegram_id: String(user), username: `u${user}` },
      balance: { usd: 5.7, converted_usdt: 5.13, converted_uzs: 71820 },
      traffic: { period: 'today', used_mb: 0 },
      pricing: {
        price_per_gb: expect.any(Number),
        change: expect.stringMatching(/^[+-]\d+\.\d{2,6}$/),
      },
      mini_stats: { today_usd: 0 },
      active_session: null,
      referrals: { total_usd: 0, today_usd: 0 },
    });
    // auth-svc is not running and the fake telemetry lacks these RPCs: those parts degrade.
    expect(d.body.degraded).toEqual(
      expect.arrayContaining(['profile', 'traffic', 'active_session']),
    );
    expect((await e.call('GET', `/api/dashboard/${user}`, { sub: user + 1 })).status).toBe(403);
    expect(
      (await e.call('GET', `/api/dashboard/${user}`, { sub: admin, role: 'superadmin' })).body
        .balance.usd,
    ).toBe(5.7);
  });
});
