import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';

import type { filter } from '@trafficshare/contracts';
import { isAdmin } from '@trafficshare/identity';
import type { Logger } from '@trafficshare/observability';
import { CONFIG, LOGGER } from '@trafficshare/service-kit';

import { AuditWriter, type AuditRecord } from '../audit/audit-writer.service';
import { IpCacheService } from '../cache/ip-cache.service';
import type { AppConfig } from '../config';
import { isPublicIp, maskIp, parseIp, type IpAddress } from '../ip/ip-address';
import { AttemptLockService } from '../limits/attempt-lock.service';
import { IpClaimsService } from '../limits/ip-claims.service';
import { filterMetrics } from '../metrics/filter.metrics';
import { parseClientNetworkType } from '../network/network-detector';
import {
  evaluatePolicy,
  type CheckStep,
  type Decision,
  type Reason,
} from '../policy/policy.engine';
import { PolicyService, type ActivePolicy } from '../policy/policy.service';
import type { IpIntel } from '../reputation/ip-intel';
import { ReviewGrants } from '../reviews/review-grants';
import { newTicketId, ReviewsService } from '../reviews/reviews.service';
import { clientAnswer, FILTER_STATUS, parseLanguage } from './decision-messages';
import { IpIntelService } from './ip-intel.service';
import type { DecisionAnswer } from './decision.presenter';
import type { StartContext } from './start-context';

interface Outcome {
  decision: Decision;
  reasons: Reason[];
  checks: CheckStep[];
  intel?: IpIntel;
  cacheHit: boolean;
}

/**
 * The check sequence for one START: role (admins bypass) → attempt lock → client IP →
 * cache → GeoIP → reputation → network → policy → override grant → devices per IP → audit.
 */
@Injectable()
export class DecisionService {
  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly policy: PolicyService,
    private readonly cache: IpCacheService,
    private readonly intel: IpIntelService,
    private readonly attempts: AttemptLockService,
    private readonly claims: IpClaimsService,
    private readonly grants: ReviewGrants,
    private readonly reviews: ReviewsService,
    private readonly audit: AuditWriter,
  ) {}

  async decide(ctx: StartContext): Promise<DecisionAnswer> {
    const started = performance.now();
    const now = new Date();
    const policy = this.policy.current();
    const parsed = parseIp(ctx.clientIp);
    const ip = parsed && (this.config.ALLOW_PRIVATE_IPS || isPublicIp(parsed)) ? parsed : undefined;

    const outcome = isAdmin(ctx) ? this.bypass(ctx, ip) : await this.filter(ctx, ip, policy);
    if (
      !ctx.dryRun &&
      ctx.telegramId &&
      outcome.decision === 'deny' &&
      !outcome.reasons.includes('too_many_attempts')
    ) {
      await this.attempts.recordDenied(
        ctx.telegramId,
        policy.document.max_start_attempts_before_lock,
        now,
      );
    }

    const id = randomUUID();
    const ticketId = outcome.decision === 'pending_admin' && !ctx.dryRun ? newTicketId() : '';
    const latencyMs = performance.now() - started;
    const record = this.auditRecord(id, ticketId, ctx, ip, outcome, policy, latencyMs, now);
    if (ticketId) await this.reviews.open(record);
    else this.audit.enqueue(record);

    this.observe(outcome, ctx, ip, latencyMs);
    const answer = clientAnswer(outcome.decision, outcome.reasons, parseLanguage(ctx.language));
    return {
      decision: outcome.decision,
      reasons: outcome.reasons,
      ticketId,
      decisionId: id,
      httpStatus: answer.httpStatus,
      code: answer.code,
      message: answer.message,
      filterStatus: FILTER_STATUS[outcome.decision],
      ip: factsOf(outcome.intel, ip),
      checks: outcome.checks,
      policyVersion: policy.version,
      cacheHit: outcome.cacheHit,
    };
  }

  async releaseIp(deviceId: string, telegramId: number, sessionId: string): Promise<boolean> {
    return this.claims.release(deviceId || `tg:${telegramId}`, sessionId);
  }

  /** Admins skip every check (ADMIN_BYPASS is always on); GeoIP is still recorded. */
  private bypass(ctx: StartContext, ip: IpAddress | undefined): Outcome {
    return {
      decision: 'skipped',
      reasons: ['admin_bypass'],
      checks: [{ name: 'role', outcome: 'skip', detail: `role ${ctx.role}: every check skipped` }],
      intel: ip ? this.intel.local(ip) : undefined,
      cacheHit: false,
    };
  }

  private async filter(
    ctx: StartContext,
    ip: IpAddress | undefined,
    policy: ActivePolicy,
  ): Promise<Outcome> {
    const p = policy.document;
    const checks: CheckStep[] = [
      { name: 'role', outcome: 'pass', detail: `role ${ctx.role || 'user'}` },
    ];
    const deny = (reason: Reason, intel?: IpIntel, cacheHit = false): Outcome => ({
      decision: 'deny',
      reasons: [reason],
      checks,
      intel,
      cacheHit,
    });
    const allowlisted = ip !== undefined && policy.allowlist.has(ip);
    // One round trip: Redis answers the three reads together.
    const [attempts, cached, grant] = await Promise.all([
      ctx.telegramId ? this.attempts.count(ctx.telegramId) : 0,
      ip && !allowlisted ? this.cache.get(ip.text) : undefined,
      ip && ctx.telegramId ? this.grants.granted(ctx.telegramId, ip.text) : null,
    ]);

    if (attempts >= p.max_start_attempts_before_lock) {
      checks.push({
        name: 'attempts',
        outcome: 'fail',
        detail: `${attempts} denied STARTs today (limit ${p.max_start_attempts_before_lock})`,
      });
      return deny('too_many_attempts');
    }
    checks.push({ name: 'attempts', outcome: 'pass', detail: `${attempts} denied STARTs today` });
    if (!ip) {
      checks.push({
        name: 'ip',
        outcome: 'fail',
        detail: ctx.clientIp ? 'client IP is not a public address' : 'no client IP',
      });
      return deny('ip_unknown');
    }
    checks.push({ name: 'ip', outcome: 'pass', detail: `IPv${ip.version} ${maskIp(ip.text)}` });

    let intel: IpIntel;
    let cacheHit = false;
    let failed = false;
    if (allowlisted) {
      intel = this.intel.local(ip);
      checks.push({
        name: 'cache',
        outcome: 'skip',
        detail: 'allowlisted IP: providers not asked',
      });
    } else if (cached) {
      intel = cached;
      cacheHit = true;
      filterMetrics.cache.inc({ result: 'hit' });
      checks.push({ name: 'cache', outcome: 'pass', detail: `hit (checked ${cached.checkedAt})` });
    } else {
      filterMetrics.cache.inc({ result: 'miss' });
      checks.push({ name: 'cache', outcome: 'pass', detail: 'miss' });
      const looked = await this.intel.lookup(ip, p.cache_ttl_ip_s);
      intel = looked.intel;
      failed = looked.fallback === 'failure_action';
      checks.push(...looked.checks);
    }

    let decision: Exclude<Decision, 'skipped'>;
    let reasons: Reason[];
    if (failed) {
      decision = p.failure_action === 'deny' ? 'deny' : 'pending_admin';
      reasons = ['check_unavailable'];
      checks.push({
        name: 'policy',
        outcome: 'fail',
        detail: `no verdict: FAILURE_ACTION=${p.failure_action}`,
      });
    } else {
      const verdict = evaluatePolicy(
        policy,
        intel,
        parseClientNetworkType(ctx.networkType),
        allowlisted,
      );
      checks.push(...verdict.checks);
      ({ decision, reasons } = verdict);
    }
    if (decision !== 'allow' && grant) {
      checks.push({
        name: 'override',
        outcome: 'pass',
        detail: `approved by admin (ticket ${grant})`,
      });
      decision = 'allow';
      reasons = ['admin_override'];
    }
    if (decision === 'allow' && !ctx.dryRun) {
      const device = ctx.deviceId || `tg:${ctx.telegramId}`;
      if (!(await this.claims.claim(ip.text, device, ctx.sessionId, p.max_devices_per_ip))) {
        checks.push({
          name: 'devices',
          outcome: 'fail',
          detail: `IP already used by ${p.max_devices_per_ip} other device(s)`,
        });
        return { decision: 'deny', reasons: ['ip_in_use'], checks, intel, cacheHit };
      }
      checks.push({
        name: 'devices',
        outcome: 'pass',
        detail: `device holds the IP (max ${p.max_devices_per_ip})`,
      });
    }
    return { decision, reasons, checks, intel, cacheHit };
  }

  private auditRecord(
    id: string,
    ticketId: string,
    ctx: StartContext,
    ip: IpAddress | undefined,
    o: Outcome,
    policy: ActivePolicy,
    latencyMs: number,
    now: Date,
  ): AuditRecord {
    const i = o.intel;
    return {
      row: {
        id,
        sessionId: ctx.sessionId || null,
        telegramId: String(ctx.telegramId),
        deviceId: ctx.deviceId,
        userRole: ctx.role || 'user',
        clientIp: ip?.text ?? (ctx.clientIp.slice(0, 64) || null),
        clientLocalIp: ctx.clientLocalIp.slice(0, 64) || null,
        asn: i?.asn == null ? null : String(i.asn),
        country: i?.country ?? null,
        region: i?.region ?? null,
        isp: i?.isp ?? null,
        isProxy: i?.isProxy ?? false,
        vpnScore: i?.vpnScore ?? null,
        networkTypeClient: parseClientNetworkType(ctx.networkType),
        networkTypeAsn: i?.networkTypeAsn ?? null,
        checkSequence: o.checks,
        providerResponses: o.cacheHit
          ? { cache: { checked_at: i?.checkedAt } }
          : (i?.providers ?? {}),
        finalDecision: o.decision,
        reasons: o.reasons,
        dryRun: ctx.dryRun,
        ticketId: ticketId || null,
        adminOverrideBy: null,
        requestedBy: ctx.requestedBy ? String(ctx.requestedBy) : null,
        policyVersion: policy.version,
        cacheHit: o.cacheHit,
        appVersion: ctx.appVersion.slice(0, 64),
        os: ctx.os.slice(0, 64),
        latencyMs,
        createdAt: now,
      },
      event: ctx.dryRun
        ? undefined
        : {
            decisionId: id,
            telegramId: ctx.telegramId,
            deviceId: ctx.deviceId,
            sessionId: ctx.sessionId,
            decision: o.decision,
            reasons: o.reasons,
            country: i?.country ?? '',
            asn: i?.asn ?? 0,
            decidedAt: now.toISOString(),
          },
    };
  }

  private observe(
    o: Outcome,
    ctx: StartContext,
    ip: IpAddress | undefined,
    latencyMs: number,
  ): void {
    filterMetrics.decisionSeconds.observe({ cache: o.cacheHit ? 'hit' : 'miss' }, latencyMs / 1000);
    if (ctx.dryRun) return;
    filterMetrics.requests.inc({ decision: o.decision });
    if (o.decision === 'deny' || o.decision === 'pending_admin') {
      for (const r of o.reasons) filterMetrics.reasons.inc({ reason: r });
    }
    if (o.decision === 'deny') {
      filterMetrics.deniedCountries.inc({ country: o.intel?.country ?? 'unknown' });
      filterMetrics.deniedAsns.inc({ asn: o.intel?.asn ? `AS${o.intel.asn}` : 'unknown' });
    }
    const line = {
      telegram_id: ctx.telegramId,
      decision: o.decision,
      reasons: o.reasons,
      country: o.intel?.country,
      client_ip: ip ? maskIp(ip.text) : undefined,
      latency_ms: Math.round(latencyMs * 100) / 100,
    };
    if (o.decision === 'allow' || o.decision === 'skipped')
      this.logger.debug(line, 'filter decision');
    else this.logger.info(line, 'filter decision');
  }
}

function factsOf(i: IpIntel | undefined, ip: IpAddress | undefined): filter.IpFacts {
  return {
    country: i?.country ?? '',
    region: i?.region ?? '',
    asn: i?.asn ?? 0,
    isp: i?.isp ?? '',
    isProxy: i?.isProxy ?? false,
    isVpn: i?.isVpn ?? false,
    isTor: i?.isTor ?? false,
    isDatacenter: i?.isDatacenter ?? false,
    vpnScore: i?.vpnScore ?? 0,
    networkTypeAsn: i?.networkTypeAsn ?? 'unknown',
    maskedIp: ip ? maskIp(ip.text) : '',
  };
}
