import { randomUUID } from 'node:crypto';

import { status } from '@grpc/grpc-js';
import { Controller, type INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { connect, headers as natsHeaders, type NatsConnection } from 'nats';
import pino from 'pino';

import { SERVICES } from '@trafficshare/config';
import { common, ledger, notify } from '@trafficshare/contracts';
import {
  createGrpcClient,
  createHealth,
  GrpcExceptionFilter,
  GrpcMethods,
  grpcServerOptions,
  type GrpcClientHandle,
} from '@trafficshare/grpc';
import { encodeEvent, ensureStreams, eventSubject } from '@trafficshare/messaging';
import type { RunningService } from '@trafficshare/service-kit';
import {
  createTestContext,
  freePort,
  pollUntil,
  startApp,
  type TestContext,
} from '@trafficshare/testing';

import { boot } from '../boot';

const caller = (telegramId: number, role = common.Role.ROLE_USER): common.Caller => ({
  telegramId,
  role,
  sessionId: randomUUID(),
  ip: '203.0.113.9',
  userAgent: 'notify-news-int-spec',
});

/** ledger-svc's ListPromoCodes as a test double on a real gRPC server: counts the calls. */
const ledgerCalls: ledger.ListPromoCodesRequest[] = [];
let promos: ledger.PromoCode[] = [];

@Controller()
@GrpcMethods(ledger.LEDGER_SERVICE_NAME)
class FakeLedgerPromos implements Pick<ledger.LedgerServiceController, 'listPromoCodes'> {
  listPromoCodes(req: ledger.ListPromoCodesRequest): ledger.ListPromoCodesResponse {
    ledgerCalls.push(req);
    return { promos };
  }
}

@Module({ controllers: [FakeLedgerPromos] })
class FakeLedgerModule {}

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

// notify-svc in this process (real Postgres, Redis, JetStream) with a gRPC test double of
// ledger-svc's promo listing.
describe('notify-svc news: announcements, links, the cached news & promo answer', () => {
  let ctx: TestContext;
  let nc: NatsConnection;
  let service: RunningService;
  let fakeLedger: INestMicroservice;
  let grpc: GrpcClientHandle<notify.NotifyServiceClient>;
  const base = 9_500_000_000 + Math.floor(Math.random() * 1_000_000) * 10;
  const [admin, alice, quiet] = [base + 1, base + 2, base + 3];
  const superadmin = () => caller(admin, common.Role.ROLE_SUPERADMIN);
  const promo = (code: string): ledger.PromoCode => ({
    code,
    bonusBasisPoints: 1000,
    expiresAt: '',
    isActive: true,
    maxBonusMicroUsd: 0,
    activations: 0,
    createdAt: new Date().toISOString(),
  });

  beforeAll(async () => {
    ctx = createTestContext('notify_news');
    nc = await connect({ servers: ctx.natsUrl, name: 'test-notify-news' });
    await ensureStreams(await nc.jetstreamManager(), ctx.natsPrefix);
    const ledgerAddress = `127.0.0.1:${await freePort()}`;
    const health = createHealth(SERVICES['ledger-svc']);
    fakeLedger = await NestFactory.createMicroservice(FakeLedgerModule, {
      ...grpcServerOptions(SERVICES['ledger-svc'], ledgerAddress, health),
      logger: false,
    });
    fakeLedger.useGlobalFilters(new GrpcExceptionFilter(pino({ level: 'silent' })));
    await fakeLedger.listen();
    service = await startApp(boot, {
      ...ctx.env,
      GRPC_PORT: String(await freePort()),
      METRICS_PORT: String(await freePort()),
      FCM_MODE: 'sandbox',
      LEDGER_GRPC_URL: ledgerAddress,
      NEWS_PROMO_CACHE_S: '600',
      NEWS_TELEGRAM_CHANNEL_URL: 'https://t.me/test_news',
      SCHEDULER_TICK_MS: '100',
    });
    grpc = createGrpcClient<notify.NotifyServiceClient>(SERVICES['notify-svc'], {
      address: service.grpcAddress,
      deadlineMs: 20_000,
    });
  }, 60_000);

  afterAll(async () => {
    grpc?.close();
    await service?.stop();
    await fakeLedger?.close();
    await nc?.drain();
    await ctx?.cleanup();
  }, 30_000);

  const create = (fields: Partial<notify.CreateAnnouncementRequest>) =>
    grpc.client.createAnnouncement({
      caller: superadmin(),
      title: 'Title',
      description: 'Body',
      imageUrl: '',
      link: '',
      publishAt: '',
      push: false,
      ...fields,
    });
  const feed = async (owner = alice) =>
    (await grpc.client.listAnnouncements({ caller: caller(owner), limit: 100, offset: 0 }))
      .announcements;

  it('only superadmins manage announcements; bad fields are refused with a clear code', async () => {
    expect(await failure(create({ caller: caller(alice) }))).toEqual({
      status: status.PERMISSION_DENIED,
      code: 'forbidden',
    });
    expect(await failure(create({ title: '' }))).toEqual({
      status: status.INVALID_ARGUMENT,
      code: 'invalid_announcement',
    });
    expect(await failure(create({ link: 'javascript:alert(1)' }))).toMatchObject({
      code: 'invalid_announcement',
    });
    expect(
      await failure(grpc.client.deleteAnnouncement({ caller: superadmin(), id: randomUUID() })),
    ).toEqual({ status: status.NOT_FOUND, code: 'announcement_not_found' });
  });

  it('the feed lists published announcements newest first; is_new within 24 h; scheduled ones wait', async () => {
    const old = (
      await create({
        title: 'Old news',
        publishAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
      })
    ).announcement!;
    const fresh = (await create({ title: 'Fresh news', link: 'https://example.com/a' }))
      .announcement!;
    const later = (
      await create({
        title: 'Later news',
        publishAt: new Date(Date.now() + 3_600_000).toISOString(),
      })
    ).announcement!;
    const mine = await feed();
    const ids = mine.map((a) => a.id);
    expect(ids).toContain(old.id);
    expect(ids.indexOf(fresh.id)).toBeLessThan(ids.indexOf(old.id));
    expect(ids).not.toContain(later.id);
    expect(mine.find((a) => a.id === fresh.id)).toMatchObject({
      isNew: true,
      link: 'https://example.com/a',
    });
    expect(mine.find((a) => a.id === old.id)?.isNew).toBe(false);
    const all = await grpc.client.listAnnouncementsAdmin({
      caller: superadmin(),
      limit: 100,
      offset: 0,
    });
    expect(all.announcements.find((a) => a.id === later.id)).toMatchObject({ publishedAt: '' });
    // Moved to now: visible at once.
    await grpc.client.updateAnnouncement({ caller: superadmin(), id: later.id, publishAt: '' });
    expect((await feed()).map((a) => a.id)).toContain(later.id);
    await grpc.client.deleteAnnouncement({ caller: superadmin(), id: later.id });
    expect((await feed()).map((a) => a.id)).not.toContain(later.id);
  });

  it('news_promo: links + feed + ledger promos in one cached answer, rebuilt when an announcement changes', async () => {
    promos = [promo('TRAFIC10')];
    const calls = ledgerCalls.length;
    const first = await grpc.client.getNewsPromo({ caller: caller(alice) });
    expect(first.telegramLinks).toEqual({
      channel: 'https://t.me/test_news',
      chat: 'https://t.me/trafficshare_chat',
    });
    expect(first.promo.map((p) => p.code)).toEqual(['TRAFIC10']);
    expect(ledgerCalls.length).toBe(calls + 1);
    // The ledger asked as the user, active codes only.
    expect(ledgerCalls.at(-1)).toMatchObject({
      includeInactive: false,
      caller: { telegramId: alice },
    });

    // Cached: a promo change is not seen (ledger publishes no event; the TTL bounds it) …
    promos = [promo('TRAFIC10'), promo('NEW20')];
    const second = await grpc.client.getNewsPromo({ caller: caller(alice) });
    expect(ledgerCalls.length).toBe(calls + 1);
    expect(second.promo.map((p) => p.code)).toEqual(['TRAFIC10']);
    expect(second.builtAt).toBe(first.builtAt);

    // … an announcement change drops the cache: the next answer has both.
    const created = (await create({ title: 'Promo week' })).announcement!;
    const third = await grpc.client.getNewsPromo({ caller: caller(alice) });
    expect(ledgerCalls.length).toBe(calls + 2);
    expect(third.announcements[0]).toMatchObject({ id: created.id, isNew: true });
    expect(third.promo.map((p) => p.code)).toEqual(['TRAFIC10', 'NEW20']);

    await grpc.client.updateAnnouncement({
      caller: superadmin(),
      id: created.id,
      title: 'Renamed',
    });
    const fourth = await grpc.client.getNewsPromo({ caller: caller(alice) });
    expect(fourth.announcements[0].title).toBe('Renamed');
    await grpc.client.deleteAnnouncement({ caller: superadmin(), id: created.id });
    const fifth = await grpc.client.getNewsPromo({ caller: caller(alice) });
    expect(fifth.announcements.map((a) => a.id)).not.toContain(created.id);
  });

  it('news_promo without ledger-svc: served with no promo codes, not cached', async () => {
    await create({ title: 'Invalidate' });
    const calls = ledgerCalls.length;
    await fakeLedger.close();
    const down = await grpc.client.getNewsPromo({ caller: caller(alice) });
    expect(down.promo).toEqual([]);
    expect(down.announcements[0].title).toBe('Invalidate');
    const again = await grpc.client.getNewsPromo({ caller: caller(alice) });
    expect(again.builtAt).not.toBe(down.builtAt);
    expect(ledgerCalls.length).toBe(calls);
  });

  it('a pushed announcement notifies every user with system updates on, once, when it is published', async () => {
    const publish = async <T extends 'UserRegistered' | 'NotificationSettingsChanged'>(
      type: T,
      message: Parameters<typeof encodeEvent<T>>[1],
    ) => {
      const h = natsHeaders();
      h.set('ts-event-id', randomUUID());
      h.set('ts-event-type', type);
      h.set('ts-occurred-at', new Date().toISOString());
      await nc.jetstream().publish(eventSubject(ctx.natsPrefix, type), encodeEvent(type, message), {
        headers: h,
      });
    };
    for (const [owner, language] of [
      [alice, 'uz'],
      [quiet, 'en'],
    ] as const)
      await publish('UserRegistered', {
        telegramId: owner,
        username: '',
        firstName: 'T',
        language,
        registeredAt: new Date().toISOString(),
      });
    await publish('NotificationSettingsChanged', {
      telegramId: quiet,
      pushNotifications: true,
      sessionUpdates: true,
      systemUpdates: false,
      updatedAt: new Date().toISOString(),
    });
    const schema = `"${service.context.schema}"`;
    await pollUntil(
      async () =>
        (
          await service.context.dataSource.query(
            `SELECT 1 FROM ${schema}.recipients WHERE telegram_id = ANY($1::bigint[]) AND settings_at IS NOT NULL OR telegram_id = $2`,
            [[quiet], alice],
          )
        ).length === 2,
      { timeoutMs: 10_000, description: 'both recipients known' },
    );
    const scheduled = (
      await create({
        title: 'Maintenance',
        description: 'Tonight',
        push: true,
        publishAt: new Date(Date.now() + 1_500).toISOString(),
      })
    ).announcement!;
    const news = async (owner: number) =>
      (
        await grpc.client.listNotifications({
          caller: caller(owner),
          limit: 50,
          offset: 0,
          unreadOnly: false,
        })
      ).notifications.filter((n) => n.type === 'news');
    expect(await news(alice)).toEqual([]);
    const got = await pollUntil(async () => (await news(alice))[0], {
      timeoutMs: 15_000,
      description: 'the announcement notification once published',
    });
    expect(got).toMatchObject({ title: '📢 Yangi e’lon: Maintenance', body: 'Tonight' });
    expect((await feed()).map((a) => a.id)).toContain(scheduled.id);
    // Edits after publishing never push again; the quiet user (system updates off) gets nothing.
    await grpc.client.updateAnnouncement({
      caller: superadmin(),
      id: scheduled.id,
      title: 'Again',
    });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await news(alice)).toHaveLength(1);
    expect(await news(quiet)).toEqual([]);
  });
});
