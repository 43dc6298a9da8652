import { AuthStack, idFactory } from './support/harness';

const ERROR_BODY = { status: 'error', code: expect.any(String), message: expect.any(String) };

/** Strict bodies, one error body, headers and exposure, over real HTTP. */
describe('gateway HTTP hardening', () => {
  let stack: AuthStack;
  const nextId = idFactory();
  const admin = nextId();

  beforeAll(async () => {
    stack = await AuthStack.start('e2e_http_hardening', { adminIds: [admin] });
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  describe('strict bodies', () => {
    it('answers 415 to a form body (or any other non-JSON type) on a JSON route', async () => {
      // (stack.api always sends application/json with a body.)
      const send = async (type: string, body: string) => {
        const res = await fetch(`${stack.url}/api/auth/refresh`, {
          method: 'POST',
          headers: { 'content-type': type },
          body,
        });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      };
      const form = await send(
        'application/x-www-form-urlencoded',
        'refresh_token=aaaaaaaaaaaaaaaaaaaaaaaa',
      );
      expect(form).toMatchObject({
        status: 415,
        body: { status: 'error', code: 'unsupported_media_type' },
      });
      expect(Object.keys(form.body).sort()).toEqual(['code', 'message', 'status']);
      for (const type of ['text/plain', 'application/xml', 'multipart/form-data; boundary=x']) {
        const other = await send(type, 'hello');
        expect({ type, ...other }).toMatchObject({
          status: 415,
          body: { code: 'unsupported_media_type' },
        });
      }
    });

    it('refuses a JSON null, array or string where an object is expected', async () => {
      const user = await stack.login(nextId());
      for (const raw of ['null', '[]', '"x"', '12']) {
        // Every contract route answers alike, whatever its body schema.
        const refresh = await stack.api('POST', '/api/auth/refresh', { raw });
        expect({ raw, ...refresh }).toMatchObject({
          status: 400,
          body: { code: 'validation_failed', errors: [{ field: '(body)' }] },
        });
        const settings = await stack.api('PATCH', '/api/user/settings', {
          raw,
          token: user.token,
        });
        expect({ raw, ...settings }).toMatchObject({
          status: 400,
          body: { code: 'validation_failed' },
        });
      }
    });

    it('refuses query numbers that are not plain decimal digits', async () => {
      const { token } = await stack.login(admin);
      for (const limit of ['0x10', '1e1', '%2012', '12.0', '']) {
        const res = await stack.api('GET', `/api/admin/users?limit=${limit}`, { token });
        expect({ limit, ...res }).toMatchObject({
          status: 400,
          body: { code: 'validation_failed', errors: [{ field: 'limit' }] },
        });
      }
      const ok = await stack.api('GET', '/api/admin/users?limit=16', { token });
      expect(ok.status).toBe(200);
    });

    it('treats a bodiless POST sent as application/json as an empty object', async () => {
      const user = await stack.login(nextId());
      const res = await stack.api('POST', '/api/user/logout_all', {
        raw: '',
        token: user.token,
        headers: { 'content-type': 'application/json' },
      });
      expect(res).toMatchObject({ status: 200, body: { message: 'All sessions ended' } });
      // The logout took effect: the token is refused from now on.
      expect(
        (await stack.api('GET', '/api/user/profile', { token: user.token })).body,
      ).toMatchObject({ code: 'session_revoked' });
    });
  });

  describe('control characters', () => {
    it('refuses NUL in a path parameter, a query value and a body string, naming the field', async () => {
      const token = (await stack.login(admin)).token;
      const path = await stack.api('GET', '/api/admin/filter/audit/%00', { token });
      expect(path).toMatchObject({
        status: 400,
        body: { code: 'validation_failed', errors: [{ field: 'session_id' }] },
      });
      const query = await stack.api('GET', '/api/admin/users?query=a%00b', { token });
      expect(query).toMatchObject({
        status: 400,
        body: { code: 'validation_failed', errors: [{ field: 'query' }] },
      });
      const body = await stack.api('POST', '/api/auth/refresh', {
        body: { refresh_token: `${'a'.repeat(30)}\u0000` },
      });
      expect(body).toMatchObject({
        status: 400,
        body: { code: 'validation_failed', errors: [{ field: 'refresh_token' }] },
      });
      // Line breaks are one-line strings' business too (a path value never has one).
      const newline = await stack.api('GET', '/api/admin/filter/audit/a%0Ab', { token });
      expect(newline).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    });
  });

  describe('one error body', () => {
    const secret = 'tok3n-s3cret';

    it('answers an unknown route without echoing its path or query string', async () => {
      const res = await stack.api('GET', `/api/nope/deeper?token=${secret}`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ ...ERROR_BODY, code: 'not_found' });
      expect(JSON.stringify(res.body)).not.toMatch(/tok3n|nope|deeper/);
    });

    it('answers an over-long path parameter with 414 and the error body', async () => {
      const long = '1'.repeat(200);
      const res = await stack.api('PATCH', `/api/admin/users/${long}/ban?token=${secret}`);
      expect(res.status).toBe(414);
      expect(res.body).toEqual({ ...ERROR_BODY, code: 'uri_too_long' });
      expect(JSON.stringify(res.body)).not.toMatch(/tok3n|1111/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-request-id')).toBeTruthy();
    });

    it('answers a malformed URL with 400 and the error body', async () => {
      const res = await stack.api('GET', `/api/admin/filter/audit/%E0%A4%A?token=${secret}`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ ...ERROR_BODY, code: 'bad_url' });
      expect(JSON.stringify(res.body)).not.toMatch(/tok3n|%E0/);
    });

    it('answers bad JSON and a too large body with the error body only', async () => {
      const bad = await stack.api('POST', '/api/auth/refresh', { raw: '{"refresh_token":' });
      expect(bad).toMatchObject({ status: 400, body: { code: 'invalid_json' } });
      expect(Object.keys(bad.body).sort()).toEqual(['code', 'message', 'status']);
      const huge = await stack.api('POST', '/api/auth/refresh', {
        body: { refresh_token: 'x'.repeat(2 * 1024 * 1024) },
      });
      expect(huge.status).toBe(413);
      expect(huge.body).toEqual({ ...ERROR_BODY, code: 'payload_too_large' });
    });
  });

  describe('headers and exposure', () => {
    it('sends nosniff, no framing and no-store on API answers, errors included', async () => {
      const login = await stack.api('POST', '/api/auth/telegram', {
        body: stack.widgetPayload(nextId()),
        ip: stack.nextIp(),
      });
      expect(login.status).toBe(200);
      const failed = await stack.api('GET', '/api/user/profile');
      expect(failed.status).toBe(401);
      for (const res of [login, failed]) {
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('x-frame-options')).toBe('DENY');
        expect(res.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
        expect(res.headers.get('cache-control')).toBe('no-store');
        expect(res.headers.get('strict-transport-security')).toBeNull();
      }
      const health = await stack.api('GET', '/health');
      expect(health.headers.get('x-frame-options')).toBe('DENY');
      expect(health.headers.get('cache-control')).toBeNull();
    });

    it('lets only Telegram frame the Mini App pages (/app)', async () => {
      const res = await stack.api('GET', '/app/index.html');
      expect(res.headers.get('content-security-policy')).toBe(
        'frame-ancestors https://web.telegram.org https://*.telegram.org',
      );
      expect(res.headers.get('x-frame-options')).toBeNull();
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      // The admin console is not a Mini App: no framing at all.
      const adminPage = await stack.api('GET', '/admin/index.html');
      expect(adminPage.headers.get('x-frame-options')).toBe('DENY');
    });

    it('sends HSTS when a trusted proxy says the request came over HTTPS', async () => {
      const res = await stack.api('GET', '/health', { headers: { 'x-forwarded-proto': 'https' } });
      expect(res.headers.get('strict-transport-security')).toBe(
        'max-age=31536000; includeSubDomains',
      );
    });

    it('serves /metrics on the ops port only', async () => {
      const publicMetrics = await stack.api('GET', '/metrics');
      expect(publicMetrics.status).toBe(404);
      const ops = await fetch(`${stack.gateway.opsUrl}/metrics`);
      expect(ops.status).toBe(200);
      expect(await ops.text()).toContain('http_request_duration_seconds');
      expect((await fetch(`${stack.gateway.opsUrl}/health`)).status).toBe(200);
    });
  });
});
