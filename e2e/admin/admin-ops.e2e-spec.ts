import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { Client } from 'pg';
import { request } from 'undici';
import WebSocket from 'ws';

import { SERVICES } from '@trafficshare/config';
import { freePort, pollUntil, startApp, TEST_DATABASE_URL } from '@trafficshare/testing';
import { JobSchedules } from '@trafficshare/service-kit';

import { AdminMonitorService } from '../../apps/gateway/src/admin/monitor/admin-monitor.service';
import { boot as bootGateway, type RunningGateway } from '../../apps/gateway/src/boot';
import { startAuthHarness, type AuthHarness } from '../../apps/auth-svc/src/test/auth-harness';
import {
  startLedgerHarness,
  transferKind,
  type LedgerHarness,
} from '../../apps/ledger-svc/src/test/ledger-harness';
import {
  startTelemetryHarness,
  type TelemetryHarness,
} from '../../apps/telemetry-svc/src/test/telemetry-harness';
import { mintToken, type Json, type Role } from '../ledger/harness';

const run = promisify(execFile);
const ADMIN = 900_000_007;

interface Frame {
  readonly type: string;
  readonly at: string;
  readonly data: Json;
}

/** A /ws/admin/monitor client that records frames; resolves once `connected` arrived. */
function connectMonitor(url: string, token: string): Promise<{ ws: WebSocket; frames: Frame[] }> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws/admin/monitor`, ['bearer', token]);
  const frames: Frame[] = [];
  ws.on('message', (raw: Buffer) => frames.push(JSON.parse(raw.toString('utf8')) as Frame));
  return new Promise((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) =>
      reject(new Error(`upgrade refused with ${res.statusCode}`)),
    );
    ws.once('error', reject);
    ws.on('message', () => {
      if (frames[0]?.type === 'connected') resolve({ ws, frames });
    });
  });
}

function monitorRefusal(url: string, token: string | undefined): Promise<number> {
  const ws = new WebSocket(
    `${url.replace(/^http/, 'ws')}/ws/admin/monitor${token ? `?token=${encodeURIComponent(token)}` : ''}`,
  );
  return new Promise((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('open', () => reject(new Error('upgrade was accepted')));
    ws.once('error', () => undefined);
  });
}

// Logs, system settings, backups and the live monitor through the gateway, with auth-svc,
// ledger-svc and telemetry-svc running for real (filter-svc, payout-svc and notify-svc absent:
// their parts are reported as such). The gateway shares auth-svc's Redis prefix, so both write
// to the same error log.
describe('admin console: logs, settings, monitor (e2e)', () => {
  let authH: AuthHarness;
  let ledgerH: LedgerHarness;
  let telemetryH: TelemetryHarness;
  let gateway: RunningGateway;
  let backupDir = '';
  let privateKey = '';
  const base = 9_400_000 + Math.floor(Math.random() * 10_000) * 10;
  const alice = base + 1;

  const token = (role: Role, sub = ADMIN): string => mintToken(privateKey, sub, role);
  const call = async (
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    o: { role?: Role; body?: unknown; requestId?: string } = {},
  ): Promise<{ status: number; body: Json; requestId: string }> => {
    const res = await request(`${gateway.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token(o.role ?? 'superadmin')}`,
        ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(o.requestId ? { 'x-request-id': o.requestId } : {}),
      },
      body: o.body !== undefined ? JSON.stringify(o.body) : undefined,
    });
    return {
      status: res.statusCode,
      body: (await res.body.json()) as Json,
      requestId: String(res.headers['x-request-id']),
    };
  };

  beforeAll(async () => {
    [authH, ledgerH, telemetryH] = await Promise.all([
      startAuthHarness('e2e_admin_ops_auth'),
      startLedgerHarness('e2e_admin_ops_ledger'),
      startTelemetryHarness('e2e_admin_ops_tel'),
    ]);
    backupDir = await mkdtemp(join(tmpdir(), 'ts-backup-'));
    const keys = generateKeyPairSync('ed25519');
    privateKey = keys.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    gateway = await startApp(bootGateway, {
      ...authH.ctx.env,
      GATEWAY_PORT: String(await freePort()),
      METRICS_PORT: String(await freePort()),
      GATEWAY_VALIDATE_RESPONSES: 'true',
      JWT_PUBLIC_KEY: keys.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
      [SERVICES['auth-svc'].urlEnv]: authH.service.grpcAddress,
      [SERVICES['ledger-svc'].urlEnv]: ledgerH.service.grpcAddress,
      [SERVICES['telemetry-svc'].urlEnv]: telemetryH.service.grpcAddress,
      [SERVICES['filter-svc'].urlEnv]: '127.0.0.1:1',
      [SERVICES['payout-svc'].urlEnv]: '127.0.0.1:1',
      [SERVICES['notify-svc'].urlEnv]: '127.0.0.1:1',
      BACKUP_DIR: backupDir,
      // Only this run's auth schema: the test database is shared with other runs.
      BACKUP_SCHEMA_PATTERN: `${authH.ctx.schemaPrefix}*`,
      ADMIN_MONITOR_TICK_MS: '1000',
      DOCS_ENABLED: 'false',
    });
    await authH.login(alice);
    await authH.login(base + 2);
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    await Promise.all([authH?.stop(), ledgerH?.stop(), telemetryH?.stop()]);
    if (backupDir) await rm(backupDir, { recursive: true, force: true });
  }, 60_000);

  it('auth log: logins through the gateway, filtered by user, paged by cursor', async () => {
    const res = await call('GET', `/api/admin/logs/auth?user=${alice}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({
      action: 'auth.login',
      level: 'info',
      actor_id: alice,
      target_id: alice,
      ip: '203.0.113.10',
    });
    const first = await call('GET', '/api/admin/logs/auth?limit=1');
    expect(first.body.items).toHaveLength(1);
    expect(first.body.next_cursor).toEqual(expect.any(String));
    const second = await call(
      'GET',
      `/api/admin/logs/auth?limit=1&cursor=${encodeURIComponent(String(first.body.next_cursor))}`,
    );
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    expect((await call('GET', '/api/admin/logs/auth?cursor=bogus')).body.code).toBe(
      'invalid_cursor',
    );
    expect((await call('GET', '/api/admin/logs/traffic')).status).toBe(200);
  });

  it('errors log: an induced INTERNAL in auth-svc and the 5xx it caused, under one request id', async () => {
    const pg = new Client({ connectionString: TEST_DATABASE_URL });
    await pg.connect();
    const table = `"${authH.ctx.schema('auth')}".system_settings`;
    const requestId = `induced-${randomBytes(6).toString('hex')}`;
    try {
      await pg.query(`ALTER TABLE ${table} RENAME TO system_settings_gone`);
      const res = await call('GET', '/api/admin/settings', { requestId });
      expect(res.status).toBe(500);
      expect(res.body).toMatchObject({ status: 'error', code: 'internal' });
    } finally {
      await pg.query(
        `ALTER TABLE "${authH.ctx.schema('auth')}".system_settings_gone RENAME TO system_settings`,
      );
      await pg.end();
    }
    const found = await pollUntil(
      async () => {
        const r = await call('GET', '/api/admin/logs/errors?limit=200');
        const mine = (r.body.items as Json[]).filter((e) => e.request_id === requestId);
        return mine.length >= 2 ? mine : undefined;
      },
      { timeoutMs: 10_000, description: 'both error entries' },
    );
    expect(found).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          app: 'auth-svc',
          kind: 'grpc_internal',
          status: 13,
          route: 'trafficshare.auth.v1.AuthService/GetSystemSettings',
          user: ADMIN,
        }),
        expect.objectContaining({
          app: 'gateway',
          kind: 'http_5xx',
          status: 500,
          level: 'error',
          route: 'GET /api/admin/settings',
          user: ADMIN,
        }),
      ]),
    );
    // Filters and the keyset cursor.
    const byUser = await call('GET', '/api/admin/logs/errors?user=1');
    expect(byUser.body.items).toEqual([]);
    const one = await call('GET', '/api/admin/logs/errors?limit=1');
    expect(one.body.items).toHaveLength(1);
    const next = await call('GET', `/api/admin/logs/errors?limit=1&cursor=${one.body.next_cursor}`);
    expect(next.body.items).toHaveLength(1);
    expect(next.body.items[0].id < one.body.items[0].id).toBe(true);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect(
      (await call('GET', `/api/admin/logs/errors?from=${encodeURIComponent(future)}`)).body.items,
    ).toEqual([]);
  });

  it('logs, settings and backups are superadmin-only', async () => {
    for (const [method, path] of [
      ['GET', '/api/admin/logs/auth'],
      ['GET', '/api/admin/logs/errors'],
      ['GET', '/api/admin/logs/traffic'],
      ['GET', '/api/admin/settings/status'],
      ['PATCH', '/api/admin/settings/security'],
      ['POST', '/api/admin/settings/cron'],
      ['POST', '/api/admin/settings/backup'],
    ] as const)
      for (const role of ['user', 'moderator'] as const) {
        const res = await call(method, path, { role, body: method === 'GET' ? undefined : {} });
        expect({ path, role, status: res.status }).toEqual({ path, role, status: 403 });
      }
  });

  it('status: every app asked over Describe; absent ones reported; NATS and Postgres', async () => {
    const res = await call('GET', '/api/admin/settings/status');
    expect(res.status).toBe(200);
    const apps = new Map((res.body.apps as Json[]).map((a) => [a.app, a]));
    for (const app of ['auth-svc', 'ledger-svc', 'telemetry-svc']) {
      expect(apps.get(app)).toMatchObject({ ok: true, ready: true, dlq_size: 0 });
      expect(apps.get(app)!.uptime_s).toBeGreaterThanOrEqual(0);
      expect(apps.get(app)!.schema_bytes).toBeGreaterThan(0);
      expect(apps.get(app)!.event_loop_lag_ms).toEqual(expect.any(Number));
      expect(apps.get(app)!.outbox_backlog).toEqual(expect.any(Number));
    }
    for (const app of ['filter-svc', 'payout-svc', 'notify-svc'])
      expect(apps.get(app)).toMatchObject({ ok: false, ready: false, version: null });
    expect(res.body.nats).toMatchObject({ ok: true, dlq: expect.any(Number) });
    expect(res.body.postgres.database_bytes).toBeGreaterThan(0);
  });

  it('security settings: validated, stored, and the next token issued uses them', async () => {
    const bad = await call('PATCH', '/api/admin/settings/security', {
      body: { access_token_ttl_s: 10 },
    });
    expect(bad.status).toBe(400);
    const res = await call('PATCH', '/api/admin/settings/security', {
      body: { access_token_ttl_s: 300, two_factor_max_renewals_without_code: 5 },
    });
    expect(res.status).toBe(200);
    expect(res.body.setting).toMatchObject({
      key: 'security',
      value: { access_token_ttl_s: 300, two_factor_max_renewals_without_code: 5 },
      updated_by: ADMIN,
    });
    const user = await authH.login(base + 3);
    const renewed = await authH.client.renewToken({ caller: user.caller, code: '' });
    expect(renewed.tokens!.expiresIn).toBe(300);
    const listed = await call('GET', '/api/admin/settings');
    expect(listed.body.security.value.access_token_ttl_s).toBe(300);
  });

  it('cron settings: interval syntax validated; the owning service applies them at once', async () => {
    for (const every of ['5 minutes', '0s', '25h', '*/5 * * * *']) {
      const r = await call('POST', '/api/admin/settings/cron', {
        body: { jobs: { subscription_expiry_sweep: every } },
      });
      expect({ every, status: r.status }).toEqual({ every, status: 400 });
    }
    expect(
      (await call('POST', '/api/admin/settings/cron', { body: { jobs: { nope: '5m' } } })).status,
    ).toBe(400);
    const authJobs = authH.service.app.get(JobSchedules);
    const telemetryJobs = telemetryH.service.app.get(JobSchedules);
    const res = await call('POST', '/api/admin/settings/cron', {
      body: { jobs: { subscription_expiry_sweep: '45s', session_timeout_sweep: '2m' } },
    });
    expect(res.status).toBe(200);
    expect(res.body.setting.value).toEqual({
      subscription_expiry_sweep: '45s',
      session_timeout_sweep: '2m',
    });
    await pollUntil(() => authJobs.intervalOf('subscription_expiry_sweep') === 45_000, {
      timeoutMs: 10_000,
    });
    // telemetry-svc runs on another NATS prefix in this test: it follows its own stream only.
    expect(telemetryJobs.intervalOf('session_timeout_sweep')).toEqual(expect.any(Number));
  });

  it('backup: a real pg_dump as a job with status and size; pg_restore into a scratch database', async () => {
    const started = await call('POST', '/api/admin/settings/backup');
    expect(started.status).toBe(202);
    expect(started.body.job).toMatchObject({ status: 'running', size_bytes: null });
    const again = await call('POST', '/api/admin/settings/backup');
    expect([202, 409]).toContain(again.status);
    const job = await pollUntil(
      async () => {
        const r = await call('GET', `/api/admin/settings/backup/${started.body.job.id}`);
        return r.body.job.status !== 'running' ? (r.body.job as Json) : undefined;
      },
      { timeoutMs: 60_000, description: 'the backup to finish' },
    );
    expect(job).toMatchObject({ status: 'done', error: null });
    expect(job.size_bytes).toBeGreaterThan(1_000);
    expect(await readdir(backupDir)).toContain(job.file);
    if (again.status === 202)
      await pollUntil(
        async () => {
          const r = await call('GET', `/api/admin/settings/backup/${again.body.job.id}`);
          return r.body.job.status !== 'running';
        },
        { timeoutMs: 60_000 },
      );

    // Restore once into a scratch database and compare with the source.
    const scratch = `ts_restore_${randomBytes(5).toString('hex')}`;
    const admin = new Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${scratch}`);
      const target = new URL(TEST_DATABASE_URL);
      target.pathname = `/${scratch}`;
      const pgRestore = (await readdir('/usr/lib/postgresql'))
        .map((v) => `/usr/lib/postgresql/${v}/bin/pg_restore`)
        .at(-1)!;
      await run(pgRestore, [
        '--no-owner',
        `--dbname=${target.toString()}`,
        join(backupDir, String(job.file)),
      ]);
      const restored = new Client({ connectionString: target.toString() });
      await restored.connect();
      try {
        const schema = authH.ctx.schema('auth');
        const q = `SELECT count(*)::int AS n FROM "${schema}".users`;
        const [copy, source] = await Promise.all([restored.query(q), admin.query(q)]);
        expect(copy.rows[0].n).toBe(source.rows[0].n);
        expect(copy.rows[0].n).toBeGreaterThanOrEqual(3);
      } finally {
        await restored.end();
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${scratch}`);
      await admin.end();
    }
    expect(
      (await call('GET', '/api/admin/settings/backup/00000000-0000-4000-8000-000000000000')).status,
    ).toBe(404);
  }, 120_000);

  it('monitor: a user token is refused; admins get one gathering per tick with every field', async () => {
    expect(await monitorRefusal(gateway.url, token('user', alice))).toBe(403);
    expect(await monitorRefusal(gateway.url, token('moderator'))).toBe(403);
    expect(await monitorRefusal(gateway.url, undefined)).toBe(401);

    const service = gateway.app.get(AdminMonitorService);
    const [a, b] = await Promise.all([
      connectMonitor(gateway.url, token('superadmin')),
      connectMonitor(gateway.url, token('superadmin', ADMIN + 1)),
    ]);
    try {
      expect(a.frames[0].data).toMatchObject({ telegram_id: ADMIN, tick_ms: 1000 });
      await pollUntil(() => a.frames.filter((f) => f.type === 'monitor').length >= 1, {
        timeoutMs: 10_000,
      });
      const gatheredBefore = service.gatherings;
      const monitorTicks = (): Frame[] => a.frames.filter((f) => f.type === 'monitor');
      // Income credited between two ticks shows up as USD per minute (credited until seen: a
      // tick whose ledger call missed its deadline on a loaded machine has no rate).
      let credits = 0;
      await pollUntil(
        async () => {
          await ledgerH.internal.credit({
            transferId: `mon-${base}-${(credits += 1)}`,
            telegramId: alice,
            amountMicroUsd: 3_000_000,
            kind: transferKind('income'),
            reference: '',
            note: '',
          });
          return monitorTicks().some((t) => (t.data.credited_usd_per_min as number) > 0);
        },
        { timeoutMs: 30_000, intervalMs: 1_000, description: 'credited USD per minute' },
      );
      const ticks = monitorTicks();
      const last = ticks.at(-1)!.data;
      expect(Object.keys(last).sort()).toEqual(
        [
          'tick_ms',
          'filter',
          'active_sessions',
          'reports_per_s',
          'credited_usd_per_min',
          'pending_withdrawals',
          'errors_per_s',
          'degraded',
        ].sort(),
      );
      // filter-svc and payout-svc are absent: null and named, every tick.
      for (const t of ticks) {
        expect(t.data).toMatchObject({ filter: null, pending_withdrawals: null });
        expect(t.data.degraded).toEqual(expect.arrayContaining(['filter', 'withdrawals']));
      }
      expect(ticks.some((t) => t.data.active_sessions === 0)).toBe(true);
      expect(ticks.some((t) => typeof t.data.reports_per_s === 'number')).toBe(true);
      expect(ticks.some((t) => typeof t.data.errors_per_s === 'number')).toBe(true);
      // Both sockets got the same frames from one gathering per tick.
      const bTicks = b.frames.filter((f) => f.type === 'monitor').map((f) => f.at);
      expect(bTicks).toEqual(expect.arrayContaining(ticks.slice(1).map((f) => f.at)));
      expect(service.gatherings - gatheredBefore).toBeLessThanOrEqual(ticks.length + 1);
    } finally {
      a.ws.close();
      b.ws.close();
    }
  }, 60_000);
});
