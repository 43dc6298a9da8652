import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

import { request } from 'undici';

import { DEFAULT_JWT_AUDIENCE, DEFAULT_JWT_ISSUER, SERVICES } from '@trafficshare/config';
import { freePort, startApp } from '@trafficshare/testing';

import { boot as bootGateway, type RunningGateway } from '../../apps/gateway/src/boot';
import { ipqsAnswer } from '../../apps/filter-svc/src/test/fake-providers';
import {
  startFilterHarness,
  type FilterHarness,
} from '../../apps/filter-svc/src/test/filter-harness';

// The bodies are asserted field by field; a loose JSON type keeps the assertions readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type JsonBody = Record<string, any>;

// The admin routes of the START filter through the real gateway (HTTP → gRPC → filter-svc →
// Postgres/Redis), with access tokens signed like auth-svc signs them.
describe('filter admin routes (e2e)', () => {
  let h: FilterHarness;
  let gateway: RunningGateway;
  let untrustingGateway: RunningGateway;
  let privateKey: KeyObject;
  const SUPERADMIN = 700_000_001;

  const token = (sub: number, role: 'user' | 'moderator' | 'superadmin'): string => {
    const now = Math.floor(Date.now() / 1000);
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const head = `${enc({ alg: 'EdDSA', typ: 'JWT' })}.${enc({ iss: DEFAULT_JWT_ISSUER, aud: DEFAULT_JWT_AUDIENCE, sub: String(sub), username: `u${sub}`, role, sid: `sid-${sub}`, ver: 1, iat: now, exp: now + 600 })}`;
    return `${head}.${sign(null, Buffer.from(head), privateKey).toString('base64url')}`;
  };

  const call = async (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    options: {
      role?: 'user' | 'moderator' | 'superadmin' | 'none';
      body?: unknown;
      headers?: Record<string, string>;
      base?: string;
    } = {},
  ): Promise<{ status: number; body: JsonBody }> => {
    const role = options.role ?? 'superadmin';
    const headers: Record<string, string> = { ...options.headers };
    if (role !== 'none')
      headers.authorization = `Bearer ${token(role === 'superadmin' ? SUPERADMIN : 700_000_002, role)}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await request(`${options.base ?? gateway.url}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    return { status: res.statusCode, body: (await res.body.json()) as JsonBody };
  };

  beforeAll(async () => {
    h = await startFilterHarness('filter_e2e');
    const keys = generateKeyPairSync('ed25519');
    privateKey = keys.privateKey;
    const publicKey = keys.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    const gatewayEnv = (trusted: string) => async () => ({
      ...h.ctx.env,
      GATEWAY_PORT: String(await freePort()),
      METRICS_PORT: String(await freePort()),
      GATEWAY_VALIDATE_RESPONSES: 'true',
      JWT_PUBLIC_KEY: publicKey,
      JWT_PRIVATE_KEY: keys.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
      [SERVICES['filter-svc'].urlEnv]: h.service.grpcAddress,
      TRUSTED_PROXIES: trusted,
      DOCS_ENABLED: 'false',
    });
    gateway = await startApp(bootGateway, await gatewayEnv('127.0.0.1,::1')());
    untrustingGateway = await startApp(bootGateway, await gatewayEnv('10.9.9.9')());
    // Boots filter-svc and two gateways: on a busy machine that is more than jest's default 5 s
    // (the projects' testTimeout does not apply to hooks run from the root config).
  }, 60_000);

  afterAll(async () => {
    await gateway?.stop();
    await untrustingGateway?.stop();
    await h?.stop();
  });

  it('is for superadmins only', async () => {
    expect((await call('GET', '/api/admin/filter/policy', { role: 'none' })).status).toBe(401);
    for (const role of ['user', 'moderator'] as const) {
      const res = await call('GET', '/api/admin/filter/policy', { role });
      expect({ role, status: res.status, code: res.body.code }).toEqual({
        role,
        status: 403,
        code: 'forbidden',
      });
      const audit = await call('GET', '/api/filter/audit/sess-x', { role });
      expect({ role, status: audit.status, code: audit.body.code }).toEqual({
        role,
        status: 403,
        code: 'forbidden',
      });
    }
  });

  it('PATCH /api/admin/filter/policy with a null (or form) body is refused and changes nothing', async () => {
    const before = (await call('GET', '/api/admin/filter/policy')).body.policy.version as number;
    expect(await call('PATCH', '/api/admin/filter/policy', { body: null })).toMatchObject({
      status: 400,
      body: { status: 'error', code: 'validation_failed' },
    });
    const form = await request(`${gateway.url}/api/admin/filter/policy`, {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${token(SUPERADMIN, 'superadmin')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'block_if_proxy=false',
    });
    expect(form.statusCode).toBe(415);
    expect(await form.body.json()).toMatchObject({ code: 'unsupported_media_type' });
    expect((await call('GET', '/api/admin/filter/policy')).body.policy.version).toBe(before);
  });

  it('GET/PATCH /api/admin/filter/policy: defaults, validation, versions', async () => {
    const got = await call('GET', '/api/admin/filter/policy');
    expect(got.status).toBe(200);
    expect(got.body.policy).toMatchObject({
      vpn_score_block_threshold: 70,
      vpn_score_warn_threshold: 50,
      block_if_proxy: true,
      allowed_network_types: ['mobile', 'wifi'],
      failure_action: 'deny',
      max_start_attempts_before_lock: 5,
      max_devices_per_ip: 1,
      cache_ttl_ip: 86_400,
      admin_bypass: true,
    });
    expect(got.body.policy.allowed_regions).toContain('US');
    expect(got.body.policy.allowed_regions).not.toContain('GB');

    const unknownKey = await call('PATCH', '/api/admin/filter/policy', {
      body: { vpn_threshold: 1 },
    });
    expect(unknownKey).toMatchObject({
      status: 400,
      body: { status: 'error', code: 'validation_failed' },
    });
    const inconsistent = await call('PATCH', '/api/admin/filter/policy', {
      body: { vpn_score_warn_threshold: 80 },
    });
    expect(inconsistent).toMatchObject({
      status: 400,
      body: { status: 'error', code: 'invalid_policy' },
    });

    const version = got.body.policy.version as number;
    const patched = await call('PATCH', '/api/admin/filter/policy', {
      body: {
        expected_version: version,
        vpn_score_block_threshold: 75,
        allowed_regions: ['US', 'EU', 'NO'],
        note: 'add Norway',
      },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.policy).toMatchObject({
      version: version + 1,
      vpn_score_block_threshold: 75,
      updated_by: SUPERADMIN,
      note: 'add Norway',
    });
    expect(patched.body.policy.allowed_regions).toEqual(expect.arrayContaining(['NO', 'DE', 'US']));
    const stale = await call('PATCH', '/api/admin/filter/policy', {
      body: { expected_version: version, max_devices_per_ip: 3 },
    });
    expect(stale).toMatchObject({ status: 409, body: { code: 'policy_version_conflict' } });
    await call('PATCH', '/api/admin/filter/policy', {
      body: { vpn_score_block_threshold: 70, allowed_regions: ['US', 'EU'] },
    });
  });

  it("POST /api/admin/filter/check: a dry run with reasons, for a given IP or the caller's own", async () => {
    const cn = await call('POST', '/api/admin/filter/check', {
      body: { ip: '175.16.199.1', network_type: 'wifi', language: 'ru' },
    });
    expect(cn.status).toBe(200);
    expect(cn.body.result).toMatchObject({
      decision: 'deny',
      reasons: ['region_not_allowed'],
      http_status: 403,
      code: 'region_not_allowed',
      ip: { country: 'CN', masked: '175.16.199.x' },
    });
    expect(cn.body.result.message).toMatch(/США/);
    expect((cn.body.result.checks as { name: string }[]).map((c) => c.name)).toContain('region');

    // No ip in the body: the caller's IP, from X-Forwarded-For because 127.0.0.1 is a trusted proxy.
    const own = await call('POST', '/api/admin/filter/check', {
      body: { network_type: 'mobile' },
      headers: { 'x-forwarded-for': '149.101.100.9' },
    });
    expect(own.body.result).toMatchObject({
      decision: 'allow',
      ip: { masked: '149.101.100.x', country: 'US' },
    });
    // A gateway that does not trust the sender ignores the header: the loopback peer is no public IP.
    const untrusted = await call('POST', '/api/admin/filter/check', {
      base: untrustingGateway.url,
      body: { network_type: 'mobile' },
      headers: { 'x-forwarded-for': '149.101.100.9' },
    });
    expect(untrusted.body.result).toMatchObject({
      decision: 'deny',
      reasons: ['ip_unknown'],
      code: 'ip_unknown',
    });

    const invalid = await call('POST', '/api/admin/filter/check', {
      body: { ip: '1.2.3.4', network_type: 'satellite' },
    });
    expect(invalid).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
  });

  it('review queue: list pending tickets, approve once with a note, conflict the second time', async () => {
    h.providers.ipqsOverrides.set('216.160.83.60', ipqsAnswer({ fraud_score: 55 }));
    // Decide is telemetry's call (FilterInternalService), made here through the harness.
    const decided = await h.decide({
      telegramId: 5_550_001,
      role: 'user',
      deviceId: 'dev-e2e',
      sessionId: 'sess-e2e-review',
      clientIp: '216.160.83.60',
      networkType: 'wifi',
      appVersion: '1.2.0',
      os: 'Android',
      clientLocalIp: '',
      language: 'en',
      dryRun: false,
    });
    const ticket = decided.ticketId;
    expect(ticket).toMatch(/^ra_/);

    const queue = await call('GET', '/api/admin/filter/reviews?status=pending&telegram_id=5550001');
    expect(queue.status).toBe(200);
    expect(queue.body.reviews).toHaveLength(1);
    expect(queue.body.reviews[0]).toMatchObject({
      ticket_id: ticket,
      status: 'pending',
      vpn_score: 55,
      reasons: ['vpn_score_borderline'],
    });

    const approved = await call('POST', `/api/admin/filter/override/${ticket}`, {
      body: { action: 'approve', note: 'verified by phone' },
    });
    expect(approved).toMatchObject({
      status: 200,
      body: {
        status: 'success',
        review: { status: 'approved', resolved_by: SUPERADMIN, note: 'verified by phone' },
      },
    });
    const again = await call('POST', `/api/admin/filter/override/${ticket}`, {
      body: { action: 'reject' },
    });
    expect(again).toMatchObject({ status: 409, body: { code: 'review_already_resolved' } });
    const missing = await call('POST', '/api/admin/filter/override/ra_nope', {
      body: { action: 'reject' },
    });
    expect(missing).toMatchObject({ status: 404, body: { code: 'review_not_found' } });

    const audit = await call('GET', '/api/admin/filter/audit/sess-e2e-review');
    expect(audit.status).toBe(200);
    expect(audit.body.entries).toHaveLength(1);
    expect(audit.body.entries[0]).toMatchObject({
      final_decision: 'pending_admin',
      ticket_id: ticket,
      admin_override_by: SUPERADMIN,
      client_ip: '216.160.83.60',
      provider_responses: { ipqualityscore: { fraud_score: 55 } },
    });
    expect(Array.isArray(audit.body.entries[0].check_sequence)).toBe(true);
    // The same trail outside /api/admin (its own contract: the answer is checked against it).
    const outside = await call('GET', '/api/filter/audit/sess-e2e-review');
    expect(outside).toMatchObject({ status: 200, body: audit.body });
  });

  it('whitelist management: add and remove ASNs and CIDRs', async () => {
    const added = await call('POST', '/api/admin/filter/whitelist', {
      body: { type: 'ip', value: '203.0.112.0/24', note: 'office' },
    });
    expect(added).toMatchObject({ status: 200, body: { status: 'success' } });
    expect(added.body.ips).toContain('203.0.112.0/24');
    await call('POST', '/api/admin/filter/whitelist', { body: { type: 'asn', value: 'AS6167' } });
    const listed = await call('GET', '/api/admin/filter/whitelist');
    expect(listed.body).toMatchObject({ asns: [6167], ips: ['203.0.112.0/24'] });
    const removed = await call(
      'DELETE',
      `/api/admin/filter/whitelist/ip/${encodeURIComponent('203.0.112.0/24')}`,
    );
    expect(removed).toMatchObject({ status: 200, body: { ips: [] } });
    expect((await call('DELETE', '/api/admin/filter/whitelist/asn/6167')).body.asns).toEqual([]);
    const notThere = await call('DELETE', '/api/admin/filter/whitelist/asn/6167');
    expect(notThere).toMatchObject({ status: 404, body: { code: 'whitelist_entry_not_found' } });
    const bad = await call('POST', '/api/admin/filter/whitelist', {
      body: { type: 'ip', value: 'nope' },
    });
    expect(bad).toMatchObject({ status: 400, body: { code: 'invalid_whitelist_entry' } });
  });
});
