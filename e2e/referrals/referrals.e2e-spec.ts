import { randomUUID } from 'node:crypto';

import { connect, headers as natsHeaders, type NatsConnection } from 'nats';

import { SERVICES } from '@trafficshare/config';
import { encodeEvent, eventSubject } from '@trafficshare/messaging';
import type { RunningService } from '@trafficshare/service-kit';
import { pollUntil, startApp } from '@trafficshare/testing';

import { boot as bootLedger } from '../../apps/ledger-svc/src/boot';
import { AuthStack, freePort, idFactory } from '../auth/support/harness';

type Json = Record<string, unknown>;
interface ReferralItem {
  id_masked: string;
  name_masked: string;
  tier: number;
  status: string;
  reason: string | null;
  earned_usd: number | null;
}

// The referral program end to end: auth-svc attributes at first login (Mini App start_param,
// web link), the gateway serves the pages, ledger-svc pays commissions from the events — all
// three in this process against real Postgres, Redis and NATS.
describe('referrals (e2e)', () => {
  let stack: AuthStack;
  let ledger: RunningService;
  let nc: NatsConnection;
  const nextId = idFactory();
  const ADMIN = nextId();

  beforeAll(async () => {
    const ledgerPort = await freePort();
    stack = await AuthStack.start('e2e_referrals', {
      adminIds: [ADMIN],
      env: {
        [SERVICES['ledger-svc'].urlEnv]: `127.0.0.1:${ledgerPort}`,
        // Two counted referrals per referrer per day (default 20), so the cap is reachable.
        REFERRAL_DAILY_CAP: '2',
      },
    });
    ledger = await startApp(bootLedger, {
      ...stack.ctx.env,
      GRPC_PORT: String(ledgerPort),
      METRICS_PORT: String(await freePort()),
      INCOME_BATCH_WAIT_MS: '1000',
      RECONCILE_ENABLED: 'false',
      TELEMETRY_GRPC_URL: '127.0.0.1:1',
      OUTBOX_POLL_MS: '50',
    });
    nc = await connect({ servers: stack.ctx.natsUrl });
  }, 90_000);

  afterAll(async () => {
    await nc?.drain();
    await ledger?.stop();
    await stack?.stop();
  });

  const webappLogin = async (id: number, ip: string, startParam?: string) => {
    const res = await stack.api('POST', '/api/auth/webapp', {
      body: {
        init_data: stack.initData(id, startParam ? { start_param: startParam } : {}),
      },
      ip,
    });
    expect(res.status).toBe(200);
    return res.body.token as string;
  };

  const referralsOf = async (token: string) => {
    const res = await stack.api('GET', '/api/referrals', { token, ip: stack.nextIp() });
    expect(res.status).toBe(200);
    return res.body as Json & { code: string; referrals: ReferralItem[]; links: Json };
  };

  /** Traffic income for `user` as telemetry would publish it (1 GB at the default $1.50). */
  const shareGb = async (user: number) => {
    const h = natsHeaders();
    const id = randomUUID();
    h.set('ts-event-id', id);
    h.set('ts-event-type', 'ReportsIngested');
    h.set('ts-occurred-at', new Date().toISOString());
    await nc.jetstream().publish(
      eventSubject(stack.ctx.natsPrefix, 'ReportsIngested'),
      encodeEvent('ReportsIngested', {
        reports: [
          {
            sessionId: `s-${randomUUID()}`,
            telegramId: user,
            deviceId: 'd-1',
            seq: 1,
            deltaMilliMb: 1_024_000,
            countedAt: new Date().toISOString(),
          },
        ],
      }),
      { msgID: id, headers: h },
    );
  };

  it('attributes a Mini App start_param at the first login only, never to oneself, and pays 10 %', async () => {
    const [a, b] = [nextId(), nextId()];
    const tokenA = (await stack.login(a)).token;
    const mine = await referralsOf(tokenA);
    expect(mine.code).toMatch(/^[a-z2-9]{8}$/);
    expect(mine.links).toEqual({
      bot: `https://t.me/TrafficShareBot?start=ref_${mine.code}`,
      mini_app: `https://t.me/TrafficShareBot/app?startapp=ref_${mine.code}`,
      web: `/?ref=${mine.code}`,
    });
    expect(mine.referrals).toEqual([]);

    // B opens the Mini App link: initData carries start_param=ref_<code>.
    const tokenB = await webappLogin(b, stack.nextIp(), `ref_${mine.code}`);
    const afterB = await referralsOf(tokenA);
    expect(afterB.referrals).toEqual([
      expect.objectContaining({
        id_masked: `•••${String(b).slice(-4)}`,
        name_masked: 'We***',
        tier: 1,
        status: 'counted',
        reason: null,
      }),
    ]);
    expect(JSON.stringify(afterB)).not.toContain(String(b));

    // A later login with a code attributes nothing (B keeps A; A never gets a referrer, even
    // their own code or B's: no self-referral, no cycle).
    const codeB = (await referralsOf(tokenB)).code;
    await webappLogin(a, stack.nextIp(), `ref_${codeB}`);
    await webappLogin(a, stack.nextIp(), `ref_${mine.code}`);
    expect((await referralsOf(tokenB)).referrals).toEqual([]);
    const adminToken = (await stack.login(ADMIN)).token;
    const tree = await stack.api('GET', `/api/admin/referrals/${a}`, {
      token: adminToken,
      ip: stack.nextIp(),
    });
    expect(tree.status).toBe(200);
    expect(tree.body).toMatchObject({ referred_by: null, total: 1 });
    expect((tree.body.flags as Json[]).map((f) => f.reason).sort()).toEqual([
      'not_first_login',
      'not_first_login',
    ]);

    // B shares 1 GB ($1.50): A earns 10 % ($0.15); the milestone bonus waits for 2 GB.
    await shareGb(b);
    await pollUntil(
      async () => {
        const page = await referralsOf(tokenA);
        return (page.earnings as { total_usd: number } | null)?.total_usd === 0.15
          ? page
          : undefined;
      },
      { timeoutMs: 30_000, description: 'the referral commission' },
    );
    const page = await referralsOf(tokenA);
    expect(page.earnings).toEqual({
      total_usd: 0.15,
      tiers: [{ tier: 1, earned_usd: 0.15, income_usd: 1.5 }],
    });
    expect(page.referrals[0]).toMatchObject({ earned_usd: 0.15 });
    const earnings = await stack.api('GET', '/api/referrals/earnings', {
      token: tokenA,
      ip: stack.nextIp(),
    });
    expect(earnings.status).toBe(200);
    expect(earnings.body).toMatchObject({
      total_usd: 0.15,
      days: [{ tier: 1, earned_usd: 0.15, income_usd: 1.5 }],
    });
    // The balance history shows the credit with its source masked, never the raw id.
    const history = await stack.api('GET', '/api/user/balance_history', {
      token: tokenA,
      ip: stack.nextIp(),
    });
    expect(history.status).toBe(200);
    expect(JSON.stringify(history.body)).toContain(
      `Referral commission on traffic income: tier 1 (10%) from •••${String(b).slice(-4)}`,
    );
    expect(JSON.stringify(history.body)).not.toContain(String(b));
    const bad = await stack.api('GET', '/api/referrals/earnings?from=2026-13-01', {
      token: tokenA,
      ip: stack.nextIp(),
    });
    expect(bad.status).toBe(400);
  });

  it('does not count a referral seen on the referrer’s IP, and says why', async () => {
    const [a, c] = [nextId(), nextId()];
    const shared = stack.nextIp();
    const tokenA = (await stack.login(a, { ip: shared })).token;
    const { code } = await referralsOf(tokenA);
    await webappLogin(c, shared, `ref_${code}`);
    const page = await referralsOf(tokenA);
    expect(page.referrals).toEqual([
      expect.objectContaining({ tier: 1, status: 'not_counted', reason: 'same_ip' }),
    ]);
    expect(page.counts).toEqual([
      { tier: 1, counted: 0, not_counted: 1 },
      { tier: 2, counted: 0, not_counted: 0 },
      { tier: 3, counted: 0, not_counted: 0 },
    ]);
  });

  it('records referrals past the referrer’s daily cap as not counted (daily_cap)', async () => {
    const [a, b, c, d] = [nextId(), nextId(), nextId(), nextId()];
    const tokenA = (await stack.login(a)).token;
    const { code } = await referralsOf(tokenA);
    for (const id of [b, c, d]) await webappLogin(id, stack.nextIp(), `ref_${code}`);
    const page = await referralsOf(tokenA);
    expect(page.referrals.map((r) => [r.id_masked, r.status, r.reason])).toEqual(
      expect.arrayContaining([
        [`•••${String(b).slice(-4)}`, 'counted', null],
        [`•••${String(c).slice(-4)}`, 'counted', null],
        [`•••${String(d).slice(-4)}`, 'not_counted', 'daily_cap'],
      ]),
    );
    expect(page.counts).toEqual(expect.arrayContaining([{ tier: 1, counted: 2, not_counted: 1 }]));
  });

  /** A START decision as filter-svc publishes it. */
  const started = async (
    user: number,
    deviceId: string,
    decision = 'allow',
    reasons: string[] = [],
  ) => {
    const h = natsHeaders();
    const id = randomUUID();
    h.set('ts-event-id', id);
    h.set('ts-event-type', 'FilterDecided');
    h.set('ts-occurred-at', new Date().toISOString());
    await nc.jetstream().publish(
      eventSubject(stack.ctx.natsPrefix, 'FilterDecided'),
      encodeEvent('FilterDecided', {
        decisionId: id,
        telegramId: user,
        deviceId,
        sessionId: '',
        decision,
        reasons,
        country: 'DE',
        asn: 3320,
        decidedAt: new Date().toISOString(),
      }),
      { msgID: id, headers: h },
    );
  };

  it('stops counting a referral that STARTs on the referrer’s device or fails the filter as a VPN', async () => {
    const [a, b, c] = [nextId(), nextId(), nextId()];
    const tokenA = (await stack.login(a)).token;
    const { code } = await referralsOf(tokenA);
    await webappLogin(b, stack.nextIp(), `ref_${code}`);
    await webappLogin(c, stack.nextIp(), `ref_${code}`);
    const phone = `device-${randomUUID()}`;
    await started(a, phone);
    await started(b, phone);
    await started(c, `device-${randomUUID()}`, 'deny', ['vpn_detected']);
    const page = await pollUntil(
      async () => {
        const p = await referralsOf(tokenA);
        return p.referrals.every((r) => r.status === 'voided') ? p : undefined;
      },
      { timeoutMs: 20_000, description: 'both relationships voided' },
    );
    const byMask = new Map(page.referrals.map((r) => [r.id_masked, r.reason]));
    expect(byMask.get(`•••${String(b).slice(-4)}`)).toBe('same_device');
    expect(byMask.get(`•••${String(c).slice(-4)}`)).toBe('filter_failed');
  });

  it('lets an admin void a relationship; a user cannot reach the admin routes', async () => {
    const [a, b] = [nextId(), nextId()];
    const tokenA = (await stack.login(a)).token;
    const { code } = await referralsOf(tokenA);
    await stack.api('POST', '/api/auth/telegram', {
      body: { ...stack.widgetPayload(b), ref: code },
      ip: stack.nextIp(),
    });
    expect((await referralsOf(tokenA)).referrals).toEqual([
      expect.objectContaining({ status: 'counted' }),
    ]);
    const forbidden = await stack.api('POST', `/api/admin/referrals/${b}/void`, {
      token: tokenA,
      body: { note: 'x' },
      ip: stack.nextIp(),
    });
    expect(forbidden.status).toBe(403);
    const adminToken = (await stack.login(ADMIN)).token;
    const voided = await stack.api('POST', `/api/admin/referrals/${b}/void`, {
      token: adminToken,
      body: { note: 'same household', claw_back: true },
      ip: stack.nextIp(),
    });
    expect(voided.status).toBe(200);
    expect(voided.body).toMatchObject({
      voided: true,
      referral: { telegram_id: b, referrer_id: a, status: 'voided', reason: 'admin_void' },
    });
    expect((await referralsOf(tokenA)).referrals).toEqual([
      expect.objectContaining({ status: 'voided', reason: 'admin_void' }),
    ]);
    const missing = await stack.api('POST', `/api/admin/referrals/${nextId()}/void`, {
      token: adminToken,
      body: { note: 'x' },
      ip: stack.nextIp(),
    });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'referral_not_found' });
  });
});
