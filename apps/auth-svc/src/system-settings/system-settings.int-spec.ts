import { randomUUID } from 'node:crypto';

import { auth, common } from '@trafficshare/contracts';
import { decodeEvent, eventSubject } from '@trafficshare/messaging';
import { pollUntil } from '@trafficshare/testing';
import { JobSchedules } from '@trafficshare/service-kit';

import { failure, newUser, startAuthHarness, type AuthHarness } from '../test/auth-harness';

const admin: common.Caller = {
  telegramId: 77,
  role: common.Role.ROLE_SUPERADMIN,
  sessionId: 'sid-admin',
  ip: '198.51.100.7',
  userAgent: 'auth-int-spec',
};

const lifetime = (jwt: string): number => {
  const claims = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()) as {
    iat: number;
    exp: number;
  };
  return claims.exp - claims.iat;
};

// System settings against the real Postgres and NATS: stored, validated, published, and read
// by auth-svc itself when it issues tokens (no restart).
describe('auth-svc system settings', () => {
  let h: AuthHarness;

  beforeAll(async () => {
    h = await startAuthHarness('auth_sys_settings');
  }, 60_000);
  afterAll(() => h?.stop(), 30_000);

  it('starts at the configured defaults', async () => {
    const { settings } = await h.client.getSystemSettings({ caller: admin });
    const security = settings.find((s) => s.key === 'security')!;
    expect(JSON.parse(security.valueJson)).toEqual({
      access_token_ttl_s: 900,
      refresh_token_ttl_s: 604_800,
      two_factor_max_renewals_without_code: 3,
    });
    expect(security.updatedAt).toBe('');
    expect(JSON.parse(settings.find((s) => s.key === 'cron')!.valueJson)).toEqual({});
  });

  it('a new access-token lifetime applies to the next token issued, without a restart', async () => {
    const user = await h.login(newUser());
    const before = await h.client.renewToken({ caller: user.caller, code: '' });
    expect(lifetime(before.tokens!.accessToken)).toBe(900);

    const res = await h.client.updateSystemSetting({
      caller: admin,
      key: 'security',
      valueJson: JSON.stringify({ access_token_ttl_s: 120 }),
    });
    expect(JSON.parse(res.setting!.valueJson)).toMatchObject({ access_token_ttl_s: 120 });
    expect(res.setting!.updatedBy).toBe(77);

    const after = await h.client.renewToken({ caller: user.caller, code: '' });
    expect(after.tokens!.expiresIn).toBe(120);
    expect(lifetime(after.tokens!.accessToken)).toBe(120);

    // null goes back to the configured default.
    await h.client.updateSystemSetting({
      caller: admin,
      key: 'security',
      valueJson: JSON.stringify({ access_token_ttl_s: null }),
    });
    const back = await h.client.renewToken({ caller: user.caller, code: '' });
    expect(lifetime(back.tokens!.accessToken)).toBe(900);
  });

  it('publishes every setting in SystemSettingsChanged', async () => {
    const subject = eventSubject(h.ctx.natsPrefix, 'SystemSettingsChanged');
    const seen: Array<{ key: string; settings: Record<string, unknown> }> = [];
    const sub = h.service.context.nats.subscribe(subject, {
      callback: (_err, msg) => {
        const e = decodeEvent('SystemSettingsChanged', msg.data);
        seen.push({ key: e.key, settings: JSON.parse(e.settingsJson) as Record<string, unknown> });
      },
    });
    try {
      await h.client.updateSystemSetting({
        caller: admin,
        key: 'cron',
        valueJson: JSON.stringify({ ledger_reconciliation: '10m' }),
      });
      await pollUntil(() => seen.some((e) => e.key === 'cron'), { timeoutMs: 10_000 });
      const event = seen.find((e) => e.key === 'cron')!;
      expect(event.settings.cron).toEqual({ ledger_reconciliation: '10m' });
      expect(event.settings).toHaveProperty('security');
    } finally {
      sub.unsubscribe();
    }
  });

  it('refuses invalid values, unknown keys and non-superadmins; the same value twice is a no-op', async () => {
    const bad = [
      ['security', JSON.stringify({ access_token_ttl_s: 5 })],
      ['security', JSON.stringify({ surprise: 1 })],
      ['security', '[1]'],
      ['cron', JSON.stringify({ ledger_reconciliation: 'every 5 minutes' })],
      ['cron', JSON.stringify({ ledger_reconciliation: '0s' })],
      ['cron', JSON.stringify({ ledger_reconciliation: '25h' })],
      ['cron', JSON.stringify({ no_such_job: '5m' })],
    ] as const;
    for (const [key, valueJson] of bad)
      expect(
        await failure(h.client.updateSystemSetting({ caller: admin, key, valueJson })),
      ).toEqual({ status: 3, code: 'invalid_setting' });
    expect(
      await failure(h.client.updateSystemSetting({ caller: admin, key: 'smtp', valueJson: '{}' })),
    ).toMatchObject({ code: 'unknown_setting' });
    const moderator = { ...admin, role: common.Role.ROLE_MODERATOR };
    expect(await failure(h.client.getSystemSettings({ caller: moderator }))).toMatchObject({
      code: 'forbidden',
    });

    const first = await h.client.updateSystemSetting({
      caller: admin,
      key: 'cron',
      valueJson: JSON.stringify({ session_timeout_sweep: '30s' }),
    });
    const again = await h.client.updateSystemSetting({
      caller: { ...admin, telegramId: 78 },
      key: 'cron',
      valueJson: JSON.stringify({ session_timeout_sweep: '30s' }),
    });
    expect(again.setting).toEqual(first.setting);
  });

  it('applies the cron setting to this replica’s periodic job (subscription expiry sweep)', async () => {
    const schedules = h.service.app.get(JobSchedules);
    await h.client.updateSystemSetting({
      caller: admin,
      key: 'cron',
      valueJson: JSON.stringify({ subscription_expiry_sweep: '7s' }),
    });
    await pollUntil(() => schedules.intervalOf('subscription_expiry_sweep') === 7_000, {
      timeoutMs: 10_000,
    });
    await h.client.updateSystemSetting({
      caller: admin,
      key: 'cron',
      valueJson: JSON.stringify({ subscription_expiry_sweep: null }),
    });
    await pollUntil(() => schedules.intervalOf('subscription_expiry_sweep') !== 7_000, {
      timeoutMs: 10_000,
    });
  });
});

describe('auth-svc admin logs', () => {
  let h: AuthHarness;
  const alice = newUser();
  const bob = newUser();

  beforeAll(async () => {
    h = await startAuthHarness('auth_admin_logs');
    const a = await h.login(alice);
    await h.login(bob);
    await h.client.logout({ caller: a.caller });
    await h.login(alice);
    await h.client.resetUserToken({ caller: admin, telegramId: bob });
    const key = await h.client.createApiKey({
      caller: admin,
      telegramId: alice,
      type: auth.ApiKeyType.API_KEY_TYPE_TRAFFIC,
      limitMb: 10,
      days: 1,
    });
    await h.internal.recordApiKeyUsage({
      batchId: randomUUID(),
      usage: [{ keyId: key.apiKey!.id, bytes: 1_000 }],
    });
  }, 60_000);
  afterAll(() => h?.stop(), 30_000);

  const list = (req: Partial<auth.ListAdminLogsRequest>) =>
    h.client.listAdminLogs({
      caller: admin,
      kind: auth.AdminLogKind.ADMIN_LOG_KIND_AUTH,
      telegramId: 0,
      ip: '',
      level: '',
      from: '',
      to: '',
      cursor: '',
      limit: 50,
      ...req,
    });

  it('lists logins, logouts and security events, newest first, with filters', async () => {
    const all = await list({});
    const actions = all.entries.map((e) => `${e.action}:${e.targetId}`);
    expect(actions).toEqual(
      expect.arrayContaining([`auth.login:${alice}`, `auth.logout:${alice}`, `auth.login:${bob}`]),
    );
    const ats = all.entries.map((e) => Date.parse(e.at));
    expect([...ats].sort((x, y) => y - x)).toEqual(ats);

    const aliceOnly = await list({ telegramId: alice });
    expect(aliceOnly.entries.map((e) => e.action)).toEqual([
      'auth.login',
      'auth.logout',
      'auth.login',
    ]);
    expect(aliceOnly.entries.every((e) => e.ip === '203.0.113.10')).toBe(true);

    const warn = await list({ level: 'warn' });
    expect(warn.entries.length).toBeGreaterThan(0);
    expect(warn.entries.every((e) => e.level === 'warn' && e.targetId === bob)).toBe(true);

    expect((await list({ ip: '192.0.2.1' })).entries).toEqual([]);
    expect((await list({ from: new Date(Date.now() + 60_000).toISOString() })).entries).toEqual([]);
  });

  it('pages with a keyset cursor: no entry twice, none missed', async () => {
    const all = await list({});
    const seen: string[] = [];
    let cursor = '';
    for (let i = 0; i < 20; i += 1) {
      const page = await list({ limit: 1, cursor });
      seen.push(...page.entries.map((e) => e.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(all.entries.map((e) => e.id));
  });

  it('the traffic log holds API key usage and admin actions on keys', async () => {
    const t = await list({ kind: auth.AdminLogKind.ADMIN_LOG_KIND_TRAFFIC });
    expect(t.entries.map((e) => e.action)).toEqual(['api_key.usage', 'admin.api_key.create']);
    expect(JSON.parse(t.entries[0].detailsJson)).toMatchObject({ keys: 1 });
  });

  it('refuses non-superadmins and bad arguments', async () => {
    const user = await h.login(newUser());
    expect(await failure(list({ caller: user.caller }))).toMatchObject({ code: 'forbidden' });
    expect(await failure(list({ cursor: 'nope' }))).toMatchObject({ code: 'invalid_cursor' });
    expect(await failure(list({ level: 'loud' }))).toMatchObject({ code: 'invalid_level' });
    expect(await failure(list({ limit: 0 }))).toMatchObject({ code: 'invalid_limit' });
    expect(await failure(list({ from: 'yesterday' }))).toMatchObject({ code: 'invalid_range' });
  });
});
