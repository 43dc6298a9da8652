import { pollUntil } from '@trafficshare/testing';

import { LiveClient } from './support/live-client';
import { AuthStack, idFactory, type Session } from './support/harness';

describe('entitlements: models, grant/revoke, live subscription_update, requireSubscription', () => {
  let stack: AuthStack;
  const nextId = idFactory();
  const superId = nextId();
  let admin: Session;

  beforeAll(async () => {
    stack = await AuthStack.start('e2e_auth_entitle', {
      adminIds: [superId],
      env: { SUBSCRIPTION_EXPIRY_SWEEP_MS: '300' },
    });
    admin = await stack.login(superId);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const mine = (token: string) => stack.api('GET', '/api/auth/my-subscriptions', { token });
  const premiumRoute = (token: string) =>
    stack.api('GET', '/api/user/login_history/full?limit=10', { token });

  it('every new user has the free model at version 1; free and premium models exist', async () => {
    const user = await stack.login(nextId());
    const res = await mine(user.token);
    expect(res.body).toEqual({
      status: 'success',
      version: 1,
      subscriptions: [
        expect.objectContaining({
          model_id: 'free',
          is_free: true,
          is_premium: false,
          expiry_date: null,
        }),
      ],
    });
    const models = await stack.sql<{ id: string }>(
      'SELECT id FROM subscription_models ORDER BY id',
    );
    expect(models.map((m) => m.id)).toEqual(['free', 'premium']);
  });

  it('grant → live subscription_update over the WebSocket → version bump in my-subscriptions → premium route opens; revoke closes it at once', async () => {
    const user = await stack.login(nextId());
    expect(await premiumRoute(user.token)).toMatchObject({
      status: 403,
      body: { status: 'error', code: 'subscription_required' },
    });

    const live = await LiveClient.connect(stack.url, user.token);
    expect(live.messages[0]).toEqual({
      type: 'connected',
      at: expect.any(String),
      data: { telegram_id: user.telegramId, subscription_version: 1 },
    });
    const grant = await stack.api('POST', `/api/admin/users/${user.telegramId}/subscriptions`, {
      token: admin.token,
      body: { model_id: 'premium', days: 30, reason: 'promo winner' },
    });
    expect(grant.status).toBe(201);
    expect(grant.body).toMatchObject({ status: 'success', version: 2 });

    const update = await pollUntil(
      () => live.messages.find((m) => m.type === 'subscription_update'),
      { description: 'subscription_update' },
    );
    expect(update.data).toMatchObject({ action: 'grant', model_id: 'premium', version: 2 });
    expect(
      (update.data.subscriptions as Array<{ model_id: string }>).map((s) => s.model_id).sort(),
    ).toEqual(['free', 'premium']);

    const after = await mine(user.token);
    expect(after.body.version).toBe(2);
    const premium = (after.body.subscriptions as Array<Record<string, unknown>>).find(
      (s) => s.model_id === 'premium',
    );
    expect(Date.parse(premium!.expiry_date as string)).toBeGreaterThan(
      Date.now() + 29 * 86_400_000,
    );

    // The token still says ver 1: the route opens (current version from Redis) and tells the client to self-heal.
    const open = await premiumRoute(user.token);
    expect(open.status).toBe(200);
    expect(open.headers.get('x-subscription-version')).toBe('2');

    const revoke = await stack.api(
      'DELETE',
      `/api/admin/users/${user.telegramId}/subscriptions/premium?reason=abuse`,
      { token: admin.token },
    );
    expect(revoke.body).toMatchObject({ version: 3 });
    expect((await premiumRoute(user.token)).status).toBe(403);
    await pollUntil(
      () =>
        live.messages.find((m) => m.type === 'subscription_update' && m.data.action === 'revoke'),
      { description: 'revoke update' },
    );

    const history = await stack.api(
      'GET',
      `/api/admin/users/${user.telegramId}/subscriptions/history`,
      { token: admin.token },
    );
    expect(history.body.history).toEqual([
      expect.objectContaining({
        admin_id: superId,
        old_subscriptions: ['free', 'premium'],
        new_subscriptions: ['free'],
        reason: 'abuse',
      }),
      expect.objectContaining({
        admin_id: superId,
        old_subscriptions: ['free'],
        new_subscriptions: ['free', 'premium'],
        reason: 'promo winner',
      }),
      expect.objectContaining({ admin_id: 0, new_subscriptions: ['free'], reason: 'registration' }),
    ]);
    await pollUntil(() => stack.eventsOf('SubscriptionChanged', user.telegramId).length === 2, {
      description: 'SubscriptionChanged x2',
    });
    live.close();
  });

  it('an expired subscription is switched off by the sweep: version bump, history, live expire, route closed', async () => {
    const user = await stack.login(nextId());
    const other = await stack.login(nextId());
    for (const u of [user, other])
      await stack.api('POST', `/api/admin/users/${u.telegramId}/subscriptions`, {
        token: admin.token,
        body: { model_id: 'premium', days: 1, reason: 'trial' },
      });
    expect((await mine(user.token)).body.version).toBe(2);
    const live = await LiveClient.connect(stack.url, user.token);

    // The day is over (for this user only): the sweep switches it off within a few hundred ms.
    await stack.sql(
      `UPDATE user_subscriptions SET expiry_date = now() - interval '1 second'
       WHERE telegram_id = $1 AND model_id = 'premium'`,
      [user.telegramId],
    );
    const update = await pollUntil(
      () =>
        live.messages.find((m) => m.type === 'subscription_update' && m.data.action === 'expire'),
      { description: 'subscription_update (expire)' },
    );
    expect(update.data).toMatchObject({ action: 'expire', model_id: 'premium', version: 3 });
    expect(
      (update.data.subscriptions as Array<{ model_id: string }>).map((s) => s.model_id),
    ).toEqual(['free']);
    const now = await mine(user.token);
    expect(now.body.version).toBe(3);
    expect((now.body.subscriptions as Array<{ model_id: string }>).map((s) => s.model_id)).toEqual([
      'free',
    ]);
    expect((await premiumRoute(user.token)).status).toBe(403);
    const history = await stack.api(
      'GET',
      `/api/admin/users/${user.telegramId}/subscriptions/history`,
      { token: admin.token },
    );
    expect((history.body.history as unknown[])[0]).toMatchObject({
      admin_id: 0,
      old_subscriptions: ['free', 'premium'],
      new_subscriptions: ['free'],
      reason: 'expired',
    });
    await pollUntil(
      () =>
        stack
          .eventsOf('SubscriptionChanged', user.telegramId)
          .some((e) => e.message.action === 'expire'),
      { description: 'SubscriptionChanged (expire)' },
    );
    // Once is enough: later sweeps find nothing, and the other user's unexpired trial stays.
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await mine(user.token)).body.version).toBe(3);
    expect(live.messages.filter((m) => m.data?.action === 'expire')).toHaveLength(1);
    expect((await mine(other.token)).body.version).toBe(2);
    expect((await premiumRoute(other.token)).status).toBe(200);
    live.close();
  });

  it('unknown model, unknown user and revoking what is not granted are refused', async () => {
    const user = await stack.login(nextId());
    expect(
      (
        await stack.api('POST', `/api/admin/users/${user.telegramId}/subscriptions`, {
          token: admin.token,
          body: { model_id: 'vip' },
        })
      ).body,
    ).toMatchObject({ code: 'model_not_found' });
    expect(
      (
        await stack.api('POST', `/api/admin/users/${nextId()}/subscriptions`, {
          token: admin.token,
          body: { model_id: 'premium' },
        })
      ).body,
    ).toMatchObject({ code: 'user_not_found' });
    expect(
      (
        await stack.api('DELETE', `/api/admin/users/${user.telegramId}/subscriptions/premium`, {
          token: admin.token,
        })
      ).body,
    ).toMatchObject({ code: 'subscription_not_found' });
  });

  it('the WebSocket takes the JWT as a subprotocol, and refuses missing or revoked tokens', async () => {
    const user = await stack.login(nextId());
    const live = await LiveClient.connect(stack.url, user.token, 'protocol');
    expect(live.socket.protocol).toBe('bearer');
    live.close();
    expect(await LiveClient.refusal(stack.url, undefined)).toBe(401);
    expect(await LiveClient.refusal(stack.url, 'not.a.jwt')).toBe(401);
    await stack.api('POST', '/api/user/logout', { token: user.token });
    expect(await LiveClient.refusal(stack.url, user.token)).toBe(401);
  });
});
