import { randomUUID } from 'node:crypto';

import { decodeEvent } from '@trafficshare/messaging';

import {
  admin,
  callerAs,
  errorCode,
  type LedgerHarness,
  newUser,
  startLedgerHarness,
  transferKind,
  transferStatus,
  userCaller,
} from '../test/ledger-harness';

// Holds, posts, voids and credits over real gRPC against the real database.
describe('ledger transfers (integration)', () => {
  let h: LedgerHarness;

  beforeAll(async () => {
    h = await startLedgerHarness('ledger_transfers');
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  }, 30_000);

  const fund = async (telegramId: number, amount: number) =>
    h.internal.credit({
      transferId: `fund-${randomUUID()}`,
      telegramId,
      amountMicroUsd: amount,
      kind: transferKind('income'),
      reference: 'test',
      note: '',
    });

  it('holds, posts and voids; the balance follows and each hold resolves once', async () => {
    const user = newUser();
    await fund(user, 5_000_000);
    const hold = await h.internal.hold({
      transferId: `w1-${user}`,
      telegramId: user,
      amountMicroUsd: 2_000_000,
      reference: 'wd-1',
      note: '',
    });
    expect(hold.balance).toMatchObject({ availableMicroUsd: 3_000_000, heldMicroUsd: 2_000_000 });
    expect(hold.transfer).toMatchObject({
      kind: transferKind('withdraw'),
      status: transferStatus('pending'),
      amountMicroUsd: -2_000_000,
    });

    const posted = await h.internal.postPending({
      transferId: `w1-${user}-post`,
      pendingId: `w1-${user}`,
      reference: 'tx',
    });
    expect(posted.balance).toMatchObject({ availableMicroUsd: 3_000_000, heldMicroUsd: 0 });
    // A retry of the same post returns the original; a void of a posted hold is refused.
    expect(
      (
        await h.internal.postPending({
          transferId: `w1-${user}-post`,
          pendingId: `w1-${user}`,
          reference: 'tx',
        })
      ).duplicate,
    ).toBe(true);
    expect(
      await errorCode(
        h.internal.voidPending({
          transferId: `w1-${user}-void`,
          pendingId: `w1-${user}`,
          reference: '',
        }),
      ),
    ).toBe('pending_already_resolved');
    expect(
      await errorCode(
        h.internal.postPending({
          transferId: `w1-${user}-post2`,
          pendingId: `w1-${user}`,
          reference: 'tx',
        }),
      ),
    ).toBe('pending_already_resolved');

    await h.internal.hold({
      transferId: `w2-${user}`,
      telegramId: user,
      amountMicroUsd: 1_000_000,
      reference: 'wd-2',
      note: '',
    });
    const voided = await h.internal.voidPending({
      transferId: `w2-${user}-void`,
      pendingId: `w2-${user}`,
      reference: 'failed',
    });
    expect(voided.balance).toMatchObject({ availableMicroUsd: 3_000_000, heldMicroUsd: 0 });
    expect(voided.transfer?.kind).toBe(transferKind('refund'));
    expect(
      await errorCode(
        h.internal.postPending({
          transferId: `w2-${user}-post`,
          pendingId: `w2-${user}`,
          reference: '',
        }),
      ),
    ).toBe('pending_already_resolved');
    expect(
      await errorCode(
        h.internal.voidPending({
          transferId: `x-${user}`,
          pendingId: 'no-such-hold',
          reference: '',
        }),
      ),
    ).toBe('pending_not_found');
  });

  it('a retried id with the same fields returns the original; with other fields it is refused', async () => {
    const user = newUser();
    const req = {
      transferId: `c-${user}`,
      telegramId: user,
      amountMicroUsd: 1_500_000,
      kind: transferKind('bonus'),
      reference: 'r',
      note: 'n',
    };
    const first = await h.internal.credit(req);
    const again = await h.internal.credit(req);
    expect(first.duplicate).toBe(false);
    expect(again.duplicate).toBe(true);
    expect(again.transfer).toEqual(first.transfer);
    expect(again.balance?.availableMicroUsd).toBe(1_500_000);
    expect(await errorCode(h.internal.credit({ ...req, amountMicroUsd: 2_000_000 }))).toBe(
      'transfer_id_conflict',
    );
    expect(
      await errorCode(
        h.internal.hold({
          transferId: `c-${user}`,
          telegramId: user,
          amountMicroUsd: 1,
          reference: '',
          note: '',
        }),
      ),
    ).toBe('transfer_id_conflict');
  });

  it('refuses a hold the available balance does not cover, and never goes negative', async () => {
    const user = newUser();
    await fund(user, 1_000_000);
    expect(
      await errorCode(
        h.internal.hold({
          transferId: `big-${user}`,
          telegramId: user,
          amountMicroUsd: 1_000_001,
          reference: '',
          note: '',
        }),
      ),
    ).toBe('insufficient_balance');
    expect(
      await errorCode(
        h.internal.hold({
          transferId: `zero-${user}`,
          telegramId: user,
          amountMicroUsd: 0,
          reference: '',
          note: '',
        }),
      ),
    ).toBe('invalid_amount');
    // The failed id was not consumed: the same id may hold an amount that fits.
    const ok = await h.internal.hold({
      transferId: `big-${user}`,
      telegramId: user,
      amountMicroUsd: 1_000_000,
      reference: '',
      note: '',
    });
    expect(ok.balance?.availableMicroUsd).toBe(0);
  });

  it('100 concurrent holds against a balance covering one: exactly one succeeds', async () => {
    const user = newUser();
    await fund(user, 1_390_000);
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        errorCode(
          h.internal.hold({
            transferId: `race-${user}-${i}`,
            telegramId: user,
            amountMicroUsd: 1_000_000,
            reference: `w${i}`,
            note: '',
          }),
        ),
      ),
    );
    expect(results.filter((r) => r === 'resolved')).toHaveLength(1);
    expect(results.filter((r) => r === 'insufficient_balance')).toHaveLength(99);
    const b = await h.internal.getBalance({ telegramId: user });
    expect(b.balance).toMatchObject({ availableMicroUsd: 390_000, heldMicroUsd: 1_000_000 });
    expect((await h.client.checkLedger({ caller: admin })).balanced).toBe(true);
  }, 60_000);

  it('the database refuses balance writes outside transfers, and edits of transfers and entries', async () => {
    const user = newUser();
    await fund(user, 1_000_000);
    await expect(
      h.query(`UPDATE $schema.accounts SET balance = balance + 1 WHERE telegram_id = $1`, [user]),
    ).rejects.toThrow(/only through transfers/);
    await expect(
      h.query(`UPDATE $schema.transfers SET amount = 1 WHERE telegram_id = $1`, [user]),
    ).rejects.toThrow(/immutable/);
    await expect(h.query(`DELETE FROM $schema.entries`)).rejects.toThrow(/immutable/);
    await expect(
      h.query(`UPDATE $schema.transfers SET status = 'voided' WHERE telegram_id = $1`, [user]),
    ).rejects.toThrow(/already posted/);
  });

  it('admin adjustments need a note, are audited, and cannot overdraw', async () => {
    const user = newUser();
    const add = await h.client.adjustBalance({
      caller: admin,
      transferId: `adj-${user}`,
      telegramId: user,
      amountMicroUsd: 2_500_000,
      note: 'support ticket 17',
    });
    expect(add.balance?.availableMicroUsd).toBe(2_500_000);
    expect(
      await errorCode(
        h.client.adjustBalance({
          caller: admin,
          transferId: `adj2-${user}`,
          telegramId: user,
          amountMicroUsd: 1,
          note: ' ',
        }),
      ),
    ).toBe('invalid_argument');
    expect(
      await errorCode(
        h.client.adjustBalance({
          caller: admin,
          transferId: `adj3-${user}`,
          telegramId: user,
          amountMicroUsd: -3_000_000,
          note: 'clawback',
        }),
      ),
    ).toBe('insufficient_balance');
    expect(
      await errorCode(
        h.client.adjustBalance({
          caller: callerAs(42, 'moderator'),
          transferId: `adj4-${user}`,
          telegramId: user,
          amountMicroUsd: 1,
          note: 'nope',
        }),
      ),
    ).toBe('forbidden');
    const sub = await h.client.adjustBalance({
      caller: admin,
      transferId: `adj5-${user}`,
      telegramId: user,
      amountMicroUsd: -500_000,
      note: 'clawback',
    });
    expect(sub.balance?.availableMicroUsd).toBe(2_000_000);
    const audit = await h.query<{ action: string; details: { note: string } }>(
      `SELECT action, details FROM $schema.audit_log WHERE target_id = $1 ORDER BY id`,
      [user],
    );
    expect(audit.map((a) => [a.action, a.details.note])).toEqual([
      ['balance.adjust', 'support ticket 17'],
      ['balance.adjust', 'clawback'],
    ]);
    // Each audit row is also published, in its transaction, for the platform's audit chain.
    const published = await h.query<{ payload: Buffer }>(
      `SELECT payload FROM $schema.outbox WHERE event_type = 'AdminActionRecorded' ORDER BY created_at`,
    );
    const mine = published
      .map((r) => decodeEvent('AdminActionRecorded', r.payload))
      .filter((e) => e.target === `user:${user}`);
    const noteOf = (json: string) => (JSON.parse(json) as { note?: string }).note;
    expect(mine.map((e) => [e.service, e.action, noteOf(e.detailsJson)])).toEqual([
      ['ledger-svc', 'balance.adjust', 'support ticket 17'],
      ['ledger-svc', 'balance.adjust', 'clawback'],
    ]);
    const history = await h.client.getBalanceHistory({
      caller: userCaller(user),
      telegramId: user,
      limit: 10,
      offset: 0,
    });
    expect(history.changes.map((c) => [c.deltaMicroUsd, c.balanceAfterMicroUsd, c.reason])).toEqual(
      [
        [-500_000, 2_000_000, 'Admin adjustment: clawback'],
        [2_500_000, 2_500_000, 'Admin adjustment: support ticket 17'],
      ],
    );
  });
});
