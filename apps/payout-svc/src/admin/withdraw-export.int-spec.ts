import { decodeEvent } from '@trafficshare/messaging';

import { remoteCodeOf } from '../withdraw/withdraw.exception';
import {
  admin,
  callerAs,
  newAddress,
  newUser,
  startPayoutHarness,
  type PayoutHarness,
} from '../test/payout-harness';

const USD = 1_000_000;

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (err) {
    return remoteCodeOf(err);
  }
  throw new Error('expected the call to fail');
}

// The reports export's withdrawals pages and the admin audit event, against the real Postgres
// and ledger: keyset pages cover every withdrawal of the period once, oldest first.
describe('payout-svc AdminExportWithdraws and AdminActionRecorded', () => {
  let h: PayoutHarness;
  const users = [newUser(), newUser(), newUser()];
  const ids: string[] = [];
  const from = new Date(Date.now() - 60_000).toISOString();
  const to = new Date(Date.now() + 3_600_000).toISOString();

  beforeAll(async () => {
    h = await startPayoutHarness('payout_export', {
      PAYOUT_WORKER_ENABLED: 'false',
      WITHDRAW_RATE_LIMIT_PER_MIN: '100',
    });
    for (const user of users) {
      await h.fund(user, 10 * USD);
      const res = await h.client.requestWithdraw({
        caller: callerAs(user),
        amountUsd: '5',
        walletAddress: newAddress(),
        network: 'BEP20',
        idempotencyKey: '',
        twoFactorCode: '',
        telegramId: 0,
      });
      ids.push(res.withdraw!.id);
    }
  }, 90_000);
  afterAll(() => h?.stop(), 30_000);

  const page = (after: string, limit = 2, caller = admin) =>
    h.client.adminExportWithdraws({ caller, from, to, after, limit });

  it('pages through every withdrawal of the period once, oldest first', async () => {
    const p1 = await page('');
    expect(p1.withdraws).toHaveLength(2);
    expect(p1.next).not.toBe('');
    const p2 = await page(p1.next);
    expect(p2.next).toBe('');
    const all = [...p1.withdraws, ...p2.withdraws];
    expect(all.map((w) => w.id)).toEqual(ids);
    expect(all.map((w) => w.telegramId)).toEqual(users);
    expect(all[0]).toMatchObject({ amountMicroUsd: 5 * USD, status: 'pending', network: 'BEP20' });
    const later = await h.client.adminExportWithdraws({
      caller: admin,
      from: to,
      to: new Date(Date.parse(to) + 60_000).toISOString(),
      after: '',
      limit: 10,
    });
    expect(later).toEqual({ withdraws: [], next: '' });
  });

  it('refuses users, a bad cursor, limit and range', async () => {
    expect(await codeOf(page('', 2, callerAs(users[0])))).toBe('forbidden');
    expect(await codeOf(page('not-a-cursor'))).toBe('invalid_cursor');
    expect(await codeOf(page('', 0))).toBe('invalid_limit');
    expect(
      await codeOf(
        h.client.adminExportWithdraws({ caller: admin, from: to, to: from, after: '', limit: 1 }),
      ),
    ).toBe('invalid_range');
  });

  it('an admin action is published as AdminActionRecorded with its audit row', async () => {
    await h.client.adminActOnWithdraw({
      caller: admin,
      withdrawId: ids[0],
      action: 'blacklist_address',
      note: 'scam address',
      txHash: '',
    });
    const rows = await h.query<{ payload: Buffer }>(
      `SELECT payload FROM $schema.outbox WHERE event_type = 'AdminActionRecorded'`,
    );
    expect(rows).toHaveLength(1);
    const e = decodeEvent('AdminActionRecorded', rows[0].payload);
    expect(e).toMatchObject({
      service: 'payout-svc',
      actorId: 42,
      action: 'withdraw.blacklist_address',
      target: `withdraw:${ids[0]}`,
    });
    expect(JSON.parse(e.detailsJson)).toMatchObject({ note: 'scam address' });
  });
});
