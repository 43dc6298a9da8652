import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import { userId, type UserId } from '@trafficshare/identity';
import { DATA_SOURCE } from '@trafficshare/service-kit';

import { LedgerSql } from '../common/ledger-sql';
import type { Ancestor, BeneficiaryPayment, CommissionItem } from './referral-calculator';
import type { ReferralLinkStatus } from './referral.entities';

export interface MilestoneReached {
  readonly referralId: UserId;
  readonly referrerId: UserId;
  readonly bonusTransferId: string;
}

export interface DailyReferralRow {
  readonly beneficiary: UserId;
  readonly tier: number;
  readonly earned: number;
  readonly income: number;
}

export interface SourceTotalsRow {
  readonly sourceId: UserId;
  readonly tier: number;
  readonly earned: number;
  readonly income: number;
  readonly sharedMilliMb: number;
  readonly bonusPaid: boolean;
  readonly status: ReferralLinkStatus;
  readonly banned: boolean;
}

/** The ledger's referral graph copy, commission items, pair remainders and daily rollups. */
@Injectable()
export class ReferralsRepository {
  constructor(
    private readonly sql: LedgerSql,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
  ) {}

  // --- graph (from auth-svc's events) ---

  async attribute(
    m: EntityManager,
    referralId: UserId,
    referrerId: UserId,
    status: ReferralLinkStatus,
    reason: string,
    at: Date,
  ): Promise<void> {
    // First attribution wins (auth attributes once; a replayed event changes nothing).
    await m.query(
      `INSERT INTO ${this.sql.t('referral_links')} (referral_id, referrer_id, status, reason, attributed_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (referral_id) DO NOTHING`,
      [referralId, referrerId, status, reason, at.toISOString()],
    );
  }

  /**
   * Voids the link; resolves with its referrer when it was not voided before. Events may arrive
   * out of order: a void before its attribution leaves a voided row, which the late
   * ReferralAttributed (insert-if-absent) then cannot turn active.
   */
  async void(
    m: EntityManager,
    referralId: UserId,
    referrerId: UserId,
    reason: string,
  ): Promise<UserId | null> {
    const rows: Array<{ referrer_id: string }> = await m.query(
      `INSERT INTO ${this.sql.t('referral_links')} AS l (referral_id, referrer_id, status, reason, attributed_at)
       VALUES ($1, $2, 'voided', $3, now())
       ON CONFLICT (referral_id) DO UPDATE SET status = 'voided', reason = EXCLUDED.reason, updated_at = now()
         WHERE l.status <> 'voided'
       RETURNING l.referrer_id`,
      [referralId, referrerId, reason],
    );
    return rows[0] ? userId(Number(rows[0].referrer_id)) : null;
  }

  async setBanned(m: EntityManager, referralId: UserId, banned: boolean): Promise<void> {
    await m.query(
      `UPDATE ${this.sql.t('referral_links')} SET banned = $2, updated_at = now() WHERE referral_id = $1`,
      [referralId, banned],
    );
  }

  /**
   * Paying ancestors of each source, up to `tiers` levels: the chain follows active links only,
   * and a banned source pays nobody. The tier bound also ends any cycle a bad event could make.
   */
  async ancestors(
    m: EntityManager,
    sources: readonly UserId[],
    tiers: number,
  ): Promise<Map<UserId, Ancestor[]>> {
    const out = new Map<UserId, Ancestor[]>();
    if (sources.length === 0 || tiers === 0) return out;
    const rows: Array<{ source: string; beneficiary: string; tier: number }> = await m.query(
      `WITH RECURSIVE up(source, beneficiary, tier) AS (
         SELECT l.referral_id, l.referrer_id, 1 FROM ${this.sql.t('referral_links')} l
         WHERE l.referral_id = ANY($1::bigint[]) AND l.status = 'active' AND NOT l.banned
         UNION ALL
         SELECT up.source, l.referrer_id, up.tier + 1 FROM up
         JOIN ${this.sql.t('referral_links')} l ON l.referral_id = up.beneficiary AND l.status = 'active'
         WHERE up.tier < $2
       ) SELECT source, beneficiary, tier FROM up WHERE beneficiary <> source`,
      [[...new Set(sources)], tiers],
    );
    for (const r of rows) {
      const source = userId(Number(r.source));
      const list = out.get(source) ?? [];
      list.push({ beneficiary: userId(Number(r.beneficiary)), tier: Number(r.tier) });
      out.set(source, list);
    }
    for (const list of out.values()) list.sort((a, b) => a.tier - b.tier);
    return out;
  }

  // --- paying (inside the income batch's transaction) ---

  /**
   * Claims commission items; returns those not claimed before (the exactly-once gate, keyed
   * (income transfer, beneficiary)). Sorted inserts keep concurrent batches from deadlocking.
   */
  async claim(m: EntityManager, items: readonly CommissionItem[]): Promise<CommissionItem[]> {
    if (items.length === 0) return [];
    const sorted = [...items].sort((a, b) =>
      a.incomeTransferId < b.incomeTransferId
        ? -1
        : a.incomeTransferId > b.incomeTransferId
          ? 1
          : a.beneficiary - b.beneficiary,
    );
    const rows: Array<{ t: string; b: string }> = await m.query(
      `INSERT INTO ${this.sql.t('referral_rewards')} (income_transfer_id, beneficiary_id, source_id, tier, income, numerator)
       SELECT t, b, s, k, i, n FROM unnest($1::varchar[], $2::bigint[], $3::bigint[], $4::smallint[], $5::bigint[], $6::bigint[])
         AS x(t, b, s, k, i, n)
       ON CONFLICT DO NOTHING RETURNING income_transfer_id AS t, beneficiary_id AS b`,
      [
        sorted.map((c) => c.incomeTransferId),
        sorted.map((c) => c.beneficiary),
        sorted.map((c) => c.source),
        sorted.map((c) => c.tier),
        sorted.map((c) => c.income),
        sorted.map((c) => c.numerator.toString()),
      ],
    );
    const fresh = new Set(rows.map((r) => `${r.t}\u0000${Number(r.b)}`));
    return sorted.filter((c) => fresh.has(`${c.incomeTransferId}\u0000${c.beneficiary}`));
  }

  /** Locks (creating at zero) each beneficiary's remainder row in id order. */
  async lockRemainders(m: EntityManager, owners: readonly UserId[]): Promise<Map<UserId, number>> {
    const ids = [...new Set(owners)].sort((a, b) => a - b);
    if (ids.length === 0) return new Map();
    await m.query(
      `INSERT INTO ${this.sql.t('referral_remainders')} (telegram_id, remainder)
       SELECT u, 0 FROM unnest($1::bigint[]) AS u ORDER BY u ON CONFLICT DO NOTHING`,
      [ids],
    );
    const rows: Array<{ telegram_id: string; remainder: string }> = await m.query(
      `SELECT telegram_id, remainder FROM ${this.sql.t('referral_remainders')}
       WHERE telegram_id = ANY($1::bigint[]) ORDER BY telegram_id FOR UPDATE`,
      [ids],
    );
    return new Map(rows.map((r) => [userId(Number(r.telegram_id)), Number(r.remainder)]));
  }

  async saveRemainders(m: EntityManager, paid: readonly BeneficiaryPayment[]): Promise<void> {
    if (paid.length === 0) return;
    await m.query(
      `UPDATE ${this.sql.t('referral_remainders')} r SET remainder = x.rem
       FROM unnest($1::bigint[], $2::bigint[]) AS x(u, rem) WHERE r.telegram_id = x.u`,
      [paid.map((p) => p.beneficiary), paid.map((p) => p.remainder)],
    );
  }

  /** Adds each pair's exact numerator and income (one upsert, key order). */
  async addToPairs(m: EntityManager, paid: readonly BeneficiaryPayment[]): Promise<void> {
    const rows = paid.flatMap((p) => p.sources.map((s) => ({ b: p.beneficiary, ...s })));
    if (rows.length === 0) return;
    await m.query(
      `INSERT INTO ${this.sql.t('referral_pairs')} AS p (beneficiary_id, source_id, tier, numerator, income)
       SELECT b, s, k, n, i FROM unnest($1::bigint[], $2::bigint[], $3::smallint[], $4::bigint[], $5::bigint[])
         AS x(b, s, k, n, i) ORDER BY b, s
       ON CONFLICT (beneficiary_id, source_id)
       DO UPDATE SET numerator = p.numerator + EXCLUDED.numerator, income = p.income + EXCLUDED.income`,
      [
        rows.map((r) => r.b),
        rows.map((r) => r.source),
        rows.map((r) => r.tier),
        rows.map((r) => r.numerator.toString()),
        rows.map((r) => r.income),
      ],
    );
  }

  async addDaily(m: EntityManager, day: string, rows: readonly DailyReferralRow[]): Promise<void> {
    // One row per (beneficiary, tier) so the upsert never touches a row twice.
    const merged = new Map<string, DailyReferralRow>();
    for (const r of rows) {
      const k = `${r.beneficiary}:${r.tier}`;
      const prev = merged.get(k);
      merged.set(
        k,
        prev
          ? { ...prev, earned: prev.earned + r.earned, income: prev.income + r.income }
          : { ...r },
      );
    }
    const list = [...merged.values()].sort(
      (a, b) => a.beneficiary - b.beneficiary || a.tier - b.tier,
    );
    if (list.length === 0) return;
    await m.query(
      `INSERT INTO ${this.sql.t('referral_daily_earnings')} AS e (telegram_id, day, tier, earned, income)
       SELECT u, $1::date, k, er, i FROM unnest($2::bigint[], $3::smallint[], $4::bigint[], $5::bigint[]) AS x(u, k, er, i)
       ON CONFLICT (telegram_id, day, tier) DO UPDATE SET earned = e.earned + EXCLUDED.earned, income = e.income + EXCLUDED.income`,
      [
        day,
        list.map((r) => r.beneficiary),
        list.map((r) => r.tier),
        list.map((r) => r.earned),
        list.map((r) => r.income),
      ],
    );
  }

  /**
   * Adds the batch's traffic to each referral's total; resolves with the referrals that crossed
   * `thresholdMilliMb` now and get the one-time bonus (the bonus transfer id is set here, once).
   */
  async addShared(
    m: EntityManager,
    shared: ReadonlyMap<UserId, number>,
    thresholdMilliMb: number,
  ): Promise<MilestoneReached[]> {
    const ids = [...shared.keys()].sort((a, b) => a - b);
    if (ids.length === 0) return [];
    // UPDATE ... RETURNING through TypeORM resolves with [rows, count].
    const [rows]: [
      Array<{ referral_id: string; referrer_id: string; bonus_transfer_id: string }>,
      number,
    ] = await m.query(
      `UPDATE ${this.sql.t('referral_links')} l
         SET shared_milli_mb = l.shared_milli_mb + x.mb,
             bonus_transfer_id = CASE
               WHEN l.bonus_transfer_id IS NULL AND l.status = 'active' AND NOT l.banned
                    AND l.shared_milli_mb + x.mb >= $3 THEN 'referral-bonus:' || l.referral_id
               ELSE l.bonus_transfer_id END
         FROM unnest($1::bigint[], $2::bigint[]) AS x(u, mb)
         WHERE l.referral_id = x.u
         RETURNING l.referral_id, l.referrer_id,
           CASE WHEN l.bonus_transfer_id IS NOT NULL AND l.shared_milli_mb - x.mb < $3
                AND l.bonus_transfer_id = 'referral-bonus:' || l.referral_id
                AND l.shared_milli_mb >= $3 THEN l.bonus_transfer_id END AS bonus_transfer_id`,
      [ids, ids.map((u) => shared.get(u)!), thresholdMilliMb],
    );
    return rows
      .filter((r) => r.bonus_transfer_id)
      .map((r) => ({
        referralId: userId(Number(r.referral_id)),
        referrerId: userId(Number(r.referrer_id)),
        bonusTransferId: r.bonus_transfer_id,
      }));
  }

  /** What `referrer` earned from `referral` (tier-1 commissions, milestone bonus) not yet taken back. */
  async clawBackable(m: EntityManager, referrer: UserId, referral: UserId): Promise<number> {
    const rows: Array<{ owed: string }> = await m.query(
      `SELECT coalesce((SELECT numerator / 10000 - clawed_back FROM ${this.sql.t('referral_pairs')}
                        WHERE beneficiary_id = $1 AND source_id = $2), 0)
            + coalesce((SELECT amount FROM ${this.sql.t('transfers')} WHERE id = 'referral-bonus:' || $2::text), 0) AS owed`,
      [referrer, referral],
    );
    return Math.max(0, Number(rows[0]?.owed ?? 0));
  }

  async markClawedBack(
    m: EntityManager,
    referrer: UserId,
    referral: UserId,
    amount: number,
  ): Promise<void> {
    await m.query(
      `INSERT INTO ${this.sql.t('referral_pairs')} AS p (beneficiary_id, source_id, tier, clawed_back)
       VALUES ($1, $2, 1, $3)
       ON CONFLICT (beneficiary_id, source_id) DO UPDATE SET clawed_back = p.clawed_back + EXCLUDED.clawed_back`,
      [referrer, referral, amount],
    );
  }

  // --- reads ---

  async sourceTotals(owner: UserId): Promise<SourceTotalsRow[]> {
    const rows: Array<{
      source_id: string;
      tier: number;
      earned: string;
      income: string;
      shared_milli_mb: string | null;
      bonus: boolean;
      status: ReferralLinkStatus | null;
      banned: boolean | null;
    }> = await this.ds.query(
      `SELECT p.source_id, p.tier, p.numerator / 10000 AS earned, p.income, l.shared_milli_mb,
              (l.bonus_transfer_id IS NOT NULL AND l.referrer_id = $1) AS bonus, l.status, l.banned
       FROM ${this.sql.t('referral_pairs')} p
       LEFT JOIN ${this.sql.t('referral_links')} l ON l.referral_id = p.source_id
       WHERE p.beneficiary_id = $1
       UNION ALL
       SELECT l.referral_id, 1, 0, 0, l.shared_milli_mb, l.bonus_transfer_id IS NOT NULL, l.status, l.banned
       FROM ${this.sql.t('referral_links')} l
       WHERE l.referrer_id = $1 AND NOT EXISTS (
         SELECT 1 FROM ${this.sql.t('referral_pairs')} p WHERE p.beneficiary_id = $1 AND p.source_id = l.referral_id)
       ORDER BY 2, 1
       LIMIT 1000`,
      [owner],
    );
    return rows.map((r) => ({
      sourceId: userId(Number(r.source_id)),
      tier: Number(r.tier),
      earned: Number(r.earned),
      income: Number(r.income),
      sharedMilliMb: Number(r.shared_milli_mb ?? 0),
      bonusPaid: r.bonus,
      status: r.status ?? 'active',
      banned: r.banned ?? false,
    }));
  }

  async daily(
    owner: UserId,
    from: string,
    to: string,
  ): Promise<Array<{ day: string; tier: number; earned: number; income: number }>> {
    const rows: Array<{ day: string; tier: number; earned: string; income: string }> =
      await this.ds.query(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, tier, earned, income FROM ${this.sql.t('referral_daily_earnings')}
         WHERE telegram_id = $1 AND day BETWEEN $2::date AND $3::date ORDER BY day, tier`,
        [owner, from, to],
      );
    return rows.map((r) => ({
      day: r.day,
      tier: Number(r.tier),
      earned: Number(r.earned),
      income: Number(r.income),
    }));
  }

  async totalsByTier(
    owner: UserId,
  ): Promise<Array<{ tier: number; earned: number; income: number }>> {
    const rows: Array<{ tier: number; earned: string; income: string }> = await this.ds.query(
      `SELECT tier, sum(earned) AS earned, sum(income) AS income FROM ${this.sql.t('referral_daily_earnings')}
       WHERE telegram_id = $1 GROUP BY tier ORDER BY tier`,
      [owner],
    );
    return rows.map((r) => ({
      tier: Number(r.tier),
      earned: Number(r.earned),
      income: Number(r.income),
    }));
  }
}
