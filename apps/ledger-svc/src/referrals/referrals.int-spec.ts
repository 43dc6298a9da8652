import { randomUUID } from 'node:crypto';

import fc from 'fast-check';

import { decodeEvent } from '@trafficshare/messaging';
import { pollUntil } from '@trafficshare/testing';

import {
  admin,
  callerAs,
  type LedgerHarness,
  newUser,
  report,
  startLedgerHarness,
  userCaller,
} from '../test/ledger-harness';

const RATES = [1000, 500, 200];

// Referral commissions through the real income path: ReportsIngested → income batch → referral
// credits in the same transaction, against real Postgres and JetStream. One income worker, so a
// sentinel report published last is credited after everything published before it.
describe('referral credits (integration)', () => {
  let h: LedgerHarness;

  beforeAll(async () => {
    h = await startLedgerHarness('ledger_referrals', {
      INCOME_CONSUMERS: '1',
      // 2 MB milestone so the bonus test stays small (production: 2048 MB).
      REFERRAL_BONUS_MB: '2',
      REFERRAL_BONUS_USD: '0.50',
    });
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  }, 30_000);

  const available = async (user: number) =>
    (await h.internal.getBalance({ telegramId: user })).balance!.availableMicroUsd;

  const attribute = (referral: number, referrer: number, counted = true, reason = '') =>
    h.publish('ReferralAttributed', {
      referralId: referral,
      referrerId: referrer,
      counted,
      reason,
      via: 'webapp',
      referralNameMasked: 'Te***',
      attributedAt: new Date().toISOString(),
    });

  /** Waits until the graph consumer has applied every link given. */
  const waitLinks = (ids: number[]) =>
    pollUntil(
      async () =>
        Number(
          (
            await h.query<{ n: string }>(
              `SELECT count(*) AS n FROM $schema.referral_links WHERE referral_id = ANY($1::bigint[])`,
              [ids],
            )
          )[0].n,
        ) === ids.length,
      { timeoutMs: 15_000, description: 'referral links applied' },
    );

  /** Publishes a report for a fresh user and waits until it is credited (everything before is). */
  const drain = async () => {
    const sentinel = newUser();
    await h.publishReport(report({ telegramId: sentinel, deltaMilliMb: 1_024_000 }));
    await pollUntil(async () => (await available(sentinel)) === 1_500_000, {
      timeoutMs: 20_000,
      description: 'sentinel credited',
    });
  };

  const referralCredits = (user: number) =>
    h.query<{ id: string; amount: string; reference: string; note: string }>(
      `SELECT id, amount, reference, note FROM $schema.transfers WHERE telegram_id = $1 AND kind = 'referral' ORDER BY id`,
      [user],
    );

  const invariants = async () => {
    expect(await h.client.checkLedger({ caller: admin })).toMatchObject({
      balanced: true,
      negativeBalances: 0,
      totalMicroUsd: 0,
      entriesSumMicroUsd: 0,
      unbalancedTransfers: 0,
    });
  };

  it('pays 10 %, 5 %, 2 % of a referral’s traffic income up three tiers, with the source masked', async () => {
    const [a, b, c, d] = [newUser(), newUser(), newUser(), newUser()];
    await attribute(b, a);
    await attribute(c, b);
    await attribute(d, c);
    await waitLinks([b, c, d]);
    // 0.5 MB: below the 2 MB milestone. $1.50/GB → 732 micro-USD (rounded down).
    await h.publishReport(report({ telegramId: d, deltaMilliMb: 500 }));
    await drain();
    expect(await available(d)).toBe(732);
    // 732 × 10 % = 73.2 → 73 (0.2 carried), × 5 % = 36.6 → 36, × 2 % = 14.64 → 14.
    expect(await available(c)).toBe(73);
    expect(await available(b)).toBe(36);
    expect(await available(a)).toBe(14);
    const [credit] = await referralCredits(c);
    expect(credit.note).toBe(
      `Referral commission on traffic income: tier 1 (10%) from •••${String(d).slice(-4)}`,
    );
    const history = await h.client.getBalanceHistory({
      caller: userCaller(c),
      telegramId: c,
      limit: 10,
      offset: 0,
    });
    expect(JSON.stringify(history)).toContain(`•••${String(d).slice(-4)}`);
    expect(JSON.stringify(history)).not.toContain(String(d));
    // The referral credit is never income for the next tier: c's commission paid b nothing more.
    const rewards = await h.query<{ n: string }>(
      `SELECT count(*) AS n FROM $schema.referral_rewards WHERE source_id = ANY($1::bigint[])`,
      [[a, b, c]],
    );
    expect(Number(rewards[0].n)).toBe(0);
    await invariants();
  });

  it('pays once when the income event is redelivered or the report comes again in another event', async () => {
    const [a, b] = [newUser(), newUser()];
    await attribute(b, a);
    await waitLinks([b]);
    const r = report({ telegramId: b, deltaMilliMb: 1_024_000 });
    const eventId = randomUUID();
    await h.publishReport(r, eventId);
    await h.publishReport(r, eventId, `${eventId}:again`); // same event, another message id
    await h.publishReport(r); // the same report in a new event (a replay)
    await drain();
    expect(await available(b)).toBe(1_500_000);
    // 10 % of $1.50 once, and the 2 MB milestone bonus once.
    expect(await available(a)).toBe(150_000 + 500_000);
    expect((await referralCredits(a)).map((t) => [t.id.split(':')[0], t.amount])).toEqual([
      ['referral-bonus', '500000'],
      ['referral', '150000'],
    ]);
    // The ReferralRewarded event went to the outbox once for it.
    const events = (
      await h.query<{ payload: Buffer }>(
        `SELECT payload FROM $schema.outbox WHERE event_type = 'ReferralRewarded'`,
      )
    )
      .flatMap((e) => decodeEvent('ReferralRewarded', e.payload).rewards)
      .filter((x) => x.telegramId === a && x.kind === 'commission');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ sourceTelegramId: b, tier: 1, amountMicroUsd: 150_000 });
    await invariants();
  });

  it('pays the milestone bonus once when the referral crosses the threshold', async () => {
    const [a, b] = [newUser(), newUser()];
    await attribute(b, a);
    await waitLinks([b]);
    await h.publishReport(report({ telegramId: b, deltaMilliMb: 1_500 }));
    await drain();
    expect((await referralCredits(a)).filter((t) => t.id.startsWith('referral-bonus:'))).toEqual(
      [],
    );
    await h.publishReport(report({ telegramId: b, deltaMilliMb: 1_000 }));
    await h.publishReport(report({ telegramId: b, deltaMilliMb: 5_000 }));
    await drain();
    const bonus = (await referralCredits(a)).filter((t) => t.id.startsWith('referral-bonus:'));
    expect(bonus).toEqual([
      expect.objectContaining({ id: `referral-bonus:${b}`, amount: '500000' }),
    ]);
    await invariants();
  });

  it('pays nothing for a link not counted, a banned referral, or after a void; claw-back is audited', async () => {
    const [a, b, c, d] = [newUser(), newUser(), newUser(), newUser()];
    await attribute(b, a, false, 'same_ip');
    await attribute(c, a);
    await attribute(d, a);
    await waitLinks([b, c, d]);
    await h.publish('UserBanned', {
      telegramId: c,
      banned: true,
      reason: 'x',
      adminId: 42,
      at: '',
    });
    await h.publishReport(report({ telegramId: d, deltaMilliMb: 1_024_000 }));
    await drain();
    expect(await available(a)).toBe(150_000 + 500_000); // d's commission + d's 2 MB bonus
    await pollUntil(
      async () =>
        (
          await h.query<{ banned: boolean }>(
            `SELECT banned FROM $schema.referral_links WHERE referral_id = $1`,
            [c],
          )
        )[0].banned,
      { timeoutMs: 10_000, description: 'ban applied' },
    );
    await h.publishReport(report({ telegramId: b, deltaMilliMb: 1_024_000 }));
    await h.publishReport(report({ telegramId: c, deltaMilliMb: 1_024_000 }));
    await drain();
    expect(await available(a)).toBe(650_000);

    await h.publish('ReferralVoided', {
      referralId: d,
      referrerId: a,
      reason: 'admin_void',
      adminId: 42,
      note: 'fraud ring',
      at: new Date().toISOString(),
      clawBack: true,
    });
    await pollUntil(async () => (await available(a)) === 0, {
      timeoutMs: 15_000,
      description: 'claw-back applied',
    });
    await h.publishReport(report({ telegramId: d, deltaMilliMb: 1_024_000 }));
    await drain();
    expect(await available(a)).toBe(0);
    const audit = await h.query<{ action: string; details: { taken: number } }>(
      `SELECT action, details FROM $schema.audit_log WHERE target_id = $1`,
      [a],
    );
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'referral_clawback',
        details: expect.objectContaining({ taken: 650_000 }),
      }),
    ]);
    const earnings = await h.client.getReferralEarnings({
      caller: userCaller(a),
      telegramId: a,
      from: '',
      to: '',
      totalsOnly: false,
    });
    expect(earnings.sources.map((s) => [s.sourceTelegramId, s.status]).sort()).toEqual(
      [
        [b, 'not_counted'],
        [c, 'banned'],
        [d, 'voided'],
      ].sort(),
    );
    await invariants();
  });

  it('refuses another user’s earnings and a bad range', async () => {
    const [a, b] = [newUser(), newUser()];
    await expect(
      h.client.getReferralEarnings({
        caller: userCaller(a),
        telegramId: b,
        from: '',
        to: '',
        totalsOnly: false,
      }),
    ).rejects.toMatchObject({ code: 7 });
    // Another user's referral breakdown is the superadmin's, in the ledger as at the gateway: a
    // moderator gets PERMISSION_DENIED, and only the totals (the user's dashboard).
    const moderator = callerAs(newUser(), 'moderator');
    const ask = (caller: typeof admin, totalsOnly: boolean) =>
      h.client.getReferralEarnings({ caller, telegramId: b, from: '', to: '', totalsOnly });
    await expect(ask(moderator, false)).rejects.toMatchObject({ code: 7 });
    await expect(ask(moderator, true)).resolves.toMatchObject({ sources: [] });
    await expect(ask(admin, false)).resolves.toMatchObject({ totalMicroUsd: 0 });
    await expect(
      h.client.getReferralEarnings({
        caller: userCaller(a),
        telegramId: a,
        from: '2026-02-10',
        to: '2026-02-01',
        totalsOnly: false,
      }),
    ).rejects.toMatchObject({ code: 3 });
  });

  // Property over the real path: random forests and income streams (with redelivered events and
  // replayed reports) → commissions + carried remainders = Σ rate(tier) × income exactly; one
  // reward row per (income transfer, ancestor); the ledger stays zero-sum.
  it('credits Σ rate(tier) × income exactly once over random forests and streams', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.option(fc.nat(), { nil: undefined }), { minLength: 2, maxLength: 8 }),
        fc.array(
          fc.record({
            who: fc.nat(),
            milliMb: fc.integer({ min: 1, max: 400 }),
            redeliver: fc.boolean(),
            replay: fc.boolean(),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        async (parents, stream) => {
          const users = parents.map(() => newUser());
          const parent = new Map<number, number>();
          parents.forEach((p, i) => {
            if (p !== undefined && i > 0) parent.set(users[i], users[p % i]);
          });
          for (const [child, par] of parent) await attribute(child, par);
          await waitLinks([...parent.keys()]);
          for (const s of stream) {
            const r = report({ telegramId: users[s.who % users.length], deltaMilliMb: s.milliMb });
            const id = await h.publishReport(r);
            if (s.redeliver) await h.publishReport(r, id, `${id}:redelivered`);
            if (s.replay) await h.publishReport(r);
          }
          await drain();

          const income = await h.query<{ telegram_id: string; id: string; amount: string }>(
            `SELECT telegram_id, id, amount FROM $schema.transfers WHERE kind = 'income' AND telegram_id = ANY($1::bigint[])`,
            [users],
          );
          const expected = new Map<string, bigint>();
          let expectedRewards = 0;
          for (const t of income) {
            let at = parent.get(Number(t.telegram_id));
            for (let tier = 1; at !== undefined && tier <= RATES.length; tier += 1) {
              const k = `${at}:${t.telegram_id}`;
              expected.set(k, (expected.get(k) ?? 0n) + BigInt(t.amount) * BigInt(RATES[tier - 1]));
              expectedRewards += 1;
              at = parent.get(at);
            }
          }
          const pairs = await h.query<{ b: string; s: string; numerator: string }>(
            `SELECT beneficiary_id AS b, source_id AS s, numerator FROM $schema.referral_pairs WHERE source_id = ANY($1::bigint[])`,
            [users],
          );
          expect(pairs.length).toBe(expected.size);
          for (const p of pairs) expect(BigInt(p.numerator)).toBe(expected.get(`${p.b}:${p.s}`));
          // Per beneficiary: paid × 10,000 + carried remainder = Σ rate × income, exactly.
          const perBeneficiary = new Map<string, bigint>();
          for (const [k, v] of expected) {
            const b = k.split(':')[0];
            perBeneficiary.set(b, (perBeneficiary.get(b) ?? 0n) + v);
          }
          const paid = await h.query<{ b: string; paid: string; remainder: string }>(
            `SELECT r.telegram_id AS b, r.remainder,
                    coalesce((SELECT sum(amount) FROM $schema.transfers t
                              WHERE t.telegram_id = r.telegram_id AND t.kind = 'referral' AND t.id LIKE 'referral:%'), 0) AS paid
             FROM $schema.referral_remainders r WHERE r.telegram_id = ANY($1::bigint[])`,
            [users],
          );
          expect(paid.length).toBe(perBeneficiary.size);
          for (const p of paid)
            expect(BigInt(p.paid) * 10_000n + BigInt(p.remainder)).toBe(perBeneficiary.get(p.b));
          const rewards = await h.query<{ n: string; distinct_n: string }>(
            `SELECT count(*) AS n, count(DISTINCT (income_transfer_id, beneficiary_id)) AS distinct_n
             FROM $schema.referral_rewards WHERE source_id = ANY($1::bigint[])`,
            [users],
          );
          expect(Number(rewards[0].n)).toBe(expectedRewards);
          await invariants();
        },
      ),
      { numRuns: 6 },
    );
  }, 180_000);
});
