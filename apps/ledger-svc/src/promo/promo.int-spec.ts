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
  userCaller,
} from '../test/ledger-harness';

describe('promo codes (integration)', () => {
  let h: LedgerHarness;

  beforeAll(async () => {
    h = await startLedgerHarness('ledger_promo');
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  }, 30_000);

  const fund = (telegramId: number, amount: number) =>
    h.internal.credit({
      transferId: `fund-${randomUUID()}`,
      telegramId,
      amountMicroUsd: amount,
      kind: transferKind('income'),
      reference: '',
      note: '',
    });
  const create = (
    code: string,
    over: Partial<{ bonusBasisPoints: number; expiresAt: string; maxBonusMicroUsd: number }> = {},
  ) =>
    h.client.createPromoCode({
      caller: admin,
      code,
      bonusBasisPoints: 1_000,
      expiresAt: '',
      maxBonusMicroUsd: 0,
      ...over,
    });

  it('activates once per user: 10% of the available balance lands on it through the ledger', async () => {
    const code = `TRAFIC${newUser()}`;
    await create(code);
    const user = newUser();
    await fund(user, 12_345_678);
    const res = await h.client.activatePromoCode({
      caller: userCaller(user),
      code: code.toLowerCase(),
    });
    expect(res).toMatchObject({
      code,
      baseMicroUsd: 12_345_678,
      bonusMicroUsd: 1_234_567,
      transferId: expect.stringMatching(/^promo:/),
    });
    expect(res.balance?.availableMicroUsd).toBe(13_580_245);
    expect(await errorCode(h.client.activatePromoCode({ caller: userCaller(user), code }))).toBe(
      'promo_already_activated',
    );
    // Another user may activate the same code.
    const other = newUser();
    await fund(other, 1_000_000);
    expect(
      (await h.client.activatePromoCode({ caller: userCaller(other), code })).bonusMicroUsd,
    ).toBe(100_000);
    const history = await h.client.getBalanceHistory({
      caller: userCaller(user),
      telegramId: user,
      limit: 1,
      offset: 0,
    });
    expect(history.changes[0]).toMatchObject({
      kind: transferKind('bonus'),
      deltaMicroUsd: 1_234_567,
      reason: `Promo ${code}: +10%`,
    });
    const listed = (
      await h.client.listPromoCodes({ caller: admin, includeInactive: true, limit: 100, offset: 0 })
    ).promos.find((p) => p.code === code);
    expect(listed?.activations).toBe(2);
    expect((await h.client.checkLedger({ caller: admin })).balanced).toBe(true);
  });

  it('concurrent activations by one user credit once', async () => {
    const code = `RACE${newUser()}`;
    await create(code);
    const user = newUser();
    await fund(user, 1_000_000);
    const codes = await Promise.all(
      Array.from({ length: 10 }, () =>
        errorCode(h.client.activatePromoCode({ caller: userCaller(user), code })),
      ),
    );
    expect(codes.filter((c) => c === 'resolved')).toHaveLength(1);
    expect(codes.filter((c) => c === 'promo_already_activated')).toHaveLength(9);
    expect((await h.internal.getBalance({ telegramId: user })).balance?.availableMicroUsd).toBe(
      1_100_000,
    );
  }, 30_000);

  it('refuses expired, inactive and unknown codes, and a user with nothing to apply the bonus to', async () => {
    const user = newUser();
    await fund(user, 1_000_000);
    const expired = `OLD${newUser()}`;
    await create(expired, { expiresAt: new Date(Date.now() - 60_000).toISOString() });
    expect(
      await errorCode(h.client.activatePromoCode({ caller: userCaller(user), code: expired })),
    ).toBe('promo_expired');
    const inactive = `OFF${newUser()}`;
    await create(inactive);
    const off = await h.client.deactivatePromoCode({ caller: admin, code: inactive });
    expect(off.promo?.isActive).toBe(false);
    expect(
      await errorCode(h.client.activatePromoCode({ caller: userCaller(user), code: inactive })),
    ).toBe('promo_inactive');
    expect(
      await errorCode(h.client.activatePromoCode({ caller: userCaller(user), code: 'NOSUCHCODE' })),
    ).toBe('promo_not_found');
    const broke = newUser();
    const fresh = `NEW${newUser()}`;
    await create(fresh, { maxBonusMicroUsd: 50_000 });
    expect(
      await errorCode(h.client.activatePromoCode({ caller: userCaller(broke), code: fresh })),
    ).toBe('promo_no_balance');
    // The refusal did not spend the code; the cap applies.
    expect(
      (await h.client.activatePromoCode({ caller: userCaller(user), code: fresh })).bonusMicroUsd,
    ).toBe(50_000);
    const active = (
      await h.client.listPromoCodes({
        caller: userCaller(user),
        includeInactive: false,
        limit: 100,
        offset: 0,
      })
    ).promos.map((p) => p.code);
    expect(active).toContain(fresh);
    expect(active).not.toContain(expired);
    expect(active).not.toContain(inactive);
    expect(await errorCode(create(fresh))).toBe('promo_code_exists');
    expect(
      await errorCode(
        h.client.createPromoCode({
          caller: userCaller(user),
          code: 'MINE123',
          bonusBasisPoints: 10,
          expiresAt: '',
          maxBonusMicroUsd: 0,
        }),
      ),
    ).toBe('forbidden');
  });

  it('publishes every create and deactivate as AdminActionRecorded in its transaction; a refused one leaves none', async () => {
    const code = `AUD${newUser()}`;
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    await create(code, { bonusBasisPoints: 2_500, maxBonusMicroUsd: 3_000_000, expiresAt });
    await h.client.deactivatePromoCode({ caller: admin, code: code.toLowerCase() });
    // A moderator may not manage promo codes, in the ledger itself as at the gateway.
    const moderator = callerAs(newUser(), 'moderator');
    expect(
      await errorCode(
        h.client.createPromoCode({
          caller: moderator,
          code: `MOD${newUser()}`,
          bonusBasisPoints: 10,
          expiresAt: '',
          maxBonusMicroUsd: 0,
        }),
      ),
    ).toBe('forbidden');
    expect(await errorCode(h.client.deactivatePromoCode({ caller: moderator, code }))).toBe(
      'forbidden',
    );

    const published = await h.query<{ payload: Buffer }>(
      `SELECT payload FROM $schema.outbox WHERE event_type = 'AdminActionRecorded' ORDER BY created_at`,
    );
    const events = published
      .map((r) => decodeEvent('AdminActionRecorded', r.payload))
      .filter((e) => e.target === `promo:${code}` || e.actorId === moderator.telegramId);
    expect(
      events.map((e) => [
        e.service,
        e.actorId,
        e.action,
        e.target,
        JSON.parse(e.detailsJson) as unknown,
      ]),
    ).toEqual([
      [
        'ledger-svc',
        admin.telegramId,
        'promo.create',
        `promo:${code}`,
        {
          code,
          bonus_basis_points: 2_500,
          max_bonus_micro_usd: 3_000_000,
          expires_at: expiresAt,
        },
      ],
      ['ledger-svc', admin.telegramId, 'promo.deactivate', `promo:${code}`, { code }],
    ]);
    // The ledger's own audit rows commit with the same changes.
    const audit = await h.query<{ action: string }>(
      `SELECT action FROM $schema.audit_log WHERE details->>'code' = $1 ORDER BY id`,
      [code],
    );
    expect(audit.map((a) => a.action)).toEqual(['promo.create', 'promo.deactivate']);
  });
});
