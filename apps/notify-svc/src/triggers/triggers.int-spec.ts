import { randomBytes, randomUUID } from 'node:crypto';

import { Redis } from 'ioredis';
import { connect, headers as natsHeaders, type NatsConnection } from 'nats';

import { SERVICES } from '@trafficshare/config';
import { common, notify } from '@trafficshare/contracts';
import { createGrpcClient, type GrpcClientHandle } from '@trafficshare/grpc';
import {
  encodeEvent,
  ensureStreams,
  eventSubject,
  type EventMessage,
  type EventType,
} from '@trafficshare/messaging';
import { userLiveChannel } from '@trafficshare/realtime';
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
import { EarningsReports } from './earnings-reports';

const caller = (telegramId: number): common.Caller => ({
  telegramId,
  role: common.Role.ROLE_USER,
  sessionId: randomUUID(),
  ip: '203.0.113.9',
  userAgent: 'notify-triggers-int-spec',
});
const fcmToken = (): string => `fcm_${randomBytes(48).toString('base64url')}`;

// notify-svc in this process against the real Postgres, Redis and JetStream; firebase-admin
// pushes to a fake FCM server on 127.0.0.1.
describe('notify-svc triggers: payouts, referrals, settings, live delivery, summaries, reports', () => {
  let ctx: TestContext;
  let nc: NatsConnection;
  let service: RunningService;
  let grpc: GrpcClientHandle<notify.NotifyServiceClient>;
  let sub: Redis;
  const live: { channel: string; message: string }[] = [];
  const fcm = new FakeFcmServer();
  const base = 9_400_000_000 + Math.floor(Math.random() * 1_000_000) * 20;
  let next = base;
  const newUser = (): number => (next += 1);

  beforeAll(async () => {
    ctx = createTestContext('notify_triggers');
    nc = await connect({ servers: ctx.natsUrl, name: 'test-notify-triggers' });
    await ensureStreams(await nc.jetstreamManager(), ctx.natsPrefix);
    const fcmPort = await fcm.start();
    service = await startApp(boot, {
      ...ctx.env,
      GRPC_PORT: String(await freePort()),
      METRICS_PORT: String(await freePort()),
      FCM_MODE: 'emulator',
      FCM_EMULATOR_ADDRESS: `127.0.0.1:${fcmPort}`,
      PUSH_DISPATCH_MS: '50',
      SCHEDULER_TICK_MS: '200',
      SESSION_SUMMARY_S: '1',
    });
    grpc = createGrpcClient<notify.NotifyServiceClient>(SERVICES['notify-svc'], {
      address: service.grpcAddress,
      deadlineMs: 20_000,
    });
    sub = new Redis(ctx.env.REDIS_URL);
    await sub.psubscribe(userLiveChannel(ctx.env.REDIS_KEY_PREFIX ?? '', '*'));
    sub.on('pmessage', (_p, channel, message) => live.push({ channel, message }));
  }, 60_000);

  afterAll(async () => {
    sub?.disconnect();
    grpc?.close();
    await service?.stop();
    await fcm.stop();
    await nc?.drain();
    await ctx?.cleanup();
  }, 30_000);

  /** Publishes an event; `eventId` again = a redelivery of the same event. */
  const publish = async <T extends EventType>(
    type: T,
    message: EventMessage<T>,
    eventId: string = randomUUID(),
  ): Promise<void> => {
    const h = natsHeaders();
    h.set('ts-event-id', eventId);
    h.set('ts-event-type', type);
    h.set('ts-occurred-at', new Date().toISOString());
    await nc.jetstream().publish(eventSubject(ctx.natsPrefix, type), encodeEvent(type, message), {
      msgID: randomUUID(),
      headers: h,
    });
  };
  const register = (owner: number, token = fcmToken()) =>
    grpc.client
      .registerDevice({
        caller: caller(owner),
        deviceId: `phone-${owner}`,
        fcmToken: token,
        platform: notify.Platform.PLATFORM_ANDROID,
        notificationsEnabled: true,
      })
      .then(() => token);
  const list = async (owner: number) =>
    (
      await grpc.client.listNotifications({
        caller: caller(owner),
        limit: 50,
        offset: 0,
        unreadOnly: false,
      })
    ).notifications;
  const rows = (sql: string, params: unknown[]): Promise<Record<string, unknown>[]> =>
    service.context.dataSource.query(sql.replaceAll('$S', `"${service.context.schema}"`), params);
  const recipient = async (
    owner: number,
    language: string,
    settings?: Partial<Record<'push' | 'session' | 'system', boolean>>,
  ) => {
    await publish('UserRegistered', {
      telegramId: owner,
      username: `u${owner}`,
      firstName: 'Test',
      language,
      registeredAt: new Date().toISOString(),
    });
    if (settings)
      await publish('NotificationSettingsChanged', {
        telegramId: owner,
        pushNotifications: settings.push ?? true,
        sessionUpdates: settings.session ?? true,
        systemUpdates: settings.system ?? true,
        updatedAt: new Date().toISOString(),
      });
    await pollUntil(
      async () =>
        (
          await rows(
            `SELECT 1 FROM $S.recipients WHERE telegram_id = $1 AND language = $2 AND ($3::boolean OR settings_at IS NOT NULL)`,
            [owner, language, !settings],
          )
        ).length === 1,
      { timeoutMs: 10_000, description: `recipient ${owner}` },
    );
  };
  const payoutCompleted = (owner: number, withdrawId = randomUUID()) => ({
    withdrawId,
    telegramId: owner,
    amountMicroUsd: 5_000_000,
    amountUsdt: '5.00',
    network: 'BEP20',
    walletAddress: '0x' + 'ab'.repeat(20),
    txHash: '0x' + 'cd'.repeat(32),
    completedAt: new Date().toISOString(),
  });

  it('a redelivered event (same id) and a republished one (new id) notify once', async () => {
    const owner = newUser();
    await recipient(owner, 'en');
    const token = await register(owner);
    const message = payoutCompleted(owner);
    const eventId = randomUUID();
    await publish('PayoutCompleted', message, eventId);
    await publish('PayoutCompleted', message, eventId);
    await publish('PayoutCompleted', message);
    await pollUntil(async () => fcm.messages.some((m) => m.token === token), {
      timeoutMs: 10_000,
      description: 'the payout push',
    });
    // A later event of another kind proves the three were consumed before we count.
    await publish('PayoutFailed', {
      withdrawId: randomUUID(),
      telegramId: owner,
      amountMicroUsd: 1,
      amountUsdt: '1.00',
      reason: 'x',
      refunded: false,
      status: 'failed',
      failedAt: new Date().toISOString(),
    });
    await pollUntil(async () => (await list(owner)).length === 2, { timeoutMs: 10_000 });
    const completed = (await list(owner)).filter((n) => n.title === 'Payout completed');
    expect(completed).toHaveLength(1);
    expect(completed[0].body).toContain(`Tx: ${message.txHash}`);
    expect(
      fcm.messages.filter((m) => m.notification?.title === 'Payout completed' && m.token === token),
    ).toHaveLength(1);
  });

  it('the user’s language decides the text of every payout step (refund said when it was held)', async () => {
    const [uz, ru] = [newUser(), newUser()];
    await recipient(uz, 'uz');
    await recipient(ru, 'ru');
    for (const owner of [uz, ru]) {
      const withdrawId = randomUUID();
      await publish('PayoutRequested', {
        withdrawId,
        telegramId: owner,
        amountMicroUsd: 5_000_000,
        amountUsdt: '5.00',
        network: 'BEP20',
        walletAddress: '0x' + 'ab'.repeat(20),
        status: 'pending',
        requestedAt: new Date().toISOString(),
      });
      await publish('PayoutProcessing', {
        withdrawId,
        telegramId: owner,
        amountMicroUsd: 5_000_000,
        amountUsdt: '5.00',
        network: 'BEP20',
        provider: 'nowpayments',
        payoutId: 'p1',
      });
      await publish('PayoutFailed', {
        withdrawId,
        telegramId: owner,
        amountMicroUsd: 5_000_000,
        amountUsdt: '5.00',
        reason: 'provider rejected the address',
        refunded: true,
        status: 'failed',
        failedAt: new Date().toISOString(),
      });
    }
    await pollUntil(async () => (await list(uz)).length === 3 && (await list(ru)).length === 3, {
      timeoutMs: 10_000,
      description: 'three payout notifications each',
    });
    const uzBodies = (await list(uz)).map((n) => n.body);
    expect(uzBodies).toEqual(
      expect.arrayContaining([
        'Pul yechish so‘rovingiz qabul qilindi: 5.00 USDT (BEP20).',
        'To‘lov BEP20 tarmog‘ida amalga oshirilmoqda: 5.00 USDT.',
        'To‘lov amalga oshmadi. Sabab: provider rejected the address. Summa balansingizga qaytarildi.',
      ]),
    );
    const ruTitles = (await list(ru)).map((n) => n.title).sort();
    expect(ruTitles).toEqual(
      ['Выплата в процессе', 'Выплата не выполнена', 'Заявка принята'].sort(),
    );
  });

  it('push off: the notification is stored and delivered live, never pushed; on again: pushed', async () => {
    const owner = newUser();
    await recipient(owner, 'en', { push: false });
    const token = await register(owner);
    await publish('PayoutCompleted', payoutCompleted(owner));
    await pollUntil(
      async () =>
        (
          await rows(
            `SELECT 1 FROM $S.notifications WHERE telegram_id = $1 AND push_status = 'push_off'`,
            [owner],
          )
        ).length === 1,
      { timeoutMs: 10_000, description: 'the notification handled as push off' },
    );
    expect(await list(owner)).toHaveLength(1);
    expect(fcm.messages.some((m) => m.token === token)).toBe(false);
    const channel = userLiveChannel(ctx.env.REDIS_KEY_PREFIX ?? '', owner);
    const delivered = await pollUntil(async () => live.find((l) => l.channel === channel), {
      timeoutMs: 5_000,
      description: 'the live notification',
    });
    expect(JSON.parse(delivered.message)).toMatchObject({
      type: 'notification',
      data: { kind: 'payout', title: 'Payout completed' },
    });

    await publish('NotificationSettingsChanged', {
      telegramId: owner,
      pushNotifications: true,
      sessionUpdates: true,
      systemUpdates: true,
      updatedAt: new Date().toISOString(),
    });
    await pollUntil(
      async () =>
        (
          await rows(`SELECT 1 FROM $S.recipients WHERE telegram_id = $1 AND push_notifications`, [
            owner,
          ])
        ).length === 1,
      { timeoutMs: 10_000 },
    );
    await publish('PayoutCompleted', payoutCompleted(owner));
    await pollUntil(async () => fcm.messages.some((m) => m.token === token), {
      timeoutMs: 10_000,
      description: 'the push once push is on again',
    });
  });

  it('referrals: a counted friend is announced; the day’s rewards are one notification with the total', async () => {
    const [referrer, friend, uncounted] = [newUser(), newUser(), newUser()];
    await recipient(referrer, 'en');
    const attributed = (referral: number, counted: boolean) => ({
      referralId: referral,
      referrerId: referrer,
      counted,
      reason: counted ? '' : 'same_ip',
      via: 'webapp',
      referralNameMasked: 'Al***',
      attributedAt: new Date().toISOString(),
    });
    await publish('ReferralAttributed', attributed(friend, true));
    await publish('ReferralAttributed', attributed(uncounted, false));
    const reward = (amount: number) => ({
      rewards: [
        {
          telegramId: referrer,
          sourceTelegramId: friend,
          tier: 1,
          kind: 'commission',
          transferId: randomUUID(),
          amountMicroUsd: amount,
          rewardedAt: new Date().toISOString(),
        },
      ],
    });
    await publish('ReferralRewarded', reward(12_000));
    await publish('ReferralRewarded', reward(30_000));
    await pollUntil(async () => (await list(referrer)).some((n) => n.body.includes('$0.04')), {
      timeoutMs: 10_000,
      description: 'the day’s referral total',
    });
    const mine = await list(referrer);
    expect(mine.filter((n) => n.title === 'Your friend joined').map((n) => n.body)).toEqual([
      'Al*** signed up with your link.',
    ]);
    expect(mine.filter((n) => n.title === 'Referral earnings').map((n) => n.body)).toEqual([
      'You earned $0.04 from referrals today.',
    ]);
  });

  it('a running session gets silent summaries; a user with session updates off gets none', async () => {
    const [sharing, quiet] = [newUser(), newUser()];
    await recipient(sharing, 'ru');
    await recipient(quiet, 'en', { session: false });
    const tokens = [await register(sharing), await register(quiet)];
    for (const owner of [sharing, quiet]) {
      const sessionId = randomUUID();
      await publish('SessionStarted', {
        sessionId,
        telegramId: owner,
        deviceId: 'd1',
        networkType: 'wifi',
        bypass: false,
        startedAt: new Date(Date.now() - 5_000).toISOString(),
      });
      await publish('ReportsIngested', {
        reports: [1, 2].map((seq) => ({
          sessionId,
          telegramId: owner,
          deviceId: 'd1',
          seq,
          deltaMilliMb: 60_000,
          countedAt: new Date().toISOString(),
        })),
      });
    }
    const summary = await pollUntil(
      async () =>
        fcm.messages.find((m) => m.token === tokens[0] && m.data?.type === 'session_summary'),
      { timeoutMs: 15_000, description: 'a silent summary' },
    );
    expect(summary.notification).toBeUndefined();
    expect(summary.data).toMatchObject({ delta_mb: '120.000', total_mb: '120.000' });
    // Silent ones are not in the in-app list.
    expect((await list(sharing)).some((n) => n.type === 'session_summary')).toBe(false);
    expect(fcm.messages.some((m) => m.token === tokens[1])).toBe(false);
  });

  it('earnings reports: daily, weekly (against the week before) and monthly, once per period', async () => {
    const [earner, ru, off] = [newUser(), newUser(), newUser()];
    await recipient(earner, 'en');
    await recipient(ru, 'ru');
    await recipient(off, 'en', { session: false });
    // Far in the future: the scheduler's real-time runs never reach these periods.
    const credit = (owner: number, at: string, amount: number) => ({
      telegramId: owner,
      transferId: `income:${randomUUID()}`,
      amountMicroUsd: amount,
      milliMb: 1_000,
      reportCount: 1,
      pricePerGbMicroUsd: 1_500_000,
      balanceMicroUsd: amount,
      creditedAt: at,
    });
    await publish('IncomesCredited', {
      credits: [
        // The week of 2040-02-20 (Mon) .. 02-26 (Sun), and the week before.
        credit(earner, '2040-02-13T10:00:00Z', 1_000_000),
        credit(earner, '2040-02-21T10:00:00Z', 500_000),
        credit(earner, '2040-02-26T23:59:00Z', 620_000),
        credit(ru, '2040-02-26T08:00:00Z', 430_000),
        credit(off, '2040-02-26T08:00:00Z', 430_000),
        // January, for the monthly report on 2040-02-01.
        credit(earner, '2040-01-15T10:00:00Z', 13_880_000),
      ],
    });
    await pollUntil(
      async () =>
        (
          await rows(`SELECT 1 FROM $S.earnings_days WHERE telegram_id = ANY($1::bigint[])`, [
            [earner, ru, off],
          ])
        ).length === 6,
      { timeoutMs: 10_000, description: 'earnings summed per day' },
    );
    const reports = service.app.get(EarningsReports);
    // The month closes on 2040-02-01: January's report, once.
    const firstOfMonth = new Date('2040-02-01T00:03:00Z');
    await reports.run(firstOfMonth);
    await reports.run(firstOfMonth);
    expect((await list(earner)).filter((n) => n.body.startsWith('🏁'))).toEqual([
      expect.objectContaining({ body: '🏁 Month closed: $13.88 earned!' }),
    ]);
    // Monday 2040-02-27 00:05 UTC: the day and the week just ended.
    const monday = new Date('2040-02-27T00:05:00Z');
    expect(await reports.run(monday)).toBe(4);
    expect(await reports.run(monday)).toBe(0);
    const earnerTexts = (await list(earner)).filter((n) => n.type === 'report').map((n) => n.body);
    expect(earnerTexts).toEqual(
      expect.arrayContaining([
        '📊 Your daily report is ready! You earned $0.62.',
        '📅 Your weekly earnings: $1.12 (↑ +12%).',
      ]),
    );
    expect(
      (await list(ru))
        .filter((n) => n.type === 'report')
        .map((n) => n.body)
        .sort(),
    ).toEqual(
      ['📊 Отчёт за день готов! Вы заработали $0.43.', '📅 Ваш доход за неделю: $0.43.'].sort(),
    );
    expect((await list(off)).filter((n) => n.type === 'report')).toEqual([]);
    // February (ended 2040-03-01) is more than a day old on 03-05: never reported late.
    await reports.run(new Date('2040-03-05T12:00:00Z'));
    expect((await list(earner)).filter((n) => n.body.startsWith('🏁'))).toHaveLength(1);
  });
});
