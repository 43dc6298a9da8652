import { randomUUID } from 'node:crypto';

import { pollUntil } from '@trafficshare/testing';

import { startTrafficHarness, type TrafficHarness } from './harness';

// A START that fails after the filter's allow decision must not keep the IP: the next START
// from that IP (same device or another) is allowed. 149.101.100.0/28 is US Verizon Wireless
// (mobile) in MaxMind's test databases.
describe('a failed START releases its IP claim (e2e)', () => {
  let h: TrafficHarness;
  let nextUser = 830_000_000 + Math.floor(Math.random() * 1_000_000) * 10;
  const user = () => nextUser++;
  const PENDING_S = 2;

  beforeAll(async () => {
    h = await startTrafficHarness(
      'start_failure_e2e',
      {},
      { IP_CLAIM_PENDING_TTL_S: String(PENDING_S) },
    );
  }, 90_000);
  afterAll(() => h?.stop(), 60_000);

  const start = (sub: number, device: string, ip: string) =>
    h.call('POST', '/api/traffic/start', {
      sub,
      ip,
      body: { device_id: device, network_type: 'mobile', app_version: '1.2.0', os: 'Android' },
    });
  const stop = (sub: number, sessionId: string) =>
    h.call('POST', '/api/traffic/stop', { sub, body: { session_id: sessionId } });
  const telemetrySql = (sql: string) =>
    h.telemetry.context.dataSource.query(
      sql.replaceAll('$schema', `"${h.telemetry.context.schema}"`),
    );

  it('the session insert fails after the allow decision: no orphan claim blocks the IP', async () => {
    const ip = '149.101.100.1';
    // Injected failure: the database refuses this device's session row.
    await telemetrySql(`
      CREATE FUNCTION $schema.refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.device_id LIKE 'boom-%' THEN RAISE EXCEPTION 'injected failure'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER refuse_boom BEFORE INSERT ON $schema.traffic_sessions
        FOR EACH ROW EXECUTE FUNCTION $schema.refuse_boom();`);
    const u = user();
    const failed = await start(u, 'boom-1', ip);
    expect(failed.status).toBe(500);
    expect(failed.body).toMatchObject({ status: 'error', code: 'internal' });

    // Another device may share from the IP at once (before the fix: 409 ip_in_use for 6 h).
    const other = user();
    const second = await start(other, 'dev-other', ip);
    expect(second.status).toBe(200);
    expect(second.body.status).toBe('ok');
    expect((await stop(other, second.body.session_id as string)).status).toBe(200);

    // The database is back: the same user and device start from the same IP.
    await telemetrySql('DROP TRIGGER refuse_boom ON $schema.traffic_sessions');
    const again = await start(u, 'boom-1', ip);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('ok');
  });

  it('telemetry dies between the decision and the insert: the reservation lapses by itself', async () => {
    const ip = '149.101.100.2';
    // What a telemetry-svc that crashed right after Decide leaves behind: an allow decision
    // for a session that will never exist (and nobody to release it).
    const decided = await h.filter.decide({
      telegramId: user(),
      deviceId: 'crashed-phone',
      sessionId: randomUUID(),
      clientIp: ip,
      networkType: 'mobile',
      clientLocalIp: '',
    });
    expect(decided.decision).toBe('allow');
    const blocked = await start(user(), 'dev-next', ip);
    expect(blocked.status).toBe(409);
    expect(blocked.body.code).toBe('ip_in_use');
    // Each try is a new user (denied STARTs count towards a user's daily lock).
    await pollUntil(async () => (await start(user(), `dev-${user()}`, ip)).status === 200, {
      timeoutMs: 15_000,
      intervalMs: 300,
      description: `the reservation lapses after IP_CLAIM_PENDING_TTL_S=${PENDING_S}`,
    });
  });

  it('a session that starts holds its IP past the reservation until it stops', async () => {
    const ip = '149.101.100.3';
    const u = user();
    const startedAt = Date.now();
    const ok = await start(u, 'dev-holder', ip);
    expect(ok.status).toBe(200);
    const metrics = () =>
      fetch(`http://127.0.0.1:${h.filter.service.opsPort}/metrics`).then((r) => r.text());
    await pollUntil(
      async () =>
        /filter_ip_claim_confirmations_total\{[^}]*outcome="held"[^}]*\} [1-9]/.test(
          await metrics(),
        ),
      { timeoutMs: 15_000, description: 'SessionStarted confirmed the claim' },
    );
    await pollUntil(async () => Date.now() - startedAt > PENDING_S * 1000 + 500, {
      timeoutMs: 10_000,
      intervalMs: 100,
    });
    const other = user();
    const refused = await start(other, 'dev-second', ip);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('ip_in_use');
    expect((await stop(u, ok.body.session_id as string)).status).toBe(200);
    expect((await start(other, 'dev-second', ip)).status).toBe(200);
  });
});
