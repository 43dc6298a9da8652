// `broadcast`: an admin push to every registered device, through firebase-admin against the fake
// FCM server. Starts its own notify-svc in this process (isolated schema/stream/Redis prefix)
// and the fake FCM in a child process (so the RSS sampled is notify-svc's, not the fake's),
// registers BENCH_DEVICES devices (default 100,000; 2 per user), marks every 50th token
// UNREGISTERED at the fake, then sends the same broadcast (NotifyService.sendPush, what the
// admin's gRPC call runs) twice: at the configured global rate (BENCH_PUSH_RATE, default 1,000
// tokens/s, PUSH_RATE_PER_S's default) and unpaced as the baseline (BENCH_BASELINE=false skips
// it), re-registering the deleted tokens in between. For each: every token accounted for (sent +
// failed + deleted = total, checked against the fake FCM's count and the devices left), the
// achieved tokens/s, and the RSS sampled every 250 ms.

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

import { Client } from 'pg';

import { common, notify } from '@trafficshare/contracts';
import type { RunningService } from '@trafficshare/service-kit';
import { createTestContext, freePort, startApp } from '@trafficshare/testing';

import { boot } from '../../../apps/notify-svc/src/boot';
import { NotifyService } from '../../../apps/notify-svc/src/notifications/notify.service';
import type { Scenario } from '../scenario';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');
const GONE_EVERY = 50;

interface Run {
  readonly label: string;
  readonly rate: number;
  readonly total: number;
  readonly sent: number;
  readonly failed: number;
  readonly deleted: number;
  readonly fcmAccepted: number;
  readonly devicesLeft: number;
  readonly seconds: number;
  readonly rssStartMb: number;
  readonly rssPeakMb: number;
  readonly rssEndMb: number;
}

const token = (i: number): string => `bench_${String(i).padStart(8, '0')}_${'k'.repeat(40)}`;
const mb = (bytes: number): number => Math.round(bytes / 1_048_576);

/** The fake FCM server as a child process; resolves with its port and a stats query. */
async function startFakeFcm(): Promise<{
  child: ChildProcess;
  port: number;
  send: (command: object) => Promise<{ accepted: number; requests: number }>;
}> {
  const child = spawn(
    process.execPath,
    [join(REPO_ROOT, 'tools/run-ts.cjs'), 'tools/bench/fake-fcm-child.ts'],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] },
  );
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  const { port } = JSON.parse(line) as { port: number };
  const send = async (command: object) => {
    const reply = once(child, 'message') as Promise<[{ accepted: number; requests: number }]>;
    child.send(command);
    return (await reply)[0];
  };
  return { child, port, send };
}

export const broadcast: Scenario = {
  name: 'broadcast',
  description:
    'admin push to BENCH_DEVICES (100,000) devices through firebase-admin → fake FCM: accounting, tokens/s at the configured rate vs unpaced, notify-svc RSS (starts its own notify-svc)',
  prepare: () => Promise.reject(new Error('broadcast is a standalone scenario')),
  standalone: async ({ log }) => {
    const devices = Number(process.env.BENCH_DEVICES ?? 100_000);
    const rate = Number(process.env.BENCH_PUSH_RATE ?? 1_000);
    const ctx = createTestContext('bench_broadcast');
    const fcm = await startFakeFcm();
    const gone: string[] = [];
    for (let i = 0; i < devices; i += GONE_EVERY) gone.push(token(i));
    await fcm.send({ gone });
    const pg = new Client({ connectionString: ctx.databaseUrl });
    await pg.connect();
    const schema = ctx.schema('notify');
    const runs: Run[] = [];
    const register = async (): Promise<void> => {
      // Straight into notify's devices table (preparation, not measured): 2 devices per user.
      const base = 9_800_000_000 + Math.floor(Math.random() * 1_000_000) * 100_000;
      await pg.query(
        `INSERT INTO "${schema}"."devices" (fcm_token, telegram_id, device_id, platform,
           notifications_enabled, created_at, refreshed_at)
         SELECT 'bench_' || lpad(i::text, 8, '0') || '_' || repeat('k', 40), $1::bigint + i / 2,
           'd' || i, CASE WHEN i % 3 = 0 THEN 'ios' ELSE 'android' END, true, now(), now()
         FROM generate_series(0, $2::int - 1) AS i
         ON CONFLICT (fcm_token) DO NOTHING`,
        [base, devices],
      );
    };
    // notify-svc in this process (its RSS is this process's; the fake FCM runs apart), called
    // as the admin's gRPC call would be, without the transport's connection-age limit.
    const measure = async (label: string, pushRate: number): Promise<void> => {
      const service: RunningService = await startApp(boot, {
        ...ctx.env,
        LOG_LEVEL: 'warn',
        GRPC_PORT: String(await freePort()),
        METRICS_PORT: String(await freePort()),
        FCM_MODE: 'emulator',
        FCM_EMULATOR_ADDRESS: `127.0.0.1:${fcm.port}`,
        PUSH_RATE_PER_S: String(pushRate),
        // The call answers when the whole broadcast is done (what is measured).
        PUSH_SEND_WAIT_MS: '86400000',
        SCHEDULER_TICK_MS: '600000',
      });
      try {
        await register();
        const acceptedBefore = (await fcm.send({ stats: true })).accepted;
        const rssStart = process.memoryUsage().rss;
        let peak = rssStart;
        const sampler = setInterval(() => {
          peak = Math.max(peak, process.memoryUsage().rss);
        }, 250);
        log(
          `${label}: broadcasting to ${devices.toLocaleString('en-US')} devices at ${pushRate.toLocaleString('en-US')} tokens/s`,
        );
        const t0 = performance.now();
        const res = await service.app.get(NotifyService).sendPush({
          caller: {
            telegramId: 1,
            role: common.Role.ROLE_SUPERADMIN,
            sessionId: 'bench',
            ip: '127.0.0.1',
            userAgent: 'bench',
          },
          title: 'Bench broadcast',
          body: 'One message to every device',
          silent: false,
          data: {},
          segment: {
            activeDays: 0,
            platform: notify.Platform.PLATFORM_UNSPECIFIED,
            telegramIds: [],
          },
        });
        const seconds = (performance.now() - t0) / 1000;
        clearInterval(sampler);
        const rssEnd = process.memoryUsage().rss;
        const [{ left }] = (
          await pg.query<{ left: string }>(`SELECT count(*) AS left FROM "${schema}"."devices"`)
        ).rows;
        runs.push({
          label,
          rate: pushRate,
          total: devices,
          sent: res.sent,
          failed: res.failed - res.removedTokens,
          deleted: res.removedTokens,
          fcmAccepted: (await fcm.send({ stats: true })).accepted - acceptedBefore,
          devicesLeft: Number(left),
          seconds,
          rssStartMb: mb(rssStart),
          rssPeakMb: mb(peak),
          rssEndMb: mb(rssEnd),
        });
      } finally {
        await service.stop();
      }
    };
    try {
      await measure('configured rate', rate);
      if (process.env.BENCH_BASELINE !== 'false') await measure('baseline (unpaced)', 100_000);
    } finally {
      await pg.end();
      fcm.child.disconnect();
      await ctx.cleanup();
    }
    const rows: [string, (r: Run) => string][] = [
      ['devices', (r) => r.total.toLocaleString('en-US')],
      ['configured rate (tokens/s)', (r) => r.rate.toLocaleString('en-US')],
      ['sent', (r) => r.sent.toLocaleString('en-US')],
      ['failed (other errors)', (r) => r.failed.toLocaleString('en-US')],
      ['deleted (UNREGISTERED)', (r) => r.deleted.toLocaleString('en-US')],
      ['sent + failed + deleted', (r) => (r.sent + r.failed + r.deleted).toLocaleString('en-US')],
      ['fake FCM accepted', (r) => r.fcmAccepted.toLocaleString('en-US')],
      ['devices left', (r) => r.devicesLeft.toLocaleString('en-US')],
      ['time (s)', (r) => r.seconds.toFixed(1)],
      ['achieved tokens/s', (r) => Math.round(r.total / r.seconds).toLocaleString('en-US')],
      [
        'notify-svc RSS start / peak / end (MB)',
        (r) => `${r.rssStartMb} / ${r.rssPeakMb} / ${r.rssEndMb}`,
      ],
    ];
    log('');
    log(`${''.padEnd(40)}${runs.map((r) => r.label.padStart(22)).join('')}`);
    for (const [name, cell] of rows)
      log(`${name.padEnd(40)}${runs.map((r) => cell(r).padStart(22)).join('')}`);
    const ok = runs.every(
      (r) =>
        r.sent + r.failed + r.deleted === r.total &&
        r.fcmAccepted === r.sent &&
        r.devicesLeft === r.total - r.deleted,
    );
    const paced = runs[0];
    const achieved = paced ? paced.total / paced.seconds : 0;
    log(
      `accounting ${ok ? 'OK' : 'BROKEN'}; configured rate ${achieved <= rate * 1.02 ? 'held' : 'EXCEEDED'} (${Math.round(achieved).toLocaleString('en-US')} tokens/s for ${rate.toLocaleString('en-US')} configured; the first batch goes out at once, 2 % allowed)`,
    );
    return ok ? 0 : 1;
  },
};
