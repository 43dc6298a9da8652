import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';

import { bigintNumber } from '../common/bigint.transformer';

/** active (paid) | not_counted (a fraud rule at attribution) | voided (admin or a later rule) */
export type ReferralLinkStatus = 'active' | 'not_counted' | 'voided';

/**
 * The ledger's copy of one referral relationship (from auth-svc's ReferralAttributed /
 * ReferralVoided and UserBanned events; auth-svc owns attribution). Only `active` links carry
 * commissions; a banned referral pays nobody while banned.
 */
@Entity({ name: 'referral_links' })
@Index('IDX_referral_links_referrer', ['referrerId'])
export class ReferralLinkEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintNumber })
  referralId!: number;

  @Column({ type: 'bigint', transformer: bigintNumber })
  referrerId!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: ReferralLinkStatus;

  @Column({ type: 'varchar', length: 32, default: '' })
  reason!: string;

  @Column({ type: 'boolean', default: false })
  banned!: boolean;

  /** The referral's traffic credited since attribution (milestone bonus threshold). */
  @Column({ type: 'bigint', default: 0, transformer: bigintNumber })
  sharedMilliMb!: number;

  /** The one-time milestone bonus transfer (set once; its id is unique in transfers). */
  @Column({ type: 'varchar', length: 128, nullable: true })
  bonusTransferId!: string | null;

  @Column({ type: 'timestamptz' })
  attributedAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/**
 * One commission item: income transfer × ancestor. The primary key is the exactly-once rule: an
 * income item is paid at most once to each ancestor, whatever path (event, redelivery, replay,
 * reconciliation) brings it.
 */
@Entity({ name: 'referral_rewards' })
export class ReferralRewardEntity {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  incomeTransferId!: string;

  @PrimaryColumn({ type: 'bigint', transformer: bigintNumber })
  beneficiaryId!: number;

  @Column({ type: 'bigint', transformer: bigintNumber })
  sourceId!: number;

  @Column({ type: 'smallint' })
  tier!: number;

  @Column({ type: 'bigint', transformer: bigintNumber })
  income!: number;

  /** income × rate_bp (micro-USD × 10,000). */
  @Column({ type: 'bigint', transformer: bigintNumber })
  numerator!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

/**
 * Running totals of one (beneficiary, source) pair: the exact commission numerator (micro-USD ×
 * basis points; earned = numerator / 10,000) and the income it was taken on. Credits are rounded
 * per beneficiary (referral_remainders), so a pair's earned is exact to within one micro-USD.
 */
@Entity({ name: 'referral_pairs' })
export class ReferralPairEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintNumber })
  beneficiaryId!: number;

  @PrimaryColumn({ type: 'bigint', transformer: bigintNumber })
  sourceId!: number;

  @Column({ type: 'smallint' })
  tier!: number;

  @Column({ type: 'bigint', default: 0, transformer: bigintNumber })
  numerator!: number;

  /** The source's traffic income the commissions were taken on. */
  @Column({ type: 'bigint', default: 0, transformer: bigintNumber })
  income!: number;

  /** Taken back by an admin's claw-back (micro-USD). */
  @Column({ type: 'bigint', default: 0, transformer: bigintNumber })
  clawedBack!: number;
}

/** The part of a beneficiary's commissions below one micro-USD not paid yet (× 10,000). */
@Entity({ name: 'referral_remainders' })
@Check('CHK_referral_remainders_range', 'remainder >= 0 AND remainder < 10000')
export class ReferralRemainderEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintNumber })
  telegramId!: number;

  @Column({ type: 'bigint', default: 0, transformer: bigintNumber })
  remainder!: number;
}

/** Referral earnings per beneficiary, UTC day of the credit and tier (0 = milestone bonus). */
@Entity({ name: 'referral_daily_earnings' })
export class ReferralDailyEarningEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintNumber })
  telegramId!: number;

  @PrimaryColumn({ type: 'date' })
  day!: string;

  @PrimaryColumn({ type: 'smallint' })
  tier!: number;

  @Column({ type: 'bigint', default: 0, transformer: bigintNumber })
  earned!: number;

  @Column({ type: 'bigint', default: 0, transformer: bigintNumber })
  income!: number;
}

export const REFERRAL_ENTITIES = [
  ReferralLinkEntity,
  ReferralRewardEntity,
  ReferralPairEntity,
  ReferralRemainderEntity,
  ReferralDailyEarningEntity,
];
