import { pollUntil } from '@trafficshare/testing';

import { ipnSignature } from '../../apps/payout-svc/src/provider/ipn-signature';
import { newAddress, newUser } from '../../apps/payout-svc/src/test/payout-harness';
import { startPayoutE2e, type PayoutE2e } from './harness';

const USD = 1_000_000;
const ADMIN = 900_000_042;

/**
 * How a provider mode makes a payout finish, fail or flake. `emulator`: the test drives the
 * NowPayments emulator (finish / fail / inject 503s) and its IPNs reach the gateway's webhook
 * route. `sandbox`: payout-svc's own sandbox provider does it by its configured address rules.
 */
export interface ProviderMode {
  readonly name: string;
  readonly env: Record<string, string>;
  /** An address whose payout fails / stays processing / answers 503 twice first. */
  failingAddress(): string;
  stallingAddress(): string;
  flakyAddress(e: PayoutE2e): string;
  /** Makes the created payout of withdrawal `id` finish (no-op when it finishes on its own). */
  pay(e: PayoutE2e, id: string): Promise<void>;
  /** Makes the payout of `id` fail at the provider (no-op when the address fails on its own). */
  fail(e: PayoutE2e, id: string): Promise<void>;
}

const created = (e: PayoutE2e, id: string) =>
  pollUntil(async () => e.payout.np.byExternalId(id), {
    timeoutMs: 15_000,
    description: `payout ${id} created at the emulator`,
  });

export const emulatorMode: ProviderMode = {
  name: 'NowPayments emulator',
  env: {},
  failingAddress: newAddress,
  stallingAddress: newAddress,
  flakyAddress: (e) => {
    e.payout.np.inject(
      'POST /v1/payout',
      { status: 503, body: { statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: 'later' } },
      2,
    );
    return newAddress();
  },
  pay: async (e, id) => {
    const np = await created(e, id);
    await pollUntil(async () => np.status === 'WAITING', {
      timeoutMs: 15_000,
      description: `payout ${id} verified`,
    });
    e.payout.np.finish(np.id); // its signed IPN goes to the gateway
  },
  fail: async (e, id) => {
    const np = await created(e, id);
    await pollUntil(async () => np.status === 'WAITING', {
      timeoutMs: 15_000,
      description: `payout ${id} verified`,
    });
    e.payout.np.fail(np.id, 'Address rejected by the network');
  },
};

export function sandboxMode(): ProviderMode {
  const failing = newAddress();
  const stalling = newAddress();
  const flaky = newAddress();
  return {
    name: 'sandbox provider',
    env: {
      PAYMENT_PROVIDER: 'sandbox',
      SANDBOX_COMPLETE_AFTER_MS: '600',
      SANDBOX_FAIL_ADDRESSES: failing,
      SANDBOX_STALL_ADDRESSES: stalling,
      SANDBOX_FLAKY_ADDRESSES: flaky,
    },
    failingAddress: () => failing,
    stallingAddress: () => stalling,
    flakyAddress: () => flaky,
    pay: async () => undefined,
    fail: async () => undefined,
  };
}

type WithdrawJson = {
  id: string;
  status: string;
  tx_hash: string | null;
  tx_url: string | null;
  failure_reason: string | null;
  amount_usd: number;
  net_usdt: number;
};

/** The eight mandatory withdraw scenarios, end to end through the gateway, in one provider mode. */
export function describeSeedScenarios(mode: ProviderMode, label: string): void {
  describe(`the eight withdraw scenarios through the gateway (${mode.name})`, () => {
    let e: PayoutE2e;

    beforeAll(async () => {
      e = await startPayoutE2e(label, {
        PAYOUT_WORKER_INTERVAL_MS: '100',
        WITHDRAW_RATE_LIMIT_PER_MIN: '1',
        DAILY_WITHDRAW_LIMIT: '3',
        ...mode.env,
      });
    }, 240_000);
    afterAll(async () => {
      await e?.stop();
    }, 60_000);

    const withdraw = (
      sub: number,
      body: Record<string, unknown>,
      headers?: Record<string, string>,
    ) => e.call('POST', '/api/withdraw', { sub, body: { network: 'BEP20', ...body }, headers });
    const get = async (user: number, id: string): Promise<WithdrawJson> =>
      (await e.call('GET', `/api/withdraws/${id}`, { sub: user })).body.withdraw as WithdrawJson;
    const until = (user: number, id: string, status: string, timeoutMs = 20_000) =>
      pollUntil(
        async () => {
          const w = await get(user, id);
          return w?.status === status ? w : undefined;
        },
        { timeoutMs, description: `withdraw ${id} ${status}` },
      );
    const adminCall = (method: 'GET' | 'POST', path: string, body?: unknown) =>
      e.call(method, path, { sub: ADMIN, role: 'moderator', body });

    it('1. normal flow: balance $10, withdraw $5 → paid, tx hash recorded, balance $5', async () => {
      const user = newUser();
      await e.payout.fund(user, 10 * USD);
      const res = await withdraw(user, { amount_usd: 5, wallet_address: newAddress() });
      expect(res).toMatchObject({
        status: 202,
        body: { status: 'pending', amount_usd: 5, amount_usdt: 4.5, net_usdt: 4.5 },
      });
      const id = res.body.withdraw_id as string;
      expect(await e.payout.balance(user)).toEqual({ available: 5 * USD, held: 5 * USD });
      await mode.pay(e, id);
      const done = await until(user, id, 'completed');
      expect(done.tx_hash).toMatch(/^0x[0-9a-f]{64}$/);
      expect(done.tx_url).toBe(`https://bscscan.com/tx/${String(done.tx_hash)}`);
      expect(await e.payout.balance(user)).toEqual({ available: 5 * USD, held: 0 });
      const list = await e.call('GET', '/api/withdraws', { sub: user });
      expect((list.body.withdraws as WithdrawJson[])[0]).toMatchObject({ id, status: 'completed' });
    });

    it('2. insufficient balance: refused, nothing held', async () => {
      const user = newUser();
      await e.payout.fund(user, 2 * USD);
      const res = await withdraw(user, { amount_usd: 5, wallet_address: newAddress() });
      expect(res).toMatchObject({ status: 400, body: { code: 'insufficient_balance' } });
      expect(await e.payout.balance(user)).toEqual({ available: 2 * USD, held: 0 });
      expect((await e.call('GET', '/api/withdraws', { sub: user })).body.total).toBe(0);
    });

    it('3. invalid address: refused (format and EIP-55 checksum)', async () => {
      const user = newUser();
      await e.payout.fund(user, 10 * USD);
      for (const wallet_address of [
        '0x1234',
        'bnb1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh',
        '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD',
      ]) {
        const res = await withdraw(user, { amount_usd: 2, wallet_address });
        expect(res).toMatchObject({ status: 400, body: { code: 'invalid_address' } });
      }
      expect(await e.payout.balance(user)).toEqual({ available: 10 * USD, held: 0 });
    });

    it('4. duplicate idempotency key: the second request returns the original', async () => {
      const user = newUser();
      await e.payout.fund(user, 10 * USD);
      const body = { amount_usd: 2, wallet_address: newAddress(), idempotency_key: 'dup-1' };
      const [a, b] = await Promise.all([withdraw(user, body), withdraw(user, body)]);
      expect(a.status).toBe(202);
      expect(b).toMatchObject({ status: 202, body: { withdraw_id: a.body.withdraw_id as string } });
      const again = await withdraw(user, body);
      expect(again).toMatchObject({
        status: 202,
        body: { withdraw_id: a.body.withdraw_id as string },
      });
      const other = await withdraw(user, { ...body, amount_usd: 3 });
      expect(other).toMatchObject({ status: 409, body: { code: 'idempotency_conflict' } });
      // One withdrawal, held once (the sandbox may have paid it already: held → paid).
      expect((await e.payout.balance(user)).available).toBe(8 * USD);
      expect((await e.call('GET', '/api/withdraws', { sub: user })).body.total).toBe(1);
    });

    it('5. provider transient failure: the worker retries, then pays once', async () => {
      const user = newUser();
      await e.payout.fund(user, 10 * USD);
      const res = await withdraw(user, { amount_usd: 3, wallet_address: mode.flakyAddress(e) });
      const id = res.body.withdraw_id as string;
      await until(user, id, 'processing');
      await mode.pay(e, id);
      await until(user, id, 'completed');
      const details = await adminCall('GET', `/api/admin/withdraws/${id}`);
      expect((details.body.withdraw as { attempts: number }).attempts).toBe(2);
      const creates = (details.body.audit as Array<{ endpoint: string; status_code: number }>)
        .filter((a) => a.endpoint === 'POST /v1/payout')
        .map((a) => a.status_code);
      expect(creates).toEqual([503, 503, 200]);
      expect(await e.payout.balance(user)).toEqual({ available: 7 * USD, held: 0 });
    });

    it('6. provider permanent failure: failed with the reason, balance refunded, shown to admins', async () => {
      const user = newUser();
      await e.payout.fund(user, 10 * USD);
      const res = await withdraw(user, { amount_usd: 4, wallet_address: mode.failingAddress() });
      const id = res.body.withdraw_id as string;
      await mode.fail(e, id);
      const failed = await until(user, id, 'failed');
      expect(failed.failure_reason).toBeTruthy();
      expect(await e.payout.balance(user)).toEqual({ available: 10 * USD, held: 0 });
      const list = await adminCall('GET', `/api/admin/withdraws?status=failed&telegram_id=${user}`);
      expect(list.body.withdraws).toEqual([expect.objectContaining({ id, status: 'failed' })]);
      // PayoutFailed goes to notify-svc through the outbox.
      const events = await e.payout.query<{ n: string }>(
        `SELECT count(*) AS n FROM $schema.outbox WHERE event_type = 'PayoutFailed'`,
      );
      expect(Number(events[0].n)).toBeGreaterThan(0);
    });

    it('7. risk-flagged request waits for a manual review; an admin approves and it is paid', async () => {
      const address = newAddress();
      const listed = await adminCall('POST', '/api/admin/withdraws/blacklist', {
        address,
        note: 'reported by support',
      });
      expect(listed).toMatchObject({ status: 200, body: { created: true } });
      const blacklist = await adminCall('GET', '/api/admin/withdraws/blacklist?limit=200');
      expect(blacklist.body.entries).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ address, reason: 'reported by support', added_by: ADMIN }),
        ]),
      );
      const asUser = await e.call('POST', '/api/admin/withdraws/blacklist', {
        sub: newUser(),
        body: { address: newAddress(), note: 'x' },
      });
      expect(asUser.status).toBe(403);
      const user = newUser();
      await e.payout.fund(user, 10 * USD);
      const res = await withdraw(user, { amount_usd: 2, wallet_address: address });
      expect(res).toMatchObject({ status: 202, body: { status: 'pending_manual_review' } });
      const id = res.body.withdraw_id as string;
      await new Promise((r) => setTimeout(r, 500));
      expect((await get(user, id)).status).toBe('pending_manual_review');
      expect(await e.payout.balance(user)).toEqual({ available: 8 * USD, held: 2 * USD });
      const noNote = await adminCall('POST', `/api/admin/withdraws/${id}/approve`, {});
      expect(noNote.status).toBe(400);
      const approved = await adminCall('POST', `/api/admin/withdraws/${id}/approve`, {
        note: 'owner confirmed by phone',
      });
      expect(approved).toMatchObject({ status: 200, body: { withdraw: { status: 'pending' } } });
      await mode.pay(e, id);
      await until(user, id, 'completed');
      expect(await e.payout.balance(user)).toEqual({ available: 8 * USD, held: 0 });
      const removed = await e.call('DELETE', `/api/admin/withdraws/blacklist/${address}`, {
        sub: ADMIN,
        role: 'superadmin',
        body: { note: 'cleared' },
      });
      expect(removed).toMatchObject({ status: 200, body: { removed: true } });
    });

    it('8. webhook signature spoof: refused (401), stored as invalid, nothing changes', async () => {
      const user = newUser();
      await e.payout.fund(user, 10 * USD);
      const res = await withdraw(user, { amount_usd: 3, wallet_address: mode.stallingAddress() });
      const id = res.body.withdraw_id as string;
      await until(user, id, 'processing');
      const details = await adminCall('GET', `/api/admin/withdraws/${id}`);
      const forged = {
        id: (details.body.withdraw as { payout_id: string }).payout_id,
        status: 'FINISHED',
        hash: `0x${'cd'.repeat(32)}`,
        unique_external_id: id,
      };
      const raw = JSON.stringify(forged);
      const attempts: Array<Record<string, string>> = [
        { 'x-nowpayments-sig': ipnSignature('a-guessed-secret', forged) },
        { 'x-nowpayments-sig': 'f'.repeat(128) },
        {},
      ];
      for (const headers of attempts) {
        const spoof = await e.post('/webhooks/payouts/nowpayments', raw, headers);
        expect(spoof).toMatchObject({ status: 401, body: { code: 'invalid_signature' } });
      }
      expect((await get(user, id)).status).toBe('processing');
      expect(await e.payout.balance(user)).toEqual({ available: 7 * USD, held: 3 * USD });
      const after = await adminCall('GET', `/api/admin/withdraws/${id}`);
      const webhooks = (
        after.body.audit as Array<{ kind: string; signature_valid: boolean }>
      ).filter((a) => a.kind === 'webhook' && !a.signature_valid);
      expect(webhooks.length).toBeGreaterThanOrEqual(3);
    });
  });
}
