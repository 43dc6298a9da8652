import { status } from '@grpc/grpc-js';

import type { ledger } from '@trafficshare/contracts';

import {
  admin,
  callerAs,
  errorCode,
  newUser,
  startLedgerHarness,
  transferKind,
  userCaller,
  type LedgerHarness,
} from '../test/ledger-harness';

// The admin console's ledger reads over gRPC: totals and per-day series that equal what the
// ledger holds, and keyset export pages that cover every transaction exactly once.
describe('ledger admin stats and export (gRPC)', () => {
  let h: LedgerHarness;
  const users = [newUser(), newUser(), newUser()];
  const t0 = new Date(Date.now() - 60_000).toISOString();

  beforeAll(async () => {
    h = await startLedgerHarness('ledger_reports');
    for (const [i, u] of users.entries()) {
      await h.internal.credit({
        transferId: `rep-income-${u}`,
        telegramId: u,
        amountMicroUsd: 1_000_000 * (i + 1),
        kind: transferKind('income'),
        reference: '',
        note: '',
      });
    }
    await h.internal.credit({
      transferId: `rep-bonus-${users[0]}`,
      telegramId: users[0],
      amountMicroUsd: 250_000,
      kind: transferKind('bonus'),
      reference: '',
      note: '',
    });
    // users[1] withdraws 0.5 (posted), users[2] holds 1.0 (pending).
    await h.internal.hold({
      transferId: `rep-hold-${users[1]}`,
      telegramId: users[1],
      amountMicroUsd: 500_000,
      reference: 'w1',
      note: '',
    });
    await h.internal.postPending({
      transferId: `rep-post-${users[1]}`,
      pendingId: `rep-hold-${users[1]}`,
      reference: 'w1',
    });
    await h.internal.hold({
      transferId: `rep-hold-${users[2]}`,
      telegramId: users[2],
      amountMicroUsd: 1_000_000,
      reference: 'w2',
      note: '',
    });
  }, 60_000);
  afterAll(() => h?.stop(), 30_000);

  it('totals and today equal the movements made', async () => {
    const s = await h.client.getAdminStats({ caller: admin, days: 7 });
    // income 1+2+3 + bonus 0.25 − withdrawn 0.5 − held 1.0
    expect(s.userAvailableMicroUsd).toBe(6_250_000 - 1_500_000);
    expect(s.userHeldMicroUsd).toBe(1_000_000);
    expect(s.pendingWithdrawHolds).toBe(1);
    expect(s.days).toHaveLength(7);
    expect(s.days[6].date).toBe(new Date().toISOString().slice(0, 10));
    expect(s.today).toMatchObject({
      incomeMicroUsd: 6_000_000,
      incomeUsers: 3,
      bonusMicroUsd: 250_000,
      withdrawnMicroUsd: 500_000,
      withdrawals: 1,
    });
    expect(s.days.slice(0, 6).every((d) => d.incomeMicroUsd === 0)).toBe(true);
  });

  it('export pages cover every transaction in the range exactly once, oldest first', async () => {
    const to = new Date(Date.now() + 60_000).toISOString();
    const seen: ledger.Transfer[] = [];
    let after = '';
    let pages = 0;
    do {
      const page = await h.client.exportTransactions({
        caller: admin,
        from: t0,
        to,
        after,
        limit: 2,
      });
      seen.push(...page.transactions);
      after = page.next;
      pages += 1;
    } while (after !== '' && pages < 20);
    const ids = seen.map((t) => t.transferId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(7);
    expect(ids).toContain(`rep-post-${users[1]}`);
    const times = seen.map((t) => t.createdAt);
    expect([...times].sort()).toEqual(times);
    // An empty range: no rows, no cursor.
    const none = await h.client.exportTransactions({
      caller: admin,
      from: '2000-01-01T00:00:00Z',
      to: '2000-01-02T00:00:00Z',
      after: '',
      limit: 10,
    });
    expect(none).toMatchObject({ transactions: [], next: '' });
  });

  it('refuses users and bad arguments', async () => {
    const user = userCaller(users[0]);
    const denied = await h.client.getAdminStats({ caller: user, days: 7 }).catch((e: unknown) => e);
    expect((denied as { code: number }).code).toBe(status.PERMISSION_DENIED);
    expect(
      await errorCode(
        h.client.exportTransactions({ caller: user, from: t0, to: t0, after: '', limit: 1 }),
      ),
    ).toBe('forbidden');
    // Moderators are refused too: the dashboard and reports are the superadmin's.
    const moderator = callerAs(44, 'moderator');
    expect(await errorCode(h.client.getAdminStats({ caller: moderator, days: 7 }))).toBe(
      'forbidden',
    );
    expect(
      await errorCode(
        h.client.exportTransactions({ caller: moderator, from: t0, to: t0, after: '', limit: 1 }),
      ),
    ).toBe('forbidden');
    const mod = callerAs(43, 'superadmin');
    expect(await errorCode(h.client.getAdminStats({ caller: mod, days: 91 }))).toBe('invalid_days');
    expect(await errorCode(h.client.getAdminStats({ caller: mod, days: 0 }))).toBe('invalid_days');
    const now = new Date().toISOString();
    expect(
      await errorCode(
        h.client.exportTransactions({ caller: mod, from: now, to: t0, after: '', limit: 1 }),
      ),
    ).toBe('invalid_range');
    expect(
      await errorCode(
        h.client.exportTransactions({ caller: mod, from: t0, to: now, after: 'nope', limit: 1 }),
      ),
    ).toBe('invalid_cursor');
    expect(
      await errorCode(
        h.client.exportTransactions({ caller: mod, from: t0, to: now, after: '', limit: 5001 }),
      ),
    ).toBe('invalid_limit');
  });
});
