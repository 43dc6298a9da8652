import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';

import type { UserId } from '@trafficshare/identity';

import { bigintNumber } from '../common/bigint.transformer';

/** A user's referral code (the `ref_<code>` of their links); made at first login or first look. */
@Entity({ name: 'referral_codes' })
@Index('UQ_referral_codes_code', ['code'], { unique: true })
export class ReferralCodeEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintNumber })
  telegramId!: UserId;

  @Column({ type: 'varchar', length: 16 })
  code!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

/** counted (paid) | not_counted (a fraud rule at attribution) | voided (admin or a later rule) */
export type ReferralStatus = 'counted' | 'not_counted' | 'voided';

/**
 * Who referred a user: one row per referred user (the primary key makes attribution once), made
 * at that user's first login only. The referral graph is a forest by construction: a referrer
 * always logged in before their referral, so no cycle can form.
 */
@Entity({ name: 'referrals' })
@Index('IDX_referrals_referrer_created', ['referrerId', 'createdAt'])
export class ReferralEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintNumber })
  referralId!: UserId;

  @Column({ type: 'bigint', transformer: bigintNumber })
  referrerId!: UserId;

  @Column({ type: 'varchar', length: 16 })
  status!: ReferralStatus;

  @Column({ type: 'varchar', length: 32, default: '' })
  reason!: string;

  /** webapp | telegram */
  @Column({ type: 'varchar', length: 16 })
  via!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  voidedAt!: Date | null;

  @Column({ type: 'bigint', nullable: true, transformer: bigintNumber })
  voidedBy!: number | null;
}

/** A refused attribution (admin flags), once per (user, code, reason). */
@Entity({ name: 'referral_attempts' })
@Index('UQ_referral_attempts_user_code_reason', ['telegramId', 'code', 'reason'], { unique: true })
@Index('IDX_referral_attempts_referrer', ['referrerId'])
export class ReferralAttemptEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'bigint', transformer: bigintNumber })
  telegramId!: UserId;

  @Column({ type: 'varchar', length: 64 })
  code!: string;

  /** The code's owner, when the code exists. */
  @Column({ type: 'bigint', nullable: true, transformer: bigintNumber })
  referrerId!: number | null;

  /** self | unknown_code | not_first_login */
  @Column({ type: 'varchar', length: 32 })
  reason!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

/**
 * Devices a user STARTed sharing on (from filter-svc's FilterDecided events, never telemetry's
 * tables): a referral and its referrer on one device are one person.
 */
@Entity({ name: 'referral_start_devices' })
@Index('IDX_referral_start_devices_device', ['deviceId'])
export class ReferralStartDeviceEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintNumber })
  telegramId!: UserId;

  @PrimaryColumn({ type: 'varchar', length: 128 })
  deviceId!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  firstSeenAt!: Date;
}

export const REFERRAL_ENTITIES = [
  ReferralCodeEntity,
  ReferralEntity,
  ReferralAttemptEntity,
  ReferralStartDeviceEntity,
];
