import { pollUntil } from '@trafficshare/testing';

import { AuthStack, idFactory, widgetHash } from './support/harness';

describe('POST /api/auth/telegram and /api/auth/webapp', () => {
  let stack: AuthStack;
  const nextId = idFactory();

  beforeAll(async () => {
    stack = await AuthStack.start('e2e_auth_login');
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const post = (path: string, body: unknown) =>
    stack.api('POST', path, { body, ip: stack.nextIp() });
  const invalidSignature = {
    status: 'error',
    code: 'invalid_signature',
    message: 'Invalid Telegram signature',
  };

  it('creates the user on first login and answers the login body with tokens', async () => {
    const id = nextId();
    const res = await post('/api/auth/telegram', stack.widgetPayload(id));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'success',
      user: {
        telegram_id: id,
        username: `user_${id}`,
        first_name: `User${id}`,
        photo_url: `https://t.me/i/userpic/320/${id}.jpg`,
        role: 'user',
        balance_usd: 0,
      },
      token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      refresh_token: expect.any(String),
      expires_in: 900,
    });
    const claims = JSON.parse(
      Buffer.from((res.body.token as string).split('.')[1], 'base64url').toString(),
    ) as Record<string, unknown>;
    expect(claims).toMatchObject({
      sub: String(id),
      username: `user_${id}`,
      role: 'user',
      ver: 1,
      sid: expect.any(String),
    });
    expect((claims.exp as number) - (claims.iat as number)).toBe(900);
    const registered = await pollUntil(() => stack.eventsOf('UserRegistered', id)[0], {
      description: 'UserRegistered',
    });
    expect(registered.message).toMatchObject({ telegramId: id, username: `user_${id}` });
  });

  it('updates the profile on a later login and emits UserUpdated', async () => {
    const id = nextId();
    await stack.login(id);
    const res = await post(
      '/api/auth/telegram',
      stack.widgetPayload(id, { first_name: 'Renamed', username: 'renamed_user' }),
    );
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ first_name: 'Renamed', username: 'renamed_user' });
    const profile = await stack.api('GET', '/api/user/profile', {
      token: res.body.token as string,
    });
    expect(profile.body).toMatchObject({ first_name: 'Renamed', username: 'renamed_user' });
    const updated = await pollUntil(() => stack.eventsOf('UserUpdated', id)[0], {
      description: 'UserUpdated',
    });
    expect(updated.message.changed).toEqual(expect.arrayContaining(['username', 'first_name']));
  });

  it('refuses a tampered field with 401 invalid_signature', async () => {
    const payload = stack.widgetPayload(nextId());
    const res = await post('/api/auth/telegram', { ...payload, username: 'admin' });
    expect(res.status).toBe(401);
    expect(res.body).toEqual(invalidSignature);
  });

  it('refuses a payload signed with another bot token', async () => {
    const other = `123456789:${'A'.repeat(35)}`;
    const res = await post('/api/auth/telegram', stack.widgetPayload(nextId(), {}, other));
    expect(res.status).toBe(401);
    expect(res.body).toEqual(invalidSignature);
  });

  it('refuses a payload without hash (400) and with a non-hex hash (400)', async () => {
    const { hash: _hash, ...noHash } = stack.widgetPayload(nextId());
    const missing = await post('/api/auth/telegram', noHash);
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ status: 'error', code: 'validation_failed' });
    const bad = await post('/api/auth/telegram', {
      ...stack.widgetPayload(nextId()),
      hash: 'z'.repeat(64),
    });
    expect(bad.status).toBe(400);
  });

  it('refuses a replayed old auth_date with 401 auth_expired even when correctly signed', async () => {
    const res = await post(
      '/api/auth/telegram',
      stack.widgetPayload(nextId(), { auth_date: Math.floor(Date.now() / 1000) - 86_401 }),
    );
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ status: 'error', code: 'auth_expired' });
  });

  it('refuses an auth_date in the future', async () => {
    const res = await post(
      '/api/auth/telegram',
      stack.widgetPayload(nextId(), { auth_date: Math.floor(Date.now() / 1000) + 3600 }),
    );
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ status: 'error', code: 'auth_date_in_future' });
  });

  it('refuses type confusion: id as an object or an array, auth_date as a float', async () => {
    const id = nextId();
    for (const confused of [
      { id: { $gt: 0 } },
      { id: [id] },
      { auth_date: 1.5 },
      { first_name: ['x'] },
    ]) {
      const payload = { ...stack.widgetPayload(id), ...confused };
      const res = await post('/api/auth/telegram', payload);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ status: 'error', code: 'validation_failed' });
    }
    // A correctly signed payload whose id is a string of digits is still the same identity.
    const asString = stack.widgetPayload(id, { id: String(id) });
    expect(widgetHash({ ...asString, hash: '' }, stack.botToken)).toBe(asString.hash);
    expect((await post('/api/auth/telegram', asString)).status).toBe(200);
  });

  it('refuses unknown fields with 400 and an oversized body with 413', async () => {
    const unknown = await post('/api/auth/telegram', {
      ...stack.widgetPayload(nextId()),
      is_admin: true,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ status: 'error', code: 'validation_failed' });
    expect(String(unknown.body.message)).toContain('is_admin');
    const huge = await post('/api/auth/telegram', {
      ...stack.widgetPayload(nextId()),
      first_name: 'x'.repeat(2 * 1024 * 1024),
    });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ status: 'error', code: 'payload_too_large' });
  });

  it('logs in from the Mini App initData, and refuses tampered initData', async () => {
    const id = nextId();
    const ok = await post('/api/auth/webapp', { init_data: stack.initData(id) });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      status: 'success',
      user: { telegram_id: id, username: `web_${id}`, role: 'user' },
      token: expect.any(String),
      refresh_token: expect.any(String),
    });

    const tampered = stack.initData(id).replace(`web_${id}`, 'web_admin');
    const bad = await post('/api/auth/webapp', { init_data: tampered });
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual(invalidSignature);

    const stale = await post('/api/auth/webapp', {
      init_data: stack.initData(id, { auth_date: String(Math.floor(Date.now() / 1000) - 90_000) }),
    });
    expect(stale.status).toBe(401);
    expect(stale.body).toMatchObject({ code: 'auth_expired' });

    const widgetSecret = await post('/api/auth/webapp', {
      init_data: stack.initData(id, {}, 'wrong:token-with-enough-characters-here'),
    });
    expect(widgetSecret.body).toEqual(invalidSignature);
  });

  it('rate limits logins per IP with 429', async () => {
    const ip = stack.nextIp();
    let last = 0;
    for (let i = 0; i < 21; i += 1) {
      last = (await stack.api('POST', '/api/auth/telegram', { body: { id: 1 }, ip })).status;
    }
    expect(last).toBe(429);
  });
});
