import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';

import { IS_PUBLIC } from '../../apps/gateway/src/common/public.decorator';
import { LiveClient } from './support/live-client';
import { AuthStack, idFactory } from './support/harness';

interface Route {
  readonly method: string;
  readonly path: string;
  readonly isPublic: boolean;
}

// Every @Public() route, on purpose. Adding one means adding it here, in review.
const PUBLIC_ROUTES = [
  'GET /health',
  'GET /health/ready',
  'POST /api/auth/telegram',
  'POST /api/auth/webapp',
  'POST /api/auth/refresh',
  // The payout provider's IPN: no user token, its HMAC-SHA512 signature is checked instead.
  'POST /webhooks/payouts/:provider',
  // Telegram's bot updates: no user token; the secret path and X-Telegram-Bot-Api-Secret-Token
  // are checked (constant time) by notify-svc instead.
  'POST /webhooks/telegram/:secret',
];

/** Every HTTP route of the running gateway, from Nest's own controller metadata. */
function gatewayRoutes(stack: AuthStack): Route[] {
  const app = stack.gateway.app;
  const modules = app.get(ModulesContainer, { strict: false });
  const scanner = new MetadataScanner();
  const reflector = new Reflector();
  const routes: Route[] = [];
  const controllers = [...modules.values()].flatMap((m) => [...m.controllers.values()]);
  for (const wrapper of controllers) {
    const instance = wrapper.instance as object | undefined;
    if (!instance || !wrapper.metatype) continue;
    const bases = ([] as string[]).concat(
      (Reflect.getMetadata(PATH_METADATA, wrapper.metatype) as string | string[] | undefined) ?? '',
    );
    const proto = Object.getPrototypeOf(instance) as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(proto)) {
      const handler = proto[name] as object;
      const subs = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (subs === undefined || method === undefined) continue;
      const isPublic =
        reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
          handler as () => void,
          wrapper.metatype as () => void,
        ]) === true;
      // A controller or a handler may name several paths: each one is a route.
      for (const base of bases) {
        for (const sub of ([] as string[]).concat(subs)) {
          const path = `/${[base, sub]
            .map((p) => p.replace(/^\/+|\/+$/g, ''))
            .filter(Boolean)
            .join('/')}`;
          routes.push({ method: RequestMethod[method], path, isPublic });
        }
      }
    }
  }
  return routes;
}

describe('gateway route guard: every route is @Public() or behind the AuthGuard', () => {
  let stack: AuthStack;
  const nextId = idFactory();

  beforeAll(async () => {
    stack = await AuthStack.start('e2e_auth_guard');
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('finds the routes (the enumeration itself works)', () => {
    const routes = gatewayRoutes(stack).map((r) => `${r.method} ${r.path}`);
    expect(routes).toEqual(
      expect.arrayContaining([
        'GET /api/user/profile',
        'POST /api/auth/telegram',
        'PATCH /api/admin/users/:telegram_id/ban',
      ]),
    );
    expect(routes.length).toBeGreaterThan(30);
  });

  it('only the reviewed routes are public', () => {
    const publicRoutes = gatewayRoutes(stack)
      .filter((r) => r.isPublic)
      .map((r) => `${r.method} ${r.path}`);
    expect(publicRoutes.sort()).toEqual([...PUBLIC_ROUTES].sort());
  });

  it('every other route answers 401 without a token (called for real)', async () => {
    const unguarded: string[] = [];
    for (const route of gatewayRoutes(stack).filter((r) => !r.isPublic)) {
      const path = route.path.replace(/:[a-z_]+/g, (p) =>
        p === ':id' && route.path.includes('apis')
          ? '00000000-0000-4000-8000-000000000000'
          : '123456',
      );
      const res = await stack.api(
        route.method,
        path,
        route.method === 'GET' || route.method === 'DELETE' ? {} : { body: {} },
      );
      if (res.status !== 401 || res.body.code !== 'token_missing')
        unguarded.push(`${route.method} ${route.path} → ${res.status}`);
    }
    expect(unguarded).toEqual([]);
    expect(await LiveClient.refusal(stack.url, undefined)).toBe(401);
  });

  it('no IDOR: user A reaches nothing of user B through any :telegram_id route or admin route', async () => {
    const a = await stack.login(nextId());
    const b = await stack.login(nextId());
    // Every route naming a user by telegram id, and every admin route (ids of users, admins,
    // keys): a plain user must get 403 before any service is asked. Routes keyed by other
    // services' resource ids (sessions, withdrawals) are owner-checked in those services' tests.
    const withIds = gatewayRoutes(stack).filter(
      (r) =>
        r.path.includes(':telegram_id') ||
        (r.path.startsWith('/api/admin/') && r.path.includes('/:')),
    );
    expect(withIds.length).toBeGreaterThan(8);
    const leaks: string[] = [];
    for (const route of withIds) {
      const path = route.path
        .replace(':telegram_id', String(b.telegramId))
        .replace(':id', String(b.telegramId))
        .replace(':model_id', 'free');
      const res = await stack.api(route.method, path, {
        token: a.token,
        ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { body: {} }),
      });
      if (res.status !== 403) leaks.push(`${route.method} ${route.path} → ${res.status}`);
    }
    expect(leaks).toEqual([]);
    // B is untouched.
    expect(
      (await stack.api('GET', '/api/auth/my-subscriptions', { token: b.token })).body,
    ).toMatchObject({ version: 1 });
    expect((await stack.api('GET', '/api/user/profile', { token: b.token })).status).toBe(200);
  });
});
