// `live`: WebSockets on the gateway's live socket (/api/notifications/live) from this one load
// process. Starts its own gateway in a child process (isolated Redis prefix; its RSS is read from
// its own /metrics on the ops port) and, for each step — the baseline (BENCH_LIVE_BASELINE,
// default 100 sockets) then BENCH_LIVE_SOCKETS (default 20,000) — opens one socket per user
// (tokens minted with a key pair made for the run; the gateway checks them as it checks any),
// then for BENCH_LIVE_SECONDS (default 30) plays the telemetry ticker: every 3 s each user's
// running session gets a `traffic_update` published on the user's live channel (the same Redis
// channel and message shape as apps/telemetry-svc's LiveTicker, all users of a tick in one
// pipeline as its publishMany does), and every 10 s a `notification` (as notify-svc publishes
// them). Delivery delay = receipt on the client − the message's `at` (set when published; one
// host, one clock). Counts every message (received = published for every open socket).
//
// File descriptors: each socket is one descriptor in this process and one in the gateway's, so
// `ulimit -n` must exceed the socket count plus a few hundred in both (the bench says so and
// stops when it does not).

import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

import { Redis } from 'ioredis';
import WebSocket from 'ws';

import { encodeLive, userLiveChannel } from '@trafficshare/realtime';
import { createTestContext, freePort } from '@trafficshare/testing';

import { mintAccessToken } from '../../simulate/credentials';
import { LatencyHistogram } from '../histogram';
import { sample } from '../memory';
import type { Scenario } from '../scenario';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');
const BASE_USER = 7_300_000_000;
const TRAFFIC_EVERY_MS = 3_000;
const NOTIFICATION_EVERY_MS = 10_000;
/** Sockets opened at once (handshakes in flight). */
const OPEN_CONCURRENCY = 200;

interface Step {
  readonly sockets: number;
  readonly openSeconds: number;
  readonly published: number;
  readonly received: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly rssIdleMb: number;
  readonly rssOpenMb: number;
  readonly rssEndMb: number;
}

const mb = (bytes: number | undefined): number => Math.round((bytes ?? NaN) / 1_048_576);

async function gatewayRss(opsPort: number): Promise<number | undefined> {
  const res = await fetch(`http://127.0.0.1:${opsPort}/metrics`);
  return sample(await res.text(), 'process_resident_memory_bytes');
}

async function startGateway(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [join(REPO_ROOT, 'tools/run-ts.cjs'), 'tools/bench/live-gateway-child.ts'],
    { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] },
  );
  const exited = once(child, 'exit').then(() => {
    throw new Error('the gateway exited before it was ready');
  });
  await Promise.race([once(createInterface({ input: child.stdout! }), 'line'), exited]);
  return child;
}

export const live: Scenario = {
  name: 'live',
  description:
    'BENCH_LIVE_SOCKETS (20,000) live WebSockets from one process, traffic_update every 3 s + notifications: delivery delay p50/p99 and gateway RSS vs a 100-socket baseline (starts its own gateway)',
  prepare: () => Promise.reject(new Error('live is a standalone scenario')),
  standalone: async ({ log }) => {
    const target = Number(process.env.BENCH_LIVE_SOCKETS ?? 20_000);
    const baseline = Number(process.env.BENCH_LIVE_BASELINE ?? 100);
    const seconds = Number(process.env.BENCH_LIVE_SECONDS ?? 30);
    const ctx = createTestContext('bench_live');
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const jwtPrivate = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    const [port, opsPort] = [await freePort(), await freePort()];
    const gateway = await startGateway({
      ...process.env,
      ...ctx.env,
      JWT_PUBLIC_KEY: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
      JWT_PRIVATE_KEY: jwtPrivate,
      GATEWAY_PORT: String(port),
      METRICS_PORT: String(opsPort),
      DOCS_ENABLED: 'false',
      LOG_LEVEL: 'warn',
    });
    const prefix = ctx.env.REDIS_KEY_PREFIX ?? '';
    const publisher = new Redis(ctx.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const steps: Step[] = [];
    try {
      for (const sockets of baseline > 0 ? [baseline, target] : [target]) {
        steps.push(await step(sockets));
        log(
          `${sockets.toLocaleString('en-US')} sockets: delay p50 ${steps.at(-1)!.p50} ms, p99 ${steps.at(-1)!.p99} ms`,
        );
      }
    } finally {
      publisher.disconnect();
      gateway.disconnect();
      await once(gateway, 'exit').catch(() => undefined);
      await ctx.cleanup();
    }
    log('');
    log(
      `| sockets | opened in s | messages published / received | delay p50 / p99 / max ms | gateway RSS idle → open → end MB |`,
    );
    log(`| --- | --- | --- | --- | --- |`);
    for (const s of steps)
      log(
        `| ${s.sockets.toLocaleString('en-US')} | ${s.openSeconds} | ${s.published.toLocaleString('en-US')} / ${s.received.toLocaleString('en-US')} | ${s.p50} / ${s.p99} / ${s.max} | ${s.rssIdleMb} → ${s.rssOpenMb} → ${s.rssEndMb} |`,
      );
    return steps.every((s) => s.received === s.published) ? 0 : 1;

    async function step(sockets: number): Promise<Step> {
      const rssIdle = await gatewayRss(opsPort);
      // Milliseconds (the histogram is unit-agnostic; `at` has millisecond precision).
      const delays = new LatencyHistogram();
      let received = 0;
      const clients: WebSocket[] = [];
      const t0 = Date.now();
      const url = `ws://127.0.0.1:${port}/api/notifications/live`;
      const base = BASE_USER + steps.length * 1_000_000;
      for (let i = 0; i < sockets; i += OPEN_CONCURRENCY) {
        await Promise.all(
          Array.from({ length: Math.min(OPEN_CONCURRENCY, sockets - i) }, async (_, j) => {
            const token = mintAccessToken(jwtPrivate, base + i + j);
            const ws = new WebSocket(url, ['bearer', token]);
            const connected = new Promise<void>((ok, fail) => {
              ws.once('error', fail);
              ws.once('unexpected-response', (_req, res) =>
                fail(new Error(`live socket refused: ${res.statusCode}`)),
              );
              ws.on('message', (raw: Buffer) => {
                const at = Date.now();
                const message = JSON.parse(raw.toString()) as { type: string; at: string };
                if (message.type === 'connected') return ok();
                received += 1;
                delays.record(at - Date.parse(message.at));
              });
            });
            clients.push(ws);
            await connected;
          }),
        );
      }
      const openSeconds = Math.round((Date.now() - t0) / 100) / 10;
      const rssOpen = await gatewayRss(opsPort);
      log(`${sockets.toLocaleString('en-US')} sockets open in ${openSeconds} s`);

      let published = 0;
      const started = Date.now();
      let lastNotification = 0;
      const sessionIds = Array.from({ length: sockets }, () => randomUUID());
      while (Date.now() - started < seconds * 1_000) {
        const tick = Date.now();
        const pipeline = publisher.pipeline();
        const notify = tick - lastNotification >= NOTIFICATION_EVERY_MS;
        if (notify) lastNotification = tick;
        for (let u = 0; u < sockets; u += 1) {
          const channel = userLiveChannel(prefix, base + u);
          pipeline.publish(
            channel,
            encodeLive({
              type: 'traffic_update',
              data: {
                session_id: sessionIds[u],
                status: 'active',
                used_mb: Math.round((tick - started) / 10) / 100,
                current_speed: 1.25,
                duration_s: Math.round((tick - started) / 1000),
                report_count: 1,
                missing_reports: 0,
              },
            }),
          );
          if (notify)
            pipeline.publish(
              channel,
              encodeLive({
                type: 'notification',
                data: {
                  id: randomUUID(),
                  kind: 'income',
                  title: 'Balance updated',
                  body: '+$0.01',
                  sent_at: new Date(tick).toISOString(),
                },
              }),
            );
        }
        const results = (await pipeline.exec()) ?? [];
        // PUBLISH answers how many subscribers got it: 1 per open socket's channel.
        for (const [err, n] of results) if (!err) published += Number(n);
        await new Promise((r) =>
          setTimeout(r, Math.max(0, TRAFFIC_EVERY_MS - (Date.now() - tick))),
        );
      }
      // Let the last tick arrive (bounded wait, then count what is missing).
      const deadline = Date.now() + 10_000;
      while (received < published && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      const rssEnd = await gatewayRss(opsPort);
      for (const ws of clients) ws.terminate();
      // The gateway sees the closes and unsubscribes before the next step.
      await new Promise((r) => setTimeout(r, 2_000));
      const q = (p: number) => Math.round(delays.percentile(p));
      return {
        sockets,
        openSeconds,
        published,
        received,
        p50: q(50),
        p99: q(99),
        max: Math.round(delays.max),
        rssIdleMb: mb(rssIdle),
        rssOpenMb: mb(rssOpen),
        rssEndMb: mb(rssEnd),
      };
    }
  },
};
