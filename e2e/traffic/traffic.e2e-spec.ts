import { Redis } from 'ioredis';
import { request } from 'undici';

import { filter } from '@trafficshare/contracts';
import { decodeEvent } from '@trafficshare/messaging';
import { pollUntil } from '@trafficshare/testing';

import { ipqsAnswer } from '../../apps/filter-svc/src/test/fake-providers';
import { callerAs } from '../../apps/filter-svc/src/test/filter-harness';
import { LiveClient } from '../auth/support/live-client';
import { startTrafficHarness, type Json, type TrafficHarness } from './harness';

// START/REPORT/STOP, history and stats through the real gateway, telemetry-svc and filter-svc.
describe('traffic sessions (e2e)', () => {
  let h: TrafficHarness;
  let nextUser = 810_000_000 + Math.floor(Math.random() * 1_000_000) * 10;
  const user = () => nextUser++;
  const US_MOBILE = (n: number) => `149.101.100.${n}`;

  beforeAll(async () => {
    h = await startTrafficHarness('traffic_e2e', {
      SESSION_TIMEOUT_S: '5',
      SESSION_SWEEP_MS: '300',
    });
  }, 90_000);
  afterAll(() => h?.stop(), 60_000);

  const start = (
    sub: number,
    device: string,
    ip = US_MOBILE(10),
    role: 'user' | 'superadmin' = 'user',
  ) =>
    h.call('POST', '/api/traffic/start', {
      sub,
      role,
      ip,
      body: {
        device_id: device,
        network_type: 'mobile',
        os: 'Android',
        app_version: '1.2.0',
        battery_level: 77,
      },
    });
  const report = (
    sub: number,
    session: string,
    device: string,
    seq: number,
    cumulative: number,
    delta: number,
  ) =>
    h.call('POST', '/api/traffic/report', {
      sub,
      body: {
        session_id: session,
        device_id: device,
        seq,
        cumulative_mb: cumulative,
        delta_mb: delta,
        speed_mb_s: 0.5,
      },
    });

  it('admin START bypasses the filter; one active session per device', async () => {
    const admin = user();
    const first = await start(admin, 'dev-admin', '175.16.199.1', 'superadmin');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'ok', bypass: true });
    expect(first.body.session_id).toMatch(/^[0-9a-f-]{36}$/);
    const again = await start(admin, 'dev-admin', '175.16.199.1', 'superadmin');
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      status: 'error',
      code: 'session_already_active',
      session_id: first.body.session_id,
    });
    const other = await start(user(), 'dev-admin');
    expect(other.body.code).toBe('device_busy');
  });

  it('a NUL in device_id or app_version is 400 validation_failed naming the field; the IP stays free', async () => {
    const u = user();
    const ip = US_MOBILE(8);
    const bad = await h.call('POST', '/api/traffic/start', {
      sub: u,
      ip,
      body: { device_id: 'dev-nul\u0000', network_type: 'mobile', app_version: '1.2\u0000' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ status: 'error', code: 'validation_failed' });
    expect(bad.body.message).toContain('device_id');
    // The refused START took nothing: the user's next START from that IP opens a session.
    const next = await start(u, 'dev-nul', ip);
    expect(next.status).toBe(200);
    expect(next.body.status).toBe('ok');
  });

  it('blocked START: 403 with reasons and a message in the user’s language', async () => {
    const res = await h.call('POST', '/api/traffic/start', {
      sub: user(),
      ip: '175.16.199.3',
      body: { device_id: 'dev-cn', network_type: 'wifi', language: 'uz' },
    });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      status: 'blocked',
      code: 'region_not_allowed',
      reasons: ['region_not_allowed'],
    });
    expect(typeof res.body.message).toBe('string');
    expect(res.body.message.length).toBeGreaterThan(5);
  });

  it('pending START: 202 with a ticket; the approved ticket lets the next START through', async () => {
    const u = user();
    h.filter.providers.ipqsOverrides.set('216.160.83.60', ipqsAnswer({ fraud_score: 60 }));
    const pending = await h.call('POST', '/api/traffic/start', {
      sub: u,
      ip: '216.160.83.60',
      body: { device_id: 'dev-p', network_type: 'wifi' },
    });
    expect(pending.status).toBe(202);
    expect(pending.body).toMatchObject({ status: 'pending_admin' });
    expect(pending.body.ticket_id).toMatch(/^ra_/);
    await h.filter.client.resolveReview({
      caller: callerAs(1, 'superadmin'),
      ticketId: pending.body.ticket_id,
      action: filter.ReviewAction.REVIEW_ACTION_APPROVE,
      note: 'ok',
    });
    const next = await h.call('POST', '/api/traffic/start', {
      sub: u,
      ip: '216.160.83.60',
      body: { device_id: 'dev-p', network_type: 'wifi' },
    });
    expect(next.status).toBe(200);
    expect(next.body.status).toBe('ok');
  });

  it('reports: duplicates, reordering and gaps; server count is authoritative; STOP reconciles', async () => {
    const u = user();
    const s = (await start(u, 'dev-r', US_MOBILE(11))).body.session_id as string;
    expect((await report(u, s, 'dev-r', 1, 10, 10)).body).toMatchObject({
      accepted: true,
      duplicate: false,
      counted_mb: 10,
    });
    const dup = await report(u, s, 'dev-r', 1, 10, 10);
    expect(dup.status).toBe(200);
    expect(dup.body).toMatchObject({ duplicate: true, server_counted_mb: 10 });
    // seq 3 before 2 (reordered) and seq 5 with 4 missing (gap).
    expect((await report(u, s, 'dev-r', 3, 30.5, 10.5)).body).toMatchObject({ missing_reports: 1 });
    expect((await report(u, s, 'dev-r', 2, 20, 10)).body).toMatchObject({
      missing_reports: 0,
      server_counted_mb: 30.5,
    });
    expect((await report(u, s, 'dev-r', 5, 50.5, 10)).body).toMatchObject({
      missing_reports: 1,
      server_counted_mb: 40.5,
    });
    // While the session has a gap, duplicates of max_seq and of a seq below it count nothing.
    for (const [seq, cumulative, delta] of [
      [5, 50.5, 10],
      [3, 30.5, 10.5],
    ])
      expect((await report(u, s, 'dev-r', seq, cumulative, delta)).body).toMatchObject({
        duplicate: true,
        missing_reports: 1,
        server_counted_mb: 40.5,
      });
    const summary = await h.call('GET', `/api/session/${s}/summary`, { sub: u });
    expect(summary.body.session).toMatchObject({
      status: 'active',
      sent_mb: 40.5,
      report_count: 4,
      missing_reports: 1,
      local_counted_mb: 50.5,
    });
    // The client says 50.5 MB; the server counted 40.5 (seq 4 never arrived): beyond 5 MB → mismatch.
    const stop = await h.call('POST', '/api/traffic/stop', {
      sub: u,
      body: { session_id: s, device_id: 'dev-r', cumulative_mb: 50.5 },
    });
    expect(stop.body).toMatchObject({
      status: 'ok',
      stopped: true,
      session: {
        status: 'completed',
        sent_mb: 40.5,
        reconciliation_status: 'mismatch',
        mismatch_mb: 10,
      },
    });
    // One ReportsIngested per commit; across them, each accepted report exactly once.
    const rows = await h.filter.query<{ payload: Buffer }>(
      `SELECT payload FROM "${h.filter.ctx.schema('telemetry')}".outbox WHERE event_type = 'ReportsIngested'`,
    );
    const items = rows
      .flatMap((r) => decodeEvent('ReportsIngested', r.payload).reports)
      .filter((r) => r.sessionId === s);
    expect(items.map((r) => r.seq).sort()).toEqual([1, 2, 3, 5]);
    expect(items.map((r) => r.deltaMilliMb).reduce((a, b) => a + b, 0)).toBe(40_500);
    const mism = await h.filter.query<{ phase: string }>(
      `SELECT phase FROM "${h.filter.ctx.schema('telemetry')}".reconciliation_mismatches WHERE session_id = $1`,
      [s],
    );
    expect(mism.map((r) => r.phase)).toEqual(['final']);
    // Closed session: 409 session_closed; someone else's: 404.
    expect((await report(u, s, 'dev-r', 6, 60, 10)).body).toMatchObject({
      status: 'error',
      code: 'session_closed',
    });
    const foreign = await report(user(), s, 'dev-r', 7, 70, 10);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('session_not_found');
    expect((await h.call('GET', `/api/sessions/${s}`, { sub: user() })).status).toBe(404);
  });

  it('report route: every refusal has the error body; request ids are echoed', async () => {
    const u = user();
    const { session_id: s } = (await start(u, 'dev-err')).body;
    const raw = (headers: Record<string, string>, body: string) =>
      request(`${h.gateway.url}/api/traffic/report`, { method: 'POST', headers, body }).then(
        async (r) => ({
          status: r.statusCode,
          headers: r.headers,
          body: (await r.body.json()) as Json,
        }),
      );
    const good = JSON.stringify({
      session_id: s,
      device_id: 'dev-err',
      seq: 1,
      cumulative_mb: 1,
      delta_mb: 1,
    });
    const json = { 'content-type': 'application/json' };

    const missing = await raw({ ...json, 'x-request-id': 'rep-1' }, good);
    expect(missing).toMatchObject({
      status: 401,
      body: { status: 'error', code: 'token_missing' },
    });
    expect(missing.headers['x-request-id']).toBe('rep-1');
    const forged = await raw({ ...json, authorization: `Bearer ${h.token(u)}x` }, good);
    expect(forged).toMatchObject({ status: 401, body: { code: 'token_invalid' } });

    const auth = { ...json, authorization: `Bearer ${h.token(u)}` };
    const invalid = await raw(
      auth,
      JSON.stringify({
        session_id: 'nope',
        device_id: 'dev-err',
        seq: 0,
        cumulative_mb: -1,
        delta_mb: 1,
        extra: 1,
      }),
    );
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ status: 'error', code: 'validation_failed' });
    expect((invalid.body.errors as Array<{ field: string }>).map((e) => e.field)).toEqual(
      expect.arrayContaining(['session_id', 'seq', 'cumulative_mb']),
    );
    expect(await raw(auth, '{"session_id":')).toMatchObject({
      status: 400,
      body: { code: 'invalid_json' },
    });
    expect(await raw({ ...auth, 'content-type': 'application/xml' }, good)).toMatchObject({
      status: 415,
      body: { code: 'unsupported_media_type' },
    });
    const ok = await raw({ ...auth, 'x-request-id': 'rep-2' }, good);
    expect(ok.status).toBe(200);
    expect(ok.headers['x-request-id']).toBe('rep-2');
    expect(ok.body).toEqual({
      status: 'ok',
      accepted: true,
      duplicate: false,
      seq: 1,
      counted_mb: 1,
      server_counted_mb: 1,
      report_count: 1,
      missing_reports: 0,
      mismatch: false,
    });
    // Same session check as every other route: a banned account is refused on its next report.
    const redis = new Redis(h.filter.ctx.redisUrl, { keyPrefix: h.filter.ctx.redisPrefix });
    await redis.set(`auth:banned:${u}`, '1');
    const banned = await raw(auth, good.replace('"seq":1', '"seq":2'));
    redis.disconnect();
    expect(banned).toMatchObject({ status: 403, body: { status: 'error', code: 'user_banned' } });
  });

  it('live: traffic_update on every tick while the session runs, only to listening users; STOP ends it', async () => {
    const u = user();
    const live = await LiveClient.connect(h.gateway.url, h.token(u));
    const started = await start(u, 'dev-live', US_MOBILE(9));
    expect(started.body).toMatchObject({ status: 'ok' });
    const s = started.body.session_id as string;
    await report(u, s, 'dev-live', 1, 12.5, 12.5);
    const updates = () =>
      live.messages.filter((m) => m.type === 'traffic_update' && m.data.session_id === s);
    // LIVE_UPDATE_MS is 300 in this harness: several ticks within a couple of seconds.
    await pollUntil(() => updates().filter((m) => m.data.used_mb === 12.5).length >= 2);
    expect(updates().at(-1)?.data).toMatchObject({
      session_id: s,
      status: 'active',
      used_mb: 12.5,
      report_count: 1,
      missing_reports: 0,
    });

    await h.call('POST', '/api/traffic/stop', { sub: u, body: { session_id: s } });
    await pollUntil(() => live.messages.find((m) => m.type === 'session_status'));
    await new Promise((r) => setTimeout(r, 400)); // a tick already past its read may still land
    const afterStop = updates().length;
    await new Promise((r) => setTimeout(r, 1_000));
    expect(updates()).toHaveLength(afterStop);
    live.close();
  }, 20_000);

  it('ops metrics: the active-sessions gauge follows the table; report delays are observed', async () => {
    const metrics = async () =>
      (await request(`http://127.0.0.1:${h.telemetry.opsPort}/metrics`)).body.text();
    const value = (text: string, name: string) =>
      Number(new RegExp(`^${name}\\{[^}]*\\} (\\S+)$`, 'm').exec(text)?.[1]);
    const activeInDb = async () =>
      Number(
        (
          await h.telemetry.context.dataSource.query<Array<{ n: string }>>(
            `SELECT count(*) AS n FROM "${h.telemetry.context.schema}".traffic_sessions WHERE status = 'active'`,
          )
        )[0].n,
      );
    // Other tests' silent sessions time out meanwhile: compare with the table, read alongside.
    const gaugeMatchesTable = () =>
      pollUntil(
        async () => {
          const gauge = value(await metrics(), 'telemetry_active_sessions');
          return gauge === (await activeInDb()) ? { gauge } : undefined;
        },
        { description: 'telemetry_active_sessions = active rows' },
      );

    const sub = user();
    const started = await start(sub, 'dev-gauge', US_MOBILE(12));
    expect(started.status).toBe(200);
    expect((await gaugeMatchesTable()).gauge).toBeGreaterThanOrEqual(1);

    const before = value(await metrics(), 'telemetry_report_delay_seconds_count');
    const sent = await h.call('POST', '/api/traffic/report', {
      sub,
      body: {
        session_id: started.body.session_id,
        device_id: 'dev-gauge',
        seq: 1,
        cumulative_mb: 3,
        delta_mb: 3,
        speed_mb_s: 0.5,
        timestamp: new Date(Date.now() - 2_000).toISOString(),
      },
    });
    expect(sent.status).toBe(200);
    const text = await metrics();
    expect(value(text, 'telemetry_report_delay_seconds_count')).toBe((before || 0) + 1);
    // 2 s late: in the 2.5 s bucket, not in the 1 s one.
    const bucket = (le: string) =>
      Number(
        new RegExp(
          `^telemetry_report_delay_seconds_bucket\\{[^}]*le="${le}"[^}]*\\} (\\S+)$`,
          'm',
        ).exec(text)?.[1],
      );
    expect(bucket('2.5') - bucket('1')).toBeGreaterThanOrEqual(1);

    await h.call('POST', '/api/traffic/stop', {
      sub,
      body: { session_id: started.body.session_id, device_id: 'dev-gauge' },
    });
    await gaugeMatchesTable();
    expect(
      (
        await h.telemetry.context.dataSource.query<Array<{ status: string }>>(
          `SELECT status FROM "${h.telemetry.context.schema}".traffic_sessions WHERE id = $1`,
          [started.body.session_id],
        )
      )[0].status,
    ).toBe('completed');
  });

  it('two devices of one user count separately; ≤ 12 reports a minute per device', async () => {
    const u = user();
    const a = (await start(u, 'dev-a', US_MOBILE(12))).body.session_id as string;
    const b = (await start(u, 'dev-b2', US_MOBILE(13))).body.session_id as string;
    const results = await Promise.all(
      Array.from({ length: 13 }, (_, i) => report(u, a, 'dev-a', i + 1, (i + 1) * 2, 2)),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(12);
    const limited = results.find((r) => r.status === 429)!;
    expect(limited.body).toMatchObject({ status: 'error', code: 'rate_limited' });
    expect((await report(u, b, 'dev-b2', 1, 3, 3)).body.server_counted_mb).toBe(3);
    expect((await report(u, b, 'dev-other', 2, 6, 3)).body.code).toBe('device_mismatch');
    const active = await h.call('GET', '/api/sessions/active', { sub: u });
    const sessions = active.body.sessions as Array<{ id: string; sent_mb: number }>;
    expect(sessions.map((x) => x.id).sort()).toEqual([a, b].sort());
    expect(sessions.find((x) => x.id === a)?.sent_mb).toBe(24);
  });

  it('a silent session closes as failed after the timeout', async () => {
    const u = user();
    const s = (await start(u, 'dev-t', US_MOBILE(14))).body.session_id as string;
    await pollUntil(
      async () =>
        (await h.call('GET', `/api/sessions/${s}`, { sub: u })).body.session?.status === 'failed',
      {
        timeoutMs: 20_000,
        description: 'session closed as failed',
      },
    );
    const row = (await h.call('GET', `/api/sessions/${s}`, { sub: u })).body.session;
    expect(row).toMatchObject({ status: 'failed', stop_reason: 'timeout' });
    expect(
      (await h.call('POST', '/api/traffic/heartbeat', { sub: u, body: { session_id: s } })).body
        .code,
    ).toBe('session_closed');
  }, 30_000);

  it('history, CSV export, review and stats; bad dates are 400; admins read any user', async () => {
    const u = user();
    const s = (await start(u, 'dev-h', US_MOBILE(15))).body.session_id as string;
    await report(u, s, 'dev-h', 1, 12.345, 12.345);
    await h.call('POST', '/api/traffic/stop', { sub: u, body: { session_id: s } });
    const list = await h.call('GET', '/api/sessions?limit=10&status=completed', { sub: u });
    expect(list.body).toMatchObject({ status: 'success', total: 1 });
    expect(list.body.sessions[0]).toMatchObject({
      id: s,
      sent_mb: 12.345,
      status: 'completed',
      ip_address: US_MOBILE(15),
      location: 'US',
      device: 'Android',
    });
    const filtered = await h.call('POST', '/api/sessions/filter', {
      sub: u,
      body: { from_date: '2000-01-01', to_date: '2000-01-02' },
    });
    expect(filtered.body.total).toBe(0);
    expect((await h.call('GET', '/api/sessions?from=not-a-date', { sub: u })).status).toBe(400);
    expect((await h.call('GET', '/api/stats/daily?from=2025-13-45', { sub: u })).status).toBe(400);
    const csv = await h.call('GET', '/api/sessions/export', { sub: u });
    expect(csv.status).toBe(200);
    expect(String(csv.headers['content-type'])).toContain('text/csv');
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'date,start_time,end_time,duration,sent_mb,earned_usd,ip_address,status,session_id',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`,12.345,,${US_MOBILE(15)},completed,${s}`);
    const review = await h.call('POST', `/api/sessions/review/${s}`, { sub: u });
    expect(review.body.quality_score).toBeGreaterThanOrEqual(0);
    expect(review.body.quality_score).toBeLessThanOrEqual(100);
    const daily = await h.call('GET', '/api/stats/daily', { sub: u });
    expect((daily.body.points as unknown[]).at(-1)).toMatchObject({ sessions: 1, sent_mb: 12.345 });
    const summary = await h.call('GET', '/api/sessions/summary', { sub: u });
    expect(summary.body.today).toMatchObject({ sessions: 1, mb: 12.345 });
    expect(
      (await h.call('GET', `/api/stats/summary?telegram_id=${u}`, { sub: user() })).status,
    ).toBe(403);
    const asAdmin = await h.call('GET', `/api/sessions?telegram_id=${u}`, {
      sub: user(),
      role: 'superadmin',
    });
    expect(asAdmin.body.total).toBe(1);
  });
});
