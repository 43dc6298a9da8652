import { auth, common } from '@trafficshare/contracts';

import { failure, newUser, startAuthHarness, type AuthHarness } from '../test/auth-harness';

const asAdmin = (role: common.Role): common.Caller => ({
  telegramId: 42,
  role,
  sessionId: 'sid-admin',
  ip: '127.0.0.1',
  userAgent: 'auth-int-spec',
});

// The admin dashboard's users part, over gRPC against the real Postgres: the counts equal the
// logins, bans and keys made; users and moderators are refused (the dashboard is superadmin's).
describe('auth-svc GetAdminStats', () => {
  let h: AuthHarness;
  const users = [newUser(), newUser(), newUser()];
  const superadmin = asAdmin(common.Role.ROLE_SUPERADMIN);

  beforeAll(async () => {
    h = await startAuthHarness('auth_admin_stats');
    for (const u of users) await h.login(u);
    await h.login(users[0]); // a second login the same day: one active user
    await h.client.banUser({ caller: superadmin, telegramId: users[2], reason: 'spam' });
    await h.client.createApiKey({
      caller: superadmin,
      telegramId: users[0],
      type: auth.ApiKeyType.API_KEY_TYPE_TRAFFIC,
      limitMb: 100,
      days: 30,
    });
    const off = await h.client.createApiKey({
      caller: superadmin,
      telegramId: users[1],
      type: auth.ApiKeyType.API_KEY_TYPE_ROTATION,
      limitMb: 100,
      days: 30,
    });
    await h.client.updateApiKey({
      caller: superadmin,
      id: off.apiKey!.id,
      status: auth.ApiKeyStatus.API_KEY_STATUS_INACTIVE,
    });
  }, 60_000);
  afterAll(() => h?.stop(), 30_000);

  it('counts users, bans, new and active users per day, active keys', async () => {
    const s = await h.client.getAdminStats({ caller: superadmin, days: 30 });
    expect(s).toMatchObject({ users: 3, bannedUsers: 1, newUsersToday: 3, activeApiKeys: 1 });
    expect(s.newUsers).toHaveLength(30);
    const today = new Date().toISOString().slice(0, 10);
    expect(s.newUsers[29]).toEqual({ date: today, count: 3 });
    expect(s.activeUsers[29]).toEqual({ date: today, count: 3 });
    expect(s.newUsers.slice(0, 29).every((d) => d.count === 0)).toBe(true);
  });

  it('refuses users, moderators and a bad range', async () => {
    const u = await h.login(newUser());
    expect(await failure(h.client.getAdminStats({ caller: u.caller, days: 7 }))).toMatchObject({
      code: 'forbidden',
    });
    const moderator = asAdmin(common.Role.ROLE_MODERATOR);
    expect(await failure(h.client.getAdminStats({ caller: moderator, days: 7 }))).toMatchObject({
      code: 'forbidden',
    });
    expect(await failure(h.client.getAdminStats({ caller: superadmin, days: 91 }))).toMatchObject({
      code: 'invalid_days',
    });
  });

  it('ExportUsers pages through the users created in the period once, oldest first', async () => {
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const seen: number[] = [];
    let after = '';
    let pages = 0;
    do {
      const page = await h.client.exportUsers({ caller: superadmin, from, to, after, limit: 2 });
      expect(page.users.length).toBeLessThanOrEqual(2);
      seen.push(...page.users.map((u) => u.telegramId));
      after = page.next;
      pages += 1;
    } while (after !== '' && pages < 10);
    // The three users of the scripted day, plus the one the refusal test logged in (if run).
    expect(seen.slice(0, 3)).toEqual(users);
    expect(new Set(seen).size).toBe(seen.length);
    const first = await h.client.exportUsers({ caller: superadmin, from, to, after: '', limit: 5 });
    expect(first.users[2]).toMatchObject({ telegramId: users[2], banned: true });
    expect(
      await h.client.exportUsers({
        caller: superadmin,
        from: to,
        to: '2999-01-01T00:00:00Z',
        after: '',
        limit: 5,
      }),
    ).toEqual({ users: [], next: '' });
    expect(
      await failure(h.client.exportUsers({ caller: superadmin, from, to, after: 'x', limit: 5 })),
    ).toMatchObject({ code: 'invalid_cursor' });
    expect(
      await failure(
        h.client.exportUsers({ caller: superadmin, from: to, to: from, after: '', limit: 5 }),
      ),
    ).toMatchObject({ code: 'invalid_range' });
    const u = await h.login(newUser());
    expect(
      await failure(h.client.exportUsers({ caller: u.caller, from, to, after: '', limit: 5 })),
    ).toMatchObject({ code: 'forbidden' });
  });
});
