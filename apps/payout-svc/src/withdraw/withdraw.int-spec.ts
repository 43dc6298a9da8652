import { ipnSignature } from '../provider/ipn-signature';
import { toChecksumAddress } from '../common/address';
import { remoteCodeOf } from './withdraw.exception';
import { totp } from '../common/totp';
import {
  admin,
  callerAs,
  newAddress,
  newUser,
  NP,
  startPayoutHarness,
  type PayoutHarness,
} from '../test/payout-harness';

const USD = 1_000_000;

async function codeOf(p: Promise<unknown>): Promise<{ code: string | undefined; err: unknown }> {
  try {
    await p;
  } catch (err) {
    return { code: remoteCodeOf(err), err };
  }
  throw new Error('expected the call to fail');
}

describe('withdrawals (payout-svc, real ledger, NowPayments emulator)', () => {
  let h: PayoutHarness;

  beforeAll(async () => {
    h = await startPayoutHarness('payout_withdraw', {
      PAYOUT_WORKER_ENABLED: 'false',
      WITHDRAW_RATE_LIMIT_PER_MIN: '100',
      DAILY_WITHDRAW_LIMIT: '100',
    });
  }, 90_000);
  afterAll(async () => {
    await h?.stop();
  }, 30_000);

  const request = (
    user: number,
    body: Partial<{
      amountUsd: string;
      walletAddress: string;
      network: string;
      idempotencyKey: string;
      twoFactorCode: string;
    }> = {},
    caller = callerAs(user),
  ) =>
    h.client.requestWithdraw({
      caller,
      amountUsd: '5',
      walletAddress: newAddress(),
      network: 'BEP20',
      idempotencyKey: '',
      twoFactorCode: '',
      telegramId: 0,
      ...body,
    });

  it('normal flow: $10 balance, withdraw $5 → held at once, paid, tx hash recorded, balance $5', async () => {
    const user = newUser();
    await h.fund(user, 10 * USD);
    const res = await request(user, { amountUsd: '5.00' });
    expect(res).toMatchObject({ acceptedStatus: 'pending', replayed: false });
    expect(res.withdraw).toMatchObject({
      amountMicroUsd: 5 * USD,
      amountMicroUsdt: 4_500_000,
      netMicroUsdt: 4_500_000,
      status: 'pending',
      network: 'BEP20',
    });
    expect(await h.balance(user)).toEqual({ available: 5 * USD, held: 5 * USD });

    await h.tick();
    const np = h.np.byExternalId(res.withdraw!.id)!;
    expect(np).toMatchObject({ status: 'WAITING', currency: 'usdtbsc', amount: '4.5' });
    const processing = await h.client.getWithdraw({
      caller: callerAs(user),
      withdrawId: res.withdraw!.id,
    });
    expect(processing.withdraw).toMatchObject({ status: 'processing', payoutId: np.id });

    const done = h.np.finish(np.id);
    await h.query(`UPDATE $schema.withdraw_requests SET next_attempt_at = now() WHERE id = $1`, [
      res.withdraw!.id,
    ]);
    await h.tick();
    const after = await h.client.getWithdraw({
      caller: callerAs(user),
      withdrawId: res.withdraw!.id,
    });
    expect(after.withdraw).toMatchObject({ status: 'completed', txHash: done.hash });
    expect(after.withdraw!.processedAt).not.toBe('');
    expect(await h.balance(user)).toEqual({ available: 5 * USD, held: 0 });
    const events = await h.query<{ event_type: string }>(
      `SELECT event_type FROM $schema.outbox ORDER BY created_at`,
    );
    expect(events.map((e) => e.event_type)).toEqual(
      expect.arrayContaining(['PayoutRequested', 'PayoutProcessing', 'PayoutCompleted']),
    );
  }, 30_000);

  it('insufficient balance: refused with insufficient_balance, no row, nothing held', async () => {
    const user = newUser();
    await h.fund(user, 3 * USD);
    expect((await codeOf(request(user, { amountUsd: '5' }))).code).toBe('insufficient_balance');
    expect(await h.balance(user)).toEqual({ available: 3 * USD, held: 0 });
    expect(
      (await h.client.listWithdraws({ caller: callerAs(user), telegramId: 0, limit: 5, offset: 0 }))
        .total,
    ).toBe(0);
  });

  it('checks run in order: address, network, amount (min, max, decimals)', async () => {
    const user = newUser();
    await h.fund(user, 200 * USD);
    const checksummed = toChecksumAddress(newAddress());
    // One changed letter case breaks the EIP-55 checksum.
    const i = checksummed.slice(2).search(/[a-f]/) + 2;
    const corrupted =
      checksummed.slice(0, i) + checksummed[i].toUpperCase() + checksummed.slice(i + 1);
    expect(
      (await codeOf(request(user, { walletAddress: '0x123', amountUsd: '0.5', network: 'TRC20' })))
        .code,
    ).toBe('invalid_address');
    expect((await codeOf(request(user, { walletAddress: corrupted }))).code).toBe(
      'invalid_address',
    );
    expect((await codeOf(request(user, { network: 'TRC20', amountUsd: '0.5' }))).code).toBe(
      'unsupported_network',
    );
    expect((await codeOf(request(user, { amountUsd: '1.38' }))).code).toBe('below_minimum');
    expect((await codeOf(request(user, { amountUsd: '100.000001' }))).code).toBe('above_maximum');
    expect((await codeOf(request(user, { amountUsd: '2.1234567' }))).code).toBe('invalid_amount');
    const ok = await request(user, { walletAddress: checksummed, amountUsd: '1.39' });
    expect(ok.withdraw!.walletAddress).toBe(checksummed);
    const upper = `0x${newAddress().slice(2).toUpperCase()}`;
    expect(
      (await request(user, { walletAddress: upper, amountUsd: '100' })).acceptedStatus,
    ).toMatch(/pending/);
  });

  it('idempotency: same key + body → the original; other body → idempotency_conflict; concurrent → one row', async () => {
    const user = newUser();
    await h.fund(user, 50 * USD);
    const address = newAddress();
    const first = await request(user, {
      idempotencyKey: 'k-1',
      walletAddress: address,
      amountUsd: '2',
    });
    const again = await request(user, {
      idempotencyKey: 'k-1',
      walletAddress: address,
      amountUsd: '2.000000',
    });
    expect(again).toMatchObject({ replayed: true, acceptedStatus: 'pending' });
    expect(again.withdraw!.id).toBe(first.withdraw!.id);
    expect(
      (
        await codeOf(
          request(user, { idempotencyKey: 'k-1', walletAddress: address, amountUsd: '3' }),
        )
      ).code,
    ).toBe('idempotency_conflict');
    const both = await Promise.all(
      Array.from({ length: 5 }, () =>
        request(user, { idempotencyKey: 'k-2', walletAddress: address, amountUsd: '4' }),
      ),
    );
    expect(new Set(both.map((r) => r.withdraw!.id)).size).toBe(1);
    const rows = await h.query<{ n: string }>(
      `SELECT count(*) AS n FROM $schema.withdraw_requests WHERE telegram_id = $1`,
      [user],
    );
    expect(Number(rows[0].n)).toBe(2);
    expect(await h.balance(user)).toEqual({ available: 44 * USD, held: 6 * USD });
  });

  it('a user cannot read another user’s withdrawal; an admin can', async () => {
    const user = newUser();
    await h.fund(user, 10 * USD);
    const res = await request(user, { amountUsd: '2' });
    const other = newUser();
    expect(
      (
        await codeOf(
          h.client.getWithdraw({ caller: callerAs(other), withdrawId: res.withdraw!.id }),
        )
      ).code,
    ).toBe('withdraw_not_found');
    expect(
      (
        await codeOf(
          h.client.listWithdraws({
            caller: callerAs(other),
            telegramId: user,
            limit: 5,
            offset: 0,
          }),
        )
      ).code,
    ).toBe('forbidden');
    expect(
      (await h.client.getWithdraw({ caller: admin, withdrawId: res.withdraw!.id })).withdraw!
        .telegramId,
    ).toBe(user);
  });

  it('two-factor: a user with 2FA needs a valid code (two_factor_required, invalid_two_factor_code)', async () => {
    const user = newUser();
    await h.fund(user, 10 * USD);
    const secret = h.auth.enable(user);
    expect((await codeOf(request(user))).code).toBe('two_factor_required');
    expect(
      (
        await codeOf(
          request(user, { twoFactorCode: '000000' === totp(secret) ? '111111' : '000000' }),
        )
      ).code,
    ).toBe('invalid_two_factor_code');
    expect((await request(user, { twoFactorCode: totp(secret) })).acceptedStatus).toBe('pending');
  });

  it('two-factor: no transaction (and so no pooled connection) is held across the call to auth-svc', async () => {
    const user = newUser();
    await h.fund(user, 10 * USD);
    const secret = h.auth.enable(user);
    const seen: boolean[] = [];
    // While auth-svc is being asked, the user's withdrawal lock (a transaction-scoped advisory
    // lock) must be free: it is taken only inside the request's transactions.
    h.auth.during = async (telegramId) => {
      const rows: Array<{ free: boolean }> = await h.query(
        `SELECT pg_try_advisory_xact_lock(hashtext('$schema."withdraw_requests"'), ($1::bigint % 2147483647)::int) AS free`,
        [telegramId],
      );
      seen.push(rows[0].free);
    };
    try {
      expect(
        (await request(user, { twoFactorCode: totp(secret), idempotencyKey: `tx-${user}` }))
          .acceptedStatus,
      ).toBe('pending');
    } finally {
      h.auth.during = undefined;
    }
    expect(seen).toEqual([true]);
  });

  it('provider transient failure: the worker retries and then pays once', async () => {
    const user = newUser();
    await h.fund(user, 10 * USD);
    await h.tick(); // other tests' rows first
    const res = await request(user, { amountUsd: '3' });
    h.np.inject(
      'POST /v1/payout',
      { status: 503, body: { statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: 'try later' } },
      2,
    );
    // Backoff is 0 s here, yet a pass tries a row once: a provider that stays down cannot keep
    // one pass (and with it a shutdown, which waits for the pass) going forever.
    const status = async () =>
      (await h.client.getWithdraw({ caller: callerAs(user), withdrawId: res.withdraw!.id }))
        .withdraw!;
    await h.tick();
    expect(await status()).toMatchObject({ status: 'pending', attempts: 1 });
    await h.tick();
    expect(await status()).toMatchObject({ status: 'pending', attempts: 2 });
    await h.tick();
    const row = (
      await h.client.getWithdraw({ caller: callerAs(user), withdrawId: res.withdraw!.id })
    ).withdraw!;
    expect(row).toMatchObject({ status: 'processing', attempts: 2 });
    expect(h.np.creations.get(res.withdraw!.id)).toBe(1);
    const calls = await h.query<{ endpoint: string; status_code: number }>(
      `SELECT endpoint, status_code FROM $schema.payout_audit WHERE withdraw_id = $1 AND endpoint = 'POST /v1/payout' ORDER BY id`,
      [res.withdraw!.id],
    );
    expect(calls.map((c) => c.status_code)).toEqual([503, 503, 200]);
  });

  it('provider permanent failure: failed with the reason, the hold returns to the balance, PayoutFailed', async () => {
    const user = newUser();
    await h.fund(user, 10 * USD);
    const res = await request(user, { amountUsd: '4' });
    await h.tick();
    h.np.fail(h.np.byExternalId(res.withdraw!.id)!.id, 'Address is blocked');
    await h.query(`UPDATE $schema.withdraw_requests SET next_attempt_at = now() WHERE id = $1`, [
      res.withdraw!.id,
    ]);
    await h.tick();
    const row = (
      await h.client.getWithdraw({ caller: callerAs(user), withdrawId: res.withdraw!.id })
    ).withdraw!;
    expect(row).toMatchObject({ status: 'failed', failureReason: 'Address is blocked' });
    expect(await h.balance(user)).toEqual({ available: 10 * USD, held: 0 });
    const failed = await h.query(`SELECT 1 FROM $schema.outbox WHERE event_type = 'PayoutFailed'`);
    expect(failed.length).toBeGreaterThan(0);
  });

  it('risk-flagged request waits for review (money held, not sent); an admin approves and it is paid', async () => {
    const shared = newAddress();
    const first = newUser();
    await h.fund(first, 10 * USD);
    await request(first, { walletAddress: shared, amountUsd: '2' });
    const user = newUser();
    await h.fund(user, 5 * USD);
    // Same address as another account (40) + most of the balance (25) ≥ 60.
    const res = await request(user, { walletAddress: shared, amountUsd: '5' });
    expect(res.acceptedStatus).toBe('pending_manual_review');
    expect(res.withdraw!.riskFactors).toEqual(
      expect.arrayContaining(['address_used_by_other_accounts', 'drains_balance']),
    );
    expect(await h.balance(user)).toEqual({ available: 0, held: 5 * USD });
    await h.tick();
    expect(h.np.byExternalId(res.withdraw!.id)).toBeUndefined();
    expect(
      (
        await codeOf(
          h.client.adminActOnWithdraw({
            caller: callerAs(user),
            withdrawId: res.withdraw!.id,
            action: 'approve',
            note: 'ok',
            txHash: '',
          }),
        )
      ).code,
    ).toBe('forbidden');
    expect(
      (
        await codeOf(
          h.client.adminActOnWithdraw({
            caller: admin,
            withdrawId: res.withdraw!.id,
            action: 'approve',
            note: '',
            txHash: '',
          }),
        )
      ).code,
    ).toBe('note_required');
    const approved = await h.client.adminActOnWithdraw({
      caller: admin,
      withdrawId: res.withdraw!.id,
      action: 'approve',
      note: 'known user',
      txHash: '',
    });
    expect(approved.withdraw!.status).toBe('pending');
    await h.tick();
    expect(h.np.byExternalId(res.withdraw!.id)).toBeDefined();
    const details = await h.client.adminGetWithdraw({
      caller: admin,
      withdrawId: res.withdraw!.id,
    });
    expect(details.audit.map((a) => a.kind)).toEqual(
      expect.arrayContaining(['admin_action', 'provider_call']),
    );
    expect(details.audit.find((a) => a.kind === 'admin_action')).toMatchObject({
      actor: 42,
      note: 'known user',
    });
  });

  it('webhooks: a spoofed signature is refused and stored; a valid one completes; replays and late ones change nothing', async () => {
    const user = newUser();
    await h.fund(user, 10 * USD);
    const res = await request(user, { amountUsd: '2' });
    await h.tick();
    const np = h.np.byExternalId(res.withdraw!.id)!;
    const finished = { ...np, status: 'FINISHED', hash: `0x${'ab'.repeat(32)}` };
    const raw = Buffer.from(JSON.stringify(finished));
    const spoof = await codeOf(
      h.client.handleProviderWebhook({
        provider: 'nowpayments',
        rawBody: raw,
        signature: ipnSignature('wrong-secret', finished),
      }),
    );
    expect(spoof.code).toBe('invalid_signature');
    expect(
      (
        await codeOf(
          h.client.handleProviderWebhook({ provider: 'nowpayments', rawBody: raw, signature: '' }),
        )
      ).code,
    ).toBe('invalid_signature');
    let row = (await h.client.getWithdraw({ caller: callerAs(user), withdrawId: res.withdraw!.id }))
      .withdraw!;
    expect(row.status).toBe('processing');

    const ok = await h.client.handleProviderWebhook({
      provider: 'nowpayments',
      rawBody: raw,
      signature: ipnSignature(NP.ipnSecret, finished),
    });
    expect(ok).toEqual({ withdrawId: res.withdraw!.id, status: 'completed' });
    const replay = await h.client.handleProviderWebhook({
      provider: 'nowpayments',
      rawBody: raw,
      signature: ipnSignature(NP.ipnSecret, finished),
    });
    expect(replay.status).toBe('completed');
    const late = { ...np, status: 'PROCESSING' };
    await h.client.handleProviderWebhook({
      provider: 'nowpayments',
      rawBody: Buffer.from(JSON.stringify(late)),
      signature: ipnSignature(NP.ipnSecret, late),
    });
    const lateFail = { ...np, status: 'FAILED', error: 'late' };
    await h.client.handleProviderWebhook({
      provider: 'nowpayments',
      rawBody: Buffer.from(JSON.stringify(lateFail)),
      signature: ipnSignature(NP.ipnSecret, lateFail),
    });
    row = (await h.client.getWithdraw({ caller: callerAs(user), withdrawId: res.withdraw!.id }))
      .withdraw!;
    expect(row).toMatchObject({ status: 'completed', txHash: finished.hash });
    expect(await h.balance(user)).toEqual({ available: 8 * USD, held: 0 });
    const audit = await h.query<{ signature_valid: boolean }>(
      `SELECT signature_valid FROM $schema.payout_audit WHERE withdraw_id = $1 AND kind = 'webhook' ORDER BY id`,
      [res.withdraw!.id],
    );
    expect(audit.map((a) => a.signature_valid)).toEqual([false, false, true, true, true, true]);
  });
});
