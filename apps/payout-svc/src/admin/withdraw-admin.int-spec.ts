import { pollUntil } from '@trafficshare/testing';

import {
  admin,
  callerAs,
  newAddress,
  newUser,
  startPayoutHarness,
  type PayoutHarness,
} from '../test/payout-harness';
import { remoteCodeOf } from '../withdraw/withdraw.exception';
import { utcDays } from './payout-stats.service';

const USD = 1_000_000;
const moderator = callerAs(43, 'moderator');

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (err) {
    return remoteCodeOf(err);
  }
  throw new Error('expected the call to fail');
}

describe('payout admin: blacklist, account age, premium reviews first, dashboard stats', () => {
  let h: PayoutHarness;

  beforeAll(async () => {
    h = await startPayoutHarness('payout_admin', {
      PAYOUT_WORKER_ENABLED: 'false',
      WITHDRAW_RATE_LIMIT_PER_MIN: '100',
      DAILY_WITHDRAW_LIMIT: '100',
    });
  }, 300_000);
  afterAll(async () => {
    await h?.stop();
  }, 30_000);

  const request = (user: number, amountUsd: string, walletAddress = newAddress()) =>
    h.client.requestWithdraw({
      caller: callerAs(user),
      amountUsd,
      walletAddress,
      network: 'BEP20',
      idempotencyKey: '',
      twoFactorCode: '',
      telegramId: 0,
    });

  const registered = async (telegramId: number, daysAgo: number) => {
    await h.publish('UserRegistered', {
      telegramId,
      username: `u${telegramId}`,
      firstName: 'U',
      language: 'en',
      registeredAt: new Date(Date.now() - daysAgo * 86_400_000).toISOString(),
    });
    await pollUntil(
      async () =>
        (await h.query(`SELECT 1 FROM $schema.user_facts WHERE telegram_id = $1`, [telegramId]))
          .length === 1,
      { timeoutMs: 15_000, description: 'UserRegistered consumed' },
    );
  };

  it('blacklist: admins list, add and remove addresses with a mandatory note, audited; a listed address waits for review', async () => {
    const address = newAddress();
    expect(
      await codeOf(h.client.adminAddBlacklist({ caller: callerAs(newUser()), address, note: 'x' })),
    ).toBe('forbidden');
    expect(await codeOf(h.client.adminAddBlacklist({ caller: admin, address, note: ' ' }))).toBe(
      'note_required',
    );
    expect(
      await codeOf(
        h.client.adminAddBlacklist({
          caller: admin,
          address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD',
          note: 'scam',
        }),
      ),
    ).toBe('invalid_address');

    const upper = `0x${address.slice(2).toUpperCase()}`;
    const added = await h.client.adminAddBlacklist({
      caller: moderator,
      address: upper,
      note: 'scam report #1',
    });
    expect(added).toMatchObject({
      created: true,
      entry: { address, reason: 'scam report #1', addedBy: 43 },
    });
    const again = await h.client.adminAddBlacklist({ caller: admin, address, note: 'confirmed' });
    expect(again).toMatchObject({ created: false, entry: { reason: 'confirmed', addedBy: 42 } });
    const list = await h.client.adminListBlacklist({ caller: moderator, limit: 10, offset: 0 });
    expect(list.entries.find((e) => e.address === address)).toMatchObject({ reason: 'confirmed' });

    const user = newUser();
    await h.fund(user, 10 * USD);
    const flagged = await request(user, '2', address);
    expect(flagged.acceptedStatus).toBe('pending_manual_review');
    expect(flagged.withdraw!.riskFactors).toContain('blacklisted_address');

    expect(await codeOf(h.client.adminRemoveBlacklist({ caller: admin, address, note: '' }))).toBe(
      'note_required',
    );
    expect(
      await h.client.adminRemoveBlacklist({
        caller: admin,
        address: upper,
        note: 'owner verified',
      }),
    ).toEqual({ removed: true });
    expect(
      await codeOf(h.client.adminRemoveBlacklist({ caller: admin, address, note: 'again' })),
    ).toBe('address_not_blacklisted');
    const other = newUser();
    await h.fund(other, 10 * USD);
    expect((await request(other, '2', address)).withdraw!.riskFactors).not.toContain(
      'blacklisted_address',
    );

    const audit = await h.query<{ endpoint: string; actor: string; note: string; body: string }>(
      `SELECT endpoint, actor, note, body FROM $schema.payout_audit
        WHERE withdraw_id IS NULL AND kind = 'admin_action' AND body LIKE $1 ORDER BY id`,
      [`%${address}%`],
    );
    expect(audit.map((a) => [a.endpoint, Number(a.actor), a.note])).toEqual([
      ['blacklist_add', 43, 'scam report #1'],
      ['blacklist_add', 42, 'confirmed'],
      ['blacklist_remove', 42, 'owner verified'],
    ]);
    expect(JSON.parse(audit[2].body)).toMatchObject({ address, reason: 'confirmed' });
  });

  it('account age (from UserRegistered): a new account adds new_account; with other factors it waits for review', async () => {
    const fresh = newUser();
    const old = newUser();
    await registered(fresh, 1);
    await registered(old, 30);
    for (const u of [fresh, old]) await h.fund(u, 60 * USD);
    // $55 of $60: drains_balance (25) + large_amount (15); a new account adds 25 → 65 ≥ 60.
    const a = await request(fresh, '55');
    expect(a.acceptedStatus).toBe('pending_manual_review');
    expect(a.withdraw!.riskFactors).toEqual(
      expect.arrayContaining(['new_account', 'drains_balance', 'large_amount']),
    );
    const b = await request(old, '55');
    expect(b.acceptedStatus).toBe('pending');
    expect(b.withdraw!.riskFactors).not.toContain('new_account');
    // No registration seen: not counted as new.
    const unknown = newUser();
    await h.fund(unknown, 60 * USD);
    expect((await request(unknown, '55')).acceptedStatus).toBe('pending');
  });

  it('premium subscribers’ manual reviews are queued first (SubscriptionChanged, newest version wins)', async () => {
    const address = newAddress();
    await h.client.adminAddBlacklist({ caller: admin, address, note: 'review everything' });
    const regular = newUser();
    const premium = newUser();
    for (const u of [regular, premium]) await h.fund(u, 10 * USD);
    await h.publish('SubscriptionChanged', {
      telegramId: premium,
      version: 2,
      modelIds: ['free', 'premium'],
      action: 'grant',
      modelId: 'premium',
      adminId: 42,
      at: new Date().toISOString(),
    });
    // An older event arriving late changes nothing.
    await h.publish('SubscriptionChanged', {
      telegramId: premium,
      version: 1,
      modelIds: ['free'],
      action: 'register',
      modelId: 'free',
      adminId: 0,
      at: new Date().toISOString(),
    });
    await pollUntil(
      async () =>
        (
          await h.query<{ v: number }>(
            `SELECT subscription_version AS v FROM $schema.user_facts WHERE telegram_id = $1`,
            [premium],
          )
        )[0]?.v === 2,
      { timeoutMs: 15_000, description: 'SubscriptionChanged consumed' },
    );
    await new Promise((r) => setTimeout(r, 500));
    const first = await request(regular, '2', address);
    const second = await request(premium, '2', address);
    const queue = await h.client.adminListWithdraws({
      caller: moderator,
      status: 'pending_manual_review',
      telegramId: 0,
      limit: 200,
      offset: 0,
    });
    const ids = queue.withdraws.map((w) => w.id);
    expect(ids[0]).toBe(second.withdraw!.id);
    expect(ids.indexOf(second.withdraw!.id)).toBeLessThan(ids.indexOf(first.withdraw!.id));
  });

  it('manual payout (mark_paid with a tx hash) and reject (refund) need a note; dashboard stats count completed payouts per day', async () => {
    const days = utcDays(7);
    // Dashboard numbers are the superadmin's: a moderator is refused in the service too.
    expect(await codeOf(h.client.getAdminStats({ caller: moderator, days: 7 }))).toBe('forbidden');
    const before = await h.client.getAdminStats({ caller: admin, days: 7 });
    expect(before.days.map((d) => d.date)).toEqual(days);
    expect(before.today).toEqual(before.days[6]);

    const address = newAddress();
    await h.client.adminAddBlacklist({ caller: admin, address, note: 'manual only' });
    const user = newUser();
    await h.fund(user, 10 * USD);
    const paid = await request(user, '3', address);
    const rejected = await request(user, '2.5', address);
    const txHash = `0x${'ab'.repeat(32)}`;
    expect(
      await codeOf(
        h.client.adminActOnWithdraw({
          caller: admin,
          withdrawId: paid.withdraw!.id,
          action: 'mark_paid',
          note: '',
          txHash,
        }),
      ),
    ).toBe('note_required');
    expect(
      await codeOf(
        h.client.adminActOnWithdraw({
          caller: admin,
          withdrawId: paid.withdraw!.id,
          action: 'mark_paid',
          note: 'sent from the cold wallet',
          txHash: '0x1234',
        }),
      ),
    ).toBe('invalid_action');
    const done = await h.client.adminActOnWithdraw({
      caller: moderator,
      withdrawId: paid.withdraw!.id,
      action: 'mark_paid',
      note: 'sent from the cold wallet',
      txHash,
    });
    expect(done.withdraw).toMatchObject({ status: 'completed', txHash });
    const refused = await h.client.adminActOnWithdraw({
      caller: admin,
      withdrawId: rejected.withdraw!.id,
      action: 'reject',
      note: 'fraud ring',
      txHash: '',
    });
    expect(refused.withdraw!.status).toBe('canceled');
    expect(await h.balance(user)).toEqual({ available: 7 * USD, held: 0 });

    const after = await h.client.getAdminStats({ caller: admin, days: 7 });
    expect(after.today!.count).toBe(before.today!.count + 1);
    expect(after.today!.microUsd).toBe(before.today!.microUsd + 3 * USD);
    expect(after.days.slice(0, 6)).toEqual(before.days.slice(0, 6));
    const open = await h.query<{ n: string }>(
      `SELECT count(*) AS n FROM $schema.withdraw_requests
        WHERE status IN ('reserving', 'pending', 'pending_manual_review', 'processing')`,
    );
    expect(after.pendingWithdrawals).toBe(Number(open[0].n));

    expect(await codeOf(h.client.getAdminStats({ caller: callerAs(user), days: 7 }))).toBe(
      'forbidden',
    );
    expect(await codeOf(h.client.getAdminStats({ caller: admin, days: 0 }))).toBe('invalid_days');
    expect(await codeOf(h.client.getAdminStats({ caller: admin, days: 91 }))).toBe('invalid_days');
  });
});
