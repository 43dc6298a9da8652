import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { clientTypes, staleFiles } from './api-files';
import { openApiJson, withGateway } from './openapi-document';

const ROOT = join(__dirname, '../..');

/**
 * Routes still declared the old way (Nest decorators and examples): the controller conversions
 * remove them from this list, which only shrinks — a new route must come with a contract. When it
 * is empty, every answer of every route is checked by GATEWAY_VALIDATE_RESPONSES in the e2e suites.
 */
const ROUTES_WITHOUT_CONTRACT = [
  'DELETE /api/admin/admins/:id',
  'DELETE /api/admin/apis/:id',
  'DELETE /api/admin/filter/whitelist/:type/:value',
  'DELETE /api/admin/users/:telegram_id/subscriptions/:model_id',
  'DELETE /api/user/settings/cache_clear',
  'GET /api/admin/admins',
  'GET /api/admin/apis',
  'GET /api/admin/filter/audit/:session_id',
  'GET /api/admin/filter/policy',
  'GET /api/admin/filter/reviews',
  'GET /api/admin/filter/whitelist',
  'GET /api/admin/ledger/check',
  'GET /api/admin/promo',
  'GET /api/admin/users',
  'GET /api/admin/users/:telegram_id/sessions',
  'GET /api/admin/users/:telegram_id/subscriptions/history',
  'GET /api/auth/my-subscriptions',
  'GET /api/dashboard',
  'GET /api/dashboard/:telegram_id',
  'GET /api/filter/audit/:session_id',
  'GET /api/notifications/live',
  'GET /api/promo/list',
  'GET /api/session/:id/summary',
  'GET /api/sessions',
  'GET /api/sessions/:id',
  'GET /api/sessions/active',
  'GET /api/sessions/export',
  'GET /api/sessions/summary',
  'GET /api/stats/daily',
  'GET /api/stats/daily/:telegram_id',
  'GET /api/stats/monthly',
  'GET /api/stats/monthly/:telegram_id',
  'GET /api/stats/rates',
  'GET /api/stats/summary',
  'GET /api/stats/summary/:telegram_id',
  'GET /api/stats/weekly',
  'GET /api/stats/weekly/:telegram_id',
  'GET /api/transactions',
  'GET /api/user/balance',
  'GET /api/user/balance/:telegram_id',
  'GET /api/user/balance_history',
  'GET /api/user/login_history',
  'GET /api/user/login_history/full',
  'GET /api/user/profile',
  'GET /api/user/settings',
  'PATCH /api/admin/admins/:id',
  'PATCH /api/admin/apis/:id',
  'PATCH /api/admin/filter/policy',
  'PATCH /api/admin/promo/:code/deactivate',
  'PATCH /api/admin/users/:telegram_id/adjust_balance',
  'PATCH /api/admin/users/:telegram_id/ban',
  'PATCH /api/admin/users/:telegram_id/unban',
  'PATCH /api/user/settings',
  'PATCH /api/user/settings/theme',
  'POST /api/admin/admins/add',
  'POST /api/admin/apis/create',
  'POST /api/admin/balance/add',
  'POST /api/admin/filter/check',
  'POST /api/admin/filter/override/:ticket_id',
  'POST /api/admin/filter/whitelist',
  'POST /api/admin/promo',
  'POST /api/admin/users/:telegram_id/reset_token',
  'POST /api/admin/users/:telegram_id/subscriptions',
  'POST /api/promo/activate',
  'POST /api/sessions/filter',
  'POST /api/sessions/review/:id',
  'POST /api/traffic/heartbeat',
  'POST /api/traffic/start',
  'POST /api/traffic/stop',
  'POST /api/user/logout',
  'POST /api/user/logout_all',
  'POST /api/user/refresh_balance',
  'POST /api/user/security/2fa',
  'POST /api/user/security/2fa/verify',
  'POST /api/user/security/disable_2fa',
  'POST /api/user/token/renew',
];

interface LintReport {
  totals: { errors: number; warnings: number };
  problems: Array<{ ruleId: string; severity: string; message: string; location?: unknown }>;
}

describe('the gateway OpenAPI document', () => {
  let document = '';
  let withoutContract: string[] = [];

  beforeAll(async () => {
    await withGateway(async (gateway) => {
      document = openApiJson(gateway);
      withoutContract = gateway.routes.withoutContract();
    });
  }, 60_000);

  it('passes `redocly lint` with no errors (redocly.yaml)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'redocly-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, document);
      const run = spawnSync(
        process.execPath,
        [
          join(ROOT, 'node_modules/@redocly/cli/bin/cli.js'),
          'lint',
          '--config',
          join(ROOT, 'redocly.yaml'),
          '--format=json',
          file,
        ],
        {
          encoding: 'utf8',
          env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
          timeout: 60_000,
        },
      );
      const report = JSON.parse(run.stdout) as LintReport;
      const errors = report.problems
        .filter((p) => p.severity === 'error')
        .map((p) => `${p.ruleId}: ${p.message} ${JSON.stringify(p.location)}`);
      expect(errors).toEqual([]);
      expect(report.totals.errors).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('is committed with the client types generated from it (npm run api:gen)', () => {
    expect(staleFiles({ document, schema: clientTypes(document) })).toEqual([]);
  }, 60_000);

  it('lists only the known routes without a contract', () => {
    expect(withoutContract).toEqual([...ROUTES_WITHOUT_CONTRACT].sort());
  });
});
