import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import { userId, type UserId } from '@trafficshare/identity';
import { DATA_SOURCE } from '@trafficshare/service-kit';

import { newReferralCode } from './referral-rules';
import type { ReferralStatus } from './referral.entities';

export interface ReferralRow {
  readonly referralId: UserId;
  readonly referrerId: UserId;
  readonly tier: number;
  readonly status: ReferralStatus;
  readonly reason: string;
  readonly via: string;
  readonly firstName: string;
  readonly banned: boolean;
  readonly createdAt: Date;
}

interface RawReferral {
  referral_id: string;
  referrer_id: string;
  tier: number;
  status: ReferralStatus;
  reason: string;
  via: string;
  first_name: string | null;
  banned: boolean | null;
  created_at: Date;
}

const toRow = (r: RawReferral): ReferralRow => ({
  referralId: userId(Number(r.referral_id)),
  referrerId: userId(Number(r.referrer_id)),
  tier: Number(r.tier),
  status: r.status,
  reason: r.reason,
  via: r.via,
  firstName: r.first_name ?? '',
  banned: r.banned === true,
  createdAt: r.created_at,
});

/** The tree below a user, `tiers` levels deep (the owner is $1, the depth $2). */
const TREE = `WITH RECURSIVE tree(referral_id, referrer_id, tier, status, reason, via, created_at) AS (
    SELECT referral_id, referrer_id, 1, status, reason, via, created_at FROM referrals WHERE referrer_id = $1
    UNION ALL
    SELECT r.referral_id, r.referrer_id, t.tier + 1, r.status, r.reason, r.via, r.created_at
    FROM tree t JOIN referrals r ON r.referrer_id = t.referral_id WHERE t.tier < $2
  )`;

/** Referral codes, relationships and refused attempts (auth's own tables only). */
@Injectable()
export class ReferralsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async codeOf(owner: UserId, m: EntityManager = this.ds.manager): Promise<string | null> {
    const rows: Array<{ code: string }> = await m.query(
      'SELECT code FROM referral_codes WHERE telegram_id = $1',
      [owner],
    );
    return rows[0]?.code ?? null;
  }

  /** The user's code, made now if they have none (a random code; a clash draws again). */
  async ensureCode(owner: UserId, m: EntityManager = this.ds.manager): Promise<string> {
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const existing = await this.codeOf(owner, m);
      if (existing) return existing;
      const rows: Array<{ code: string }> = await m.query(
        `INSERT INTO referral_codes (telegram_id, code) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING code`,
        [owner, newReferralCode()],
      );
      if (rows[0]) return rows[0].code;
    }
    throw new Error(`no free referral code for ${owner}`);
  }

  async ownerOfCode(m: EntityManager, code: string): Promise<UserId | null> {
    const rows: Array<{ telegram_id: string }> = await m.query(
      'SELECT telegram_id FROM referral_codes WHERE code = $1',
      [code],
    );
    return rows[0] ? userId(Number(rows[0].telegram_id)) : null;
  }

  /** The code's owner, row-locked until commit (serialises one referrer's attributions: the daily cap). */
  async lockOwnerOfCode(m: EntityManager, code: string): Promise<UserId | null> {
    const rows: Array<{ telegram_id: string }> = await m.query(
      'SELECT telegram_id FROM referral_codes WHERE code = $1 FOR UPDATE',
      [code],
    );
    return rows[0] ? userId(Number(rows[0].telegram_id)) : null;
  }

  /** Has `owner` ever logged in from `ip`? */
  async loggedInFrom(m: EntityManager, owner: UserId, ip: string): Promise<boolean> {
    if (!ip) return false;
    const rows: Array<{ hit: boolean }> = await m.query(
      'SELECT EXISTS (SELECT 1 FROM login_sessions WHERE telegram_id = $1 AND ip = $2) AS hit',
      [owner, ip],
    );
    return rows[0]?.hit === true;
  }

  async countedToday(m: EntityManager, referrer: UserId): Promise<number> {
    const rows: Array<{ n: number }> = await m.query(
      `SELECT count(*)::int AS n FROM referrals WHERE referrer_id = $1 AND status = 'counted'
       AND created_at >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`,
      [referrer],
    );
    return rows[0]?.n ?? 0;
  }

  /** Records the relationship; false when the user already has one (attribution is once). */
  async insert(
    m: EntityManager,
    r: {
      referralId: UserId;
      referrerId: UserId;
      status: ReferralStatus;
      reason: string;
      via: string;
    },
  ): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO referrals (referral_id, referrer_id, status, reason, via) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (referral_id) DO NOTHING RETURNING referral_id`,
      [r.referralId, r.referrerId, r.status, r.reason, r.via],
    );
    return rows.length > 0;
  }

  async recordAttempt(
    m: EntityManager,
    a: { telegramId: UserId; code: string; referrerId: UserId | null; reason: string },
  ): Promise<void> {
    await m.query(
      `INSERT INTO referral_attempts (telegram_id, code, referrer_id, reason) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [a.telegramId, a.code.slice(0, 64), a.referrerId, a.reason],
    );
  }

  /** The relationship that made `referral` a referral (locked when a manager is given). */
  async referralOf(
    referral: UserId,
    m: EntityManager = this.ds.manager,
    lock = false,
  ): Promise<ReferralRow | null> {
    const rows: RawReferral[] = await m.query(
      `SELECT r.referral_id, r.referrer_id, 1 AS tier, r.status, r.reason, r.via, u.first_name, u.banned, r.created_at
       FROM referrals r LEFT JOIN users u ON u.telegram_id = r.referral_id
       WHERE r.referral_id = $1${lock ? ' FOR UPDATE OF r' : ''}`,
      [referral],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  async markVoided(
    m: EntityManager,
    referral: UserId,
    reason: string,
    by: number | null,
  ): Promise<void> {
    await m.query(
      `UPDATE referrals SET status = 'voided', reason = $2, voided_at = now(), voided_by = $3 WHERE referral_id = $1`,
      [referral, reason, by],
    );
  }

  async addStartDevice(m: EntityManager, owner: UserId, deviceId: string): Promise<void> {
    await m.query(
      `INSERT INTO referral_start_devices (telegram_id, device_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [owner, deviceId.slice(0, 128)],
    );
  }

  /**
   * Counted relationships `user` is part of (as referral or as referrer) whose other side STARTed
   * on `deviceId` too.
   */
  async countedSharingDevice(
    m: EntityManager,
    user: UserId,
    deviceId: string,
  ): Promise<ReferralRow[]> {
    const rows: RawReferral[] = await m.query(
      `SELECT r.referral_id, r.referrer_id, 1 AS tier, r.status, r.reason, r.via, NULL AS first_name, NULL AS banned, r.created_at
       FROM referrals r
       WHERE r.status = 'counted' AND (r.referral_id = $1 OR r.referrer_id = $1)
         AND EXISTS (SELECT 1 FROM referral_start_devices d
                     WHERE d.device_id = $2
                       AND d.telegram_id = CASE WHEN r.referral_id = $1 THEN r.referrer_id ELSE r.referral_id END)
       ORDER BY r.referral_id FOR UPDATE OF r`,
      [user, deviceId],
    );
    return rows.map(toRow);
  }

  /** The owner's tree, newest first within each tier. */
  async tree(owner: UserId, tiers: number, limit: number, offset: number): Promise<ReferralRow[]> {
    const rows: RawReferral[] = await this.ds.query(
      `${TREE}
       SELECT t.*, u.first_name, u.banned FROM tree t LEFT JOIN users u ON u.telegram_id = t.referral_id
       ORDER BY t.tier, t.created_at DESC, t.referral_id LIMIT $3 OFFSET $4`,
      [owner, tiers, limit, offset],
    );
    return rows.map(toRow);
  }

  async tierCounts(
    owner: UserId,
    tiers: number,
  ): Promise<Array<{ tier: number; counted: number; notCounted: number; total: number }>> {
    const rows: Array<{ tier: number; counted: number; not_counted: number; total: number }> =
      await this.ds.query(
        `${TREE}
         SELECT t.tier, count(*) FILTER (WHERE t.status = 'counted' AND NOT coalesce(u.banned, false))::int AS counted,
                count(*) FILTER (WHERE t.status <> 'counted' OR coalesce(u.banned, false))::int AS not_counted,
                count(*)::int AS total
         FROM tree t LEFT JOIN users u ON u.telegram_id = t.referral_id GROUP BY t.tier ORDER BY t.tier`,
        [owner, tiers],
      );
    return rows.map((r) => ({
      tier: Number(r.tier),
      counted: r.counted,
      notCounted: r.not_counted,
      total: r.total,
    }));
  }

  /** Refused attempts by the user or with the user's code, newest first. */
  async attempts(
    owner: UserId,
  ): Promise<Array<{ telegramId: UserId; code: string; reason: string; at: Date }>> {
    const rows: Array<{ telegram_id: string; code: string; reason: string; created_at: Date }> =
      await this.ds.query(
        `SELECT telegram_id, code, reason, created_at FROM referral_attempts
         WHERE telegram_id = $1 OR referrer_id = $1 ORDER BY created_at DESC LIMIT 100`,
        [owner],
      );
    return rows.map((r) => ({
      telegramId: userId(Number(r.telegram_id)),
      code: r.code,
      reason: r.reason,
      at: r.created_at,
    }));
  }
}
