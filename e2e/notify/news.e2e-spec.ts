import { SERVICES } from '@trafficshare/config';
import type { RunningService } from '@trafficshare/service-kit';
import { pollUntil, startApp } from '@trafficshare/testing';

import { boot as bootLedger } from '../../apps/ledger-svc/src/boot';
import { boot as bootNotify } from '../../apps/notify-svc/src/boot';
import { AuthStack, freePort, idFactory } from '../auth/support/harness';

interface Announcement {
  id: string;
  title: string;
  is_new: boolean;
  published_at: string | null;
}

/** The news & promo page through the gateway: admin announcements (notify-svc), promo codes
 *  (ledger-svc, asked by notify-svc over gRPC), the cached answer, and the announcement push
 *  reaching users by their settings (auth-svc publishes them, notify-svc keeps a copy). */
describe('news over HTTP (e2e)', () => {
  let stack: AuthStack;
  let ledger: RunningService;
  let notify: RunningService;
  const nextId = idFactory();
  const ADMIN = nextId();

  beforeAll(async () => {
    const [ledgerPort, notifyPort] = [await freePort(), await freePort()];
    stack = await AuthStack.start('e2e_news', {
      adminIds: [ADMIN],
      env: {
        [SERVICES['ledger-svc'].urlEnv]: `127.0.0.1:${ledgerPort}`,
        [SERVICES['notify-svc'].urlEnv]: `127.0.0.1:${notifyPort}`,
      },
    });
    ledger = await startApp(bootLedger, {
      ...stack.ctx.env,
      GRPC_PORT: String(ledgerPort),
      METRICS_PORT: String(await freePort()),
      RECONCILE_ENABLED: 'false',
      TELEMETRY_GRPC_URL: '127.0.0.1:1',
    });
    notify = await startApp(bootNotify, {
      ...stack.ctx.env,
      GRPC_PORT: String(notifyPort),
      METRICS_PORT: String(await freePort()),
      LEDGER_GRPC_URL: `127.0.0.1:${ledgerPort}`,
      FCM_MODE: 'sandbox',
      PUSH_DISPATCH_MS: '50',
      NEWS_PROMO_CACHE_S: '2',
    });
  }, 120_000);

  afterAll(async () => {
    await notify?.stop();
    await ledger?.stop();
    await stack?.stop();
  }, 60_000);

  it('admin manages announcements; users read the feed, the links and news_promo (cached, invalidated)', async () => {
    const admin = (await stack.login(ADMIN)).token;
    const user = await stack.login(nextId());
    const code = `NEWS${Date.now() % 1_000_000}`;
    const promo = await stack.api('POST', '/api/admin/promo', {
      token: admin,
      body: { code, bonus_percent: 10 },
    });
    expect(promo.status).toBeLessThan(300);

    const forbidden = await stack.api('POST', '/api/admin/news', {
      token: user.token,
      body: { title: 'x', description: 'y' },
    });
    expect(forbidden.status).toBe(403);
    const bad = await stack.api('POST', '/api/admin/news', {
      token: admin,
      body: { title: 'x', description: 'y', link: 'http://insecure.example' },
    });
    expect(bad.status).toBe(400);

    const created = await stack.api('POST', '/api/admin/news', {
      token: admin,
      body: {
        title: 'Kunlik narx yangilandi!',
        description: 'Bugun trafik narxi 0.0023 $/MB etib belgilandi.',
        image_url: 'https://cdn.example.com/news/price.png',
      },
    });
    expect(created).toMatchObject({
      status: 200,
      body: { status: 'success', announcement: { is_new: true, push: false, publish_at: null } },
    });
    const id = (created.body.announcement as Announcement).id;

    const page = await stack.api('GET', '/api/news_promo', { token: user.token });
    expect(page.status).toBe(200);
    expect(page.body.telegram_links).toEqual({
      channel: 'https://t.me/trafficshare_news',
      chat: 'https://t.me/trafficshare_chat',
    });
    expect((page.body.announcements as Announcement[])[0]).toMatchObject({ id, is_new: true });
    expect(page.body.promo).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code, bonus_percent: 10, is_active: true }),
      ]),
    );

    // An edit shows at once (the cache is dropped) …
    const renamed = await stack.api('PATCH', `/api/admin/news/${id}`, {
      token: admin,
      body: { title: 'Renamed' },
    });
    expect(renamed.status).toBe(200);
    const again = await stack.api('GET', '/api/news_promo', { token: user.token });
    expect((again.body.announcements as Announcement[])[0].title).toBe('Renamed');
    // … a promo deactivated shows once the short cache life is over (ledger publishes no event).
    await stack.api('PATCH', `/api/admin/promo/${code}/deactivate`, { token: admin });
    await pollUntil(
      async () => {
        const res = await stack.api('GET', '/api/news_promo', { token: user.token });
        return !(res.body.promo as { code: string }[]).some((p) => p.code === code);
      },
      { timeoutMs: 10_000, intervalMs: 500, description: 'the deactivated promo gone' },
    );

    const feed = await stack.api('GET', '/api/announcements?limit=5', { token: user.token });
    expect(feed).toMatchObject({ status: 200, body: { status: 'success' } });
    expect((feed.body.announcements as Announcement[]).map((a) => a.id)).toContain(id);
    const links = await stack.api('GET', '/api/telegram/links', { token: user.token });
    expect(links.body).toMatchObject({
      telegram_links: { chat: 'https://t.me/trafficshare_chat' },
    });

    const list = await stack.api('GET', '/api/admin/news', { token: admin });
    expect(list.status).toBe(200);
    const deleted = await stack.api('DELETE', `/api/admin/news/${id}`, { token: admin });
    expect(deleted).toMatchObject({ status: 200, body: { deleted: true } });
    const gone = await stack.api('DELETE', `/api/admin/news/${id}`, { token: admin });
    expect(gone).toMatchObject({ status: 404, body: { code: 'announcement_not_found' } });
    const badId = await stack.api('DELETE', '/api/admin/news/not-a-uuid', { token: admin });
    expect(badId.status).toBe(400);
  });

  it('"push to all" reaches users with system updates on (settings from auth-svc), in-app and once', async () => {
    const admin = (await stack.login(ADMIN)).token;
    const [on, off] = [await stack.login(nextId()), await stack.login(nextId())];
    const settings = await stack.api('PATCH', '/api/user/settings', {
      token: off.token,
      body: { system_updates: false },
    });
    expect(settings.status).toBe(200);
    // notify-svc learns both users (UserRegistered) and the setting (NotificationSettingsChanged).
    const schema = `"${notify.context.schema}"`;
    await pollUntil(
      async () =>
        (
          await notify.context.dataSource.query(
            `SELECT 1 FROM ${schema}.recipients WHERE (telegram_id = $1) OR (telegram_id = $2 AND NOT system_updates)`,
            [on.telegramId, off.telegramId],
          )
        ).length === 2,
      { timeoutMs: 15_000, description: 'notify-svc knows both users and the setting' },
    );
    await stack.api('POST', '/api/admin/news', {
      token: admin,
      body: { title: 'Maintenance', description: 'Tonight 02:00 UTC', push: true },
    });
    const news = async (token: string) =>
      (
        (await stack.api('GET', '/api/user/notifications', { token })).body.notifications as {
          type: string;
          title: string;
        }[]
      ).filter((n) => n.type === 'news');
    await pollUntil(async () => (await news(on.token)).length === 1, {
      timeoutMs: 15_000,
      description: 'the announcement notification',
    });
    expect((await news(on.token))[0].title).toBe('📢 New announcement: Maintenance');
    expect(await news(off.token)).toEqual([]);
  });
});
