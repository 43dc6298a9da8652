import { createApiClient, type ApiClient } from '@trafficshare/api-client';

import { AuthStack, idFactory } from './support/harness';

// The generated client (libs/api-client) against the real gateway: what the web client will do.
// `npm run lint` type-checks this file, so the typed usage below is a compile-time test too.
describe('@trafficshare/api-client against the gateway', () => {
  let stack: AuthStack;
  let api: ApiClient;
  const nextId = idFactory();

  beforeAll(async () => {
    stack = await AuthStack.start('e2e_api_client');
    api = createApiClient(stack.url);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it('logs in and rotates the refresh token with typed bodies and answers', async () => {
    const id = nextId();
    const login = await api.request('post', '/api/auth/telegram', {
      body: stack.widgetPayload(id) as {
        id: number;
        first_name: string;
        auth_date: number;
        hash: string;
      },
      headers: { 'x-forwarded-for': stack.nextIp() },
    });
    if (login.status !== 200)
      throw new Error(`login: ${login.status} ${JSON.stringify(login.body)}`);
    // Narrowed by status: the success body's fields are typed.
    const { token, refresh_token: refreshToken, user } = login.body;
    expect(user.telegram_id).toBe(id);
    expect(user.role).toBe('user');
    expect(token.split('.')).toHaveLength(3);

    const refreshed = await api.request('post', '/api/auth/refresh', {
      body: { refresh_token: refreshToken },
      headers: { 'x-forwarded-for': stack.nextIp() },
    });
    expect(refreshed.status).toBe(200);
    if (refreshed.status === 200) expect(refreshed.body.expires_in).toBeGreaterThan(0);

    // The spent token again: an error answer, its code one of the declared ones.
    const reused = await api.request('post', '/api/auth/refresh', {
      body: { refresh_token: refreshToken },
      headers: { 'x-forwarded-for': stack.nextIp() },
    });
    expect(reused.status).toBe(401);
    if (reused.status === 401) expect(reused.body.code).toBe('refresh_token_reused');
  });

  it('refuses, at compile time, what the contract does not allow', async () => {
    // @ts-expect-error refresh_token is required and `token` is not a field of the body.
    const bad = await api.request('post', '/api/auth/refresh', { body: { token: 'x' } });
    expect(bad.status).toBe(400);
    // @ts-expect-error no such route
    await expect(api.request('get', '/api/nope')).resolves.toMatchObject({ status: 404 });
    const ready = await api.request('get', '/health/ready');
    // Only auth-svc runs here: readiness is the declared 503 body, typed like the 200 one.
    expect(ready.status).toBe(503);
    if (ready.status === 503 && ready.body.status !== 'error') {
      expect(ready.body.down).toContain('ledger-svc');
    }
  });
});
