import { pollUntil } from '@trafficshare/testing';

import { newAddress, newUser } from '../../apps/payout-svc/src/test/payout-harness';
import { startPayoutE2e, type PayoutE2e } from './harness';

const USD = 1_000_000;

// PAYMENT_PROVIDER=sandbox (the default of `npm start`): payout-svc serves its own NowPayments
// emulator, which completes (or fails, by address) and notifies the gateway's webhook route.
describe('withdraw with the sandbox provider (e2e)', () => {
  let e: PayoutE2e;
  const failing = newAddress();

  beforeAll(async () => {
    e = await startPayoutE2e('payout_sandbox', {
      PAYMENT_PROVIDER: 'sandbox',
      SANDBOX_COMPLETE_AFTER_MS: '600',
      SANDBOX_FAIL_ADDRESSES: failing,
      PAYOUT_WORKER_INTERVAL_MS: '100',
      WITHDRAW_RATE_LIMIT_PER_MIN: '10',
    });
  }, 120_000);
  afterAll(async () => {
    await e?.stop();
  }, 30_000);

  type WithdrawJson = {
    status: string;
    tx_hash: string | null;
    tx_url: string | null;
    failure_reason: string | null;
  };
  const statusOf = async (user: number, id: string, want: string): Promise<WithdrawJson> =>
    pollUntil(
      async () => {
        const r = await e.call('GET', `/api/withdraws/${id}`, { sub: user });
        const w = r.body.withdraw as WithdrawJson | undefined;
        return w?.status === want ? w : undefined;
      },
      { timeoutMs: 20_000, description: `withdraw ${id} ${want}` },
    );

  it('a withdrawal completes on its own with a tx hash; a failing address is refunded', async () => {
    const user = newUser();
    await e.payout.fund(user, 10 * USD);
    const ok = await e.call('POST', '/api/withdraw', {
      sub: user,
      body: { amount_usd: 3, wallet_address: newAddress(), network: 'BEP20' },
    });
    expect(ok.status).toBe(202);
    const done = await statusOf(user, ok.body.withdraw_id as string, 'completed');
    expect(done.tx_hash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(done.tx_url).toBe(`https://bscscan.com/tx/${String(done.tx_hash)}`);

    const bad = await e.call('POST', '/api/withdraw', {
      sub: user,
      body: { amount_usd: 2, wallet_address: failing, network: 'BEP20' },
    });
    const failed = await statusOf(user, bad.body.withdraw_id as string, 'failed');
    expect(failed.failure_reason).toBeTruthy();
    expect(await e.payout.balance(user)).toEqual({ available: 7 * USD, held: 0 });
  });
});
