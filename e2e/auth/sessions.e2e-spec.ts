import { pollUntil } from '@trafficshare/testing';

import { base32Decode, hotp, stepAt } from '../../apps/auth-svc/src/two-factor/totp';
import { AuthStack, idFactory } from './support/harness';

/** The code an authenticator app shows `offsetSteps` steps from now. */
const codeFor = (secret: string, offsetSteps = 0) =>
  hotp(base32Decode(secret), stepAt(Date.now()) + offsetSteps);

describe('sessions, revocation, profile, settings and 2FA through the gateway', () => {
  let stack: AuthStack;
  const nextId = idFactory();

  beforeAll(async () => {
    stack = await AuthStack.start('e2e_auth_sessions');
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const profile = (token: string) => stack.api('GET', '/api/user/profile', { token });

  it('serves the profile with the token masked and login data', async () => {
    const s = await stack.login(nextId(), {
      ip: '81.2.69.142',
      userAgent:
        'Mozilla/5.0 (Linux; Android 9; SM-G965F Build/PPR1.180610.011) AppleWebKit/537.36',
    });
    const res = await profile(s.token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      telegram_id: s.telegramId,
      username: `user_${s.telegramId}`,
      two_factor_enabled: false,
      last_login_ip: '81.2.69.142',
      last_login_device: 'Android SM-G965F',
      auth_date: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(res.body.jwt_token).toMatch(/^.{8}\.\.\..{4}$/);
    expect(res.body.jwt_token).not.toBe(s.token);
    const history = await stack.api('GET', '/api/user/login_history', { token: s.token });
    expect(history.status).toBe(200);
    // 81.2.69.142 is London in MaxMind's City test database.
    expect(history.body.history).toEqual([
      expect.objectContaining({
        ip: '81.2.69.142',
        device: 'Android SM-G965F',
        city: 'London',
        current: true,
      }),
    ]);
  });

  it('refuses missing, forged and expired tokens', async () => {
    const s = await stack.login(nextId());
    expect((await stack.api('GET', '/api/user/profile')).body).toMatchObject({
      code: 'token_missing',
    });
    const forged = `${s.token.slice(0, -4)}AAAA`;
    expect((await profile(forged)).status).toBe(401);
    const now = Math.floor(Date.now() / 1000);
    const claims = JSON.parse(Buffer.from(s.token.split('.')[1], 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const expired = stack.signToken({ ...claims, iat: now - 1000, exp: now - 10 });
    const res = await profile(expired);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ status: 'error', code: 'token_expired' });
  });

  it('tokens carry iss and aud; one signed with the right key but another or no iss/aud is refused', async () => {
    const s = await stack.login(nextId());
    const claims = JSON.parse(Buffer.from(s.token.split('.')[1], 'base64url').toString()) as Record<
      string,
      unknown
    >;
    expect(claims).toMatchObject({ iss: 'trafficshare-auth', aud: 'trafficshare-api' });
    const forged = [
      { ...claims, iss: undefined },
      { ...claims, aud: undefined },
      { ...claims, iss: 'trafficshare-auth-staging' },
      { ...claims, aud: 'another-api' },
    ];
    for (const c of forged) {
      const res = await profile(stack.signToken(c));
      expect({ c, status: res.status, code: res.body.code }).toEqual({
        c,
        status: 401,
        code: 'token_invalid',
      });
    }
    // The same claims re-signed unchanged still work (the refusals above are the iss/aud).
    expect((await profile(stack.signToken(claims))).status).toBe(200);
  });

  it('rotates refresh tokens; reusing a spent one ends the whole login', async () => {
    const s = await stack.login(nextId());
    const first = await stack.api('POST', '/api/auth/refresh', {
      body: { refresh_token: s.refreshToken },
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      status: 'success',
      token: expect.any(String),
      refresh_token: expect.any(String),
    });
    expect(first.body.refresh_token).not.toBe(s.refreshToken);
    expect((await profile(first.body.token as string)).status).toBe(200);

    const reuse = await stack.api('POST', '/api/auth/refresh', {
      body: { refresh_token: s.refreshToken },
    });
    expect(reuse.status).toBe(401);
    expect(reuse.body).toMatchObject({ status: 'error', code: 'refresh_token_reused' });
    // The family is dead: the rotated refresh token and every access token of it are refused.
    const after = await stack.api('POST', '/api/auth/refresh', {
      body: { refresh_token: first.body.refresh_token },
    });
    expect(after.body).toMatchObject({ code: 'session_revoked' });
    expect((await profile(first.body.token as string)).body).toMatchObject({
      code: 'session_revoked',
    });
    expect((await profile(s.token)).status).toBe(401);
    await pollUntil(
      () =>
        stack
          .eventsOf('SessionsRevoked', s.telegramId)
          .find((e) => e.message.reason === 'refresh_token_reuse'),
      { description: 'SessionsRevoked' },
    );
    expect(
      (await stack.api('POST', '/api/auth/refresh', { body: { refresh_token: 'x'.repeat(43) } }))
        .body,
    ).toMatchObject({ code: 'invalid_refresh_token' });
  });

  it('logout revokes this session on the very next request; logout_all every session', async () => {
    const id = nextId();
    const a = await stack.login(id);
    const b = await stack.login(id);
    const c = await stack.login(id);
    const out = await stack.api('POST', '/api/user/logout', { token: a.token });
    expect(out).toMatchObject({ status: 200, body: { message: 'Successfully logged out' } });
    expect((await profile(a.token)).body).toMatchObject({
      status: 'error',
      code: 'session_revoked',
    });
    expect((await profile(b.token)).status).toBe(200);

    const all = await stack.api('POST', '/api/user/logout_all', { token: b.token, body: {} });
    expect(all).toMatchObject({ status: 200, body: { message: 'All sessions ended', revoked: 2 } });
    expect((await profile(b.token)).status).toBe(401);
    expect((await profile(c.token)).status).toBe(401);
    expect(
      (await stack.api('POST', '/api/auth/refresh', { body: { refresh_token: c.refreshToken } }))
        .body,
    ).toMatchObject({ code: 'session_revoked' });
    // A new login (Telegram signs it after the logout) works at once.
    await stack.nextSecond();
    expect((await profile((await stack.login(id)).token)).status).toBe(200);
  });

  it('settings: read, patch (audited), theme, validation of unknown fields', async () => {
    const s = await stack.login(nextId());
    const get = await stack.api('GET', '/api/user/settings', { token: s.token });
    expect(get.body).toMatchObject({
      language: 'en',
      theme: 'light',
      two_factor_enabled: false,
      single_device_mode: false,
      push_notifications: true,
    });
    const patch = await stack.api('PATCH', '/api/user/settings', {
      token: s.token,
      body: { language: 'uz', battery_saver: true },
    });
    expect(patch.status).toBe(200);
    expect(patch.body).toMatchObject({
      status: 'updated',
      language: 'uz',
      battery_saver: true,
      changed: ['language', 'battery_saver'],
    });
    const theme = await stack.api('PATCH', '/api/user/settings/theme', {
      token: s.token,
      body: { theme: 'dark' },
    });
    expect(theme.body).toEqual({ status: 'updated', theme: 'dark' });
    const bad = await stack.api('PATCH', '/api/user/settings', {
      token: s.token,
      body: { language: 'de' },
    });
    expect(bad.status).toBe(400);
    const unknown = await stack.api('PATCH', '/api/user/settings', {
      token: s.token,
      body: { role: 'superadmin' },
    });
    expect(unknown).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    const audit = await stack.sql<{ action: string; details: Record<string, unknown> }>(
      "SELECT action, details FROM audit_log WHERE target_id = $1 AND action = 'settings.update' ORDER BY created_at",
      [s.telegramId],
    );
    expect(audit.map((a) => a.details)).toEqual([
      { language: { old: 'en', new: 'uz' }, battery_saver: { old: false, new: true } },
      { theme: { old: 'light', new: 'dark' } },
    ]);
    const clear = await stack.api('DELETE', '/api/user/settings/cache_clear', { token: s.token });
    expect(clear.body).toMatchObject({ status: 'cleared' });
  });

  it('2FA: enrol, verify, then critical actions need a code; disable needs one too', async () => {
    const s = await stack.login(nextId());
    const enrol = await stack.api('POST', '/api/user/security/2fa', { token: s.token });
    expect(enrol.status).toBe(200);
    const secret = enrol.body.secret as string;
    expect(enrol.body.otpauth_uri).toContain(`secret=${secret}`);
    expect(
      (
        await stack.api('POST', '/api/user/security/2fa/verify', {
          token: s.token,
          body: { code: '000000' === codeFor(secret) ? '111111' : '000000' },
        })
      ).body,
    ).toMatchObject({ code: 'invalid_two_factor_code' });
    const used = codeFor(secret);
    const verify = await stack.api('POST', '/api/user/security/2fa/verify', {
      token: s.token,
      body: { code: used },
    });
    expect(verify.body).toEqual({ status: 'enabled', two_factor_enabled: true });
    expect((await profile(s.token)).body.two_factor_enabled).toBe(true);
    // The secret is never shown again.
    expect(
      (await stack.api('POST', '/api/user/security/2fa', { token: s.token })).body,
    ).toMatchObject({ code: 'two_factor_already_enabled' });
    expect(
      JSON.stringify((await stack.api('GET', '/api/user/settings', { token: s.token })).body),
    ).not.toContain(secret);

    const noCode = await stack.api('POST', '/api/user/logout_all', { token: s.token, body: {} });
    expect(noCode.status).toBe(403);
    expect(noCode.body).toMatchObject({ status: 'error', code: 'two_factor_required' });
    expect(
      (await stack.api('POST', '/api/user/security/disable_2fa', { token: s.token, body: {} }))
        .body,
    ).toMatchObject({ code: 'two_factor_required' });
    // The verify step already used the current code: a replay is refused, the next step works.
    expect(
      (await stack.api('POST', '/api/user/logout_all', { token: s.token, body: { code: used } }))
        .status,
    ).toBe(403);
    const withCode = await stack.api('POST', '/api/user/logout_all', {
      token: s.token,
      body: { code: codeFor(secret, 1) },
    });
    expect(withCode.status).toBe(200);
    expect((await profile(s.token)).status).toBe(401);
  });

  it('2FA: three token renewals in a row without a code force a logout', async () => {
    const s = await stack.login(nextId());
    const secret = (await stack.api('POST', '/api/user/security/2fa', { token: s.token })).body
      .secret as string;
    await stack.api('POST', '/api/user/security/2fa/verify', {
      token: s.token,
      body: { code: codeFor(secret) },
    });
    const r1 = await stack.api('POST', '/api/user/token/renew', { token: s.token, body: {} });
    expect(r1.body).toMatchObject({
      message: 'Token successfully renewed',
      jwt_token: expect.any(String),
    });
    const r2 = await stack.api('POST', '/api/user/token/renew', {
      token: r1.body.jwt_token as string,
      body: {},
    });
    expect(r2.status).toBe(200);
    const r3 = await stack.api('POST', '/api/user/token/renew', {
      token: r2.body.jwt_token as string,
      body: {},
    });
    expect(r3.status).toBe(401);
    expect(r3.body).toMatchObject({ code: 'forced_logout' });
    expect((await profile(r2.body.jwt_token as string)).body).toMatchObject({
      code: 'session_revoked',
    });
  });

  it('renew refuses another user’s telegram_id (no IDOR through the body)', async () => {
    const a = await stack.login(nextId());
    const res = await stack.api('POST', '/api/user/token/renew', {
      token: a.token,
      body: { telegram_id: a.telegramId + 1 },
    });
    expect(res.status).toBe(403);
  });

  it('single device mode: a new login ends the other sessions', async () => {
    const id = nextId();
    const first = await stack.login(id);
    await stack.api('PATCH', '/api/user/settings', {
      token: first.token,
      body: { single_device_mode: true },
    });
    const second = await stack.login(id);
    expect((await profile(first.token)).body).toMatchObject({ code: 'session_revoked' });
    expect((await profile(second.token)).status).toBe(200);
  });

  it('a login from a new IP or device emits NewLoginDetected', async () => {
    const id = nextId();
    await stack.login(id, {
      ip: '10.9.9.1',
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)',
    });
    await stack.login(id, {
      ip: '10.9.9.2',
      userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)',
    });
    const alert = await pollUntil(() => stack.eventsOf('NewLoginDetected', id)[0], {
      description: 'NewLoginDetected',
    });
    expect(alert.message).toMatchObject({
      ip: '10.9.9.2',
      device: 'iPhone',
      newIp: true,
      newDevice: true,
    });
  });

  it('a refresh from another IP than the session was issued to emits TokenUsedFromNewIp; from the same IP it does not', async () => {
    const id = nextId();
    const s = await stack.login(id, { ip: '10.9.8.1' });
    const same = await stack.api('POST', '/api/auth/refresh', {
      body: { refresh_token: s.refreshToken },
      ip: '10.9.8.1',
    });
    expect(same.status).toBe(200);
    const moved = await stack.api('POST', '/api/auth/refresh', {
      body: { refresh_token: same.body.refresh_token },
      ip: '10.9.8.2',
    });
    expect(moved.status).toBe(200);
    const alert = await pollUntil(() => stack.eventsOf('TokenUsedFromNewIp', id)[0], {
      description: 'TokenUsedFromNewIp',
    });
    expect(alert.message).toMatchObject({ issuedIp: '10.9.8.1', ip: '10.9.8.2' });
    expect(stack.eventsOf('TokenUsedFromNewIp', id)).toHaveLength(1);
  });
});
