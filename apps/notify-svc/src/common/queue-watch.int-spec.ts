import { randomUUID } from 'node:crypto';

import { Client } from 'pg';
import { register } from 'prom-client';

import type { RunningService } from '@trafficshare/service-kit';
import {
  createTestContext,
  freePort,
  pollUntil,
  startApp,
  TEST_DATABASE_URL,
  type TestContext,
} from '@trafficshare/testing';

import { boot } from '../boot';

/** The gauge's value for `queue` in this process's registry. */
async function gauge(name: string, queue: string): Promise<number | undefined> {
  const metric = register.getSingleMetric(name);
  const { values } = (await metric?.get()) ?? { values: [] };
  return values.find((v) => v.labels.queue === queue)?.value;
}

// The delivery queues' gauges come from the queue watcher's own timer: with both dispatchers
// idle (as a hung one would be), a notification waiting for push and a due bot message show up
// with their age. Real Postgres, Redis and JetStream.
describe('notify-svc queue watch', () => {
  let ctx: TestContext;
  let service: RunningService;
  const db = new Client({ connectionString: TEST_DATABASE_URL });

  beforeAll(async () => {
    ctx = createTestContext('notify_queue_watch');
    service = await startApp(boot, {
      ...ctx.env,
      GRPC_PORT: String(await freePort()),
      METRICS_PORT: String(await freePort()),
      FCM_MODE: 'sandbox',
      LEDGER_GRPC_URL: '127.0.0.1:1',
      PUSH_DISPATCH_MS: '60000',
      BOT_DISPATCH_MS: '60000',
      QUEUE_WATCH_MS: '100',
    });
    await db.connect();
  }, 60_000);

  afterAll(async () => {
    await db.end();
    await service?.stop();
    await ctx?.cleanup();
  }, 30_000);

  it('counts what waits and how long the oldest has waited', async () => {
    const s = ctx.schema('notify');
    await pollUntil(async () => (await gauge('notify_queue_backlog', 'push')) === 0, {
      timeoutMs: 10_000,
      description: 'an empty push queue measured',
    });
    await db.query(
      `INSERT INTO "${s}".notifications
         (id, telegram_id, type, title, body, data, silent, source_key, push_status, created_at, event_at)
       VALUES ($1, 42, 'system', 't', 'b', '{}', false, $2, 'queued', now() - interval '10 minutes', now())`,
      [randomUUID(), `watch:${randomUUID()}`],
    );
    await db.query(
      `INSERT INTO "${s}".bot_messages (id, chat_id, audience, text, source_key, next_attempt_at, created_at)
       VALUES ($1, 42, 'user', 'hello', $2, now() - interval '2 minutes', now()),
              ($3, 42, 'user', 'later', $4, now() + interval '1 hour', now())`,
      [randomUUID(), `watch:${randomUUID()}`, randomUUID(), `watch:${randomUUID()}`],
    );
    await pollUntil(async () => (await gauge('notify_queue_backlog', 'push')) === 1, {
      timeoutMs: 10_000,
      description: 'the queued notification measured',
    });
    expect(await gauge('notify_queue_oldest_seconds', 'push')).toBeGreaterThanOrEqual(600);
    // The retry due in an hour is not waiting yet.
    expect(await gauge('notify_queue_backlog', 'bot')).toBe(1);
    expect(await gauge('notify_queue_oldest_seconds', 'bot')).toBeGreaterThanOrEqual(120);
  }, 30_000);
});
