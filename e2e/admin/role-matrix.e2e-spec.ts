import { generateKeyPairSync } from 'node:crypto';

import { request } from 'undici';

import { SERVICE_NAMES, SERVICES } from '@trafficshare/config';
import {
  createTestContext,
  freePort,
  pollUntil,
  spawnApp,
  type SpawnedApp,
  type TestContext,
} from '@trafficshare/testing';

import { mintToken, type Role } from '../ledger/harness';

type AdminRole = Exclude<Role, 'user'>;

const SUPERADMIN: readonly AdminRole[] = ['superadmin'];
/** Moderators manage users, API keys and withdrawals; everything else is the superadmin's. */
const MODERATOR: readonly AdminRole[] = ['superadmin', 'moderator'];

/**
 * Who may call each admin operation of the served OpenAPI document: one line per operation,
 * `METHOD /path` exactly as the document writes it. A new admin route fails this test until it
 * has its line here.
 */
const EXPECTED: Record<string, readonly AdminRole[]> = {
  // Users (moderators too)
  'GET /api/admin/users': MODERATOR,
  'PATCH /api/admin/users/{telegram_id}/ban': MODERATOR,
  'PATCH /api/admin/users/{telegram_id}/unban': MODERATOR,
  'POST /api/admin/users/{telegram_id}/reset_token': MODERATOR,
  'GET /api/admin/users/{telegram_id}/sessions': MODERATOR,
  'POST /api/admin/users/{telegram_id}/subscriptions': MODERATOR,
  'GET /api/admin/users/{telegram_id}/subscriptions/history': MODERATOR,
  'DELETE /api/admin/users/{telegram_id}/subscriptions/{model_id}': MODERATOR,
  // Money moves on a user's balance stay the superadmin's (the ledger checks it too).
  'PATCH /api/admin/users/{telegram_id}/adjust_balance': SUPERADMIN,
  'POST /api/admin/balance/add': SUPERADMIN,
  // API keys (moderators too)
  'POST /api/admin/apis/create': MODERATOR,
  'GET /api/admin/apis': MODERATOR,
  'PATCH /api/admin/apis/{id}': MODERATOR,
  'DELETE /api/admin/apis/{id}': MODERATOR,
  // Withdrawals (moderators too)
  'GET /api/admin/withdraws': MODERATOR,
  'GET /api/admin/withdraws/{id}': MODERATOR,
  'POST /api/admin/withdraws/{id}/{action}': MODERATOR,
  'GET /api/admin/withdraws/blacklist': MODERATOR,
  'POST /api/admin/withdraws/blacklist': MODERATOR,
  'DELETE /api/admin/withdraws/blacklist/{address}': MODERATOR,
  // Everything else: superadmins only
  'GET /api/admin/referrals/{telegram_id}': SUPERADMIN,
  'POST /api/admin/referrals/{telegram_id}/void': SUPERADMIN,
  'GET /api/admin/admins': SUPERADMIN,
  'POST /api/admin/admins/add': SUPERADMIN,
  'PATCH /api/admin/admins/{id}': SUPERADMIN,
  'DELETE /api/admin/admins/{id}': SUPERADMIN,
  'GET /api/admin/filter/policy': SUPERADMIN,
  'PATCH /api/admin/filter/policy': SUPERADMIN,
  'GET /api/admin/filter/reviews': SUPERADMIN,
  'POST /api/admin/filter/override/{ticket_id}': SUPERADMIN,
  'GET /api/admin/filter/audit/{session_id}': SUPERADMIN,
  'GET /api/admin/filter/whitelist': SUPERADMIN,
  'POST /api/admin/filter/whitelist': SUPERADMIN,
  'DELETE /api/admin/filter/whitelist/{type}/{value}': SUPERADMIN,
  'POST /api/admin/filter/check': SUPERADMIN,
  'POST /api/admin/daily_price': SUPERADMIN,
  'POST /api/admin/promo': SUPERADMIN,
  'GET /api/admin/promo': SUPERADMIN,
  'PATCH /api/admin/promo/{code}/deactivate': SUPERADMIN,
  'GET /api/admin/ledger/check': SUPERADMIN,
  'GET /api/admin/dashboard/summary': SUPERADMIN,
  'GET /api/admin/dashboard/charts': SUPERADMIN,
  'GET /api/admin/reports/export': SUPERADMIN,
  'GET /api/admin/audit': SUPERADMIN,
  'GET /api/admin/audit/verify': SUPERADMIN,
  'GET /api/admin/logs/auth': SUPERADMIN,
  'GET /api/admin/logs/errors': SUPERADMIN,
  'GET /api/admin/logs/traffic': SUPERADMIN,
  'GET /api/admin/settings': SUPERADMIN,
  'GET /api/admin/settings/status': SUPERADMIN,
  'PATCH /api/admin/settings/security': SUPERADMIN,
  'POST /api/admin/settings/cron': SUPERADMIN,
  'POST /api/admin/settings/backup': SUPERADMIN,
  'GET /api/admin/settings/backup/{id}': SUPERADMIN,
  'POST /api/admin/news': SUPERADMIN,
  'GET /api/admin/news': SUPERADMIN,
  'PATCH /api/admin/news/{id}': SUPERADMIN,
  'DELETE /api/admin/news/{id}': SUPERADMIN,
  'GET /api/admin/support': SUPERADMIN,
  'GET /api/admin/support/{id}': SUPERADMIN,
  'POST /api/admin/support/reply/{id}': SUPERADMIN,
  'POST /api/admin/support/close/{id}': SUPERADMIN,
  'GET /api/admin/traffic/pool': SUPERADMIN,
  'POST /api/admin/traffic/pool/add': SUPERADMIN,
  'GET /api/admin/traffic/pool/check': SUPERADMIN,
  'GET /api/admin/traffic/keys/{key_id}/usage': SUPERADMIN,
};

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** A value for any path parameter: the role check comes before parameter validation. */
const fill = (path: string) =>
  path.replace(/\{([a-z_]+)\}/g, (_m, name: string) =>
    name === 'action' ? 'approve' : name === 'type' ? 'ip' : '123456',
  );

// The seed's role matrix over every admin operation the gateway documents, called for real as
// a user, a moderator and a superadmin (no service is running: an allowed call gets past the
// role check and fails later, a refused one is 403 before any service is asked).
describe('admin role matrix (every /api/admin operation of the served OpenAPI document)', () => {
  let ctx: TestContext;
  let gateway: SpawnedApp;
  let url = '';
  let privateKey = '';
  let operations: string[] = [];

  beforeAll(async () => {
    ctx = createTestContext('e2e_role_matrix');
    const keys = generateKeyPairSync('ed25519');
    privateKey = keys.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    // Its own process, as `npm start` runs it: the docs UI needs an ESM package jest cannot load.
    gateway = spawnApp('gateway', {
      ...ctx.env,
      GATEWAY_PORT: String(port),
      METRICS_PORT: String(await freePort()),
      JWT_PUBLIC_KEY: keys.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
      ...Object.fromEntries(SERVICE_NAMES.map((s) => [SERVICES[s].urlEnv, '127.0.0.1:1'])),
      GRPC_DEADLINE_MS: '300',
      DOCS_ENABLED: 'true',
      WEB_ENABLED: 'false',
      LOG_LEVEL: 'warn',
    });
    await pollUntil(
      async () => (await fetch(`${url}/docs-json`).catch(() => undefined))?.ok === true,
      { timeoutMs: 120_000, intervalMs: 250 },
    ).catch((err: unknown) => {
      throw new Error(`gateway did not start: ${String(err)}\n${gateway.output()}`);
    });
    const doc = await request(`${url}/docs-json`);
    expect(doc.statusCode).toBe(200);
    const { paths } = (await doc.body.json()) as { paths: Record<string, Record<string, unknown>> };
    operations = Object.entries(paths)
      .filter(([path]) => path.startsWith('/api/admin/') || path === '/api/admin')
      .flatMap(([path, ops]) =>
        HTTP_METHODS.filter((m) => ops[m] !== undefined).map((m) => `${m.toUpperCase()} ${path}`),
      )
      .sort();
  }, 150_000);

  afterAll(async () => {
    await gateway?.stop();
    await ctx?.cleanup();
  }, 30_000);

  it('every admin operation of the document has its line in the table, and every line a route', () => {
    expect(operations.length).toBeGreaterThan(30);
    const missing = operations.filter((op) => !(op in EXPECTED));
    const stale = Object.keys(EXPECTED).filter((op) => !operations.includes(op));
    expect({
      missing: missing.map(
        (op) =>
          `${op}: add "'${op}': SUPERADMIN," (or MODERATOR for users, API keys, withdrawals) to EXPECTED in e2e/admin/role-matrix.e2e-spec.ts`,
      ),
      stale: stale.map((op) => `${op}: not served any more; remove its line from EXPECTED`),
    }).toEqual({ missing: [], stale: [] });
  });

  it('no token is 401; a user is 403; moderators and superadmins as the table says', async () => {
    const wrong: string[] = [];
    let sub = 910_000_000;
    for (const op of operations) {
      const allowed = EXPECTED[op];
      if (!allowed) continue;
      const [method, path] = op.split(' ');
      const send = async (role: Role | undefined) => {
        sub += 1;
        const res = await request(`${url}${fill(path)}`, {
          method: method as 'GET',
          headers: {
            ...(role ? { authorization: `Bearer ${mintToken(privateKey, sub, role)}` } : {}),
            ...(method === 'GET' || method === 'DELETE'
              ? {}
              : { 'content-type': 'application/json' }),
          },
          body: method === 'GET' || method === 'DELETE' ? undefined : '{}',
        });
        await res.body.dump();
        return res.statusCode;
      };
      const anonymous = await send(undefined);
      if (anonymous !== 401) wrong.push(`${op} without a token → ${anonymous}, expected 401`);
      for (const role of ['user', 'moderator', 'superadmin'] as const) {
        const status = await send(role);
        const may = role !== 'user' && allowed.includes(role);
        if (may && (status === 401 || status === 403)) {
          wrong.push(`${op} as ${role} → ${status}, expected to pass the role check`);
        }
        if (!may && status !== 403) wrong.push(`${op} as ${role} → ${status}, expected 403`);
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);
});
