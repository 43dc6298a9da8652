// `withdraw`: POST /api/withdraw through the gateway, every request by a different funded user
// (a user may make 1 request a minute and 3 a day: WITHDRAW_RATE_LIMIT_PER_MIN,
// DAILY_WITHDRAW_LIMIT), so each request is a real acceptance: checks, risk, the ledger hold,
// the row and its outbox event. Preparation logs in BENCH_WITHDRAW_USERS users (default 4,000;
// more than connections × duration × the expected rate, or the surplus answers 429) and gives
// each $10 through ledger-svc's internal Credit (LEDGER_GRPC_URL). After the load it runs the
// worker bench (apps/payout-svc/bench/worker-bench.ts: BENCH_WORKER_WITHDRAWALS pending → completed
// against the NowPayments emulator, 0 to skip) and prints its figures.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

import { internalContract, SERVICES } from '@trafficshare/config';
import { ledgerNames, type ledgerInternal } from '@trafficshare/contracts';
import { createGrpcClient } from '@trafficshare/grpc';

import type { BenchRequest, Scenario } from '../scenario';
import { benchIp, signedLoginBody } from './telegram-payload';

const REPO_ROOT = join(__dirname, '..', '..', '..');
const FUND_MICRO_USD = 10_000_000;

async function inBatches<T>(items: readonly T[], size: number, fn: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

export const withdraw: Scenario = {
  name: 'withdraw',
  description:
    'POST /api/withdraw, one request per funded user (then the payout worker bench, 10,000 withdrawals)',
  prepare: async ({ baseUrl, log }) => {
    const count = Number(process.env.BENCH_WITHDRAW_USERS ?? 4000);
    const first = 9_500_000_000 + Math.floor(Math.random() * 100_000) * 10_000;
    const ids = Array.from({ length: count }, (_, i) => first + i);
    log(`logging in ${count} withdraw bench users`);
    const tokens = new Map<number, string>();
    await inBatches(ids, 25, async (id) => {
      const res = await fetch(`${baseUrl}/api/auth/telegram`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-forwarded-for': benchIp(id - first + 1),
          'user-agent': 'trafficshare-bench',
        },
        body: signedLoginBody(id),
      });
      if (res.status !== 200)
        throw new Error(`bench login failed: ${res.status} ${await res.text()}`);
      tokens.set(id, ((await res.json()) as { token: string }).token);
    });
    const ledgerUrl =
      process.env.LEDGER_GRPC_URL ?? `127.0.0.1:${SERVICES['ledger-svc'].defaultGrpcPort}`;
    log(`funding them with $${FUND_MICRO_USD / 1e6} each through ledger-svc at ${ledgerUrl}`);
    const ledger = createGrpcClient<ledgerInternal.LedgerInternalServiceClient>(
      internalContract('ledger-svc'),
      { address: ledgerUrl, deadlineMs: 20_000 },
    );
    const run = randomBytes(4).toString('hex');
    await inBatches(ids, 50, async (id) => {
      await ledger.client.credit({
        transferId: `bench-withdraw:${run}:${id}`,
        telegramId: id,
        amountMicroUsd: FUND_MICRO_USD,
        kind: ledgerNames.transferKind.toProto('adjustment'),
        reference: 'bench',
        note: 'withdraw bench funds',
      });
    });
    ledger.close();

    let n = 0;
    const statuses = new Map<number, number>();
    return {
      next: (): BenchRequest => {
        const id = ids[n % ids.length];
        n += 1;
        return {
          method: 'POST',
          path: '/api/withdraw',
          headers: {
            authorization: `Bearer ${tokens.get(id)!}`,
            'content-type': 'application/json',
            'x-forwarded-for': benchIp(id - first + 1),
            'user-agent': 'trafficshare-bench',
          },
          body: JSON.stringify({
            amount_usd: 2,
            wallet_address: `0x${randomBytes(20).toString('hex')}`,
            network: 'BEP20',
            idempotency_key: `${run}-${n}`,
          }),
        };
      },
      expectedStatuses: [202],
      onResponse: (_request, status) => statuses.set(status, (statuses.get(status) ?? 0) + 1),
      teardown: async () => {
        log(
          `answers: ${JSON.stringify(Object.fromEntries(statuses))}${n > ids.length ? ` (${n - ids.length} requests reused a user: raise BENCH_WITHDRAW_USERS)` : ''}`,
        );
        const withdrawals = Number(process.env.BENCH_WORKER_WITHDRAWALS ?? 10_000);
        if (withdrawals <= 0) return;
        log(`payout worker bench: ${withdrawals} withdrawals against the NowPayments emulator`);
        await new Promise<void>((resolve, reject) => {
          const child = spawn(
            process.execPath,
            [
              join(REPO_ROOT, 'tools', 'run-ts.cjs'),
              join(REPO_ROOT, 'apps', 'payout-svc', 'bench', 'worker-bench.ts'),
              '--withdrawals',
              String(withdrawals),
              '--replicas',
              process.env.BENCH_WORKER_REPLICAS ?? '1',
            ],
            { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
          );
          child.stdout.on('data', (chunk: Buffer) => {
            for (const line of chunk.toString('utf8').split('\n'))
              if (line.trim()) log(`  ${line}`);
          });
          child.once('exit', (code) =>
            code === 0 ? resolve() : reject(new Error(`worker bench exited with ${code}`)),
          );
        });
      },
    };
  },
};
