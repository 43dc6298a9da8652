import { randomBytes, randomUUID } from 'node:crypto';

import { Client } from 'pg';

import type { RunningService } from '@trafficshare/service-kit';
import {
  createTestContext,
  freePort,
  pollUntil,
  startApp,
  type TestContext,
} from '@trafficshare/testing';

import { boot as bootNotify } from '../../apps/notify-svc/src/boot';
import { FakeFcmServer } from '../../apps/notify-svc/src/push/fake-fcm-server';
import { AuthStack, idFactory } from '../auth/support/harness';

const fcmToken = (): string => `fcm_${randomBytes(48).toString('base64url')}`;

/** Devices, the notification list, acks and the admin push through the gateway, with notify-svc
 *  pushing through firebase-admin to a fake FCM server. */
describe('notifications over HTTP', () => {
  let stack: AuthStack;
  let notifyCtx: TestContext;
  let notify: RunningService;
  const fcm = new FakeFcmServer();
  const nextId = idFactory();
  const admin = nextId();

  beforeAll(async () => {
    notifyCtx = createTestContext('e2e_notify_svc');
    const fcmPort = await fcm.start();
    const grpcPort = await freePort();
    notify = await startApp(bootNotify, {
      ...notifyCtx.env,
      GRPC_PORT: String(grpcPort),
      METRICS_PORT: String(await freePort()),
      FCM_MODE: 'emulator',
      FCM_EMULATOR_ADDRESS: `127.0.0.1:${fcmPort}`,
      // Slow enough that a 600-token push outlives the answer (PUSH_SEND_WAIT_MS, 3 s).
      PUSH_RATE_PER_S: '100',
    });
    stack = await AuthStack.start('e2e_notify', {
      adminIds: [admin],
      env: { NOTIFY_GRPC_URL: `127.0.0.1:${grpcPort}` },
    });
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
    await notify?.stop();
    await fcm.stop();
    await notifyCtx?.cleanup();
  }, 60_000);

  /** The push job once it is no longer running (GET /api/push/jobs/:id). */
  const finished = (adminToken: string, id: string) =>
    pollUntil(
      async () => {
        const res = await stack.api('GET', `/api/push/jobs/${id}`, { token: adminToken });
        expect(res.status).toBe(200);
        const job = res.body.job as { status: string };
        return job.status !== 'running' && job;
      },
      { timeoutMs: 30_000, description: `push job ${id} finished` },
    );

  it('registers a device (and its alias), refuses bad tokens, and an admin push lands in the list', async () => {
    const user = await stack.login(nextId());
    const token = fcmToken();
    const body = { device_id: 'pixel-8', fcm_token: token, platform: 'android' };
    const first = await stack.api('POST', '/api/device/register', { token: user.token, body });
    expect(first).toMatchObject({ status: 200, body: { status: 'success', created: true } });
    const alias = await stack.api('POST', '/api/register_device', { token: user.token, body });
    expect(alias).toMatchObject({ status: 200, body: { created: false } });
    const bad = await stack.api('POST', '/api/device/register', {
      token: user.token,
      body: { ...body, fcm_token: 'x\u0000'.repeat(20) },
    });
    expect(bad).toMatchObject({ status: 400, body: { code: 'validation_failed' } });

    const push = {
      title: 'Hello',
      body: 'Welcome aboard',
      segment: { telegram_ids: [user.telegramId] },
    };
    const forbidden = await stack.api('POST', '/api/push/send', { token: user.token, body: push });
    expect(forbidden.status).toBe(403);
    const { token: adminToken } = await stack.login(admin);
    const sent = await stack.api('POST', '/api/push/send', { token: adminToken, body: push });
    expect(sent).toMatchObject({ status: 200, body: { job: { total: 1 } } });
    const job = await finished(adminToken, (sent.body.job as { id: string }).id);
    expect(job).toMatchObject({ status: 'done', sent: 1, failed: 0, deleted: 0, total: 1 });
    expect(fcm.messages.filter((m) => m.token === token).map((m) => m.notification)).toEqual([
      { title: 'Hello', body: 'Welcome aboard' },
    ]);

    const list = await stack.api('GET', '/api/user/notifications?limit=5', { token: user.token });
    expect(list).toMatchObject({ status: 200, body: { total: 1, unread: 1 } });
    const [item] = list.body.notifications as { id: string; type: string; read_at: null }[];
    expect(item).toMatchObject({ type: 'admin', title: 'Hello', read_at: null });

    const ack = await stack.api('POST', '/api/notifications/ack', {
      token: user.token,
      body: { ids: [item.id], status: 'read' },
    });
    expect(ack).toMatchObject({ status: 200, body: { updated: 1, unread: 0 } });
    const hex = await stack.api('GET', '/api/user/notifications?limit=0x10', { token: user.token });
    expect(hex.status).toBe(400);
  });

  it('a push to a segment larger than the answer can wait for answers `running` with its job; the job finishes in the background and every token is accounted for', async () => {
    const users = [nextId(), nextId(), nextId()];
    const gone = new Set<string>();
    const pg = new Client({ connectionString: notifyCtx.databaseUrl });
    await pg.connect();
    try {
      // 600 devices of three users straight into notify's table (preparation, not the test).
      const tokens = Array.from({ length: 600 }, (_, i) => `${fcmToken()}_${i}`);
      tokens.filter((_, i) => i % 50 === 0).forEach((t) => gone.add(t));
      await pg.query(
        `INSERT INTO "${notifyCtx.schema('notify')}"."devices" (fcm_token, telegram_id, device_id,
           platform, notifications_enabled, created_at, refreshed_at)
         SELECT t, ($2::bigint[])[1 + (i % 3)], 'd' || i, 'android', true, now(), now()
         FROM unnest($1::text[]) WITH ORDINALITY AS x(t, i)`,
        [tokens, users],
      );
    } finally {
      await pg.end();
    }
    for (const t of gone) fcm.unregistered.add(t);
    const { token: adminToken } = await stack.login(admin);
    const started = Date.now();
    const sent = await stack.api('POST', '/api/push/send', {
      token: adminToken,
      body: { title: 'Big', body: 'To many', segment: { telegram_ids: users } },
    });
    // At 100 tokens/s the job takes ≥ 5 s; the answer came before the gateway's deadline.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(sent).toMatchObject({ status: 200, body: { job: { status: 'running', total: 600 } } });
    const id = (sent.body.job as { id: string }).id;
    const job = await finished(adminToken, id);
    expect(job).toMatchObject({ status: 'done', sent: 588, failed: 12, deleted: 12, total: 600 });
    // One in-app notification per user reached, however many devices.
    const [owner] = users;
    const inApp = await stack.api('GET', '/api/user/notifications', {
      token: (await stack.login(owner)).token,
    });
    expect(inApp.body).toMatchObject({ total: 1 });

    const user = await stack.login(nextId());
    expect((await stack.api('GET', `/api/push/jobs/${id}`, { token: user.token })).status).toBe(
      403,
    );
    const unknown = await stack.api('GET', `/api/push/jobs/${randomUUID()}`, { token: adminToken });
    expect(unknown).toMatchObject({ status: 404, body: { code: 'push_job_not_found' } });
  }, 60_000);

  it('another user sees none of it and cannot ack it', async () => {
    const owner = await stack.login(nextId());
    await stack.api('POST', '/api/device/register', {
      token: owner.token,
      body: { device_id: 'iphone', fcm_token: fcmToken(), platform: 'ios' },
    });
    const { token: adminToken } = await stack.login(admin);
    const sent = await stack.api('POST', '/api/push/send', {
      token: adminToken,
      body: {
        title: 'Private',
        body: 'Only for you',
        segment: { telegram_ids: [owner.telegramId] },
      },
    });
    await finished(adminToken, (sent.body.job as { id: string }).id);
    const mine = await stack.api('GET', '/api/user/notifications', { token: owner.token });
    const id = (mine.body.notifications as { id: string }[])[0].id;
    const other = await stack.login(nextId());
    const theirs = await stack.api('GET', '/api/user/notifications', { token: other.token });
    expect(theirs.body).toMatchObject({ total: 0, notifications: [] });
    const ack = await stack.api('POST', '/api/notifications/ack', {
      token: other.token,
      body: { ids: [id], status: 'read' },
    });
    expect(ack).toMatchObject({ status: 200, body: { updated: 0 } });
  });
});
