import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { auth } from '@trafficshare/contracts';
import { Transactions } from '@trafficshare/database';
import { isAdmin, requireRole, type CallerInfo, type UserId } from '@trafficshare/identity';
import type { Outbox } from '@trafficshare/messaging';
import { CONFIG, OUTBOX } from '@trafficshare/service-kit';

import { AuditRepository } from '../common/audit.repository';
import type { AppConfig } from '../config';
import type { ClientMeta } from '../sessions/sessions.service';
import type { UserEntity } from '../users/user.entity';
import { UsersException } from '../users/users.exception';
import { UsersRepository } from '../users/users.repository';
import { decideAttribution, maskName, referralCodeOf } from './referral-rules';
import { ReferralsErrorCode, ReferralsException } from './referrals.exception';
import { ReferralsRepository, type ReferralRow } from './referrals.repository';

const MAX_PAGE = 100;

/** Filter deny reasons that mark a referral as fraud (region or network mismatches do not). */
const FRAUD_DENIALS = new Set(['vpn_detected', 'proxy_detected', 'datacenter_ip']);

/**
 * Referral attribution (auth-svc owns users and their first login) and the referral pages. The
 * ledger pays from its own copy of the graph, fed by ReferralAttributed / ReferralVoided.
 */
@Injectable()
export class ReferralsService {
  constructor(
    private readonly tx: Transactions,
    @Inject(OUTBOX) private readonly outbox: Outbox,
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly referrals: ReferralsRepository,
    private readonly users: UsersRepository,
    private readonly audit: AuditRepository,
  ) {}

  /**
   * Inside the login transaction, after the session (and its IP) is recorded. A first login with
   * a code attributes (counted or not, with the reason); a later login with a code is refused
   * (recorded for the admin flags); a later login of a counted referral from an IP its referrer
   * used voids the relationship (same_ip).
   */
  async onLogin(
    m: EntityManager,
    user: UserEntity,
    created: boolean,
    rawCode: string | null,
    client: ClientMeta,
    via: string,
  ): Promise<void> {
    if (created) await this.referrals.ensureCode(user.telegramId, m);
    const code = referralCodeOf(rawCode);
    if (!created) {
      await this.recheck(m, user.telegramId, client);
      if (code)
        await this.referrals.recordAttempt(m, {
          telegramId: user.telegramId,
          code,
          referrerId: await this.referrals.ownerOfCode(m, code),
          reason: 'not_first_login',
        });
      return;
    }
    if (!code) return;
    const referrerId = await this.referrals.lockOwnerOfCode(m, code);
    const decision = decideAttribution({
      firstLogin: true,
      userId: user.telegramId,
      referrerId,
      sameIp: referrerId ? await this.referrals.loggedInFrom(m, referrerId, client.ip) : false,
      countedToday: referrerId ? await this.referrals.countedToday(m, referrerId) : 0,
      dailyCap: this.config.REFERRAL_DAILY_CAP,
    });
    if (decision.kind === 'refused' || referrerId === null) {
      await this.referrals.recordAttempt(m, {
        telegramId: user.telegramId,
        code,
        referrerId,
        reason: decision.kind === 'refused' ? decision.reason : 'unknown_code',
      });
      return;
    }
    const counted = decision.kind === 'counted';
    const reason = decision.kind === 'not_counted' ? decision.reason : '';
    const inserted = await this.referrals.insert(m, {
      referralId: user.telegramId,
      referrerId,
      status: counted ? 'counted' : 'not_counted',
      reason,
      via,
    });
    if (!inserted) return;
    await this.outbox.add(m, 'ReferralAttributed', {
      referralId: user.telegramId,
      referrerId,
      counted,
      reason,
      via,
      referralNameMasked: maskName(user.firstName),
      attributedAt: new Date().toISOString(),
    });
  }

  /** A START (FilterDecided): the same-device and failed-filter rules. */
  async onStart(
    m: EntityManager,
    s: { telegramId: UserId; deviceId: string; decision: string; reasons: readonly string[] },
  ): Promise<void> {
    if (s.deviceId) {
      await this.referrals.addStartDevice(m, s.telegramId, s.deviceId);
      for (const link of await this.referrals.countedSharingDevice(m, s.telegramId, s.deviceId))
        await this.voidByRule(
          m,
          link,
          'same_device',
          'referral and referrer started on one device',
        );
    }
    if (s.decision === 'deny' && s.reasons.some((r) => FRAUD_DENIALS.has(r))) {
      const link = await this.referrals.referralOf(s.telegramId, m, true);
      if (link?.status === 'counted')
        await this.voidByRule(m, link, 'filter_failed', `START denied: ${s.reasons.join(', ')}`);
    }
  }

  private async voidByRule(
    m: EntityManager,
    link: ReferralRow,
    reason: string,
    note: string,
  ): Promise<void> {
    await this.referrals.markVoided(m, link.referralId, reason, null);
    await this.outbox.add(m, 'ReferralVoided', {
      referralId: link.referralId,
      referrerId: link.referrerId,
      reason,
      adminId: 0,
      note,
      at: new Date().toISOString(),
      clawBack: false,
    });
  }

  /** A counted referral logging in from an IP its referrer used stops counting (same_ip). */
  private async recheck(m: EntityManager, user: UserId, client: ClientMeta): Promise<void> {
    const link = await this.referrals.referralOf(user, m);
    if (!link || link.status !== 'counted') return;
    if (!(await this.referrals.loggedInFrom(m, link.referrerId, client.ip))) return;
    await this.voidByRule(
      m,
      link,
      'same_ip',
      'the referral logged in from an IP the referrer used',
    );
  }

  async get(
    caller: CallerInfo,
    owner: UserId,
    limit: number,
    offset: number,
  ): Promise<auth.GetReferralsResponse> {
    // Another user's referrals (with their fraud attempts) are the superadmin's, as at the gateway.
    if (owner !== caller.telegramId) requireRole(caller, 'superadmin');
    const user = await this.users.findById(owner);
    if (!user) throw UsersException.notFound();
    const tiers = this.config.REFERRAL_TIERS;
    const take = Math.min(Math.max(limit || 20, 1), MAX_PAGE);
    const code = await this.referrals.ensureCode(owner);
    const [rows, counts, referredBy, attempts] = await Promise.all([
      this.referrals.tree(owner, tiers, take, Math.max(offset, 0)),
      this.referrals.tierCounts(owner, tiers),
      this.referrals.referralOf(owner),
      isAdmin(caller) ? this.referrals.attempts(owner) : Promise.resolve([]),
    ]);
    return {
      links: this.linksOf(code),
      tiers: Array.from({ length: tiers }, (_, i) => {
        const c = counts.find((x) => x.tier === i + 1);
        return { tier: i + 1, counted: c?.counted ?? 0, notCounted: c?.notCounted ?? 0 };
      }),
      referrals: rows.map(toEntry),
      total: counts.reduce((a, c) => a + c.total, 0),
      referredBy: referredBy?.referrerId ?? 0,
      referredStatus: referredBy ? statusOf(referredBy) : '',
      attempts: attempts.map((a) => ({
        telegramId: a.telegramId,
        code: a.code,
        reason: a.reason,
        at: a.at.toISOString(),
      })),
    };
  }

  async void(
    caller: CallerInfo,
    referral: UserId,
    note: string,
    clawBack: boolean,
  ): Promise<auth.VoidReferralResponse> {
    // Voiding (and clawing back) a referral is the superadmin's, as at the gateway.
    requireRole(caller, 'superadmin');
    return this.tx.run(async (m) => {
      const link = await this.referrals.referralOf(referral, m, true);
      if (!link)
        throw new ReferralsException(
          ReferralsErrorCode.ReferralNotFound,
          'This user was not referred by anyone',
        );
      if (link.status === 'voided') return { referral: toEntry(link), voided: false };
      await this.referrals.markVoided(m, referral, 'admin_void', caller.telegramId);
      await this.outbox.add(m, 'ReferralVoided', {
        referralId: referral,
        referrerId: link.referrerId,
        reason: 'admin_void',
        adminId: caller.telegramId,
        note: note.slice(0, 500),
        at: new Date().toISOString(),
        clawBack,
      });
      await this.audit.add(
        {
          actorId: caller.telegramId,
          targetId: referral,
          action: 'admin.referral.void',
          details: { referrer_id: link.referrerId, note, claw_back: clawBack },
          ip: caller.ip,
        },
        m,
      );
      return {
        referral: toEntry({ ...link, status: 'voided', reason: 'admin_void' }),
        voided: true,
      };
    });
  }

  private linksOf(code: string): auth.ReferralLinks {
    const bot = this.config.TELEGRAM_BOT_USERNAME;
    const web = (this.config.PUBLIC_WEB_URL ?? '').replace(/\/+$/, '');
    return {
      code,
      botLink: `https://t.me/${bot}?start=ref_${code}`,
      miniAppLink: `https://t.me/${bot}/${this.config.TELEGRAM_MINIAPP_NAME}?startapp=ref_${code}`,
      webLink: `${web}/?ref=${code}`,
    };
  }
}

/** counted | not_counted | voided | banned (a banned referral pays nothing while banned). */
function statusOf(r: ReferralRow): string {
  if (r.status === 'counted' && r.banned) return 'banned';
  return r.status;
}

function toEntry(r: ReferralRow): auth.ReferralEntry {
  const status = statusOf(r);
  return {
    telegramId: r.referralId,
    nameMasked: maskName(r.firstName),
    tier: r.tier,
    status,
    reason: status === 'banned' ? 'banned' : r.reason,
    via: r.via,
    attributedAt: r.createdAt.toISOString(),
    referrerId: r.referrerId,
  };
}
