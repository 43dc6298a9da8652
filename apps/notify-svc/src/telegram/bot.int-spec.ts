import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { status } from '@grpc/grpc-js';
import { connect, headers as natsHeaders, type NatsConnection } from 'nats';

import { SERVICES } from '@trafficshare/config';
import { common, type notify } from '@trafficshare/contracts';
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
import { FakeBotApiServer } from './fake-bot-api-server';

const caller = (telegramId: number, role = common.Role.ROLE_USER): common.Caller => ({
  telegramId,
  role,
  sessionId: randomUUID(),
  ip: '203.0.113.9',
  userAgent: 'bot-int-spec',
});

// notify-svc in this process (real Postgres and JetStream); the bot talks through grammY to a
// fake Bot API server, and reads updates from it by long polling.
describe('notify-svc: the Telegram bot', () => {
  let ctx: TestContext;
  let nc: NatsConnection;
  let service: RunningService;
  let grpc: GrpcClientHandle<notify.NotifyServiceClient>;
  const token = `${100_000_000 + Math.floor(Math.random() * 800_000_000)}:${randomBytes(27).toString('base64url')}`;
  const webhookSecret = randomBytes(24).toString('base64url');
  const api = new FakeBotApiServer(token);
  const fcm = new FakeFcmServer();
  const adminChat = -1_000_000_000_000 - Math.floor(Math.random() * 1_000_000);
  const base = 9_400_000_000 + Math.floor(Math.random() * 1_000_000) * 10;
  const [alice, bob, carol] = [base + 1, base + 2, base + 3];
  const storageDir = mkdtempSync(join(tmpdir(), 'notify-bot-'));

  beforeAll(async () => {
    ctx = createTestContext('notify_bot');
    nc = await connect({ servers: ctx.natsUrl, name: 'test-notify-bot' });
    await ensureStreams(await nc.jetstreamManager(), ctx.natsPrefix);
    await api.start();
    const fcmPort = await fcm.start();
    service = await startApp(boot, {
      ...ctx.env,
      GRPC_PORT: String(await freePort()),
      METRICS_PORT: String(await freePort()),
      FCM_MODE: 'emulator',
      FCM_EMULATOR_ADDRESS: `127.0.0.1:${fcmPort}`,
      PUSH_DISPATCH_MS: '50',
      BOT_MODE: 'emulator',
      TELEGRAM_BOT_API_ROOT: api.url,
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_WEBHOOK_SECRET: webhookSecret,
      TELEGRAM_ADMIN_CHAT_ID: String(adminChat),
      TELEGRAM_BOT_USERNAME: 'test_share_bot',
      TELEGRAM_MINIAPP_NAME: 'app',
      BOT_UPDATES: 'polling',
      BOT_DISPATCH_MS: '50',
      SUPPORT_STORAGE_DIR: storageDir,
      ADMIN_ALERT_CHECK_MS: '200',
      PAYOUT_STUCK_AFTER_MIN: '30',
      FILTER_SPIKE_WINDOW_MIN: '1',
      FILTER_SPIKE_MIN_DENIED: '3',
      FILTER_SPIKE_DENY_PERCENT: '50',
    });
    grpc = createGrpcClient<notify.NotifyServiceClient>(SERVICES['notify-svc'], {
      address: service.grpcAddress,
      deadlineMs: 20_000,
    });
  }, 60_000);

  afterAll(async () => {
    grpc?.close();
    await service?.stop();
    await api.stop();
    await fcm.stop();
    await nc?.drain();
    await ctx?.cleanup();
    rmSync(storageDir, { recursive: true, force: true });
  }, 30_000);

  const publish = async <T extends EventType>(
    type: T,
    message: EventMessage<T>,
    occurredAt = new Date(),
  ): Promise<void> => {
    const h = natsHeaders();
    h.set('ts-event-id', randomUUID());
    h.set('ts-event-type', type);
    h.set('ts-occurred-at', occurredAt.toISOString());
    await nc.jetstream().publish(eventSubject(ctx.natsPrefix, type), encodeEvent(type, message), {
      msgID: randomUUID(),
      headers: h,
    });
  };
  const db = <T>(sql: string, params: unknown[]): Promise<T[]> =>
    service.context.dataSource.query(
      sql.replaceAll('$schema', `"${service.context.schema}"`),
      params,
    );
  const adminTexts = (): string[] =>
    api
      .sentTo(adminChat)
      .map((c) => [c.params.text, c.params.caption].find((v) => typeof v === 'string') ?? '');
  const login = (telegramId: number, sessionId = randomUUID()) =>
    publish('NewLoginDetected', {
      telegramId,
      sessionId,
      ip: '198.51.100.23',
      device: 'Pixel 8',
      city: 'Tashkent',
      country: 'UZ',
      newIp: true,
      newDevice: false,
      at: new Date().toISOString(),
    });

  it('answers /start ref_<code> in the user’s language with the Mini App link carrying startapp', async () => {
    api.pushUpdate({
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: alice, type: 'private' },
        from: { id: alice, is_bot: false, first_name: 'Alisa', language_code: 'ru' },
        text: '/start ref_AbC123',
      },
    });
    const [reply] = await pollUntil(async () => api.sentTo(alice).length > 0 && api.sentTo(alice), {
      timeoutMs: 15_000,
      description: 'the welcome reply',
    });
    expect(reply.method).toBe('sendMessage');
    expect(String(reply.params.text)).toContain('Добро пожаловать в TrafficShare');
    expect(reply.params.reply_markup).toEqual({
      inline_keyboard: [
        [
          {
            text: 'Открыть приложение',
            url: 'https://t.me/test_share_bot/app?startapp=ref_AbC123',
          },
        ],
      ],
    });
  });

  it('takes updates from the webhook only with the right secret, and answers a redelivered update once', async () => {
    const update = {
      update_id: 777_000 + Math.floor(Math.random() * 1000),
      message: {
        message_id: 5,
        date: Math.floor(Date.now() / 1000),
        chat: { id: carol, type: 'private' },
        from: { id: carol, is_bot: false, first_name: 'Carol', language_code: 'uz' },
        text: '/start',
      },
    };
    const rawBody = Buffer.from(JSON.stringify(update));
    const wrong = await grpc.client
      .handleBotUpdate({ pathSecret: webhookSecret, headerSecret: 'nope', rawBody })
      .then(
        () => 0,
        (err: { code: number }) => err.code,
      );
    expect(wrong).toBe(status.UNAUTHENTICATED);
    for (let i = 0; i < 2; i += 1)
      await grpc.client.handleBotUpdate({
        pathSecret: webhookSecret,
        headerSecret: webhookSecret,
        rawBody,
      });
    await pollUntil(async () => api.sentTo(carol).length > 0, { timeoutMs: 10_000 });
    await new Promise((r) => setTimeout(r, 500));
    const replies = api.sentTo(carol);
    expect(replies).toHaveLength(1);
    expect(String(replies[0].params.text)).toContain('xush kelibsiz');
    expect(JSON.stringify(replies[0].params.reply_markup)).toContain(
      'https://t.me/test_share_bot/app',
    );
    expect(JSON.stringify(replies[0].params.reply_markup)).not.toContain('startapp');
  });

  it('sends security alerts by the bot; a user who blocked it is marked bot_blocked and skipped from then on', async () => {
    await login(bob);
    await pollUntil(async () => api.sentTo(bob).length === 1, {
      timeoutMs: 10_000,
      description: 'the first security alert',
    });
    expect(String(api.sentTo(bob)[0].params.text)).toContain('New login');

    api.blocked.add(bob);
    const callsTo = () => api.calls.filter((c) => c.chatId === bob).length;
    await login(bob);
    await pollUntil(
      async () =>
        (
          await db<{ blocked_at: Date | null }>(
            `SELECT blocked_at FROM $schema.bot_chats WHERE telegram_id = $1`,
            [bob],
          )
        )[0]?.blocked_at != null,
      { timeoutMs: 10_000, description: 'bob marked bot_blocked' },
    );
    const afterBlock = callsTo();
    expect(afterBlock).toBe(2); // one delivered, one answered 403, never retried
    // Later messages are skipped without calling Telegram.
    await login(bob);
    await login(bob);
    await pollUntil(
      async () =>
        (
          await db<{ n: number }>(
            `SELECT count(*)::int AS n FROM $schema.bot_messages WHERE chat_id = $1 AND status = 'skipped'`,
            [bob],
          )
        )[0].n === 3,
      { timeoutMs: 10_000, description: 'three skipped messages' },
    );
    expect(callsTo()).toBe(afterBlock);
    const settings = await grpc.client.getBotSettings({ caller: caller(bob) });
    expect(settings.settings?.botBlocked).toBe(true);
    // In-app notifications still arrive.
    const list = await grpc.client.listNotifications({
      caller: caller(bob),
      limit: 10,
      offset: 0,
      unreadOnly: false,
    });
    expect(list.notifications.filter((n) => n.type === 'security')).toHaveLength(4);

    // A /start unblocks the chat.
    api.blocked.delete(bob);
    api.pushUpdate({
      message: {
        message_id: 9,
        date: Math.floor(Date.now() / 1000),
        chat: { id: bob, type: 'private' },
        from: { id: bob, is_bot: false, first_name: 'Bob' },
        text: '/start',
      },
    });
    await pollUntil(async () => api.sentTo(bob).length === 2, { timeoutMs: 10_000 });
    expect((await grpc.client.getBotSettings({ caller: caller(bob) })).settings?.botBlocked).toBe(
      false,
    );
  });

  it('tells a user whose session token was used from another IP, in their language, by the bot and in-app, once per session and IP', async () => {
    const dave = alice + 97;
    await db(
      `INSERT INTO $schema.recipients (telegram_id, language, updated_at) VALUES ($1, 'ru', now())
       ON CONFLICT (telegram_id) DO UPDATE SET language = 'ru'`,
      [dave],
    );
    const event = {
      telegramId: dave,
      sessionId: randomUUID(),
      issuedIp: '198.51.100.23',
      ip: '203.0.113.77',
      device: 'Pixel 8',
      at: new Date().toISOString(),
    };
    await publish('TokenUsedFromNewIp', event);
    await publish('TokenUsedFromNewIp', event); // the same session and IP again: no second alert
    const [message] = await pollUntil(async () => api.sentTo(dave).length > 0 && api.sentTo(dave), {
      timeoutMs: 15_000,
      description: 'the token alert by the bot',
    });
    expect(String(message.params.text)).toContain('Сеанс использован с другого IP');
    // The IP is masked wherever it is shown.
    expect(String(message.params.text)).toContain('203.0.113.x');
    expect(String(message.params.text)).not.toContain('203.0.113.77');
    const stored = await pollUntil(
      async () => {
        const rows = await db<{ title: string }>(
          `SELECT title FROM $schema.notifications WHERE telegram_id = $1 AND type = 'security'`,
          [dave],
        );
        return rows.length > 0 && rows;
      },
      { timeoutMs: 15_000, description: 'the in-app alert' },
    );
    // Give the second event time to be consumed, then count again.
    await new Promise((r) => setTimeout(r, 1_000));
    const again = await db<{ title: string }>(
      `SELECT title FROM $schema.notifications WHERE telegram_id = $1 AND type = 'security'`,
      [dave],
    );
    expect(stored.map((n) => n.title)).toEqual(['Сеанс использован с другого IP']);
    expect(again).toHaveLength(1);
    expect(api.sentTo(dave)).toHaveLength(1);
  });

  it('waits out a 429 and still delivers', async () => {
    api.rateLimitNext(1, 1);
    await login(carol);
    await pollUntil(
      async () => api.sentTo(carol).some((c) => String(c.params.text).includes('New login')),
      { timeoutMs: 15_000, description: 'the alert after a 429' },
    );
    expect(api.calls.some((c) => c.status === 429)).toBe(true);
  });

  it('copies other notifications to Telegram only for users who turned delivery on', async () => {
    const dave = base + 4;
    const credit = () => ({
      telegramId: dave,
      transferId: `income:${randomUUID()}`,
      amountMicroUsd: 50_000,
      milliMb: 10_000,
      reportCount: 1,
      pricePerGbMicroUsd: 1_500_000,
      balanceMicroUsd: 1_000_000,
      creditedAt: new Date().toISOString(),
    });
    await publish('IncomesCredited', { credits: [credit()] });
    await pollUntil(
      async () =>
        (
          await grpc.client.listNotifications({
            caller: caller(dave),
            limit: 5,
            offset: 0,
            unreadOnly: false,
          })
        ).total === 1,
      { timeoutMs: 10_000 },
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(api.sentTo(dave)).toHaveLength(0);
    const on = await grpc.client.setBotSettings({ caller: caller(dave), telegramDelivery: true });
    expect(on.settings).toMatchObject({ telegramDelivery: true, botBlocked: false });
    // The next hour's earnings notification (one per user per hour) goes to Telegram too.
    await publish('IncomesCredited', {
      credits: [{ ...credit(), creditedAt: new Date(Date.now() + 3_600_000).toISOString() }],
    });
    await pollUntil(async () => api.sentTo(dave).length === 1, {
      timeoutMs: 10_000,
      description: 'the earnings notification in Telegram',
    });
  });

  it('tells the admin chat of prices, failed payouts (once per payout) and stuck payouts', async () => {
    const date = '2031-01-0' + (1 + Math.floor(Math.random() * 8));
    await publish('PriceUpdated', {
      date,
      pricePerGbMicroUsd: 1_750_000,
      previousPricePerGbMicroUsd: 1_500_000,
      change: '+0.25',
      message: '',
      push: false,
      adminId: 42,
      updatedAt: new Date().toISOString(),
    });
    const failed = {
      withdrawId: randomUUID(),
      telegramId: alice,
      amountMicroUsd: 5_000_000,
      amountUsdt: '5.000000',
      reason: 'provider rejected the address',
      refunded: true,
      status: 'failed',
      failedAt: new Date().toISOString(),
    };
    // The same failure published twice (two event ids): one admin message.
    await publish('PayoutFailed', failed);
    await publish('PayoutFailed', failed);
    const stuckId = randomUUID();
    await publish(
      'PayoutProcessing',
      {
        withdrawId: stuckId,
        telegramId: bob,
        amountMicroUsd: 2_000_000,
        amountUsdt: '2.000000',
        network: 'BEP20',
        provider: 'nowpayments',
        payoutId: 'p1',
      },
      new Date(Date.now() - 45 * 60_000),
    );
    const doneId = randomUUID();
    await publish(
      'PayoutProcessing',
      {
        withdrawId: doneId,
        telegramId: bob,
        amountMicroUsd: 1_000_000,
        amountUsdt: '1.000000',
        network: 'BEP20',
        provider: 'nowpayments',
        payoutId: 'p2',
      },
      new Date(Date.now() - 45 * 60_000),
    );
    await publish('PayoutCompleted', {
      withdrawId: doneId,
      telegramId: bob,
      amountMicroUsd: 1_000_000,
      amountUsdt: '1.000000',
      network: 'BEP20',
      walletAddress: '0x0000000000000000000000000000000000000001',
      txHash: '0xabc',
      completedAt: new Date().toISOString(),
    });
    await pollUntil(
      async () => {
        const texts = adminTexts();
        return (
          texts.some((t) => t.includes(`Price updated for ${date}`)) &&
          texts.some((t) => t.includes(failed.withdrawId)) &&
          texts.some((t) => t.includes(stuckId))
        );
      },
      { timeoutMs: 15_000, description: 'price, failure and stuck payout in the admin chat' },
    );
    await new Promise((r) => setTimeout(r, 800));
    const texts = adminTexts();
    expect(texts.filter((t) => t.includes(failed.withdrawId))).toHaveLength(1);
    expect(texts.filter((t) => t.includes(stuckId))).toHaveLength(1);
    expect(texts.some((t) => t.includes(doneId))).toBe(false);
  });

  it('reports a spike of denied STARTs once per window', async () => {
    const lastMinute = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 30_000);
    const decided = (decision: string) => ({
      decisionId: randomUUID(),
      telegramId: carol,
      deviceId: 'd1',
      sessionId: randomUUID(),
      decision,
      reasons: decision === 'deny' ? ['vpn'] : [],
      country: 'UZ',
      asn: 1,
      decidedAt: lastMinute.toISOString(),
    });
    for (const d of ['deny', 'deny', 'deny', 'allow']) await publish('FilterDecided', decided(d));
    await pollUntil(async () => adminTexts().some((t) => t.includes('Filter deny spike')), {
      timeoutMs: 15_000,
      description: 'the spike alert',
    });
    await new Promise((r) => setTimeout(r, 600));
    expect(adminTexts().filter((t) => t.includes('Filter deny spike'))).toHaveLength(1);
    expect(adminTexts().find((t) => t.includes('Filter deny spike'))).toContain('3 of 4');
  });

  it('lets only one of three simultaneous support requests through (the rate limit is checked under a per-user lock)', async () => {
    const eve = base + 5;
    const request = () =>
      grpc.client
        .sendSupportRequest({
          caller: caller(eve),
          subject: 'Race',
          message: 'two at once',
          attachment: undefined,
        })
        .then(
          () => 'ok',
          (err: { code: number; metadata: { get(k: string): unknown[] } }) =>
            `${err.code}:${String(err.metadata.get('ts-error-code')[0])}`,
        );
    const outcomes = await Promise.all([request(), request(), request()]);
    expect(outcomes.sort()).toEqual(
      [
        'ok',
        `${status.RESOURCE_EXHAUSTED}:support_rate_limited`,
        `${status.RESOURCE_EXHAUSTED}:support_rate_limited`,
      ].sort(),
    );
  });
});
