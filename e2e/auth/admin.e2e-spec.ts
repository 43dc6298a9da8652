import { pollUntil } from '@trafficshare/testing';

import { AuthStack, idFactory, type Session } from './support/harness';

describe('roles, admins, users administration and API keys', () => {
  let stack: AuthStack;
  const nextId = idFactory();
  const superId = nextId();
  let superadmin: Session;
  let moderator: Session;

  beforeAll(async () => {
    stack = await AuthStack.start('e2e_auth_admin', { adminIds: [superId] });
    superadmin = await stack.login(superId);
    const modId = nextId();
    await stack.login(modId);
    const added = await stack.api('POST', '/api/admin/admins/add', {
      token: superadmin.token,
      body: { telegram_id: modId, username: 'mod', role: 'moderator' },
    });
    expect(added.status).toBe(201);
    moderator = await stack.login(modId);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('ADMIN_IDS logins are superadmins; admins-table logins get their role', () => {
    expect(superadmin.body.user).toMatchObject({ role: 'superadmin' });
    expect(moderator.body.user).toMatchObject({ role: 'moderator' });
  });

  it('a moderator cannot do superadmin actions', async () => {
    const target = nextId();
    const attempts = [
      stack.api('GET', '/api/admin/admins', { token: moderator.token }),
      stack.api('POST', '/api/admin/admins/add', {
        token: moderator.token,
        body: { telegram_id: target },
      }),
      stack.api('PATCH', `/api/admin/admins/${moderator.telegramId}`, {
        token: moderator.token,
        body: { role: 'superadmin' },
      }),
      stack.api('DELETE', `/api/admin/admins/${moderator.telegramId}`, { token: moderator.token }),
      stack.api('PATCH', `/api/admin/users/${superId}/ban`, {
        token: moderator.token,
        body: { reason: 'coup' },
      }),
      stack.api('POST', `/api/admin/users/${superId}/reset_token`, { token: moderator.token }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ status: 'error', code: 'forbidden' });
    }
    expect((await stack.api('GET', '/api/user/profile', { token: superadmin.token })).status).toBe(
      200,
    );
  });

  it('a plain user reaches no admin route', async () => {
    const user = await stack.login(nextId());
    for (const [method, path] of [
      ['GET', '/api/admin/users'],
      ['GET', '/api/admin/apis'],
      ['GET', '/api/admin/admins'],
    ] as const) {
      expect((await stack.api(method, path, { token: user.token })).body).toMatchObject({
        code: 'forbidden',
      });
    }
  });

  it('list and search users', async () => {
    const id = nextId();
    await stack.login(id);
    const byId = await stack.api('GET', `/api/admin/users?query=${id}`, { token: moderator.token });
    expect(byId.body).toMatchObject({
      status: 'success',
      total: 1,
      users: [{ telegram_id: id, username: `user_${id}`, status: 'active' }],
    });
    const byName = await stack.api('GET', `/api/admin/users?query=@USER_${id}`, {
      token: moderator.token,
    });
    expect(byName.body.users).toEqual([expect.objectContaining({ telegram_id: id })]);
    expect(
      (await stack.api('GET', '/api/admin/users?limit=500', { token: moderator.token })).status,
    ).toBe(400);
  });

  it('ban revokes at once and refuses logins with 403 user_banned; unban restores', async () => {
    const victim = await stack.login(nextId());
    const ban = await stack.api('PATCH', `/api/admin/users/${victim.telegramId}/ban`, {
      token: moderator.token,
      body: { reason: 'fraud' },
    });
    expect(ban.body).toMatchObject({
      status: 'success',
      user: { status: 'banned', ban_reason: 'fraud' },
    });
    const next = await stack.api('GET', '/api/user/profile', { token: victim.token });
    expect(next.status).toBe(403);
    expect(next.body).toMatchObject({ status: 'error', code: 'user_banned' });
    const login = await stack.api('POST', '/api/auth/telegram', {
      body: stack.widgetPayload(victim.telegramId),
      ip: stack.nextIp(),
    });
    expect(login.status).toBe(403);
    expect(login.body).toMatchObject({ status: 'error', code: 'user_banned' });
    expect(
      (
        await stack.api('POST', '/api/auth/refresh', {
          body: { refresh_token: victim.refreshToken },
        })
      ).status,
    ).toBe(401);
    await pollUntil(() => stack.eventsOf('UserBanned', victim.telegramId)[0], {
      description: 'UserBanned',
    });

    await stack.api('PATCH', `/api/admin/users/${victim.telegramId}/unban`, {
      token: moderator.token,
    });
    // With a payload Telegram signs after the ban.
    await stack.nextSecond();
    expect((await stack.login(victim.telegramId)).token).toEqual(expect.any(String));
  });

  it('reset token ends every session of the user; sessions are listed', async () => {
    const victim = await stack.login(nextId());
    const reset = await stack.api('POST', `/api/admin/users/${victim.telegramId}/reset_token`, {
      token: superadmin.token,
    });
    expect(reset.body).toEqual({ status: 'success', revoked: 1 });
    expect(
      (await stack.api('GET', '/api/user/profile', { token: victim.token })).body,
    ).toMatchObject({ code: 'session_revoked' });
    const sessions = await stack.api('GET', `/api/admin/users/${victim.telegramId}/sessions`, {
      token: superadmin.token,
    });
    expect(sessions.body.sessions).toEqual([expect.objectContaining({ active: false })]);
  });

  it('demoting or removing an admin ends their sessions at once', async () => {
    const id = nextId();
    await stack.login(id);
    await stack.api('POST', '/api/admin/admins/add', {
      token: superadmin.token,
      body: { telegram_id: id, role: 'superadmin' },
    });
    const admin = await stack.login(id);
    expect(admin.body.user).toMatchObject({ role: 'superadmin' });
    const patch = await stack.api('PATCH', `/api/admin/admins/${id}`, {
      token: superadmin.token,
      body: { role: 'moderator' },
    });
    expect(patch.body).toMatchObject({ admin: { role: 'moderator' } });
    expect((await stack.api('GET', '/api/admin/admins', { token: admin.token })).status).toBe(401);
    const again = await stack.login(id);
    expect(again.body.user).toMatchObject({ role: 'moderator' });
    expect(
      (await stack.api('DELETE', `/api/admin/admins/${id}`, { token: superadmin.token })).status,
    ).toBe(200);
    expect((await stack.api('GET', '/api/admin/users', { token: again.token })).status).toBe(401);
    expect((await stack.login(id)).body.user).toMatchObject({ role: 'user' });
    expect(
      (await stack.api('DELETE', `/api/admin/admins/${superId}`, { token: superadmin.token })).body,
    ).toMatchObject({ code: 'env_superadmin' });
  });

  it('API keys: created (shown once, stored hashed), listed, updated, deleted', async () => {
    const owner = nextId();
    await stack.login(owner);
    const created = await stack.api('POST', '/api/admin/apis/create', {
      token: moderator.token,
      body: { telegram_id: owner, type: 'traffic', limit_mb: 10240, days: 30 },
    });
    expect(created.status).toBe(201);
    const key = created.body.api_key as string;
    expect(key).toMatch(/^tsk_[\w-]{43}$/);
    const api = created.body.api as Record<string, unknown>;
    expect(api).toMatchObject({
      telegram_id: owner,
      type: 'traffic',
      limit_mb: 10240,
      used_mb: 0,
      status: 'active',
    });
    const stored = await stack.sql<{ key_hash: string }>(
      'SELECT key_hash FROM api_keys WHERE id = $1',
      [api.id],
    );
    expect(stored[0].key_hash).not.toContain(key.slice(4, 20));
    const list = await stack.api('GET', `/api/admin/apis?telegram_id=${owner}`, {
      token: moderator.token,
    });
    expect(list.body).toMatchObject({ total: 1 });
    expect(JSON.stringify(list.body)).not.toContain(key);
    const off = await stack.api('PATCH', `/api/admin/apis/${api.id as string}`, {
      token: moderator.token,
      body: { status: 'inactive', limit_mb: 20480, extend_days: 10 },
    });
    expect(off.body).toMatchObject({ api: { status: 'inactive', limit_mb: 20480 } });
    expect(Date.parse((off.body.api as Record<string, string>).expiry_date)).toBeGreaterThan(
      Date.parse(api.expiry_date as string) + 9 * 86_400_000,
    );
    expect(
      (
        await stack.api('PATCH', `/api/admin/apis/${api.id as string}`, {
          token: moderator.token,
          body: {},
        })
      ).status,
    ).toBe(400);
    expect(
      (await stack.api('DELETE', `/api/admin/apis/${api.id as string}`, { token: moderator.token }))
        .status,
    ).toBe(200);
    expect(
      (await stack.api('DELETE', `/api/admin/apis/${api.id as string}`, { token: moderator.token }))
        .body,
    ).toMatchObject({ code: 'api_key_not_found' });
  });
});
