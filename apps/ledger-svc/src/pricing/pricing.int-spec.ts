import { decodeEvent } from '@trafficshare/messaging';

import { addDays, utcDay } from '../common/dates';
import {
  admin,
  callerAs,
  errorCode,
  startLedgerHarness,
  userCaller,
  type LedgerHarness,
} from '../test/ledger-harness';

describe('daily price (integration)', () => {
  let h: LedgerHarness;

  beforeAll(async () => {
    h = await startLedgerHarness('ledger_price');
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  }, 30_000);

  it('one row per date, change vs the previous day, history carries prices forward, PriceUpdated in the outbox', async () => {
    const today = utcDay(new Date());
    const before = await h.client.getDailyPrice({ date: '' });
    expect(before.price).toMatchObject({
      date: today,
      pricePerGbMicroUsd: 1_500_000,
      setForDate: false,
    });

    await h.client.setDailyPrice({
      caller: admin,
      date: '',
      pricePerGbMicroUsd: 1_600_000,
      message: 'first',
      push: false,
    });
    const set = await h.client.setDailyPrice({
      caller: admin,
      date: today,
      pricePerGbMicroUsd: 1_650_000,
      message: 'Bugungi narx: $1.65/GB',
      push: true,
    });
    expect(set.price).toMatchObject({
      date: today,
      pricePerGbMicroUsd: 1_650_000,
      previousPricePerGbMicroUsd: 1_500_000,
      setForDate: true,
    });
    const rows = await h.query(
      `SELECT count(*)::int AS n FROM $schema.daily_prices WHERE date = $1`,
      [today],
    );
    expect(rows).toEqual([{ n: 1 }]);

    const now = await h.client.getDailyPrice({ date: '' });
    expect(now.price).toMatchObject({
      pricePerGbMicroUsd: 1_650_000,
      message: 'Bugungi narx: $1.65/GB',
      previousPricePerGbMicroUsd: 1_500_000,
    });

    const history = await h.client.getPriceHistory({ days: 7 });
    expect(history.prices).toHaveLength(7);
    expect(history.prices[6]).toMatchObject({ date: today, pricePerGbMicroUsd: 1_650_000 });
    expect(history.prices[0]).toMatchObject({
      date: addDays(today, -6),
      pricePerGbMicroUsd: 1_500_000,
      setForDate: false,
    });

    const events = await h.query<{ event_type: string }>(
      `SELECT event_type FROM $schema.outbox WHERE event_type = 'PriceUpdated'`,
    );
    expect(events).toHaveLength(2);
    const audit = await h.query(`SELECT action FROM $schema.audit_log WHERE action = 'price.set'`);
    expect(audit).toHaveLength(2);
    // Each price change is published, in its transaction, for the platform's audit chain.
    const published = await h.query<{ payload: Buffer }>(
      `SELECT payload FROM $schema.outbox WHERE event_type = 'AdminActionRecorded' ORDER BY created_at`,
    );
    const actions = published
      .map((r) => decodeEvent('AdminActionRecorded', r.payload))
      .filter((e) => e.action === 'price.set');
    expect(
      actions.map((e) => {
        const d = JSON.parse(e.detailsJson) as { price_per_gb_micro_usd: number; message: string };
        return [e.service, e.actorId, e.target, d.price_per_gb_micro_usd, d.message];
      }),
    ).toEqual([
      ['ledger-svc', admin.telegramId, `price:${today}`, 1_600_000, 'first'],
      ['ledger-svc', admin.telegramId, `price:${today}`, 1_650_000, 'Bugungi narx: $1.65/GB'],
    ]);
  });

  it('validates price, date and role', async () => {
    expect(
      await errorCode(
        h.client.setDailyPrice({
          caller: admin,
          date: '2025-13-40',
          pricePerGbMicroUsd: 1,
          message: '',
          push: false,
        }),
      ),
    ).toBe('invalid_date');
    expect(
      await errorCode(
        h.client.setDailyPrice({
          caller: admin,
          date: '',
          pricePerGbMicroUsd: 0,
          message: '',
          push: false,
        }),
      ),
    ).toBe('invalid_price');
    expect(
      await errorCode(
        h.client.setDailyPrice({
          caller: userCaller(5),
          date: '',
          pricePerGbMicroUsd: 1,
          message: '',
          push: false,
        }),
      ),
    ).toBe('forbidden');
    // Prices are the superadmin's: a moderator is refused in the ledger itself, as at the gateway.
    expect(
      await errorCode(
        h.client.setDailyPrice({
          caller: callerAs(6, 'moderator'),
          date: '',
          pricePerGbMicroUsd: 1_000_000,
          message: '',
          push: false,
        }),
      ),
    ).toBe('forbidden');
    expect(await errorCode(h.client.getPriceHistory({ days: 0 }))).toBe('invalid_days');
  });
});
