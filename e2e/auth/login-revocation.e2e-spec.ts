import { AuthStack, idFactory, type Session } from './support/harness';

// A Telegram login payload stays valid for TELEGRAM_AUTH_MAX_AGE_S (24 h). Logging out
// everywhere, an admin token reset and a ban must make every payload signed before them
// useless, while a Mini App reload that reuses its initData before any of them still works.
describe('old Telegram login payloads after logout_all, token reset and ban (e2e)', () => {
  let stack: AuthStack;
  const nextId = idFactory();
  const superId = nextId();
  let superadmin: Session;

  beforeAll(async () => {
    stack = await AuthStack.start('e2e_auth_revoked', { adminIds: [superId] });
    superadmin = await stack.login(superId);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const widget = (payload: Record<string, string | number>) =>
    stack.api('POST', '/api/auth/telegram', { body: payload, ip: stack.nextIp() });
  const webapp = (initData: string) =>
    stack.api('POST', '/api/auth/webapp', { body: { init_data: initData }, ip: stack.nextIp() });
  const revoked = {
    status: 'error',
    code: 'auth_revoked',
    message:
      'This Telegram login was made before all your sessions were ended; log in with Telegram again',
  };

  it('logout_all: the same widget payload is 401 auth_revoked; a fresh one logs in', async () => {
    const id = nextId();
    const payload = stack.widgetPayload(id);
    const first = await widget(payload);
    expect(first.status).toBe(200);
    // Before any logout the payload may be used again.
    expect((await widget(payload)).status).toBe(200);

    const out = await stack.api('POST', '/api/user/logout_all', {
      token: first.body.token as string,
      body: {},
    });
    expect(out.status).toBe(200);
    const replay = await widget(payload);
    expect(replay.status).toBe(401);
    expect(replay.body).toEqual(revoked);
    // The refused payload changed nothing and opened no session.
    const sessions = await stack.sql<{ n: string }>(
      'SELECT count(*) AS n FROM login_sessions WHERE telegram_id = $1 AND revoked_at IS NULL',
      [id],
    );
    expect(sessions[0].n).toBe('0');

    await stack.nextSecond();
    const fresh = await widget(stack.widgetPayload(id));
    expect(fresh.status).toBe(200);
    const profile = await stack.api('GET', '/api/user/profile', {
      token: fresh.body.token as string,
    });
    expect(profile.status).toBe(200);
  });

  it('Mini App: reloading with the same initData works until logout_all, then 401 auth_revoked', async () => {
    const id = nextId();
    const initData = stack.initData(id);
    const opened = await webapp(initData);
    expect(opened.status).toBe(200);
    const reload = await webapp(initData);
    expect(reload.status).toBe(200);

    expect(
      (
        await stack.api('POST', '/api/user/logout_all', {
          token: reload.body.token as string,
          body: {},
        })
      ).status,
    ).toBe(200);
    const afterLogout = await webapp(initData);
    expect(afterLogout.status).toBe(401);
    expect(afterLogout.body).toEqual(revoked);

    // Reopening the Mini App gives fresh initData.
    await stack.nextSecond();
    expect((await webapp(stack.initData(id))).status).toBe(200);
  });

  it('admin token reset: payloads signed before it are refused, fresh ones log in', async () => {
    const id = nextId();
    const payload = stack.widgetPayload(id);
    const initData = stack.initData(id);
    expect((await widget(payload)).status).toBe(200);
    const reset = await stack.api('POST', `/api/admin/users/${id}/reset_token`, {
      token: superadmin.token,
    });
    expect(reset.body).toMatchObject({ status: 'success', revoked: 1 });
    expect((await widget(payload)).body).toEqual(revoked);
    expect((await webapp(initData)).body).toEqual(revoked);
    await stack.nextSecond();
    expect((await widget(stack.widgetPayload(id))).status).toBe(200);
  });

  it('ban, then unban: payloads signed before the ban stay refused, fresh ones log in', async () => {
    const id = nextId();
    const payload = stack.widgetPayload(id);
    expect((await widget(payload)).status).toBe(200);
    const ban = await stack.api('PATCH', `/api/admin/users/${id}/ban`, {
      token: superadmin.token,
      body: { reason: 'fraud' },
    });
    expect(ban.status).toBe(200);
    // While banned every login says so.
    expect((await widget(payload)).body).toMatchObject({ code: 'user_banned' });
    await stack.nextSecond();
    expect((await widget(stack.widgetPayload(id))).body).toMatchObject({ code: 'user_banned' });

    const unban = await stack.api('PATCH', `/api/admin/users/${id}/unban`, {
      token: superadmin.token,
    });
    expect(unban.status).toBe(200);
    const old = await widget(payload);
    expect(old.status).toBe(401);
    expect(old.body).toEqual(revoked);
    expect((await widget(stack.widgetPayload(id))).status).toBe(200);
  });

  it('another user’s logout_all changes nothing for this one', async () => {
    const a = await stack.login(nextId());
    const bId = nextId();
    const bPayload = stack.widgetPayload(bId);
    expect((await widget(bPayload)).status).toBe(200);
    await stack.api('POST', '/api/user/logout_all', { token: a.token, body: {} });
    expect((await widget(bPayload)).status).toBe(200);
  });
});
