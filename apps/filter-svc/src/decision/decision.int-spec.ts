import { request } from 'undici';

import { common, commonNames, filter, filterNames } from '@trafficshare/contracts';
import { roleFromProto } from '@trafficshare/identity';
import { pollUntil } from '@trafficshare/testing';

import { AuditRetentionService } from '../audit/audit-retention.service';
import { ipinfoAnswer, ipqsAnswer } from '../test/fake-providers';
import {
  callerAs,
  named,
  newUser,
  startFilterHarness,
  type FilterHarness,
} from '../test/filter-harness';

// The filter's QA scenarios against real Redis and Postgres, MaxMind's
// test databases, the x4bnet lists and fake IPQS / ipinfo / AbuseIPDB servers on 127.0.0.1.
// IPs: 149.101.100.0/28 US Verizon Wireless (Cellular), 216.160.83.56/29 US CenturyLink
// (Corporate), 89.160.20.112/28 SE, 175.16.199.0/24 CN, 2.125.160.216/29 GB (Cable/DSL),
// 2a02:d180::/29 DE, 2a02:d3c0::/29 GB, 50.114.3.0/24 US in the x4bnet datacenter list.
describe('START filter (integration)', () => {
  let h: FilterHarness;
  const admin = 900_000_001;

  beforeAll(async () => {
    h = await startFilterHarness('filter_decide');
  });
  afterAll(async () => {
    await h?.stop();
  });

  const asAdmin = callerAs(admin, 'superadmin');
  const patch = ({
    failureAction,
    ...over
  }: Record<string, unknown> & { failureAction?: 'deny' | 'pending_admin' }) =>
    h.client.patchPolicy({
      caller: asAdmin,
      note: 'test',
      ...over,
      ...(failureAction === undefined
        ? {}
        : { failureAction: filterNames.failureAction.toProto(failureAction) }),
    } as never);
  // The audit and review rows with their enums as names (as the admin routes show them).
  const auditOf = async (sessionId: string) => ({
    entries: (await h.client.getSessionAudit({ caller: asAdmin, sessionId })).entries.map((e) => ({
      ...e,
      finalDecision: filterNames.decision.toNameOr(e.finalDecision, ''),
      userRole: roleFromProto(e.userRole) ?? '',
      networkTypeClient: commonNames.networkType.toNameOr(e.networkTypeClient, ''),
    })),
  });
  const reviewNamed = (r: filter.Review | undefined) =>
    r && { ...r, status: filterNames.reviewStatus.toNameOr(r.status, '') };
  const outboxTypes = async (): Promise<string[]> =>
    (await h.query<{ event_type: string }>('SELECT event_type FROM $schema.outbox')).map(
      (r) => r.event_type,
    );

  it('happy path: a US user on mobile data with a clean IP is allowed and audited', async () => {
    const sessionId = `sess_${newUser()}`;
    const r = await h.decide({ clientIp: '149.101.100.1', networkType: 'mobile', sessionId });
    expect(r).toMatchObject({
      decision: 'allow',
      reasons: [],
      httpStatus: 200,
      code: 'ok',
      filterStatus: 'passed',
    });
    expect(r.message).toBe('Tunnel opened');
    expect(r.ip).toMatchObject({
      country: 'US',
      asn: 6167,
      networkTypeAsn: 'mobile',
      isProxy: false,
      maskedIp: '149.101.100.x',
    });
    expect(r.checks.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'role',
        'attempts',
        'ip',
        'cache',
        'geoip',
        'reputation',
        'region',
        'network',
        'policy',
        'devices',
      ]),
    );

    const audit = await auditOf(sessionId);
    expect(audit.entries).toHaveLength(1);
    const row = audit.entries[0];
    expect(row).toMatchObject({
      finalDecision: 'allow',
      clientIp: '149.101.100.1',
      country: 'US',
      networkTypeClient: 'mobile',
    });
    const raw = JSON.parse(row.providerResponsesJson) as Record<string, Record<string, unknown>>;
    expect(raw.ipqualityscore).toMatchObject({ success: true, fraud_score: 0 });
    expect(raw.abuseipdb).toHaveProperty('data.abuseConfidenceScore', 0);
    expect(raw.ipinfo).toMatchObject({ vpn: false, hosting: false });
    expect(await outboxTypes()).toContain('FilterDecided');
  });

  it('VPN detected by a provider: deny vpn_detected (403)', async () => {
    h.providers.ipqsOverrides.set(
      '216.160.83.57',
      ipqsAnswer({ vpn: true, proxy: true, fraud_score: 92 }),
    );
    const r = await h.decide({ clientIp: '216.160.83.57', networkType: 'wifi', language: 'uz' });
    expect(r).toMatchObject({
      decision: 'deny',
      reasons: ['vpn_detected'],
      httpStatus: 403,
      code: 'vpn_detected',
      filterStatus: 'failed',
    });
    expect(r.ip?.isVpn).toBe(true);
    expect(r.message).toContain('VPN');
    expect(r.message).toContain('Tunnel ochilmadi');
  });

  it('VPN range from the offline list: deny vpn_detected', async () => {
    const r = await h.decide({ clientIp: '2.26.157.9', networkType: 'wifi' });
    expect(r.decision).toBe('deny');
    expect(r.reasons).toContain('vpn_detected');
  });

  it('proxy detected: deny with is_proxy=true', async () => {
    h.providers.ipinfoOverrides.set('216.160.83.58', ipinfoAnswer({ proxy: true }));
    const r = await h.decide({ clientIp: '216.160.83.58', networkType: 'wifi', language: 'ru' });
    expect(r).toMatchObject({
      decision: 'deny',
      reasons: ['proxy_detected'],
      httpStatus: 403,
      code: 'vpn_detected',
    });
    expect(r.ip?.isProxy).toBe(true);
    expect(r.message).toMatch(/прокси/);
  });

  it('non-US/EU countries are denied region_not_allowed; the United Kingdom is not in the EU', async () => {
    for (const ip of ['175.16.199.1', '2.125.160.216', '2a02:d3c0::1']) {
      const r = await h.decide({ clientIp: ip, networkType: 'wifi' });
      expect({ ip, decision: r.decision, reasons: r.reasons, code: r.code }).toEqual({
        ip,
        decision: 'deny',
        reasons: ['region_not_allowed'],
        code: 'region_not_allowed',
      });
    }
    const cn = await h.decide({ clientIp: '175.16.199.2', networkType: 'wifi' });
    expect(cn.ip?.country).toBe('CN');
    // EU members pass, over IPv4 and IPv6.
    for (const ip of ['89.160.20.114', '2a02:d180::1']) {
      const r = await h.decide({ clientIp: ip, networkType: 'wifi' });
      expect({ ip, decision: r.decision }).toEqual({ ip, decision: 'allow' });
    }
  });

  it('network mismatch: client says mobile, the ASN is a datacenter (or a fixed network)', async () => {
    const dc = await h.decide({ clientIp: '50.114.3.7', networkType: 'mobile' });
    expect(dc.decision).toBe('deny');
    expect(dc.reasons).toEqual(expect.arrayContaining(['network_mismatch', 'datacenter_ip']));
    expect(dc.ip?.networkTypeAsn).toBe('datacenter');

    const corporate = await h.decide({ clientIp: '216.160.83.59', networkType: 'mobile' });
    expect(corporate).toMatchObject({
      decision: 'deny',
      reasons: ['network_mismatch'],
      code: 'network_mismatch',
    });
    const unknownType = await h.decide({ clientIp: '149.101.100.2', networkType: 'unknown' });
    expect(unknownType.reasons).toEqual(['network_mismatch']);
  });

  it('borderline vpn_score opens a pending_admin ticket; approval lets the user start', async () => {
    h.providers.ipqsOverrides.set('216.160.83.60', ipqsAnswer({ fraud_score: 60 }));
    const user = newUser();
    const pending = await h.decide({
      telegramId: user,
      clientIp: '216.160.83.60',
      networkType: 'wifi',
      deviceId: 'dev-b',
    });
    expect(pending).toMatchObject({
      decision: 'pending_admin',
      reasons: ['vpn_score_borderline'],
      httpStatus: 202,
      code: 'pending_admin',
    });
    expect(pending.ticketId).toMatch(/^ra_/);
    expect(pending.message).toBe('Awaiting admin approval.');

    const queue = await h.client.listReviews({
      caller: asAdmin,
      status: filter.ReviewStatus.REVIEW_STATUS_PENDING,
      telegramId: user,
      limit: 10,
      offset: 0,
    });
    expect(queue.reviews.map((r) => r.ticketId)).toEqual([pending.ticketId]);
    expect(queue.reviews[0]).toMatchObject({ vpnScore: 60, clientIp: '216.160.83.60' });
    expect(await outboxTypes()).toContain('FilterReviewRequested');
    // The review queue gauges follow the table (read at scrape time).
    const queueGauges = async () => {
      const text = await (
        await request(`http://127.0.0.1:${h.service.opsPort}/metrics`)
      ).body.text();
      const value = (name: string) =>
        Number(new RegExp(`^${name}\\{[^}]*\\} (\\S+)$`, 'm').exec(text)?.[1]);
      const [db] = await h.query<{ n: string }>(
        `SELECT count(*) AS n FROM $schema.filter_review WHERE status = 'pending'`,
      );
      return {
        pending: value('filter_review_pending'),
        inDb: Number(db.n),
        oldest: value('filter_review_oldest_pending_seconds'),
      };
    };
    const open = await queueGauges();
    expect(open.pending).toBe(open.inDb);
    expect(open.pending).toBeGreaterThanOrEqual(1);
    expect(open.oldest).toBeGreaterThanOrEqual(0);

    const resolved = await h.client.resolveReview({
      ticketId: pending.ticketId,
      caller: asAdmin,
      action: filter.ReviewAction.REVIEW_ACTION_APPROVE,
      note: 'known user',
    });
    expect(reviewNamed(resolved.review)).toMatchObject({
      status: 'approved',
      resolvedBy: admin,
      note: 'known user',
    });
    expect(await outboxTypes()).toContain('FilterReviewResolved');
    // The override is an admin action: published for the platform's audit chain too.
    expect(await outboxTypes()).toContain('AdminActionRecorded');
    const after = await queueGauges();
    expect(after.pending).toBe(after.inDb);
    expect(after.pending).toBe(open.pending - 1);
    await expect(
      h.client.resolveReview({
        ticketId: pending.ticketId,
        caller: asAdmin,
        action: filter.ReviewAction.REVIEW_ACTION_REJECT,
        note: '',
      }),
    ).rejects.toMatchObject({ details: expect.stringContaining('already approved') });

    const again = await h.decide({
      telegramId: user,
      clientIp: '216.160.83.60',
      networkType: 'wifi',
      deviceId: 'dev-b',
    });
    expect(again).toMatchObject({ decision: 'allow', reasons: ['admin_override'] });
    const [row] = await h.query<{ admin_override_by: string }>(
      'SELECT admin_override_by FROM $schema.filter_audit WHERE id = $1',
      [pending.decisionId],
    );
    expect(row?.admin_override_by).toBe(String(admin));
  });

  it('admins bypass every check from any IP and are still audited', async () => {
    const sessionId = `sess_admin_${newUser()}`;
    const r = await h.decide({
      role: 'superadmin',
      clientIp: '175.16.199.9',
      networkType: 'unknown',
      sessionId,
    });
    expect(r).toMatchObject({
      decision: 'skipped',
      reasons: ['admin_bypass'],
      filterStatus: 'skipped',
      httpStatus: 200,
    });
    const audit = await auditOf(sessionId);
    expect(audit.entries[0]).toMatchObject({
      finalDecision: 'skipped',
      userRole: 'superadmin',
      reasons: ['admin_bypass'],
    });
    const noIp = await h.decide({ role: 'moderator', clientIp: '' });
    expect(noIp.decision).toBe('skipped');
  });

  it('repeated denied attempts lock the user for the day (too_many_attempts, 429) and alert admins', async () => {
    const user = newUser();
    for (let i = 0; i < 5; i++) {
      const r = await h.decide({
        telegramId: user,
        clientIp: '175.16.199.20',
        networkType: 'wifi',
      });
      expect(r.reasons).toEqual(['region_not_allowed']);
    }
    const locked = await h.decide({
      telegramId: user,
      clientIp: '149.101.100.3',
      networkType: 'mobile',
    });
    expect(locked).toMatchObject({
      decision: 'deny',
      reasons: ['too_many_attempts'],
      httpStatus: 429,
      code: 'too_many_attempts',
    });
    await pollUntil(async () => (await outboxTypes()).includes('FilterUserLocked'), {
      description: 'the lock alert',
    });
  });

  it('the cache honours its TTL: a provider change is seen only after CACHE_TTL_IP', async () => {
    await patch({ cacheTtlIpS: 1 });
    try {
      const ip = '216.160.83.61';
      const first = await h.decide({ clientIp: ip, networkType: 'wifi', deviceId: 'dev-ttl' });
      expect(first).toMatchObject({ decision: 'allow', cacheHit: false });
      const calls = h.providers.callsFor(ip);
      h.providers.ipqsOverrides.set(ip, ipqsAnswer({ vpn: true, fraud_score: 95 }));
      const cached = await h.decide({ clientIp: ip, networkType: 'wifi', deviceId: 'dev-ttl' });
      expect(cached).toMatchObject({ decision: 'allow', cacheHit: true });
      expect(h.providers.callsFor(ip)).toBe(calls);
      const fresh = await pollUntil(
        async () => {
          const r = await h.decide({ clientIp: ip, networkType: 'wifi', deviceId: 'dev-ttl' });
          return r.decision === 'deny' ? r : undefined;
        },
        { timeoutMs: 5_000, intervalMs: 200, description: 'the cached verdict to expire' },
      );
      expect(fresh).toMatchObject({ reasons: ['vpn_detected'], cacheHit: false });
    } finally {
      await patch({ cacheTtlIpS: 86_400 });
    }
  });

  it('providers down: the cached verdict is used, else FAILURE_ACTION; a metric and an alert', async () => {
    await patch({ cacheTtlIpS: 1 });
    try {
      const ip = '89.160.20.120';
      expect(
        (await h.decide({ clientIp: ip, networkType: 'wifi', deviceId: 'dev-down' })).decision,
      ).toBe('allow');
      h.providers.allDown = true;
      const withCache = await pollUntil(
        async () => {
          const r = await h.decide({ clientIp: ip, networkType: 'wifi', deviceId: 'dev-down' });
          return r.cacheHit ? undefined : r;
        },
        { timeoutMs: 5_000, intervalMs: 200, description: 'the fresh cache entry to expire' },
      );
      expect(withCache.decision).toBe('allow');
      expect(withCache.checks.find((c) => c.name === 'reputation')).toMatchObject({
        outcome: 'error',
      });

      const noCache = await h.decide({ clientIp: '89.160.20.121', networkType: 'wifi' });
      expect(noCache).toMatchObject({
        decision: 'deny',
        reasons: ['check_unavailable'],
        httpStatus: 503,
      });

      await patch({ failureAction: 'pending_admin' });
      const pending = await h.decide({ clientIp: '89.160.20.122', networkType: 'wifi' });
      expect(pending).toMatchObject({ decision: 'pending_admin', reasons: ['check_unavailable'] });
      expect(pending.ticketId).toMatch(/^ra_/);

      await pollUntil(async () => (await outboxTypes()).includes('FilterProviderDown'), {
        description: 'the alert',
      });
      const metrics = await (
        await request(`http://127.0.0.1:${h.service.opsPort}/metrics`)
      ).body.text();
      expect(metrics).toMatch(
        /filter_provider_fallback_total\{[^}]*fallback="stale_cache"[^}]*\} [1-9]/,
      );
      expect(metrics).toMatch(
        /filter_provider_fallback_total\{[^}]*fallback="failure_action"[^}]*\} [1-9]/,
      );
      expect(metrics).toMatch(/filter_provider_errors_total\{[^}]*provider="ipqualityscore"/);
    } finally {
      h.providers.allDown = false;
      await patch({ cacheTtlIpS: 86_400, failureAction: 'deny' });
    }
  });

  it('a second device on the same public IP is refused ip_in_use until the first releases it', async () => {
    const ip = '89.160.20.125';
    expect(
      (await h.decide({ clientIp: ip, networkType: 'wifi', deviceId: 'phone-a' })).decision,
    ).toBe('allow');
    // The same device starting again keeps its IP.
    expect(
      (await h.decide({ clientIp: ip, networkType: 'wifi', deviceId: 'phone-a' })).decision,
    ).toBe('allow');
    const second = await h.decide({ clientIp: ip, networkType: 'wifi', deviceId: 'phone-b' });
    expect(second).toMatchObject({
      decision: 'deny',
      reasons: ['ip_in_use'],
      httpStatus: 409,
      code: 'ip_in_use',
    });
    expect(
      await h.internal.releaseIp({ deviceId: 'phone-a', telegramId: 0, sessionId: '' }),
    ).toEqual({ released: true });
    expect(
      (await h.decide({ clientIp: ip, networkType: 'wifi', deviceId: 'phone-b' })).decision,
    ).toBe('allow');
  });

  it('a NUL in any request string is refused before the filter runs: nothing claimed or audited', async () => {
    const ip = '89.160.20.122';
    const err = await h
      .decide({
        clientIp: ip,
        networkType: 'wifi',
        deviceId: 'phone\u0000x',
        appVersion: '1\u0000',
      })
      .then(
        () => undefined,
        (e: { code: number; details: string }) => e,
      );
    expect(err).toMatchObject({ code: 3 }); // INVALID_ARGUMENT
    expect(err?.details).toContain('device_id: must not contain NUL');
    expect(err?.details).toContain('app_version: must not contain NUL');
    // No claim was taken: another device may use the IP at once.
    expect(
      (await h.decide({ clientIp: ip, networkType: 'wifi', deviceId: 'phone-y' })).decision,
    ).toBe('allow');
  });

  it('a missing, private or garbled client IP is ip_unknown', async () => {
    for (const clientIp of ['', '10.1.2.3', '::1', 'not-an-ip']) {
      const r = await h.decide({ clientIp, networkType: 'wifi' });
      expect({ clientIp, reasons: r.reasons, code: r.code }).toEqual({
        clientIp,
        reasons: ['ip_unknown'],
        code: 'ip_unknown',
      });
    }
    // IPv4-mapped IPv6 is the IPv4 address.
    expect(
      (await h.decide({ clientIp: '::ffff:149.101.100.4', networkType: 'mobile' })).ip?.maskedIp,
    ).toBe('149.101.100.x');
  });

  it('the admin dry run explains a decision, is audited as a dry run and counts nothing', async () => {
    const user = newUser();
    const r = await h.client.check({
      caller: asAdmin,
      clientIp: '175.16.199.30',
      networkType: common.NetworkType.NETWORK_TYPE_WIFI,
      telegramId: user,
      language: common.Language.LANGUAGE_EN,
    });
    expect(named(r.result!)).toMatchObject({
      decision: 'deny',
      reasons: ['region_not_allowed'],
      ticketId: '',
    });
    const rows = await pollUntil(async () => {
      const found = await h.query<{ dry_run: boolean; requested_by: string }>(
        'SELECT dry_run, requested_by FROM $schema.filter_audit WHERE id = $1',
        [r.result!.decisionId],
      );
      return found.length > 0 ? found : undefined;
    });
    expect(rows[0]).toEqual({ dry_run: true, requested_by: String(admin) });
    for (let i = 0; i < 6; i++)
      await h.client.check({
        caller: asAdmin,
        clientIp: '175.16.199.30',
        networkType: common.NetworkType.NETWORK_TYPE_WIFI,
        telegramId: user,
        language: common.Language.LANGUAGE_EN,
      });
    expect(
      (await h.decide({ telegramId: user, clientIp: '149.101.100.5', networkType: 'mobile' }))
        .decision,
    ).toBe('allow');
  });

  it('whitelisted ASNs and allowlisted IPs pass; every change is a policy version', async () => {
    const before = (await h.client.getPolicy({ caller: asAdmin })).policy!.version;
    h.providers.ipqsOverrides.set('216.160.83.62', ipqsAnswer({ fraud_score: 85 }));
    expect((await h.decide({ clientIp: '216.160.83.62', networkType: 'wifi' })).decision).toBe(
      'deny',
    );
    const added = await h.client.addWhitelistEntry({
      caller: asAdmin,
      type: filter.WhitelistEntryType.WHITELIST_ENTRY_TYPE_ASN,
      value: 'AS209',
      note: 'CenturyLink',
    });
    expect(added.asns).toContain(209);
    expect(added.policyVersion).toBe(before + 1);
    expect(await h.decide({ clientIp: '216.160.83.63', networkType: 'wifi' })).toMatchObject({
      decision: 'allow',
      reasons: ['asn_whitelisted'],
    });
    await h.client.removeWhitelistEntry({
      caller: asAdmin,
      type: filter.WhitelistEntryType.WHITELIST_ENTRY_TYPE_ASN,
      value: '209',
      note: '',
    });

    await h.client.addWhitelistEntry({
      caller: asAdmin,
      type: filter.WhitelistEntryType.WHITELIST_ENTRY_TYPE_IP,
      value: '175.16.199.0/24',
      note: 'partner office',
    });
    expect(await h.decide({ clientIp: '175.16.199.77', networkType: 'wifi' })).toMatchObject({
      decision: 'allow',
      reasons: ['ip_allowlisted'],
    });
    const removed = await h.client.removeWhitelistEntry({
      caller: asAdmin,
      type: filter.WhitelistEntryType.WHITELIST_ENTRY_TYPE_IP,
      value: '175.16.199.0/24',
      note: '',
    });
    expect(removed.ips).not.toContain('175.16.199.0/24');
    expect(removed.policyVersion).toBe(before + 4);
  });

  it('policy patches are validated and versioned', async () => {
    const current = (await h.client.getPolicy({ caller: asAdmin })).policy!;
    expect(current).toMatchObject({
      vpnScoreBlockThreshold: 70,
      vpnScoreWarnThreshold: 50,
      blockIfProxy: true,
      maxDevicesPerIp: 1,
    });
    expect(current.allowedRegions).toEqual(expect.arrayContaining(['US', 'DE', 'FR', 'SE']));
    expect(current.allowedRegions).not.toContain('GB');
    await expect(patch({ vpnScoreWarnThreshold: 90 })).rejects.toMatchObject({
      details: expect.stringContaining('vpn_score_warn_threshold'),
    });
    await expect(
      patch({ expectedVersion: current.version - 1, maxDevicesPerIp: 2 }),
    ).rejects.toMatchObject({ code: 10 });
    const next = await patch({ expectedVersion: current.version, maxDevicesPerIp: 2 });
    expect(next.policy).toMatchObject({
      version: current.version + 1,
      maxDevicesPerIp: 2,
      updatedBy: admin,
    });
    await patch({ maxDevicesPerIp: 1 });
  });

  it('the retention job deletes audit rows older than AUDIT_RETENTION_DAYS', async () => {
    await h.query(
      `INSERT INTO $schema.filter_audit (id, telegram_id, user_role, network_type_client, check_sequence, final_decision, reasons, policy_version, latency_ms, created_at)
       VALUES (gen_random_uuid(), 1, 'user', 'wifi', '[]', 'deny', '[]', 1, 1, now() - interval '91 days')`,
    );
    const deleted = await h.service.app.get(AuditRetentionService).purge();
    expect(deleted).toBeGreaterThanOrEqual(1);
    const [left] = await h.query<{ n: string }>(
      `SELECT count(*) AS n FROM $schema.filter_audit WHERE created_at < now() - interval '90 days'`,
    );
    expect(left?.n).toBe('0');
  });

  it('exposes Prometheus metrics by decision and reason', async () => {
    const metrics = await (
      await request(`http://127.0.0.1:${h.service.opsPort}/metrics`)
    ).body.text();
    expect(metrics).toMatch(/filter_requests_total\{[^}]*decision="allow"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/filter_requests_total\{[^}]*decision="deny"/);
    expect(metrics).toMatch(/filter_block_reasons_total\{[^}]*reason="region_not_allowed"/);
    expect(metrics).toMatch(/filter_denied_asns_total\{[^}]*asn="(AS\d+|unknown)"[^}]*\} [1-9]/);
    expect(metrics).toMatch(
      /filter_provider_request_duration_seconds_bucket\{[^}]*provider="ipqualityscore"/,
    );
    expect(metrics).toMatch(/filter_decision_duration_seconds_bucket\{[^}]*cache="hit"/);
  });
});
