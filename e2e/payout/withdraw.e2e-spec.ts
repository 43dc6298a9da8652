import { pollUntil } from '@trafficshare/testing';

import { newAddress, newUser, NP } from '../../apps/payout-svc/src/test/payout-harness';
import { ipnSignature } from '../../apps/payout-svc/src/provider/ipn-signature';
import { startPayoutE2e, type PayoutE2e } from './harness';

const USD = 1_000_000;

// The withdraw routes through the gateway, with the NowPayments emulator sending real IPNs to
// the gateway's webhook route: the withdrawal scenarios as a user and an admin see them.
describe('withdraw routes (e2e)', () => {
  let e: PayoutE2e;
  const admin = 900_000_042;

  beforeAll(async () => {
    e = await startPayoutE2e('payout_e2e', {
      PAYOUT_WORKER_INTERVAL_MS: '100',
      DAILY_WITHDRAW_LIMIT: '3',
      WITHDRAW_RATE_LIMIT_PER_MIN: '1',
    });
  }, 120_000);
  afterAll(async () => {
    await e?.stop();
  }, 30_000);

  const withdraw = (sub: number, body: Record<string, unknown>, headers?: Record<string, string>) =>
    e.call('POST', '/api/withdraw', { sub, body: { network: 'BEP20', ...body }, headers });

  it('normal flow: 202 pending, held; the provider pays, its IPN completes it; BscScan link; balance decreased', async () => {
    const user = newUser();
    await e.payout.fund(user, 10 * USD);
    const res = await withdraw(user, {
      amount_usd: 5,
      wallet_address: newAddress(),
      idempotency_key: 'a1',
      telegram_id: user,
    });
    expect(res).toMatchObject({
      status: 202,
      body: { status: 'pending', amount_usd: 5, amount_usdt: 4.5, fee_usd: 0, net_usdt: 4.5 },
    });
    const id = res.body.withdraw_id as string;
    expect(await e.payout.balance(user)).toEqual({ available: 5 * USD, held: 5 * USD });

    const np = await pollUntil(async () => e.payout.np.byExternalId(id), {
      timeoutMs: 10_000,
      description: 'payout created',
    });
    await pollUntil(async () => np.status === 'WAITING', {
      timeoutMs: 10_000,
      description: 'payout verified',
    });
    e.payout.np.finish(np.id); // sends the signed IPN to the gateway
    const done = await pollUntil(
      async () => {
        const r = await e.call('GET', `/api/withdraws/${id}`, { sub: user });
        return r.body.withdraw?.status === 'completed' ? r : undefined;
      },
      { timeoutMs: 10_000, description: 'completed through the IPN' },
    );
    expect(done.body.withdraw).toMatchObject({
      tx_hash: np.hash,
      tx_url: `https://bscscan.com/tx/${np.hash}`,
      amount_usd: 5,
      net_usdt: 4.5,
    });
    expect(await e.payout.balance(user)).toEqual({ available: 5 * USD, held: 0 });
    const list = await e.call('GET', '/api/withdraws', { sub: user });
    expect(list.body).toMatchObject({ status: 'success', total: 1, limit: 5, offset: 0 });
    expect((await e.call('GET', `/api/withdraws/${id}`, { sub: newUser() })).status).toBe(404);
    expect(
      (await e.call('GET', `/api/withdraws/${id}`, { sub: admin, role: 'moderator' })).status,
    ).toBe(200);
  });

  it('errors: invalid address, insufficient balance, idempotency replay / conflict (header key), rate limit 429 with Retry-After', async () => {
    const user = newUser();
    await e.payout.fund(user, 3 * USD);
    expect((await withdraw(user, { amount_usd: 2, wallet_address: '0xabc' })).body).toMatchObject({
      code: 'invalid_address',
    });
    expect(
      (await withdraw(user, { amount_usd: 2, wallet_address: newAddress(), network: 'TRC20' }))
        .status,
    ).toBe(400);
    expect((await withdraw(user, { amount_usd: 1, wallet_address: newAddress() })).body.code).toBe(
      'below_minimum',
    );
    expect(
      (await withdraw(user, { amount_usd: 101, wallet_address: newAddress() })).body.code,
    ).toBe('above_maximum');
    const poor = await withdraw(user, { amount_usd: 5, wallet_address: newAddress() });
    expect(poor).toMatchObject({ status: 400, body: { code: 'insufficient_balance' } });
    expect(
      (await withdraw(user, { amount_usd: 2, wallet_address: newAddress(), telegram_id: user + 1 }))
        .status,
    ).toBe(403);

    const address = newAddress();
    const key = { 'idempotency-key': 'hdr-1' };
    const first = await withdraw(user, { amount_usd: 2, wallet_address: address }, key);
    expect(first.status).toBe(202);
    const again = await withdraw(user, { amount_usd: 2, wallet_address: address }, key);
    expect(again).toMatchObject({ status: 202, body: { withdraw_id: first.body.withdraw_id } });
    const other = await withdraw(user, { amount_usd: 1.5, wallet_address: address }, key);
    expect(other).toMatchObject({ status: 409, body: { code: 'idempotency_conflict' } });
    const limited = await withdraw(user, { amount_usd: 1.39, wallet_address: address });
    expect(limited).toMatchObject({ status: 429, body: { code: 'rate_limit' } });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('webhook: a spoofed signature is 401 and logged; admin routes need an admin and a note', async () => {
    const user = newUser();
    await e.payout.fund(user, 10 * USD);
    const res = await withdraw(user, { amount_usd: 3, wallet_address: newAddress() });
    const id = res.body.withdraw_id as string;
    const np = await pollUntil(async () => e.payout.np.byExternalId(id), {
      timeoutMs: 10_000,
      description: 'payout created',
    });
    const forged = { ...np, status: 'FINISHED', hash: `0x${'cd'.repeat(32)}` };
    const raw = JSON.stringify(forged);
    const spoof = await e.post('/webhooks/payouts/nowpayments', raw, {
      'x-nowpayments-sig': ipnSignature('guess', forged),
    });
    expect(spoof).toMatchObject({ status: 401, body: { code: 'invalid_signature' } });
    expect((await e.post('/webhooks/payouts/nowpayments', raw, {})).status).toBe(401);
    expect((await e.post('/webhooks/payouts/other', raw, {})).status).toBe(404);
    expect(
      (await e.call('GET', `/api/withdraws/${id}`, { sub: user })).body.withdraw.status,
    ).not.toBe('completed');

    expect((await e.call('GET', '/api/admin/withdraws', { sub: user })).status).toBe(403);
    const details = await e.call('GET', `/api/admin/withdraws/${id}`, {
      sub: admin,
      role: 'superadmin',
    });
    expect(details.status).toBe(200);
    const audit = details.body.audit as Array<{ kind: string; signature_valid: boolean }>;
    expect(audit.some((a) => a.kind === 'webhook' && !a.signature_valid)).toBe(true);
    const list = await e.call('GET', `/api/admin/withdraws?telegram_id=${user}`, {
      sub: admin,
      role: 'moderator',
    });
    expect(list.body.withdraws[0]).toMatchObject({ id, telegram_id: user });
    const noNote = await e.call('POST', `/api/admin/withdraws/${id}/approve`, {
      sub: admin,
      role: 'superadmin',
      body: {},
    });
    expect(noNote.status).toBe(400);
    const wrongState = await e.call('POST', `/api/admin/withdraws/${id}/approve`, {
      sub: admin,
      role: 'superadmin',
      body: { note: 'x' },
    });
    expect(wrongState).toMatchObject({ status: 409, body: { code: 'withdraw_state_conflict' } });

    const valid = { ...np, status: 'FINISHED', hash: `0x${'ef'.repeat(32)}` };
    const ok = await e.post('/webhooks/payouts/nowpayments', JSON.stringify(valid), {
      'x-nowpayments-sig': ipnSignature(NP.ipnSecret, valid),
    });
    expect(ok).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(
      (await e.call('GET', `/api/withdraws/${id}`, { sub: user })).body.withdraw,
    ).toMatchObject({ status: 'completed', tx_hash: valid.hash });
  });
});
