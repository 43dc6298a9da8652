import { SERVICES } from '@trafficshare/config';
import type { payout } from '@trafficshare/contracts';
import { createGrpcClient, type GrpcClientHandle } from '@trafficshare/grpc';
import { freePort, pollUntil, spawnApp, type SpawnedApp } from '@trafficshare/testing';

import {
  callerAs,
  newAddress,
  newUser,
  startPayoutHarness,
  type PayoutHarness,
} from '../test/payout-harness';
import { remoteCodeOf } from '../withdraw/withdraw.exception';

const USD = 1_000_000;

describe('payout safety (never overdraw, never pay twice)', () => {
  let h: PayoutHarness;

  beforeAll(async () => {
    h = await startPayoutHarness('payout_safety', {
      PAYOUT_WORKER_ENABLED: 'false',
      WITHDRAW_RATE_LIMIT_PER_MIN: '1000000',
      DAILY_WITHDRAW_LIMIT: '1000000',
      DATABASE_POOL_SIZE: '20',
      LOG_LEVEL: process.env.PAYOUT_TEST_LOG ?? 'silent',
    });
  }, 300_000);
  afterAll(async () => {
    await h?.stop();
  }, 60_000);

  it('1,000 concurrent withdrawals against a balance that covers 37: exactly 37 accepted, no overdraft', async () => {
    const user = newUser();
    const n = 37;
    await h.fund(user, n * 2 * USD);
    // One user's requests are checked one at a time: the last waits for the 999 before it.
    const slow = createGrpcClient<payout.PayoutServiceClient>(SERVICES['payout-svc'], {
      address: h.service.grpcAddress,
      deadlineMs: 280_000,
    });
    const outcomes = await Promise.all(
      Array.from({ length: 1_000 }, (_, i) =>
        slow.client
          .requestWithdraw({
            caller: callerAs(user),
            amountUsd: '2',
            walletAddress: newAddress(),
            network: 'BEP20',
            idempotencyKey: `c-${i}`,
            twoFactorCode: '',
            telegramId: 0,
          })
          .then(
            (r) => r.acceptedStatus,
            (err: unknown) => {
              const code = remoteCodeOf(err) ?? String(err);
              if (code === 'internal') console.log((err as Error).message);
              return code;
            },
          ),
      ),
    );
    const counts: Record<string, number> = {};
    for (const o of outcomes) counts[o] = (counts[o] ?? 0) + 1;
    const accepted = outcomes.filter((o) => o === 'pending' || o === 'pending_manual_review');
    expect(accepted).toHaveLength(n);
    slow.close();
    expect(counts).toEqual({ pending: n, insufficient_balance: 1_000 - n });
    expect(await h.balance(user)).toEqual({ available: 0, held: n * 2 * USD });
    const rows = await h.query<{ status: string; n: string }>(
      `SELECT status, count(*) AS n FROM $schema.withdraw_requests WHERE telegram_id = $1 GROUP BY status`,
      [user],
    );
    expect(rows.reduce((s, r) => s + Number(r.n), 0)).toBe(n);
    expect(rows.every((r) => r.status === 'pending' || r.status === 'pending_manual_review')).toBe(
      true,
    );
    const keys = await h.query<{ n: string }>(
      `SELECT count(*) AS n FROM $schema.idempotency_keys WHERE telegram_id = $1`,
      [user],
    );
    expect(Number(keys[0].n)).toBe(n);
  }, 300_000);

  it('SIGKILL of payout-svc after the provider accepted, before the row was updated: one payout each, ledger balanced', async () => {
    // payout-svc as its own process; PAYOUT_FAULT_PAUSE_AFTER_CREATE stops its worker dead right
    // after createPayout returned (the provider holds the payout, the row does not know it), and
    // the test SIGKILLs it there.
    const env = async (extra: Record<string, string>): Promise<NodeJS.ProcessEnv> => ({
      ...h.env,
      GRPC_PORT: String(await freePort()),
      METRICS_PORT: String(await freePort()),
      LOG_LEVEL: 'info',
      PAYOUT_WORKER_ENABLED: 'true',
      PAYOUT_WORKER_INTERVAL_MS: '200',
      PAYOUT_LEASE_S: '1',
      ...extra,
    });
    const start = async (
      extra: Record<string, string>,
    ): Promise<{ app: SpawnedApp; client: GrpcClientHandle<payout.PayoutServiceClient> }> => {
      const e = await env(extra);
      const app = spawnApp('payout-svc', e);
      await pollUntil(
        async () =>
          (await fetch(`http://127.0.0.1:${e.METRICS_PORT}/health/ready`).catch(() => undefined))
            ?.status === 200,
        { timeoutMs: 180_000, intervalMs: 250, description: 'payout-svc ready' },
      ).catch((err: unknown) => {
        throw new Error(`${String(err)}\n${app.output().slice(-3000)}`);
      });
      const client = createGrpcClient<payout.PayoutServiceClient>(SERVICES['payout-svc'], {
        address: `127.0.0.1:${e.GRPC_PORT}`,
        deadlineMs: 20_000,
      });
      return { app, client };
    };

    const users = [newUser(), newUser(), newUser()];
    for (const u of users) await h.fund(u, 10 * USD);
    const ledgerBefore = await h.checkLedger();
    expect(ledgerBefore.balanced).toBe(true);
    // Requests through the in-process service (its worker is off); the spawned one pays them.
    const ids: string[] = [];
    for (const u of users) {
      const r = await h.client.requestWithdraw({
        caller: callerAs(u),
        amountUsd: '4',
        walletAddress: newAddress(),
        network: 'BEP20',
        idempotencyKey: 'crash',
        twoFactorCode: '',
        telegramId: 0,
      });
      ids.push(r.withdraw!.id);
    }

    // One batch claims every due row (the previous test's too): each stops after the provider
    // accepted it.
    const first = await start({
      PAYOUT_FAULT_PAUSE_AFTER_CREATE: 'true',
      PAYOUT_WORKER_BATCH: '1000',
    });
    await pollUntil(
      async () =>
        ids.every((id) =>
          first.app
            .output()
            .split('\n')
            .some(
              (l) => l.includes('fault injection: paused after createPayout') && l.includes(id),
            ),
        ),
      { timeoutMs: 30_000, description: 'every payout created, worker paused' },
    ).catch((err: unknown) => {
      throw new Error(`${String(err)}\n${first.app.output().slice(-4000)}`);
    });
    first.client.close();
    await first.app.kill();
    expect(first.app.child.signalCode).toBe('SIGKILL');

    // The crash window: the provider holds a payout for each, the rows do not know it.
    for (const id of ids) expect(h.np.creations.get(id)).toBe(1);
    const crashed = await h.query<{
      id: string;
      status: string;
      payout_id: string | null;
      attempted: boolean;
    }>(
      `SELECT id, status, payout_id, provider_attempted_at IS NOT NULL AS attempted
         FROM $schema.withdraw_requests WHERE id = ANY($1::uuid[]) ORDER BY id`,
      [ids],
    );
    expect(crashed).toEqual(
      [...ids].sort().map((id) => ({ id, status: 'pending', payout_id: null, attempted: true })),
    );

    const second = await start({});
    for (const id of ids) {
      await pollUntil(async () => h.np.byExternalId(id)?.status === 'WAITING', {
        timeoutMs: 30_000,
        description: `payout ${id} verified`,
      });
      h.np.finish(h.np.byExternalId(id)!.id);
    }
    for (const [i, id] of ids.entries()) {
      await pollUntil(
        async () =>
          (await second.client.client.getWithdraw({ caller: callerAs(users[i]), withdrawId: id }))
            .withdraw?.status === 'completed',
        { timeoutMs: 30_000, description: `withdraw ${id} completed` },
      );
      expect(await h.balance(users[i])).toEqual({ available: 6 * USD, held: 0 });
    }
    // Exactly one payout per withdrawal reached the provider, across the crash and the restart.
    for (const id of ids) expect(h.np.creations.get(id)).toBe(1);
    expect(
      [...h.np.withdrawals.values()].filter((w) => ids.includes(w.unique_external_id ?? '')),
    ).toHaveLength(ids.length);
    const ledgerAfter = await h.checkLedger();
    expect(ledgerAfter).toMatchObject({
      balanced: true,
      negativeBalances: 0,
      unbalancedTransfers: 0,
      mismatchedAccounts: 0,
      heldMismatches: 0,
      totalMicroUsd: 0,
    });
    second.client.close();
    await second.app.stop();
  }, 420_000);
});
