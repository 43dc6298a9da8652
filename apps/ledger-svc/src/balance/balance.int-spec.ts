import { addDays, utcDay } from '../common/dates';
import {
  type LedgerHarness,
  newUser,
  startLedgerHarness,
  transferKind,
  userCaller,
} from '../test/ledger-harness';

// GetBalanceSummary reads everything the balance page shows in one statement: it must agree with
// the separate reads (GetBalance, ListTransactions, RefreshBalance) and with the daily earnings.
describe('balance summary (integration)', () => {
  let h: LedgerHarness;

  beforeAll(async () => {
    h = await startLedgerHarness('ledger_balance');
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  }, 30_000);

  it('is all zeros and empty for a user the ledger has never seen', async () => {
    const stranger = newUser();
    const s = await h.client.getBalanceSummary({
      caller: userCaller(stranger),
      telegramId: stranger,
      recentLimit: 10,
    });
    expect(s.balance).toMatchObject({ availableMicroUsd: 0, heldMicroUsd: 0 });
    expect(s.stats).toEqual({
      todayMicroUsd: 0,
      weekMicroUsd: 0,
      monthMicroUsd: 0,
      avg7MicroUsd: 0,
      todayMilliMb: 0,
      weekMilliMb: 0,
      totalMilliMb: 0,
    });
    expect(s.recent).toEqual([]);
    expect(s.lastRefreshed).toBe('');
  });

  it('agrees with the separate reads: balance, newest transfers, earnings, last refresh', async () => {
    const user = newUser();
    const other = newUser();
    for (let i = 1; i <= 12; i++)
      await h.internal.credit({
        transferId: `sum-${user}-${i}`,
        telegramId: user,
        amountMicroUsd: 1_000_000 + i,
        kind: transferKind(i % 3 === 0 ? 'bonus' : 'income'),
        reference: `r${i}`,
        note: i === 5 ? 'a "quoted" note, ünïcode' : '',
      });
    await h.internal.credit({
      transferId: `sum-${other}-1`,
      telegramId: other,
      amountMicroUsd: 7_000_000,
      kind: transferKind('income'),
      reference: '',
      note: '',
    });
    await h.internal.hold({
      transferId: `sum-${user}-hold`,
      telegramId: user,
      amountMicroUsd: 2_500_000,
      reference: 'wd',
      note: '',
    });
    await h.internal.postPending({
      transferId: `sum-${user}-post`,
      pendingId: `sum-${user}-hold`,
      reference: 'tx',
    });
    await h.internal.hold({
      transferId: `sum-${user}-hold2`,
      telegramId: user,
      amountMicroUsd: 300_000,
      reference: 'wd2',
      note: '',
    });
    const refreshed = await h.client.refreshBalance({ caller: userCaller(user) });

    // Daily earnings: today, 3 days ago (this week), 40 days ago (neither week nor month).
    const today = utcDay(new Date());
    const monthFrom = `${today.slice(0, 7)}-01`;
    const earned: Array<[number, string, number, number]> = [
      [user, today, 5_000, 11],
      [user, addDays(today, -3), 7_000, 13],
      [user, addDays(today, -40), 100_000, 17],
      [other, today, 9_999, 999],
    ];
    for (const row of earned)
      await h.query(
        `INSERT INTO $schema.user_daily_earnings (telegram_id, day, milli_mb, earned) VALUES ($1, $2, $3, $4)`,
        row,
      );
    const week = 11 + 13;
    const month = 11 + (addDays(today, -3) >= monthFrom ? 13 : 0);

    const s = await h.client.getBalanceSummary({
      caller: userCaller(user),
      telegramId: user,
      recentLimit: 10,
    });
    const { balance } = await h.internal.getBalance({ telegramId: user });
    const list = await h.client.listTransactions({
      caller: userCaller(user),
      telegramId: user,
      limit: 10,
      offset: 0,
    });
    expect(balance).toMatchObject({ availableMicroUsd: 12_000_078 - 2_800_000 });
    expect(s.balance).toEqual(balance);
    expect(s.recent).toHaveLength(10);
    expect(s.recent).toEqual(list.transactions);
    expect(s.recent[0].transferId).toBe(`sum-${user}-hold2`);
    expect(s.stats).toEqual({
      todayMicroUsd: 11,
      weekMicroUsd: week,
      monthMicroUsd: month,
      avg7MicroUsd: Math.floor(week / 7),
      todayMilliMb: 5_000,
      weekMilliMb: 12_000,
      totalMilliMb: 112_000,
    });
    expect(s.lastRefreshed).toBe(refreshed.lastRefreshed);

    // Fewer or no recent transfers, as asked.
    expect(
      (
        await h.client.getBalanceSummary({
          caller: userCaller(user),
          telegramId: user,
          recentLimit: 3,
        })
      ).recent,
    ).toEqual(list.transactions.slice(0, 3));
    expect(
      (
        await h.client.getBalanceSummary({
          caller: userCaller(user),
          telegramId: user,
          recentLimit: 0,
        })
      ).recent,
    ).toEqual([]);
    // The note survives the JSON path intact.
    const all = await h.client.getBalanceSummary({
      caller: userCaller(user),
      telegramId: user,
      recentLimit: 50,
    });
    expect(all.recent.find((t) => t.transferId === `sum-${user}-5`)?.note).toBe(
      'a "quoted" note, ünïcode',
    );
  });
});
