import { randomBytes, randomUUID } from 'node:crypto';

import { status } from '@grpc/grpc-js';
import { connect, headers as natsHeaders, type NatsConnection } from 'nats';
import { Client } from 'pg';

import { SERVICES } from '@trafficshare/config';
import { common, notify, type events } from '@trafficshare/contracts';
import { createGrpcClient, type GrpcClientHandle } from '@trafficshare/grpc';
import {
  encodeEvent,
  ensureStreams,
  eventSubject,
  type EventMessage,
  type EventType,
} from '@trafficshare/messaging';
import type { RunningService } from '@trafficshare/service-kit';
import {
  createTestContext,
  freePort,
  pollUntil,
  startApp,
  type TestContext,
} from '@trafficshare/testing';

import { boot } from '../boot';
import { FakeFcmServer } from '../push/fake-fcm-server';

const caller = (telegramId: number, role = common.Role.ROLE_USER): common.Caller => ({
  telegramId,
  role,
  sessionId: randomUUID(),
  ip: '203.0.113.9',
  userAgent: 'notify-int-spec',
});
const fcmToken = (): string => `fcm_${randomBytes(48).toString('base64url')}`;

async function failure(p: Promise<unknown>): Promise<{ status: number; code: string }> {
  try {
    await p;
  } catch (err) {
    const e = err as { code?: number; metadata?: { get(k: string): unknown[] } };
    const code = e.metadata?.get('ts-error-code')?.[0];
    return { status: e.code ?? -1, code: typeof code === 'string' ? code : '' };
  }
  return { status: 0, code: 'resolved' };
}

// notify-svc in this process against the real Postgres and JetStream; firebase-admin pushes to a
// fake FCM server on 127.0.0.1.
describe('notify-svc: devices, notifications from events, push through firebase-admin', () => {
  let ctx: TestContext;
  let nc: NatsConnection;
  let service: RunningService;
  let grpc: GrpcClientHandle<notify.NotifyServiceClient>;
  const fcm = new FakeFcmServer();
  const base = 9_300_000_000 + Math.floor(Math.random() * 1_000_000) * 10;
  const [alice, bob, admin] = [base + 1, base + 2, base + 3];

  beforeAll(async () => {
    ctx = createTestContext('notify_core');
    nc = await connect({ servers: ctx.natsUrl, name: 'test-notify' });
    await ensureStreams(await nc.jetstreamManager(), ctx.natsPrefix);
    const fcmPort = await fcm.start();
    service = await startApp(boot, {
      ...ctx.env,
      GRPC_PORT: String(await freePort()),
      METRICS_PORT: String(await freePort()),
      FCM_MODE: 'emulator',
      FCM_EMULATOR_ADDRESS: `127.0.0.1:${fcmPort}`,
      PUSH_DISPATCH_MS: '50',
      // Stalled push jobs are taken over after 2 s (swept every second).
      PUSH_JOB_STALE_MS: '2000',
    });
    grpc = createGrpcClient<notify.NotifyServiceClient>(SERVICES['notify-svc'], {
      address: service.grpcAddress,
      deadlineMs: 20_000,
    });
  }, 60_000);

  afterAll(async () => {
    grpc?.close();
    await service?.stop();
    await fcm.stop();
    await nc?.drain();
    await ctx?.cleanup();
  }, 30_000);

  const publish = async <T extends EventType>(type: T, message: EventMessage<T>): Promise<void> => {
    const h = natsHeaders();
    h.set('ts-event-id', randomUUID());
    h.set('ts-event-type', type);
    h.set('ts-occurred-at', new Date().toISOString());
    await nc.jetstream().publish(eventSubject(ctx.natsPrefix, type), encodeEvent(type, message), {
      msgID: randomUUID(),
      headers: h,
    });
  };
  const register = (owner: number, token: string, platform = notify.Platform.PLATFORM_ANDROID) =>
    grpc.client.registerDevice({
      caller: caller(owner),
      deviceId: `phone-${owner}`,
      fcmToken: token,
      platform,
      notificationsEnabled: true,
    });
  const credit = (telegramId: number): events.IncomeCredited => ({
    telegramId,
    transferId: `income:${randomUUID()}`,
    amountMicroUsd: 120_000,
    milliMb: 80_000,
    reportCount: 3,
    pricePerGbMicroUsd: 1_500_000,
    balanceMicroUsd: 2_345_000,
    creditedAt: new Date().toISOString(),
  });

  it('registers one row per token and refuses malformed devices', async () => {
    const token = fcmToken();
    expect((await register(alice, token)).created).toBe(true);
    expect((await register(alice, token)).created).toBe(false);
    expect(await failure(register(alice, 'short'))).toEqual({
      status: status.INVALID_ARGUMENT,
      code: 'invalid_fcm_token',
    });
    expect(
      await failure(register(alice, fcmToken(), notify.Platform.PLATFORM_UNSPECIFIED)),
    ).toMatchObject({ code: 'invalid_platform' });
  });

  it('turns earnings into one notification per user per hour, in the user’s language, pushed to their devices', async () => {
    const token = fcmToken();
    await register(bob, token);
    await publish('UserRegistered', {
      telegramId: bob,
      username: 'bob',
      firstName: 'Bob',
      language: 'ru',
      registeredAt: new Date().toISOString(),
    });
    // The language arrives before the credit is consumed (separate durables: wait for it).
    await pollUntil(
      async () =>
        (
          await service.context.dataSource.query(
            `SELECT 1 FROM "${service.context.schema}".recipients WHERE telegram_id = $1`,
            [bob],
          )
        ).length === 1,
      { timeoutMs: 10_000 },
    );
    await publish('IncomesCredited', { credits: [credit(bob), credit(bob)] });
    const pushed = await pollUntil(async () => fcm.messages.find((m) => m.token === token), {
      timeoutMs: 10_000,
      description: 'the income push at the fake FCM',
    });
    expect(pushed.notification?.title).toBe('Начислен доход');
    expect(pushed.notification?.body).toContain('+$0.12');
    const list = await grpc.client.listNotifications({
      caller: caller(bob),
      limit: 10,
      offset: 0,
      unreadOnly: false,
    });
    expect(list.notifications).toHaveLength(1);
    expect(list.unread).toBe(1);
    expect(list.notifications[0]).toMatchObject({ type: 'income', title: 'Начислен доход' });
    expect(pushed.data?.notification_id).toBe(list.notifications[0].id);
  });

  it('acks only the caller’s own notifications; read implies delivered', async () => {
    const [mine] = (
      await grpc.client.listNotifications({
        caller: caller(bob),
        limit: 10,
        offset: 0,
        unreadOnly: false,
      })
    ).notifications;
    const foreign = await grpc.client.ackNotifications({
      caller: caller(alice),
      ids: [mine.id],
      kind: notify.AckKind.ACK_KIND_READ,
      all: false,
    });
    expect(foreign.updated).toBe(0);
    const own = await grpc.client.ackNotifications({
      caller: caller(bob),
      ids: [mine.id],
      kind: notify.AckKind.ACK_KIND_READ,
      all: false,
    });
    expect(own).toEqual({ updated: 1, unread: 0 });
    const after = await grpc.client.listNotifications({
      caller: caller(bob),
      limit: 10,
      offset: 0,
      unreadOnly: false,
    });
    expect(after.notifications[0].readAt).not.toBe('');
    expect(after.notifications[0].deliveredAt).not.toBe('');
  });

  it('admin push reaches the segment, deletes tokens FCM says are gone, and needs the superadmin role', async () => {
    const [live, gone] = [fcmToken(), fcmToken()];
    await register(alice, live);
    await register(alice, gone, notify.Platform.PLATFORM_IOS);
    fcm.unregistered.add(gone);
    const request = {
      title: 'Maintenance',
      body: 'Tonight 02:00 UTC',
      segment: { activeDays: 0, platform: 0, telegramIds: [alice] },
      silent: false,
      data: {},
    };
    expect(await failure(grpc.client.sendPush({ ...request, caller: caller(alice) }))).toEqual({
      status: status.PERMISSION_DENIED,
      code: 'forbidden',
    });
    const res = await grpc.client.sendPush({
      ...request,
      caller: caller(admin, common.Role.ROLE_SUPERADMIN),
    });
    expect(res.sent).toBeGreaterThanOrEqual(1);
    expect(res.failed).toBe(1);
    expect(res.removedTokens).toBe(1);
    expect(
      fcm.messages.some((m) => m.token === live && m.notification?.title === 'Maintenance'),
    ).toBe(true);
    // The gone token was deleted: a second push does not try it.
    const again = await grpc.client.sendPush({
      ...request,
      caller: caller(admin, common.Role.ROLE_SUPERADMIN),
    });
    expect(again.failed).toBe(0);
  });

  it('a push job left running by a stopped replica is resumed from its last token, and each user stored once', async () => {
    const owner = 880_000_000 + Math.floor(Math.random() * 1_000_000);
    const tokens = [fcmToken(), fcmToken(), fcmToken()].sort();
    for (const t of tokens) await register(owner, t);
    const id = randomUUID();
    const pg = new Client({ connectionString: ctx.databaseUrl });
    await pg.connect();
    try {
      // As a replica leaves it: the first token sent and counted, then nothing for a minute.
      await pg.query(
        `INSERT INTO "${ctx.schema('notify')}"."push_jobs" (id, status, created_by, request, total,
           sent, cursor, reached, created_at, updated_at)
         VALUES ($1, 'running', 1, $2, 3, 1, $3, $4, now() - interval '1 minute', now() - interval '1 minute')`,
        [
          id,
          JSON.stringify({
            title: 'Resumed',
            body: 'Where it stopped',
            silent: false,
            data: {},
            activeSince: null,
            platform: null,
            owners: [owner],
          }),
          tokens[0],
          JSON.stringify({ [owner]: true }),
        ],
      );
    } finally {
      await pg.end();
    }
    const admin = caller(1, common.Role.ROLE_SUPERADMIN);
    const job = await pollUntil(
      async () => {
        const { job: j } = await grpc.client.getPushJob({ caller: admin, id });
        return j?.status === 'done' && j;
      },
      { timeoutMs: 20_000, description: 'the stalled job resumed and finished' },
    );
    expect(job).toMatchObject({ sent: 3, failed: 0, total: 3 });
    const pushed = fcm.messages.filter((m) => m.notification?.title === 'Resumed');
    expect(pushed.map((m) => m.token).sort()).toEqual(tokens.slice(1));
    const list = await grpc.client.listNotifications({
      caller: caller(owner),
      limit: 10,
      offset: 0,
      unreadOnly: false,
    });
    expect(list.notifications.filter((n) => n.title === 'Resumed')).toHaveLength(1);
    expect(
      await failure(grpc.client.getPushJob({ caller: admin, id: randomUUID() })),
    ).toMatchObject({ code: 'push_job_not_found' });
  }, 40_000);
});
